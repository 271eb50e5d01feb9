/**
 * The demo account's HTML report as a person sees it and works in it:
 * rendered by headless Chromium from a file, with every console message, page
 * error, dialog and request recorded; filtered, searched and sorted through
 * its script; read without script; and full-page screenshots at 1400 px and
 * at a phone's 390 px kept in test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import YAML from "yaml";
import { allRules } from "../../../rules/index.js";
import { defaultConfig } from "../../../src/config/config.js";
import type { AuditReport, RunSummary } from "../../../src/publish/report/audit-report.js";
import { renderHtml } from "../../../src/publish/report/html.js";
import { formatValue, groupBy } from "../../../src/publish/report/presentation.js";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { runAudit } from "../../../src/run-audit.js";
import { readSnapshot } from "../../../src/snapshot/snapshot-file.js";
import type { Finding } from "../../../src/types/finding.js";
import { FINDING_STATUSES, SEVERITIES, severityRank } from "../../../src/types/finding.js";
import type { SecurityGroupAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { sg, tcp } from "../../support/builders.js";
import { CHROMIUM_LAUNCH_TIMEOUT_MS, browserTestsRun, launchChromium, withoutScript } from "../../support/chromium.js";

// Skipped, with a message, only on a developer machine without Chromium; in CI a missing Chromium fails.
const inChromium = browserTestsRun();
const describeInChromium = inChromium ? describe : describe.skip;

const SCRIPT = "<script>window.__xss=1</script>";
const IMG = '<img src=x onerror="window.__xss=2">';
const ALERT = "<img src=x onerror=alert(1)>";
const HOSTILE_NAME = `promo-debug ${SCRIPT}${IMG}${ALERT}`;
const HOSTILE_TAG = `${IMG}${SCRIPT}`;
const WIDE = 1400;
const PHONE = 390;
const screenshotPath = (width: number) => `test-output/html-report-${width}.png`;

let workDir: string;
let report: AuditReport;
let history: RunSummary[];
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const consoleMessages: { type: string; text: string }[] = [];
const pageErrors: Error[] = [];
const dialogs: string[] = [];
const requests: string[] = [];
let reportUrl: string;

/** A security group the next night brings, its Name tag and a tag value holding markup, SSH open so it fails. */
function hostileGroup(snapshot: Snapshot): ResourceRecord<SecurityGroupAttributes> {
  const group = sg({ id: "sg-0a1b2c3d4e5f600ff", name: "promo-debug", vpcId: "vpc-0a11b22c33d44e501", ingress: [tcp(22, "0.0.0.0/0")] });
  return {
    ...group,
    accountId: snapshot.accountId,
    region: snapshot.regions[0]!,
    arn: `arn:aws:ec2:${snapshot.regions[0]}:${snapshot.accountId}:security-group/${group.id}`,
    name: HOSTILE_NAME,
    tags: { Name: HOSTILE_NAME, team: HOSTILE_TAG },
  };
}

/** Two nights of the demo account through the pipeline as the CLI runs it, with its file store; the report of the second and the runs stored. */
async function demoReport(stateDir: string): Promise<{ report: AuditReport; history: RunSummary[] }> {
  const config = defaultConfig(allRules);
  const first = await readSnapshot("examples/webapp-account.json");
  const next = await readSnapshot("examples/webapp-account-next.json");
  next.resources.push(hostileGroup(next) as unknown as ResourceRecord);
  let report: AuditReport | undefined;
  let store: FileFindingsStore | undefined;
  for (const [runId, snapshot] of [["night-1", first], ["night-2", next]] as const) {
    const startedAt = new Date(snapshot.takenAt);
    const now = new Date(startedAt.getTime() + 72_000);
    store = new FileFindingsStore({ directory: stateDir, now: () => now });
    ({ report } = await runAudit({ snapshot, config, runId, startedAt, now, store }));
  }
  return { report: report!, history: await store!.listRuns(report!.run.accountId) };
}

/** The findings the page lists row by row; passing ones are counted per rule. */
function listed(): Finding[] {
  return report.findings.filter((f) => ["FAIL", "ERROR", "SUPPRESSED"].includes(f.status));
}

