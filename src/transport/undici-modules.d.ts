/**
 * Types of the undici modules the transport imports by path (undici types its index only): the Agent class, and
 * the `request` method undici's index puts on every dispatcher, as a function of its own.
 */
declare module "undici/lib/dispatcher/agent.js" {
  import { Agent } from "undici";
  export default Agent;
}

declare module "undici/lib/api/api-request.js" {
  import type { Dispatcher } from "undici";
  /** `dispatcher.request(options)`, called as `request.call(dispatcher, options)`. */
  export default function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}
