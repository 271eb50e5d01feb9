/**
 * Debian's Chromium for tests that look at a page the way a person would.
 * playwright-core drives it but ships no browser, so the system package is
 * used. Installing it is the project's setup (scripts/setup-chromium.sh, run
 * by .ci/run), not a test's: a test that installed packages would be slow,
 * need root and the network, and hide a broken setup.
 */
import { accessSync, constants } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH}: run scripts/setup-chromium.sh (installs Debian's chromium package)`;

/** Launching a cold Chromium on a busy 2-core machine; no download happens here. */
export const CHROMIUM_LAUNCH_TIMEOUT_MS = 60_000;

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

export function chromiumInstalled(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the browser tests run. In CI (CI set, as .ci/run sets it) they always
 * do, so that a missing Chromium fails them loudly; on a developer's machine,
 * where the README calls Chromium optional, they are skipped saying why.
 */
export function browserTestsRun(): boolean {
  if (chromiumInstalled() || isCi()) return true;
  console.warn(`browser tests skipped: ${CHROMIUM_MISSING}`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumInstalled()) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, timeout: CHROMIUM_LAUNCH_TIMEOUT_MS });
}

/** Runs `look` on `url` opened with JavaScript off, as a reader with scripts blocked sees it. */
export async function withoutScript(browser: Browser, url: string, width: number, look: (page: Page) => Promise<void>): Promise<void> {
  const plain = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
  try {
    const page = await plain.newPage();
    await page.goto(url, { waitUntil: "load" });
    await look(page);
  } finally {
    await plain.close();
  }
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}
