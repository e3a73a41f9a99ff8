/**
 * A headless Chromium for tests of the pages kfts writes: Debian's `chromium-headless-shell` (or `chromium`), installed
 * with apt the first time when the machine allows it (root, apt-get). Pages are loaded from files; nothing goes out.
 */
import { execFileSync, spawnSync } from "node:child_process";

const CANDIDATES = ["chromium-headless-shell", "chromium", "chromium-browser"];

function onPath(name: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The browser's path; installs Debian's chromium-headless-shell when none is found and apt-get can (as root). */
export function chromiumBinary(): string {
  for (const name of CANDIDATES) {
    const path = onPath(name);
    if (path) return path;
  }
  if (process.getuid?.() !== 0 || !onPath("apt-get")) throw new Error("no Chromium found: install Debian's chromium-headless-shell (apt-get install chromium-headless-shell)");
  const install = (): void => void execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium-headless-shell"], { stdio: "pipe", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync("apt-get", ["update"], { stdio: "pipe" });
    install();
  }
  const path = onPath("chromium-headless-shell");
  if (!path) throw new Error("apt-get installed chromium-headless-shell, but it is not on PATH");
  return path;
}

/** What loading a page showed: the DOM after its scripts ran, and what its console said (messages and uncaught errors). */
export interface LoadedPage {
  dom: string;
  console: string[];
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--allow-file-access-from-files"];

/** Loads `file` in the browser and returns its DOM and console. */
export function loadPage(browser: string, file: string): LoadedPage {
  const run = spawnSync(browser, [...FLAGS, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", `file://${file}`], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  const console = run.stderr.split("\n").filter((line) => line.includes(":CONSOLE"));
  return { dom: run.stdout, console };
}

/** Saves a screenshot of `file` as `png`. */
export function screenshot(browser: string, file: string, png: string, size = "1280,900"): void {
  const run = spawnSync(browser, [...FLAGS, `--window-size=${size}`, "--virtual-time-budget=5000", `--screenshot=${png}`, `file://${file}`], { encoding: "utf8", timeout: 60_000 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`chromium exited ${run.status}: ${run.stderr.split("\n").slice(-3).join(" ")}`);
}
