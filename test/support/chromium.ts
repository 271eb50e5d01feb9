/**
 * Debian's Chromium for tests that look at a page the way a person would.
 * playwright-core drives it but ships no browser, so the system package is
 * used; on a Debian-like machine where the test runs as root (CI, the
 * development machines) a missing Chromium is installed from the distribution.
 */
import { execFile } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

const INSTALL_COMMAND = "apt-get update && apt-get install -y --no-install-recommends chromium";
const HOW_TO_INSTALL = `install Debian's Chromium (as root: ${INSTALL_COMMAND}) so that ${CHROMIUM_PATH} exists`;

/** Generous enough for apt to fetch the package lists and Chromium's dependencies. */
export const CHROMIUM_SETUP_TIMEOUT_MS = 10 * 60_000;

const LAUNCH_ARGS = [
  "--headless",
  // Containers give no user namespaces for Chromium's sandbox; the pages opened are the tests' own files.
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  // Chromium otherwise opens connections of its own (updates, sync, field trials) that a closed network refuses.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Returns the path of Chromium, installing it first where that is possible; otherwise fails saying how to install it. */
export async function ensureChromium(): Promise<string> {
  if (await isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0 || !(await isDebianLike())) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: ${HOW_TO_INSTALL}`);
  }
  try {
    await promisify(execFile)("sh", ["-c", INSTALL_COMMAND], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: CHROMIUM_SETUP_TIMEOUT_MS - 30_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n").slice(-5).join("\n");
    throw new Error(`installing Chromium failed (${(error as Error).message.split("\n")[0]})${stderr ? `:\n${stderr}` : ""}\n${HOW_TO_INSTALL}`);
  }
  if (!(await isExecutable(CHROMIUM_PATH))) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing: ${HOW_TO_INSTALL}`);
  return CHROMIUM_PATH;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await ensureChromium(), args: LAUNCH_ARGS });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Debian and its derivatives (Ubuntu, …) name "debian" in os-release's ID or ID_LIKE. */
async function isDebianLike(): Promise<boolean> {
  try {
    const osRelease = await readFile("/etc/os-release", "utf8");
    return /^ID(_LIKE)?="?[^"\n]*\bdebian\b/m.test(osRelease);
  } catch {
    return false;
  }
}
