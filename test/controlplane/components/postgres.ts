/**
 * PostgreSQL for Katib's DB manager: Debian's package (installed with apt-get when missing), a database cluster under
 * `.cluster/postgres/`, run as the unprivileged `postgres` user on a loopback port, with the `katib` role and
 * database that Katib's PostgreSQL install uses.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BoxContext, Component } from "./component.ts";

const execFileAsync = promisify(execFile);

/** The unprivileged user PostgreSQL runs as (Debian's package creates it). */
const POSTGRES_USER = "postgres";

/** Katib's credentials and database (manifests/v1beta1/installs/katib-standalone-postgres). */
export const katibDatabase = { user: "katib", password: "katib", database: "katib" } as const;

/** PostgreSQL on 127.0.0.1, data in `.cluster/postgres/data`, its socket in `.cluster/postgres`. */
export const postgres: Component = {
  name: "postgres",
  // setpriv execs PostgreSQL as the postgres user: the recorded process is the postmaster itself.
  binary: { system: "setpriv" },
  ports: ["sql"],
  async prepare(context) {
    const bin = await postgresBin(context);
    const dir = join(context.dir, "postgres");
    await mkdir(join(dir, "data"), { recursive: true, mode: 0o700 });
    const { uid, gid } = await userIds(POSTGRES_USER);
    await chown(dir, uid, gid);
    await chown(join(dir, "data"), uid, gid);
    // Throw-away test data on loopback: trust authentication, no fsync.
    await asPostgres(join(bin, "initdb"), ["-D", join(dir, "data"), "--auth=trust", `--username=${POSTGRES_USER}`, "--no-sync", "--encoding=UTF8"]);
  },
  args(context) {
    return [
      "--reuid=postgres",
      "--regid=postgres",
      "--init-groups",
      "--",
      join(postgresBinSync(), "postgres"),
      "-D",
      join(context.dir, "postgres", "data"),
      "-h",
      "127.0.0.1",
      "-p",
      String(context.port("postgres", "sql")),
      "-k",
      join(context.dir, "postgres"),
      "-c",
      "fsync=off",
    ];
  },
  async ready(context) {
    try {
      await execFileAsync(join(postgresBinSync(), "pg_isready"), ["-h", "127.0.0.1", "-p", String(context.port("postgres", "sql")), "-q"]);
      return true;
    } catch {
      return false;
    }
  },
  async install(context) {
    const { user, password, database } = katibDatabase;
    const psql = (sql: string): Promise<unknown> =>
      execFileAsync(join(postgresBinSync(), "psql"), ["-h", "127.0.0.1", "-p", String(context.port("postgres", "sql")), "-U", POSTGRES_USER, "-v", "ON_ERROR_STOP=1", "-c", sql]);
    await psql(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    await psql(`CREATE DATABASE ${database} OWNER ${user}`);
    return `database ${database} for role ${user}`;
  },
};

/**
 * The directory of PostgreSQL's programs: Debian's `/usr/lib/postgresql/<major>/bin`, the newest major installed.
 * Installs Debian's `postgresql` package first when there is none (the box runs as root where it installs).
 */
async function postgresBin(context: BoxContext): Promise<string> {
  const found = findPostgresBin();
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) throw new Error("PostgreSQL is not installed: apt-get install postgresql (Debian's package)");
  context.log("installing Debian's postgresql package (apt-get)");
  const install = (): Promise<unknown> => execFileAsync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    await install();
  } catch {
    await execFileAsync("apt-get", ["update"]);
    await install();
  }
  return postgresBinSync();
}

function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, "bin", "postgres")));
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : join(root, newest, "bin");
}

function postgresBinSync(): string {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin/postgres)");
  return bin;
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([execFileAsync("id", ["-u", user]), execFileAsync("id", ["-g", user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Runs a PostgreSQL program as the postgres user (initdb refuses root). */
async function asPostgres(program: string, args: string[]): Promise<void> {
  try {
    await execFileAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, ...args]);
  } catch (error) {
    const stderr = ((error as { stderr?: string }).stderr ?? String(error)).trim();
    const advice = /Permission denied/.test(stderr) ? " (the postgres user must be able to reach the cluster directory: every parent needs o+x)" : "";
    throw new Error(`${program} failed: ${stderr}${advice}`);
  }
}