const findingRows = () => page.locator("tr[data-finding]");

async function visibleRows(): Promise<number> {
  return findingRows().filter({ visible: true }).count();
}

async function clearFilters(): Promise<void> {
  await page.getByRole("button", { name: "Clear" }).click();
  await countSays(`all ${listed().length} findings`);
}

/** Waits for the count the script writes after each change: the filtering has then run. */
async function countSays(text: string): Promise<void> {
  await page.locator("#filters-count", { hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** Runs in the page; the tests are compiled without the DOM library, hence the cast. */
function displayOf(element: unknown): string {
  return (globalThis as unknown as { getComputedStyle(element: unknown): { display: string } }).getComputedStyle(element).display;
}

async function fullPageScreenshot(target: Page, width: number): Promise<void> {
  await mkdir("test-output", { recursive: true });
  const path = screenshotPath(width);
  await target.screenshot({ path, fullPage: true });
  const png = await readFile(path);
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  // IHDR: width and height as big-endian integers at bytes 16 and 20.
  const bodyHeight = (await target.locator("body").boundingBox())!.height;
  expect(png.readUInt32BE(16)).toBe(width);
  expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(Math.floor(bodyHeight));
  expect(png.length).toBeGreaterThan(50_000);
}

/** The name assistive technology announces, read from the ARIA snapshot: YAML `- img "name"`, or `- img "name": text` when it holds text. */
async function accessibleName(chart: Locator): Promise<string> {
  const [node] = YAML.parse(await chart.ariaSnapshot()) as (string | Record<string, unknown>)[];
  const entry = typeof node === "string" ? node : Object.keys(node ?? {})[0];
  expect(entry).toMatch(/^img "/);
  return JSON.parse(entry!.slice("img ".length)) as string;
}

async function expectVisibleBox(chart: Locator): Promise<void> {
  const box = await chart.boundingBox();
  expect(box?.width).toBeGreaterThan(0);
  expect(box?.height).toBeGreaterThan(0);
}

/** The rows of one modified resource in the drift table: its first row spans the others. */
async function modifiedRows(resourceId: string): Promise<{ path: string; before: string; after: string }[]> {
  const first = page.locator("#drift tr", { has: page.locator("td[rowspan]", { hasText: resourceId }) });
  expect(await first.count()).toBe(1);
  const span = Number(await first.locator("td[rowspan]").getAttribute("rowspan"));
  const rows = [first, ...Array.from({ length: span - 1 }, (_, i) => first.locator(`xpath=following-sibling::tr[${i + 1}]`))];
  return Promise.all(
    rows.map(async (row) => {
      const [path, before, after] = (await row.locator("td").allInnerTexts()).slice(-3).map((text) => text.trim());
      return { path: path!, before: before!, after: after! };
    }),
  );
}

beforeAll(async () => {
  if (!inChromium) return;
  workDir = await mkdtemp(join(tmpdir(), "driftwarden-html-browser-"));
  ({ report, history } = await demoReport(join(workDir, "state")));
  const file = join(workDir, "report.html");
  await writeFile(file, renderHtml(report, allRules, { history }));
  reportUrl = pathToFileURL(file).href;

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => consoleMessages.push({ type: message.type(), text: message.text() }));
  page.on("pageerror", (error) => pageErrors.push(error));
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(reportUrl, { waitUntil: "load" });
}, CHROMIUM_LAUNCH_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await browser?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describeInChromium("the demo account's HTML report in Chromium", () => {
  it("loads without console errors or page errors", () => {
    expect(consoleMessages.filter((m) => m.type === "error")).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("requests nothing but its own file", () => {
    expect(requests).toEqual([reportUrl]);
  });

  it("draws the severity, status and service charts as labelled SVG", async () => {
    const { bySeverity, byStatus } = report.run.counts;
    const failing = report.findings.filter((f) => f.status === "FAIL");
    const serviceOf = new Map(allRules.map((r) => [r.id, r.service]));
    const byService = [...groupBy(failing, (f) => serviceOf.get(f.ruleId))].map(([service, fs]) => `${service}: ${fs.length}`);
    expect(byService.length).toBeGreaterThan(1);
    const charts = [
      { title: "Failing findings by severity", counts: SEVERITIES.map((s) => `${s}: ${bySeverity[s]}`), bars: SEVERITIES.filter((s) => bySeverity[s] > 0).length },
      { title: "Findings by status", counts: [`failed: ${byStatus.FAIL}`, `passed: ${byStatus.PASS}`], bars: FINDING_STATUSES.filter((s) => byStatus[s] > 0).length },
      { title: "Failing findings by service", counts: byService, bars: byService.length },
    ];
    for (const { title, counts, bars } of charts) {
      const chart = page.getByRole("img", { name: new RegExp(`^${title}`) });
      expect(await chart.and(page.locator("svg")).count()).toBe(1);
      await expectVisibleBox(chart);
      const name = await accessibleName(chart);
      for (const count of counts) expect(name).toContain(count);
      const drawn = await Promise.all((await chart.locator("rect").all()).map(async (rect) => (await rect.boundingBox())?.width ?? 0));
      expect(drawn.filter((width) => width > 0)).toHaveLength(bars);
    }
  });

  it("draws the trend of failing findings over the stored runs", async () => {
    expect(history.map((r) => r.id)).toEqual(["night-2", "night-1"]);
    const chart = page.getByRole("img", { name: /^Failing findings over the last 2 runs/ });
    await expectVisibleBox(chart);
    const name = await accessibleName(chart);
    for (const run of history) {
      const failing = SEVERITIES.reduce((n, s) => n + run.counts.bySeverity[s], 0);
      expect(name).toContain(`${failing} failing (${SEVERITIES.map((s) => `${run.counts.bySeverity[s]} ${s}`).join(", ")})`);
    }
    const columns = await chart.locator("g").count();
    expect(columns).toBe(2);
  });

  it("puts what changed since the last run right under the summary, above the overview and the findings", async () => {
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top("#drift")).toBeGreaterThan(await top("header .summary"));
    expect(await top("#drift")).toBeLessThan(await top("#overview"));
    expect(await top("#overview")).toBeLessThan(await top("#failing"));
    const changes = page.locator("#drift table").first().locator("tbody tr");
    expect(await changes.count()).toBe(report.transitions!.filter((t) => t.kind !== "PERSISTING").length);
    expect(await changes.first().isVisible()).toBe(true);
  });

  it("shows the failing findings first: SSH open on bastion and app-tier, legacy-mysql public", async () => {
    const ssh = page.locator("#failing-ec2-ssh-restricted");
    for (const group of ["bastion", "app-tier"]) {
      const row = ssh.locator("tbody tr", { has: page.locator("strong", { hasText: new RegExp(`^${group}$`) }) });
      expect(await row.count()).toBe(1);
      expect(await row.isVisible()).toBe(true);
      expect(await row.innerText()).toMatch(/tcp\/22 from 0\.0\.0\.0\/0/);
    }
    const rds = page.locator("#failing-rds-not-public tbody tr", { hasText: "legacy-mysql" });
    expect(await rds.count()).toBe(1);
    expect(await rds.isVisible()).toBe(true);

    const failingTop = (await page.locator("#failing").boundingBox())!.y;
    const passingTop = (await page.locator("#passing").boundingBox())!.y;
    expect((await ssh.boundingBox())!.y).toBeGreaterThan(failingTop);
    expect(passingTop).toBeGreaterThan((await rds.boundingBox())!.y);
    expect(passingTop).toBeGreaterThan((await ssh.boundingBox())!.y);
  });

  it("gives a failing row the rule's commands with its own resource id", async () => {
    const rds = page.locator("#failing-rds-not-public tbody tr", { hasText: "legacy-mysql" });
    const commands = rds.locator("details.fix");
    expect(await commands.locator("pre").isVisible()).toBe(false);
    await commands.locator("summary").click();
    expect(await commands.locator("pre").innerText()).toBe("aws rds modify-db-instance --region us-east-1 --db-instance-identifier legacy-mysql --no-publicly-accessible --apply-immediately");
    await commands.locator("summary").click();
  });

  it("lists the added distribution and orders-db's changes with before and after values", async () => {
    const added = page.locator("#drift h4", { hasText: /^Added$/ }).locator("xpath=following-sibling::div[1]//table");
    expect(await added.locator("tbody tr", { hasText: "E4PROMO5EXAMPLE" }).isVisible()).toBe(true);

    const ordersDb = report.drift!.modified.find((m) => m.resource.id === "orders-db")!;
    expect(ordersDb.changes.length).toBeGreaterThan(0);
    const rows = await modifiedRows("orders-db");
    expect(rows).toEqual(ordersDb.changes.map((c) => ({ path: c.path, before: formatValue(c.before), after: formatValue(c.after) })));
    expect(rows).toContainEqual({ path: "attributes.multiAZ", before: "true", after: "false" });
  });

  it("shows the filters once its script runs, with every finding listed", async () => {
    expect(await page.locator("#filters").isVisible()).toBe(true);
    await countSays(`all ${listed().length} findings`);
    expect(await findingRows().count()).toBe(listed().length);
    expect(await visibleRows()).toBe(listed().length);
  });

  it("filters by severity: as many rows as the report has findings of it, rules without one hidden", async () => {
    for (const severity of ["high", "critical"] as const) {
      const expected = listed().filter((f) => f.severity === severity);
      expect(expected.length).toBeGreaterThan(0);
      await page.locator('select[name="severity"]').selectOption(severity);
      await countSays(`${expected.length} of ${listed().length} findings`);
      expect(await visibleRows()).toBe(expected.length);
      for (const badge of await findingRows().filter({ visible: true }).locator("td.inline .badge").all()) expect(await badge.innerText()).toBe(severity.toUpperCase());
      const rules = new Set(expected.map((f) => f.ruleId));
      expect(await page.locator("#failing article.rule").filter({ visible: true }).count()).toBe(rules.size);
    }
    await clearFilters();
    expect(await visibleRows()).toBe(listed().length);
  });

  it("filters by rule, and by rule and severity together", async () => {
    const ruleId = "ec2-ssh-restricted";
    const ofRule = listed().filter((f) => f.ruleId === ruleId);
    await page.locator('select[name="rule"]').selectOption(ruleId);
    await countSays(`${ofRule.length} of ${listed().length} findings`);
    expect(await visibleRows()).toBe(ofRule.length);
    expect(await page.locator("article.rule").filter({ visible: true }).evaluateAll((articles) => articles.map((a) => a.id))).toEqual([`failing-${ruleId}`]);

    const medium = ofRule.filter((f) => f.severity === "medium");
    expect(medium.length).toBeGreaterThan(0);
    expect(medium.length).toBeLessThan(ofRule.length);
    await page.locator('select[name="severity"]').selectOption("medium");
    await countSays(`${medium.length} of ${listed().length} findings`);
    expect(await visibleRows()).toBe(medium.length);

    // A filter that leaves a section empty says so.
    await page.locator('select[name="severity"]').selectOption("critical");
    await countSays(`0 of ${listed().length} findings`);
    expect(await page.locator("#failing .no-match").isVisible()).toBe(true);
    await clearFilters();
    expect(await page.locator("#failing .no-match").isVisible()).toBe(false);
  });

  it("searches resource ids, names and reasons, every word, in any case", async () => {
    const matching = (...words: string[]) =>
      listed().filter((f) => words.every((w) => [f.resource.id, f.resource.name ?? "", f.reason].join(" ").toLowerCase().includes(w.toLowerCase())));
    for (const words of [["legacy-mysql"], ["APP-TIER", "ssh"], ["sg-0a1b2c3d4e5f60004"]]) {
      const expected = matching(...words);
      expect(expected.length).toBeGreaterThan(0);
      await page.locator('input[name="q"]').fill(words.join(" "));
      await countSays(`${expected.length} of ${listed().length} findings`);
      expect(await visibleRows()).toBe(expected.length);
      for (const text of await findingRows().filter({ visible: true }).allInnerTexts()) for (const word of words) expect(text.toLowerCase()).toContain(word.toLowerCase());
    }
    await clearFilters();
  });

  it("sorts a table by the column clicked, and back the other way", async () => {
    const [ruleId, group] = [...groupBy(listed().filter((f) => f.status === "FAIL"), (f) => f.ruleId)].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(group.length).toBeGreaterThan(2);
    const table = page.locator(`#failing-${ruleId} table`);
    const names = () => table.locator("tbody tr td:first-child strong").allInnerTexts();
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const ascending = group.map((f) => f.resource.name || f.resource.id).sort(collator.compare);

    const resource = table.getByRole("button", { name: "Resource" });
    const header = resource.locator("xpath=..");
    await resource.click();
    expect(await header.getAttribute("aria-sort")).toBe("ascending");
    expect(await names()).toEqual(ascending);
    await resource.click();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    expect(await names()).toEqual([...ascending].reverse());

    // Severity sorts most severe first, not alphabetically.
    const severities = page.locator("#failing-ec2-ssh-restricted tbody tr td.inline .badge");
    await page.locator("#failing-ec2-ssh-restricted").getByRole("button", { name: "Severity" }).click();
    const ranks = (await severities.allInnerTexts()).map((s) => severityRank(s.toLowerCase() as Finding["severity"]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(1);
  });

  it("shows markup from AWS values as text and runs none of it, searched for or not", async () => {
    const check = async () => {
      expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator("img").count()).toBe(0);
      // The data block and the page's own script.
      expect(await page.locator("script").count()).toBe(2);
      expect(dialogs).toEqual([]);
    };
    await check();
    const name = page.locator("#failing-ec2-ssh-restricted strong", { hasText: SCRIPT });
    expect(await name.innerText()).toBe(HOSTILE_NAME);
    expect(await name.isVisible()).toBe(true);
    const tag = page.locator("#failing-ec2-ssh-restricted .tag", { hasText: `team=${HOSTILE_TAG}` });
    expect(await tag.isVisible()).toBe(true);

    const hostile = listed().filter((f) => f.resource.name === HOSTILE_NAME);
    expect(hostile.length).toBeGreaterThan(0);
    await page.locator('input[name="q"]').fill(ALERT);
    await countSays(`${hostile.length} of ${listed().length} findings`);
    for (const text of await findingRows().filter({ visible: true }).locator("strong").allInnerTexts()) expect(text).toBe(HOSTILE_NAME);
    await check();
    await clearFilters();
  });

  it("lists every finding without script, and shows no controls that would do nothing", async () => {
    await withoutScript(context.browser()!, reportUrl, WIDE, async (without) => {
      expect(await without.locator("tr[data-finding]").filter({ visible: true }).count()).toBe(listed().length);
      expect(await without.locator("#filters").isVisible()).toBe(false);
      expect(await without.locator("th button").count()).toBe(0);
    });
  });

  it("saves a full-page screenshot at 1400 px", async () => {
    await fullPageScreenshot(page, WIDE);
  });

  it("reads on a 390 px phone: no sideways scrolling, findings as cards, filters at hand; saves a screenshot", async () => {
    const phone = await context.browser()!.newContext({ viewport: { width: PHONE, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const small = await phone.newPage();
      const errors: Error[] = [];
      small.on("pageerror", (error) => errors.push(error));
      await small.goto(reportUrl, { waitUntil: "load" });
      // An expression run in the page: the tests are compiled without the DOM library.
      expect(await small.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE);
      const row = small.locator("tr[data-finding]").first();
      expect(await row.evaluate(displayOf)).toBe("block");
      expect((await row.boundingBox())!.width).toBeLessThanOrEqual(PHONE);
      expect(await small.locator("#filters").isVisible()).toBe(true);
      await small.locator('select[name="severity"]').selectOption("critical");
      const critical = listed().filter((f) => f.severity === "critical").length;
      await small.locator("#filters-count", { hasText: new RegExp(`^${critical} of `) }).waitFor();
      expect(await small.locator("tr[data-finding]").filter({ visible: true }).count()).toBe(critical);
      await small.getByRole("button", { name: "Clear" }).click();
      await small.locator("#filters-count", { hasText: /^all / }).waitFor();
      expect(errors).toEqual([]);
      await fullPageScreenshot(small, PHONE);
    } finally {
      await phone.close();
    }
  });
});
