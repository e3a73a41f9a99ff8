/**
 * Minimal JSON requests to the apiserver with plain undici: the e2e helpers must not depend on the client under test.
 */
import { Agent, request } from "undici";
import { e2eEnv } from "./env.ts";

/** Status code and parsed JSON body (or raw text when the body is not JSON). */
export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
}

/** Per-request options; `token` replaces the admin token (e.g. a ServiceAccount's). */
export interface KubeRequestOptions {
  body?: unknown;
  token?: string;
  contentType?: string;
}

let adminAgent: Agent | undefined;

/** Sends `method path` to the local apiserver, trusting its CA, as admin unless `options.token` is given. */
export async function kubeRequest<T = unknown>(
  method: string,
  path: string,
  options: KubeRequestOptions = {},
): Promise<KubeResponse<T>> {
  const env = e2eEnv();
  adminAgent ??= new Agent({ connect: { ca: env.caPem } });
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? env.token}`,
    accept: "application/json",
  };
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = options.contentType ?? "application/json";
    payload = JSON.stringify(options.body);
  }
  const response = await request(`${env.server}${path}`, { dispatcher: adminAgent, method, headers, body: payload });
  const text = await response.body.text();
  return { status: response.statusCode, body: parseBody(text) as T };
}

/** Closes the shared connection pool; registered by describeE2e so test workers exit promptly. */
export async function closeAdminAgent(): Promise<void> {
  const agent = adminAgent;
  adminAgent = undefined;
  await agent?.close();
}

/** Throws with the response body when the status is not one of `expected`; setup steps use it to fail clearly. */
export function assertStatus(response: KubeResponse, expected: number[], what: string): void {
  if (!expected.includes(response.status)) {
    throw new Error(`${what}: HTTP ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
