// Request targets built by concatenation must be byte for byte what parsing a URL (toRequestUrl, and then undici)
// would send: checked on hand-picked edge cases and on generated paths, prefixes and queries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTargetBuilder, fromUrl } from "../../src/transport/request-target.ts";
import { toRequestUrl, type QueryParams } from "../../src/transport/request-url.ts";

const viaUrl = (server: string, path: string, query?: QueryParams) => fromUrl(toRequestUrl(server, path, query));

describe("createTargetBuilder", () => {
  it.each([
    ["https://kube.example:6443", "/apis/kubeflow.org/v1beta1/namespaces/ns/experiments/e1", undefined],
    ["https://kube.example:443/", "/api/v1/pods", { limit: 500, continue: undefined, labelSelector: null }],
    ["https://kube.example/k8s/clusters/c-1/", "apis/x/v1/things", { labelSelector: "app in (a,b),!legacy", fieldSelector: "metadata.name=a b" }],
    ["http://127.0.0.1:8080", "/api/v1/namespaces/ns/pods/p/log", { follow: true, tailLines: 10, container: ["a", "b~c"] }],
    ["https://kube.example/p/./q/../r", "/x", { "we ird": "ü€ +&=#?" }],
    ["https://kube.example/pre%20fix", "/a/./b/../c", undefined],
    ["https://kube.example", "/a/%2e%2E/b", undefined],
    ["https://kube.example", "/a b/ü/\"q\"/<x>/`y`/{z}", undefined],
    ["https://kube.example", "/a?already=1", { more: 2 }],
    ["https://kube.example", "/a#frag", { more: 2 }],
    ["https://kube.example", "/a\\b", undefined],
    ["https://user:pw@kube.example/x", "/a", undefined],
    ["https://kube.example/x?q=1", "/a", { b: 1 }],
    ["https://kube.example", "/a", { s: "\ud800lone", t: "tab\there", "": "empty-key" }],
  ] as const)("%s + %s", (server, path, query) => {
    expect(createTargetBuilder(server)(path, query as QueryParams | undefined)).toEqual(viaUrl(server, path, query as QueryParams | undefined));
  });

  it("agrees with toRequestUrl on generated paths, server prefixes and queries", () => {
    const piece = fc.string({ unit: fc.constantFrom("a", "Z", "0", "-", ".", "_", "~", "%", "2e", "/", " ", "?", "#", "ü", "!", "'", "(", "*", "+", "=", "&", ":", "@", "\\", "\ud83d\ude00") });
    const value = fc.oneof(piece, fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null), fc.array(piece, { maxLength: 3 }));
    fc.assert(
      fc.property(fc.constantFrom("", "/", "/k8s/clusters/c1", "/k8s/", "/a%20b"), piece, fc.option(fc.dictionary(piece, value, { maxKeys: 4 })), (prefix, path, query) => {
        const server = `https://kube.example:6443${prefix}`;
        const q = query ?? undefined;
        expect(createTargetBuilder(server)(path, q)).toEqual(viaUrl(server, path, q));
      }),
      { numRuns: 3000 },
    );
  });
});
