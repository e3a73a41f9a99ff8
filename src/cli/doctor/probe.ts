/**
 * Doctor's raw API calls, through the project's transport (so TLS, proxy, token files and error types are exactly
 * the clients'), remembering the first `Date` header the server sent for the clock-skew check.
 */
import type { Transport, TransportRequest } from "../../transport/transport.ts";

/** A server `Date` and when the request that carried it was sent and answered (local epoch ms). */
export interface ServerDate {
  date: string;
  sentAt: number;
  receivedAt: number;
}

/** Requests with a shared abort signal, keeping the first server Date seen. */
export interface Probe {
  request<T>(request: Omit<TransportRequest, "signal">): Promise<T>;
  serverDate(): ServerDate | undefined;
}

/** A probe over a transport. */
export function createProbe(transport: Transport, signal: AbortSignal): Probe {
  let first: ServerDate | undefined;
  return {
    async request<T>(request: Omit<TransportRequest, "signal">): Promise<T> {
      const sentAt = Date.now();
      const response = await transport.request<T>({ ...request, signal });
      const date = response.headers.get("date");
      if (first === undefined && date !== null) first = { date, sentAt, receivedAt: Date.now() };
      return response.body;
    },
    serverDate: () => first,
  };
}
