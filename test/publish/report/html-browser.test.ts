/**
 * The demo account's HTML report as a person sees it: rendered by headless
 * Chromium from a file, with every console message, page error and request
 * recorded, and a full-page screenshot kept in test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import YAML from "yaml";
import { allRules } from "../../../rules/index.js";
import { defaultConfig } from "../../../src/config/config.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { renderHtml } from "../../../src/publish/report/html.js";
import { formatValue, groupBy } from "../../../src/publish/report/presentation.js";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { runAudit } from "../../../src/run-audit.js";
import { readSnapshot } from "../../../src/snapshot/snapshot-file.js";
import { FINDING_STATUSES, SEVERITIES } from "../../../src/types/finding.js";
import type { SecurityGroupAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { sg, tcp } from "../../support/builders.js";
import { CHROMIUM_SETUP_TIMEOUT_MS, launchChromium } from "../../support/chromium.js";

const SCRIPT = "<script>window.__xss=1</script>";
const IMG = '<img src=x onerror="window.__xss=2">';
const HOSTILE_NAME = `promo-debug ${SCRIPT}${IMG}`;
const HOSTILE_TAG = `${IMG}${SCRIPT}`;
const SCREENSHOT = "test-output/html-report.png";

let workDir: string;
let report: AuditReport;
let browser: Browser | undefined;
let page: Page;
const consoleMessages: { type: string; text: string }[] = [];
const pageErrors: Error[] = [];
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

/** Two nights of the demo account through the pipeline as the CLI runs it, with its file store; the report of the second. */
async function demoReport(stateDir: string): Promise<AuditReport> {
  const config = defaultConfig(allRules);
  const first = await readSnapshot("examples/webapp-account.json");
  const next = await readSnapshot("examples/webapp-account-next.json");
  next.resources.push(hostileGroup(next) as unknown as ResourceRecord);
  let report: AuditReport | undefined;
  for (const [runId, snapshot] of [["night-1", first], ["night-2", next]] as const) {
    const startedAt = new Date(snapshot.takenAt);
    const now = new Date(startedAt.getTime() + 72_000);
    const store = new FileFindingsStore({ directory: stateDir, now: () => now });
    ({ report } = await runAudit({ snapshot, config, runId, startedAt, now, store }));
  }
  return report!;
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
  workDir = await mkdtemp(join(tmpdir(), "driftwarden-html-browser-"));
  report = await demoReport(join(workDir, "state"));
  const file = join(workDir, "report.html");
  await writeFile(file, renderHtml(report, allRules));
  reportUrl = pathToFileURL(file).href;

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => consoleMessages.push({ type: message.type(), text: message.text() }));
  page.on("pageerror", (error) => pageErrors.push(error));
  await page.goto(reportUrl, { waitUntil: "load" });
}, CHROMIUM_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the demo account's HTML report in Chromium", () => {
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

  it("lists the added distribution and orders-db's changes with before and after values", async () => {
    const added = page.locator("#drift h3", { hasText: /^Added$/ }).locator("xpath=following-sibling::table[1]");
    expect(await added.locator("tbody tr", { hasText: "E4PROMO5EXAMPLE" }).isVisible()).toBe(true);

    const ordersDb = report.drift!.modified.find((m) => m.resource.id === "orders-db")!;
    expect(ordersDb.changes.length).toBeGreaterThan(0);
    const rows = await modifiedRows("orders-db");
    expect(rows).toEqual(ordersDb.changes.map((c) => ({ path: c.path, before: formatValue(c.before), after: formatValue(c.after) })));
    expect(rows).toContainEqual({ path: "attributes.multiAZ", before: "true", after: "false" });
  });

  it("shows markup from AWS values as text and runs none of it", async () => {
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator("script, img").count()).toBe(0);
    const name = page.locator("#failing-ec2-ssh-restricted strong", { hasText: SCRIPT });
    expect(await name.innerText()).toBe(HOSTILE_NAME);
    expect(await name.isVisible()).toBe(true);
    const tag = page.locator("#failing-ec2-ssh-restricted .tag", { hasText: `team=${HOSTILE_TAG}` });
    expect(await tag.isVisible()).toBe(true);
  });

  it("saves a full-page screenshot", async () => {
    await mkdir("test-output", { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = await readFile(SCREENSHOT);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    // IHDR: width and height as big-endian integers at bytes 16 and 20.
    const bodyHeight = (await page.locator("body").boundingBox())!.height;
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(Math.floor(bodyHeight));
    expect(png.length).toBeGreaterThan(50_000);
  });
});
