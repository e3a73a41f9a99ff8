import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { selectKubeconfigContext } from "../../src/config/connection-fields.ts";
import { parseKubeconfig } from "../../src/config/kubeconfig.ts";
import { mergeKubeconfigs } from "../../src/config/merge-kubeconfigs.ts";
import { parsePem } from "../../src/config/pem.ts";

describe("parseKubeconfig", () => {
  it("reads every supported field and resolves relative paths against the file's directory", () => {
    const config = parseKubeconfig(
      `
current-context: dev
clusters:
- name: c
  cluster:
    server: https://c.example
    certificate-authority: ../ca.crt
    insecure-skip-tls-verify: false
    tls-server-name: api.internal
    proxy-url: http://proxy:3128
users:
- name: u
  user:
    tokenFile: token
    client-certificate: /abs/client.crt
    client-key: keys/client.key
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: bin/get-token
      args: [--cluster, c]
      env: [{ name: A, value: "1" }]
      installHint: install get-token
      provideClusterInfo: true
      interactiveMode: Never
- name: bare
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: aws }
contexts:
- name: dev
  context: { cluster: c, user: u, namespace: team }
`,
      "/home/me/.kube/config",
    );
    expect(config.currentContext).toBe("dev");
    expect(config.clusters.get("c")).toEqual({
      server: "https://c.example",
      certificateAuthority: "/home/me/ca.crt",
      insecureSkipTlsVerify: false,
      tlsServerName: "api.internal",
      proxyUrl: "http://proxy:3128",
    });
    const user = config.users.get("u");
    expect(user?.tokenFile).toBe("/home/me/.kube/token");
    expect(user?.clientCertificate).toBe("/abs/client.crt");
    expect(user?.clientKey).toBe("/home/me/.kube/keys/client.key");
    expect(user?.exec).toEqual({
      command: "/home/me/.kube/bin/get-token",
      args: ["--cluster", "c"],
      env: [{ name: "A", value: "1" }],
      apiVersion: "client.authentication.k8s.io/v1",
      installHint: "install get-token",
      provideClusterInfo: true,
      interactiveMode: "Never",
    });
    // A bare command name is looked up on PATH, not next to the kubeconfig.
    expect(config.users.get("bare")?.exec?.command).toBe("aws");
    expect(config.contexts.get("dev")).toEqual({ cluster: "c", user: "u", namespace: "team" });
  });

  it.each([
    ["users: [{name: u, user: {exec: {command: x}}}]", "users[0].user.exec.apiVersion is required"],
    ["users: [{name: u, user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}}]", "must be one of"],
    ["clusters: {a: 1}", "clusters must be a list"],
    ["contexts: [{name: c, context: {user: u}}]", "contexts[0].context.cluster is required"],
    ["- a\n- b", "the document must be a mapping"],
    ["users: [{name: u, user: {token: 12345}}]", "users[0].user.token must be a string"],
  ])("rejects %s", (text, message) => {
    expect(() => parseKubeconfig(text, "/k/config")).toThrow(ConfigError);
    expect(() => parseKubeconfig(text, "/k/config")).toThrow(message);
  });

  it("never quotes a value in its errors (it could be a token)", () => {
    expect(() => parseKubeconfig("users: [{name: u, user: {token: [s3cr3t-token-value]}}]", "/k/config")).toThrow(/^(?!.*s3cr3t).*$/);
  });

  it("an empty file is an empty kubeconfig", () => {
    expect(parseKubeconfig("", "/k/config").contexts.size).toBe(0);
  });

  it("a file with several YAML documents is refused, naming the file", () => {
    expect(() => parseKubeconfig("clusters: []\n---\nusers: []\n", "/k/config")).toThrow(/^kubeconfig \/k\/config is not valid YAML: .*several/);
  });

  it("a repeated key keeps the last value, as client-go reads kubeconfig files", () => {
    expect(parseKubeconfig("current-context: a\ncurrent-context: b\n", "/k/config").currentContext).toBe("b");
  });
});

describe("mergeKubeconfigs and selectKubeconfigContext", () => {
  it("keeps the first definition of each name and the first current-context", () => {
    const a = parseKubeconfig("clusters: [{name: shared, cluster: {server: 'https://a'}}]\ncontexts: [{name: x, context: {cluster: shared}}]", "/a");
    const b = parseKubeconfig("current-context: x\nclusters: [{name: shared, cluster: {server: 'https://b'}}]", "/b");
    const merged = mergeKubeconfigs([a, b]);
    expect(merged.currentContext).toBe("x");
    expect(merged.files).toEqual(["/a", "/b"]);
    expect(selectKubeconfigContext(merged, undefined).fields.server).toBe("https://a");
  });
  it("a context without a user is anonymous; a missing user or cluster is an error", () => {
    const config = parseKubeconfig("clusters: [{name: k, cluster: {server: 'https://k'}}]\ncontexts: [{name: a, context: {cluster: k}}, {name: b, context: {cluster: k, user: ghost}}, {name: c, context: {cluster: nope}}]", "/k");
    expect(selectKubeconfigContext(config, "a").fields).toEqual({ server: "https://k" });
    expect(() => selectKubeconfigContext(config, "b")).toThrow(/user "ghost"/);
    expect(() => selectKubeconfigContext(config, "c")).toThrow(/cluster "nope"/);
  });
});

describe("parsePem", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  it("accepts PEM and base64 PEM (with line breaks)", () => {
    expect(parsePem(pem, "ca")).toBe(pem);
    const b64 = Buffer.from(pem).toString("base64");
    expect(parsePem(`${b64.slice(0, 10)}\n${b64.slice(10)}`, "ca")).toBe(pem);
  });
  it("rejects anything else without quoting it", () => {
    expect(() => parsePem(Buffer.from("secret").toString("base64"), "clientKeyData")).toThrow("clientKeyData is neither PEM nor base64-encoded PEM");
  });
});
