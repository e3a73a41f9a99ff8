import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A certificate and its key, as PEM text and as files in the PKI's directory. */
export interface IssuedCertificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

/** How to issue one certificate. */
export interface IssueOptions {
  /** Subject common name. */
  commonName: string;
  /** Subject alternative names, e.g. `["DNS:localhost", "IP:127.0.0.1"]`. */
  altNames?: string[];
  /** A CA certificate (can sign others). */
  isCa?: boolean;
  /** For TLS clients (mTLS) rather than servers. */
  client?: boolean;
  /** Validity in days; a negative value makes a certificate that has already expired. Default 1. */
  days?: number;
}

/**
 * A throwaway PKI in a temp directory, made with the openssl CLI: roots, intermediates, server and client
 * certificates for the TLS tests. EC P-256 keys, so that a whole suite's PKI takes well under a second.
 */
export class TestPki {
  /** Directory holding every file; removed by {@link TestPki.dispose}. */
  readonly dir: string;
  #serial = 1;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-pki-"));
  }

  /** A self-signed root CA. */
  createRoot(commonName: string): IssuedCertificate {
    const name = this.#nextName(commonName);
    const keyFile = join(this.dir, `${name}.key`);
    const certFile = join(this.dir, `${name}.crt`);
    const ext = this.#writeExtensions(name, { commonName, isCa: true });
    openssl(["req", "-x509", ...newKeyArgs(keyFile), "-subj", `/CN=${commonName}`, "-days", "2", "-out", certFile, "-config", ext, "-extensions", "ext"]);
    return read(certFile, keyFile);
  }

  /** A certificate signed by `issuer`. */
  issue(issuer: IssuedCertificate, options: IssueOptions): IssuedCertificate {
    const name = this.#nextName(options.commonName);
    const keyFile = join(this.dir, `${name}.key`);
    const csrFile = join(this.dir, `${name}.csr`);
    const certFile = join(this.dir, `${name}.crt`);
    openssl(["req", "-new", ...newKeyArgs(keyFile), "-subj", `/CN=${options.commonName}`, "-out", csrFile]);
    const ext = this.#writeExtensions(name, options);
    openssl([
      "x509", "-req", "-in", csrFile, "-CA", issuer.certFile, "-CAkey", issuer.keyFile,
      "-set_serial", String(this.#serial++), "-days", String(options.days ?? 1), "-out", certFile,
      "-extfile", ext, "-extensions", "ext",
    ]);
    return read(certFile, keyFile);
  }

  /** Writes `text` into the PKI directory and returns the path (for bundles and kubeconfigs). */
  writeFile(name: string, text: string): string {
    const file = join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** Removes the directory. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #nextName(commonName: string): string {
    return `${commonName.replace(/[^a-z0-9]+/gi, "-")}-${this.#serial++}`;
  }

  #writeExtensions(name: string, options: IssueOptions): string {
    const lines = ["[req]", "distinguished_name = dn", "[dn]", "[ext]"];
    if (options.isCa) {
      lines.push("basicConstraints = critical,CA:TRUE", "keyUsage = critical,keyCertSign,cRLSign,digitalSignature");
    } else {
      lines.push("basicConstraints = critical,CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment");
      lines.push(`extendedKeyUsage = ${options.client ? "clientAuth" : "serverAuth"}`);
    }
    if (options.altNames?.length) lines.push(`subjectAltName = ${options.altNames.join(",")}`);
    const file = join(this.dir, `${name}.cnf`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  }
}

function newKeyArgs(keyFile: string): string[] {
  return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile];
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function read(certFile: string, keyFile: string): IssuedCertificate {
  return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8"), certFile, keyFile };
}
