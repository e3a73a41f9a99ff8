/**
 * The transport takes undici's Agent and its `request` from their own modules rather than undici's index (which loads
 * all of undici). Those paths are not undici's public API, so this holds them to be what the index exports: an undici
 * upgrade that moves or replaces them fails here, not in a user's first request.
 */
import { describe, expect, test } from "vitest";
import * as undici from "undici";
import Agent from "undici/lib/dispatcher/agent.js";
import request from "undici/lib/api/api-request.js";
import { createDispatcher } from "../../src/transport/create-dispatcher.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";

describe("undici by path", () => {
  test("the modules imported by path are undici's own Agent and request", () => {
    expect(Agent).toBe(undici.Agent);
    expect(request).toBe(undici.Dispatcher.prototype.request);
  });

  test("createDispatcher: an Agent without a proxy, a ProxyAgent with one (instances of undici's exported classes)", async () => {
    const direct = createDispatcher(tokenConfig("https://127.0.0.1:6443", "t"));
    const proxied = createDispatcher(tokenConfig("https://127.0.0.1:6443", "t", { proxy: { url: "http://127.0.0.1:3128", source: "proxyUrl" } }));
    try {
      expect(direct).toBeInstanceOf(undici.Agent);
      expect(direct).not.toBeInstanceOf(undici.ProxyAgent);
      expect(proxied).toBeInstanceOf(undici.ProxyAgent);
    } finally {
      await Promise.all([direct.close(), proxied.close()]);
    }
  });
});
