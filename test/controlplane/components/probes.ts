/** Readiness probes, admin API calls and the admin token file, shared by the components' modules. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Agent, request } from "undici";
import type { BoxContext } from "./component.ts";

/** True when `url` answers 200 (HTTPS verified against the cluster CA); any error is "not yet". */
export async function answersOk(context: BoxContext, url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const dispatcher = new Agent({ connect: { ca: context.credentials.caPem, timeout: 2_000 } });
  try {
    const response = await request(url, { dispatcher, headers, headersTimeout: 3_000, bodyTimeout: 3_000 });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  } finally {
    await dispatcher.close();
  }
}

/** An admin request to the apiserver with a JSON body; returns status and parsed body. */
export async function adminRequest(
  context: BoxContext,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<{ status: number; body: unknown }> {
  const dispatcher = new Agent({ connect: { ca: context.credentials.caPem } });
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${context.admin.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = contentType;
    const response = await request(`${context.admin.server}${path}`, {
      method,
      headers,
      dispatcher,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a plain-text error): keep the text.
    }
    return { status: response.statusCode, body: parsed };
  } finally {
    await dispatcher.close();
  }
}

/** Polls `check` every 250 ms for up to 30 s; throws naming `what` when it never held. */
export async function untilTrue(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not answering after 30s`);
}

/** The file the box's own programs (kubelet-api, katib-suggestions, katib-metrics) read the admin token from. */
export function adminTokenFile(context: BoxContext): string {
  return join(context.dir, "pki", "admin.token");
}

/** Writes {@link adminTokenFile} (owner-only); idempotent, so each program's component may call it. */
export async function writeAdminTokenFile(context: BoxContext): Promise<void> {
  await writeFile(adminTokenFile(context), `${context.admin.token}\n`, { mode: 0o600 });
}
