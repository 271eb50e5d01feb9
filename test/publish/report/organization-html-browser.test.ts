/**
 * An organization run's HTML report as a person sees it: rendered by headless
 * Chromium from a file, with console messages, page errors and requests
 * recorded; the accounts chart read as assistive technology reads it; the
 * account filter used; read without script and on a phone; screenshots of
 * its first screen kept in test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { allRules } from "../../../rules/index.js";
import type { AccountRun, AuditReport } from "../../../src/publish/report/audit-report.js";
import { renderHtml } from "../../../src/publish/report/html.js";
import { CHROMIUM_LAUNCH_TIMEOUT_MS, browserTestsRun, launchChromium, withoutScript } from "../../support/chromium.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { PRODUCTION, SANDBOX, STAGING, organizationDemo } from "./organization-fixtures.js";

const inChromium = browserTestsRun();
const describeInChromium = inChromium ? describe : describe.skip;
const WIDE = 1400;
const PHONE = 390;

const tempDir = temporaryDirectories("driftwarden-org-html-browser-");
let report: AuditReport & { accounts: AccountRun[] };
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let reportUrl: string;
const problems: string[] = [];
const requests: string[] = [];

const listed = (accountId?: string) => report.findings.filter((f) => ["FAIL", "ERROR", "SUPPRESSED"].includes(f.status) && (!accountId || f.resource.accountId === accountId));
const accountSection = (accountId: string) => page.locator(`section.account[data-account="${accountId}"]`);
const visibleRows = () => page.locator("tr[data-finding]").filter({ visible: true });

async function countSays(text: string): Promise<void> {
  await page.locator("#filters-count", { hasText: new RegExp(`^${text}$`) }).waitFor();
}

beforeAll(async () => {
  if (!inChromium) return;
  const dir = await tempDir();
  report = (await organizationDemo(dir)).report as typeof report;
  const file = join(dir, "organization.html");
  await writeFile(file, renderHtml(report, allRules));
  reportUrl = pathToFileURL(file).href;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(reportUrl, { waitUntil: "load" });
}, CHROMIUM_LAUNCH_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await browser?.close();
});

describeInChromium("an organization run's HTML report in Chromium", () => {
  it("loads without errors and requests nothing but its own file", () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it("shows the account it could not read first, then the accounts overview", async () => {
    const alert = page.locator("#unreadable-accounts");
    expect(await alert.isVisible()).toBe(true);
    expect(await alert.innerText()).toContain(`${SANDBOX.accountId} sandbox: account ${SANDBOX.accountId}: cannot assume`);
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top("#unreadable-accounts")).toBeLessThan(await top("#accounts"));
    expect(await top("#accounts")).toBeLessThan(await top(`#account-${PRODUCTION.accountId}`));
  });

  it("draws failures per account as one bar group per account, named for assistive technology", async () => {
    const chart = page.getByRole("img", { name: /^Failing findings per account/ });
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(0);
    const groups = chart.locator("g");
    expect(await groups.count()).toBe(report.accounts.length);
    const description = await chart.locator("desc").textContent();
    expect(description).toBe(
      `${PRODUCTION.accountId} production: 77 (6 critical, 29 high, 27 medium, 15 low); ${SANDBOX.accountId} sandbox: 70 (5 critical, 24 high, 26 medium, 15 low), unreadable; ${STAGING.accountId} ${STAGING.name}: 64 (5 critical, 23 high, 23 medium, 13 low)`,
    );
    // Production, most failing, draws the longest bar: one segment per severity it has, drawn left to right.
    const widths = async (i: number) => Promise.all((await groups.nth(i).locator("rect:not([stroke])").all()).map(async (rect) => (await rect.boundingBox())!.width));
    const production = await widths(0);
    expect(production).toHaveLength(4);
    const total = (list: number[]) => list.reduce((a, b) => a + b, 0);
    expect(total(production)).toBeGreaterThan(total(await widths(2)));
    // The unreadable account's bar is outlined.
    expect(await groups.nth(1).locator("rect[stroke-dasharray]").count()).toBe(1);
  });

  it("filters by account: only that account's section and rows stay", async () => {
    await countSays(`all ${listed().length} findings`);
    for (const account of [STAGING, SANDBOX]) {
      await page.locator('select[name="account"]').selectOption(account.accountId);
      const expected = listed(account.accountId).length;
      await countSays(`${expected} of ${listed().length} findings`);
      expect(await visibleRows().count()).toBe(expected);
      expect(await accountSection(account.accountId).isVisible()).toBe(true);
      for (const other of report.accounts.filter((a) => a.accountId !== account.accountId)) expect(await accountSection(other.accountId).isVisible()).toBe(false);
      expect(await accountSection(account.accountId).locator("tr[data-finding]").filter({ visible: true }).count()).toBe(expected);
    }
    // With a severity: the account's critical findings.
    await page.locator('select[name="account"]').selectOption(PRODUCTION.accountId);
    await page.locator('select[name="severity"]').selectOption("critical");
    const critical = listed(PRODUCTION.accountId).filter((f) => f.severity === "critical").length;
    expect(critical).toBe(6);
    await countSays(`${critical} of ${listed().length} findings`);
    await page.getByRole("button", { name: "Clear" }).click();
    await countSays(`all ${listed().length} findings`);
    for (const account of report.accounts) expect(await accountSection(account.accountId).isVisible()).toBe(true);
  });

  it("keeps an account's section when another filter leaves it no row, saying so", async () => {
    // The promotion distribution came on night 2, which sandbox's stale findings predate.
    const promo = listed().filter((f) => `${f.resource.id} ${f.resource.name ?? ""} ${f.reason}`.toLowerCase().includes("promo"));
    expect(promo.filter((f) => f.resource.accountId === SANDBOX.accountId)).toEqual([]);
    await page.locator('input[name="q"]').fill("promo");
    await countSays(`${promo.length} of ${listed().length} findings`);
    expect(await accountSection(SANDBOX.accountId).isVisible()).toBe(true);
    expect(await page.locator(`#failing-${SANDBOX.accountId} .no-match`).isVisible()).toBe(true);
    expect(await page.locator(`#failing-${PRODUCTION.accountId} .no-match`).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Clear" }).click();
    await countSays(`all ${listed().length} findings`);
  });

  it("folds an account's section away and opens it again", async () => {
    const summary = accountSection(STAGING.accountId).locator("summary").first();
    const firstRow = accountSection(STAGING.accountId).locator("tr[data-finding]").first();
    expect(await firstRow.isVisible()).toBe(true);
    await summary.click();
    expect(await firstRow.isVisible()).toBe(false);
    await summary.click();
    expect(await firstRow.isVisible()).toBe(true);
  });

  it("lists every account's findings without script", async () => {
    await withoutScript(context.browser()!, reportUrl, WIDE, async (without) => {
      expect(await without.locator("tr[data-finding]").filter({ visible: true }).count()).toBe(listed().length);
      expect(await without.locator("#filters").isVisible()).toBe(false);
    });
  });

  it("reads on a 390 px phone without sideways scrolling; saves screenshots of the first screen", async () => {
    await mkdir("test-output", { recursive: true });
    // The first screen: the run, the account not read and the overview. The whole page is tens of thousands of pixels.
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: `test-output/organization-report-${WIDE}.png` });
    const phone = await context.browser()!.newContext({ viewport: { width: PHONE, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const small = await phone.newPage();
      await small.goto(reportUrl, { waitUntil: "load" });
      expect(await small.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE);
      expect(await small.locator("#unreadable-accounts").isVisible()).toBe(true);
      await small.screenshot({ path: `test-output/organization-report-${PHONE}.png` });
    } finally {
      await phone.close();
    }
  });
});
