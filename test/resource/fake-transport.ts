/**
 * A scripted ResourceTransport for the resource layer's logic (pagination, watch resume and relist): each request
 * is recorded and answered by the test's handler.
 */
import type { ResourceRequest, ResourceStreamRequest, ResourceTransport } from "../../src/resource/resource-transport.ts";

export type Recorded = { kind: "request"; request: ResourceRequest } | { kind: "stream"; request: ResourceStreamRequest };

export interface FakeTransport extends ResourceTransport {
  calls: Recorded[];
}

export function fakeTransport(handlers: {
  request?: (request: ResourceRequest) => unknown;
  stream?: (request: ResourceStreamRequest, attempt: number) => AsyncIterable<string> | Promise<AsyncIterable<string>>;
}): FakeTransport {
  const calls: Recorded[] = [];
  let streams = 0;
  return {
    defaultNamespace: () => "team-a",
    calls,
    async request<T>(request: ResourceRequest) {
      calls.push({ kind: "request", request });
      return { status: 200, body: (await handlers.request?.(request)) as T };
    },
    async stream(request: ResourceStreamRequest) {
      calls.push({ kind: "stream", request });
      if (!handlers.stream) throw new Error("no stream handler");
      return handlers.stream(request, streams++);
    },
  };
}

/** Watch lines for events on objects named by (name, resourceVersion). */
export function eventLine(type: string, name: string, resourceVersion: string, extra: object = {}): string {
  return JSON.stringify({ type, object: { metadata: { name, namespace: "team-a", resourceVersion }, ...extra } });
}
