/**
 * Key material for one local cluster, made with the openssl CLI: a CA, the apiserver's serving certificate for
 * 127.0.0.1/localhost, one serving certificate for the other components that serve on loopback (webhooks, the
 * kubelet API, controller health endpoints), the ServiceAccount token signing key pair, and a static admin token.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Paths of the generated files, as the apiserver flags need them, plus the token the admin kubeconfig uses. */
export interface ClusterCredentials {
  caCert: string;
  caPem: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  /** Serving certificate (and key) for 127.0.0.1/localhost, signed by the CA, for every component but the apiserver. */
  componentCert: string;
  componentKey: string;
  serviceAccountPublicKey: string;
  serviceAccountPrivateKey: string;
  tokenFile: string;
  adminToken: string;
}

/** Names the serving certificate must carry: what tests dial, plus the in-cluster names kubectl may use. */
const servingNames = [
  "IP:127.0.0.1",
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  "DNS:kubernetes.default.svc.cluster.local",
];

/** Generates all credentials into `dir/pki` (created); each call makes fresh keys and a fresh random admin token. */
export async function createCredentials(dir: string): Promise<ClusterCredentials> {
  const pki = join(dir, "pki");
  await mkdir(pki, { recursive: true, mode: 0o700 });
  const file = (name: string): string => join(pki, name);
  const days = "3650";

  await openssl([
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", days,
    "-keyout", file("ca.key"), "-out", file("ca.crt"), "-subj", "/CN=kubeflow-ts-test-ca",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await issueServingCert(pki, "apiserver", "kube-apiserver", servingNames);
  await issueServingCert(pki, "components", "kubeflow-ts-components", ["IP:127.0.0.1", "DNS:localhost"]);
  // RSA because RS256 is what the apiserver signs ServiceAccount tokens with by default.
  await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file("sa.key")]);
  await openssl(["pkey", "-in", file("sa.key"), "-pubout", "-out", file("sa.pub")]);

  // Static token file (token,user,uid,"groups"): system:masters bypasses RBAC, like a cluster-admin kubeconfig.
  const adminToken = randomBytes(32).toString("hex");
  const tokenFile = file("tokens.csv");
  await writeFile(tokenFile, `${adminToken},admin,admin,"system:masters"\n`, { mode: 0o600 });

  return loadCredentials(dir);
}

/** `<name>.key` and `<name>.crt` in `pki`: a server certificate for `names` (openssl SAN syntax), signed by ca.crt. */
async function issueServingCert(pki: string, name: string, commonName: string, names: readonly string[]): Promise<void> {
  const file = (suffix: string): string => join(pki, `${name}.${suffix}`);
  await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("key"), "-out", file("csr"), "-subj", `/CN=${commonName}`]);
  const extensions = [
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    `subjectAltName=${names.join(",")}`,
    "",
  ];
  await writeFile(file("ext"), extensions.join("\n"));
  await openssl([
    "x509", "-req", "-in", file("csr"), "-days", "3650",
    "-CA", join(pki, "ca.crt"), "-CAkey", join(pki, "ca.key"), "-CAcreateserial",
    "-extfile", file("ext"), "-out", file("crt"),
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync("openssl", args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`);
  }
}

/** The credentials of an existing cluster directory (`dir/pki`), as {@link createCredentials} made them. */
export async function loadCredentials(dir: string): Promise<ClusterCredentials> {
  const file = (name: string): string => join(dir, "pki", name);
  const tokens = await readFile(file("tokens.csv"), "utf8");
  return {
    caCert: file("ca.crt"),
    caPem: await readFile(file("ca.crt"), "utf8"),
    caKey: file("ca.key"),
    componentCert: file("components.crt"),
    componentKey: file("components.key"),
    servingCert: file("apiserver.crt"),
    servingKey: file("apiserver.key"),
    serviceAccountPublicKey: file("sa.pub"),
    serviceAccountPrivateKey: file("sa.key"),
    tokenFile: file("tokens.csv"),
    adminToken: tokens.slice(0, tokens.indexOf(",")),
  };
}
