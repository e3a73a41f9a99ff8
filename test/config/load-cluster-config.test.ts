import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterConfig } from "../../src/config/cluster-config.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadClusterConfig } from "../../src/config/load-cluster-config.ts";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const CA_B64 = Buffer.from(CA).toString("base64");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
}
const noEnv = { env: {}, homeDir: "/nonexistent-home", serviceAccountDir: "/nonexistent-sa" };

describe("explicit options", () => {
  it("server wins and the options alone describe the connection", async () => {
    const config = await loadClusterConfig({ server: "https://api.example.com:6443/", token: "explicit-token-value", certificateAuthorityData: CA_B64, namespace: "team-a" }, noEnv);
    expect(config).toMatchObject({ server: "https://api.example.com:6443", namespace: "team-a", source: "options", tls: { certificateAuthorityData: CA, insecureSkipTlsVerify: false } });
    expect(config.auth.type).toBe("token");
  });

  it("a bare host:port means https, and a path prefix is kept", async () => {
    expect((await loadClusterConfig({ server: "10.0.0.1:6443" }, noEnv)).server).toBe("https://10.0.0.1:6443");
    expect((await loadClusterConfig({ server: "https://rancher.example/k8s/clusters/c-1/" }, noEnv)).server).toBe("https://rancher.example/k8s/clusters/c-1");
  });

  it("tokenFile wins over token (it is the one kept current)", async () => {
    const config = await loadClusterConfig({ server: "https://a.example", token: "static-token-value", tokenFile: "/secrets/token" }, noEnv);
    expect(config.auth).toEqual({ type: "tokenFile", tokenFile: "/secrets/token" });
  });

  it("refuses a bearer token over http to a non-loopback host unless allowInsecureHttp", async () => {
    const err = await loadClusterConfig({ server: "http://api.example.com:8080", token: "plain-http-token" }, noEnv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: "ERR_KUBE_CONFIG_INSECURE" });
    expect((err as Error).message).toContain("allowInsecureHttp");
    expect((err as Error).message).not.toContain("plain-http-token");
    await expect(loadClusterConfig({ server: "http://api.example.com:8080", token: "plain-http-token", allowInsecureHttp: true }, noEnv)).resolves.toBeDefined();
    await expect(loadClusterConfig({ server: "http://127.0.0.1:8080", token: "plain-http-token" }, noEnv)).resolves.toBeDefined();
    await expect(loadClusterConfig({ server: "http://api.example.com:8080" }, noEnv)).resolves.toBeDefined();
  });

  it("rejects a half client certificate and data that is not PEM", async () => {
    await expect(loadClusterConfig({ server: "https://a.example", clientCertificateData: CA }, noEnv)).rejects.toThrow(/both the certificate and its key/);
    await expect(loadClusterConfig({ server: "https://a.example", certificateAuthorityData: "not pem at all" }, noEnv)).rejects.toThrow(/neither PEM nor base64-encoded PEM/);
  });

  it("a missing CA file is a ConfigError naming it", async () => {
    await expect(loadClusterConfig({ server: "https://a.example", certificateAuthority: "/nonexistent/ca.crt" }, noEnv)).rejects.toMatchObject({ file: "/nonexistent/ca.crt", code: "ERR_KUBE_CONFIG_NOT_FOUND" });
  });
});

