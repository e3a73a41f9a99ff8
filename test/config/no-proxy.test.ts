import { describe, expect, it } from "vitest";
import { isLoopbackHost, isNoProxyMatch } from "../../src/config/no-proxy.ts";
import { resolveProxy } from "../../src/config/resolve-proxy.ts";

describe("isNoProxyMatch", () => {
  const cases: Array<[host: string, port: number, noProxy: string, expected: boolean]> = [
    ["api.example.com", 443, "example.com", true],
    ["api.example.com", 443, ".example.com", true],
    ["example.com", 443, ".example.com", true], // curl strips the leading dot
    ["example.com", 443, "example.com", true],
    ["notexample.com", 443, "example.com", false],
    ["api.example.com", 443, "*.example.com", true],
    ["api.example.com", 443, "*", true],
    ["api.example.com", 443, "other.org, example.com", true],
    ["api.example.com", 443, "other.org example.com", true],
    ["API.Example.COM", 443, "example.com", true],
    ["api.example.com", 6443, "example.com:6443", true],
    ["api.example.com", 443, "example.com:6443", false],
    ["10.1.2.3", 6443, "10.0.0.0/8", true],
    ["11.1.2.3", 6443, "10.0.0.0/8", false],
    ["10.1.2.3", 6443, "10.1.2.3", true],
    ["10.1.2.3", 6443, "10.1.2.4", false],
    ["10.1.2.3", 6443, "10.0.0.0/8:6443", true],
    ["10.1.2.3", 443, "10.0.0.0/8:6443", false],
    ["fd00::5", 443, "fd00::/8", true],
    ["[fd00::5]", 443, "fd00::/8", true],
    ["fd00::5", 443, "[fd00::5]:443", true],
    ["fd00::5", 443, "fd00::5", true],
    ["fd00::5", 443, "10.0.0.0/8", false],
    ["api.example.com", 443, "10.0.0.0/8", false],
    ["api.example.com", 443, "", false],
    ["10.1.2.3", 443, "10.0.0.0/99", false],
  ];
  it.each(cases)("%s:%d with NO_PROXY=%s → %s", (host, port, noProxy, expected) => {
    expect(isNoProxyMatch(host, port, noProxy)).toBe(expected);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true], ["127.0.0.1", true], ["127.1.2.3", true], ["::1", true], ["[::1]", true],
    ["kube.localhost", true], ["10.0.0.1", false], ["example.com", false], ["128.0.0.1", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("resolveProxy", () => {
  const proxy = "http://proxy.corp:3128";
  it("HTTPS_PROXY for https servers, upper case first", () => {
    expect(resolveProxy("https://api.example.com", undefined, { HTTPS_PROXY: proxy, https_proxy: "http://other:1" })).toEqual({ url: proxy, source: "HTTPS_PROXY" });
    expect(resolveProxy("https://api.example.com", undefined, { https_proxy: proxy })?.source).toBe("https_proxy");
    expect(resolveProxy("https://api.example.com", undefined, { HTTP_PROXY: proxy })).toBeUndefined();
  });
  it("HTTP_PROXY for http servers", () => {
    expect(resolveProxy("http://api.example.com", undefined, { HTTP_PROXY: proxy })?.url).toBe(proxy);
  });
  it("NO_PROXY (CIDR, suffix) and loopback exempt the server", () => {
    expect(resolveProxy("https://10.20.30.40:6443", undefined, { HTTPS_PROXY: proxy, NO_PROXY: "192.168.0.0/16,10.0.0.0/8" })).toBeUndefined();
    expect(resolveProxy("https://10.20.30.40:6443", undefined, { HTTPS_PROXY: proxy, no_proxy: "192.168.0.0/16" })?.url).toBe(proxy);
    expect(resolveProxy("https://api.corp.example", undefined, { HTTPS_PROXY: proxy, NO_PROXY: ".corp.example" })).toBeUndefined();
    expect(resolveProxy("https://127.0.0.1:6443", undefined, { HTTPS_PROXY: proxy })).toBeUndefined();
  });
  it("an explicit proxyUrl wins over NO_PROXY and loopback; a scheme-less one is http", () => {
    expect(resolveProxy("https://127.0.0.1", "proxy.corp:3128", { NO_PROXY: "*" })).toEqual({ url: proxy, source: "proxyUrl" });
  });
  it("takes credentials out of the URL into a secret Proxy-Authorization", () => {
    const resolved = resolveProxy("https://api.example.com", "http://user:p%40ss@proxy.corp:3128", {});
    expect(resolved?.url).toBe(proxy);
    expect(resolved?.authorization?.reveal()).toBe(`Basic ${Buffer.from("user:p@ss").toString("base64")}`);
    expect(JSON.stringify(resolved)).not.toContain(Buffer.from("user:p@ss").toString("base64"));
  });
  it("rejects a proxy URL that is not http(s)", () => {
    expect(() => resolveProxy("https://a.example", "socks5://proxy:1080", {})).toThrow(/must be http/);
  });
});