describe("kubeconfig", () => {
  const kubeconfig = (cluster: string, context: string, extra = ""): string => `apiVersion: v1
kind: Config
clusters:
- name: ${cluster}
  cluster:
    server: https://${cluster}.example:6443
    certificate-authority: certs/${cluster}-ca.crt
contexts:
- name: ${context}
  context: { cluster: ${cluster}, user: ${cluster}-user, namespace: ns-${context} }
users:
- name: ${cluster}-user
  user: { token: token-of-${cluster}-user }
${extra}`;

  it("merges KUBECONFIG files like kubectl: first definition and first current-context win", async () => {
    write("merge/certs/one-ca.crt", CA);
    write("merge/certs/two-ca.crt", CA);
    const first = write("merge/first.yaml", kubeconfig("one", "ctx-one"));
    // The second file sets current-context, and also defines ctx-one (pointing elsewhere): the first file's wins.
    const second = write(
      "merge/second.yaml",
      kubeconfig("two", "ctx-two", "current-context: ctx-two\n").replace(
        "contexts:\n",
        "contexts:\n- name: ctx-one\n  context: { cluster: two, user: two-user, namespace: shadowed }\n",
      ),
    );
    const env = { KUBECONFIG: `${first}:${join(dir, "missing.yaml")}:${second}` };
    const config = await loadClusterConfig({}, { ...noEnv, env });
    expect(config.server).toBe("https://two.example:6443");
    expect(config.namespace).toBe("ns-ctx-two");
    const one = await loadClusterConfig({ context: "ctx-one" }, { ...noEnv, env });
    expect(one.server).toBe("https://one.example:6443");
    expect(one.namespace).toBe("ns-ctx-one");
    expect(one.source).toContain("context ctx-one");
  });

  it("resolves relative paths against the kubeconfig's directory", async () => {
    write("relative/certs/rel-ca.crt", CA);
    const file = write("relative/config", `${kubeconfig("rel", "c")}current-context: c\n`);
    const config = await loadClusterConfig({ kubeconfig: file }, noEnv);
    expect(config.tls.certificateAuthorityData).toBe(CA);
  });

  it("reads ~/.kube/config when nothing else is given", async () => {
    write("home/.kube/certs/homed-ca.crt", CA);
    write("home/.kube/config", `${kubeconfig("homed", "h")}current-context: h\n`);
    const config = await loadClusterConfig({}, { ...noEnv, homeDir: join(dir, "home") });
    expect(config.server).toBe("https://homed.example:6443");
  });

  it("options override the context (kubectl flags), namespace option first", async () => {
    write("override/certs/ov-ca.crt", CA);
    const file = write("override/config", `${kubeconfig("ov", "c")}current-context: c\n`);
    const config = await loadClusterConfig({ kubeconfig: file, token: "override-token-value", namespace: "mine", insecureSkipTlsVerify: true }, noEnv);
    expect(config.namespace).toBe("mine");
    expect(config.tls.insecureSkipTlsVerify).toBe(true);
    expect(config.tls.certificateAuthorityData).toBeUndefined();
    expect(config.auth.type === "token" && config.auth.token.reveal()).toBe("override-token-value");
  });

  it("an unknown context lists the available ones", async () => {
    write("ctx/certs/cx-ca.crt", CA);
    const file = write("ctx/config", kubeconfig("cx", "only"));
    await expect(loadClusterConfig({ kubeconfig: file, context: "nope" }, noEnv)).rejects.toThrow(/context "nope" not found .*available: only/);
    await expect(loadClusterConfig({ kubeconfig: file }, noEnv)).rejects.toThrow(/sets no current-context/);
  });

  it("a malformed kubeconfig gives a ConfigError naming the file and line, not a parser stack", async () => {
    const file = write("bad/config", "apiVersion: v1\nclusters:\n  - name: a\n    cluster: {server: [unclosed\nusers: []\n");
    const err = await loadClusterConfig({ kubeconfig: file }, noEnv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ file, code: "ERR_KUBE_CONFIG_INVALID" });
    expect((err as ConfigError).line).toBeGreaterThan(0);
    expect((err as Error).message).toMatch(new RegExp(`^kubeconfig ${file}:\\d+ is not valid YAML`));
  });

  it("a kubeconfig with a wrongly typed field names the field", async () => {
    const file = write("typed/config", "clusters:\n- name: a\n  cluster: { server: 42 }\n");
    await expect(loadClusterConfig({ kubeconfig: file }, noEnv)).rejects.toThrow(`kubeconfig ${file}: clusters[0].cluster.server must be a string`);
  });

  it("an explicit kubeconfig that does not exist is an error; a missing KUBECONFIG entry is skipped", async () => {
    await expect(loadClusterConfig({ kubeconfig: join(dir, "absent") }, noEnv)).rejects.toMatchObject({ code: "ERR_KUBE_CONFIG_NOT_FOUND" });
    await expect(loadClusterConfig({}, { ...noEnv, env: { KUBECONFIG: join(dir, "absent") } })).rejects.toThrow(/no Kubernetes API server configured/);
  });

  it("a legacy auth-provider user is refused with what to use instead", async () => {
    const file = write("provider/config", "current-context: c\nclusters: [{name: k, cluster: {server: 'https://k.example'}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nusers: [{name: u, user: {auth-provider: {name: gcp}}}]\n");
    await expect(loadClusterConfig({ kubeconfig: file }, noEnv)).rejects.toThrow(/legacy auth-provider "gcp"/);
  });
});

describe("in-cluster", () => {
  function serviceAccountDir(namespace?: string): string {
    const sa = mkdtempSync(join(dir, "sa-"));
    writeFileSync(join(sa, "token"), "in-cluster-token-value");
    writeFileSync(join(sa, "ca.crt"), CA);
    if (namespace !== undefined) writeFileSync(join(sa, "namespace"), `${namespace}\n`);
    return sa;
  }
  const podEnv = { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" }; // URL normalization drops :443

  it("uses the mounted ServiceAccount: token file (rotating), CA and namespace", async () => {
    const sa = serviceAccountDir("kubeflow");
    const config = await loadClusterConfig({}, { ...noEnv, env: podEnv, serviceAccountDir: sa });
    expect(config).toMatchObject({ server: "https://10.96.0.1", namespace: "kubeflow", source: "in-cluster", auth: { type: "tokenFile", tokenFile: join(sa, "token") }, tls: { certificateAuthorityData: CA } });
  });

  it("brackets an IPv6 service host", async () => {
    const config = await loadClusterConfig({}, { ...noEnv, env: { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" }, serviceAccountDir: serviceAccountDir() });
    expect(config.server).toBe("https://[fd00::1]");
    expect(config.namespace).toBe("default");
  });

  it("the namespace option wins over the pod's", async () => {
    const config = await loadClusterConfig({ namespace: "other" }, { ...noEnv, env: podEnv, serviceAccountDir: serviceAccountDir("kubeflow") });
    expect(config.namespace).toBe("other");
  });

  it("says what is missing when the pod has no token mounted", async () => {
    const empty = mkdtempSync(join(dir, "sa-empty-"));
    await expect(loadClusterConfig({}, { ...noEnv, env: podEnv, serviceAccountDir: empty })).rejects.toThrow(/automountServiceAccountToken/);
  });

  it("nothing found → ConfigError listing what was tried", async () => {
    const err = await loadClusterConfig({}, noEnv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain("the `server` option (not set)");
    expect(message).toContain("kubeconfig from ~/.kube/config (/nonexistent-home/.kube/config: not found)");
    expect(message).toContain("in-cluster (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT not set)");
  });
});

describe("secrets in the loaded config", () => {
  it("JSON.stringify and util.inspect show neither token nor client key", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nsecret-key-material\n-----END PRIVATE KEY-----\n";
    const config: ClusterConfig = await loadClusterConfig({ server: "https://a.example", token: "super-secret-token-value", clientCertificateData: CA, clientKeyData: key }, noEnv);
    for (const text of [JSON.stringify(config), inspect(config, { depth: 10, showHidden: true }), String(config.auth.type === "token" ? config.auth.token : "")]) {
      expect(text).not.toContain("super-secret-token-value");
      expect(text).not.toContain("secret-key-material");
    }
    expect(config.auth.type === "token" && config.auth.token.reveal()).toBe("super-secret-token-value");
  });
});

