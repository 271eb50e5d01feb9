import { beforeAll, describe, expect, it } from "@jest/globals";
import { allRules } from "../../../rules/index.js";
import type { AccountRun, AuditReport } from "../../../src/publish/report/audit-report.js";
import type { FilterEntry } from "../../../src/publish/report/html-filters.js";
import { CHART_ACCOUNTS } from "../../../src/publish/report/html-organization.js";
import { renderHtml } from "../../../src/publish/report/html.js";
import { organizationReport } from "../../../src/publish/report/organization-report.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { CALLER, PRODUCTION, SANDBOX, SKIPPED, STAGING, organizationDemo } from "./organization-fixtures.js";

const tempDir = temporaryDirectories("driftwarden-org-html-");
let report: AuditReport & { accounts: AccountRun[] };
let page: string;

beforeAll(async () => {
  report = (await organizationDemo(await tempDir())).report as typeof report;
  page = renderHtml(report, allRules);
});

/** An element's markup from its opening tag (found by `start`) to the end of the section it opens. */
function sectionOf(html: string, start: string): string {
  const at = html.indexOf(start);
  expect(at).toBeGreaterThan(-1);
  let depth = 0;
  const tags = /<(\/?)section\b[^>]*>/g;
  tags.lastIndex = at;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(at, m.index + m[0].length);
  }
  throw new Error(`unclosed section at ${start}`);
}

/** The bar groups of the accounts chart, each as its tooltip's text. */
function chartGroups(html: string): string[] {
  const start = html.indexOf('aria-labelledby="chart-accounts-title');
  const chart = html.slice(start, html.indexOf("</svg>", start));
  return [...chart.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]!);
}

describe("renderHtml of an organization run", () => {
  it("names the organization run in the title and the header", () => {
    expect(page).toContain(`<title>driftwarden audit of an organization from ${CALLER} (3 accounts) — 2026-11-22 02:00:00 UTC</title>`);
    expect(page).toContain("<h1>driftwarden audit of an organization</h1>");
    expect(page).toContain("<dt>Accounts</dt><dd>3 accounts (1 complete, 1 partial, 1 unreadable), 1 skipped</dd>");
  });

  it("calls out the account it could not read above everything else, with why", () => {
    const alert = sectionOf(page, '<section class="alert" id="unreadable-accounts">');
    expect(alert).toContain("<h2>1 account could not be read</h2>");
    expect(alert).toContain(`<a href="#account-${SANDBOX.accountId}"><code>${SANDBOX.accountId}</code> sandbox</a>: account ${SANDBOX.accountId}: cannot assume`);
    expect(page.indexOf('id="unreadable-accounts"')).toBeLessThan(page.indexOf('id="accounts"'));
  });

  it("summarizes each account in a table, linking to its section", () => {
    const overview = sectionOf(page, '<section id="accounts">');
    const rows = [...overview.matchAll(/<tr(?: class="unreadable")?><td class="nowrap"><a href="#account-(\d{12})">/g)].map((m) => m[1]);
    expect(rows).toEqual(report.accounts.map((a) => a.accountId));
    const production = overview.slice(overview.indexOf(`#account-${PRODUCTION.accountId}`));
    const cells = [...production.slice(0, production.indexOf("</tr>")).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(["production", "6", "29", "27", "15", "0", "1 / 2 / 5", "3 / 7 / 3", "0"]);
    expect(overview).toContain(`<tr class="unreadable"><td class="nowrap"><a href="#account-${SANDBOX.accountId}">`);
    expect(overview).toContain(`<h3>Skipped (1)</h3>`);
    expect(overview).toContain(`<li><code>${SKIPPED.accountId}</code> ${SKIPPED.name}: ${SKIPPED.reason}</li>`);
  });

  it("draws one bar group per account, the most failing first, the unreadable one marked", () => {
    expect(chartGroups(page)).toEqual([
      `${PRODUCTION.accountId} production: 77 (6 critical, 29 high, 27 medium, 15 low)`,
      `${SANDBOX.accountId} sandbox: 70 (5 critical, 24 high, 26 medium, 15 low), unreadable`,
      `${STAGING.accountId} staging &amp; QA &lt;eu&gt;: 64 (5 critical, 23 high, 23 medium, 13 low)`,
    ]);
  });

  it(`draws at most ${CHART_ACCOUNTS} accounts, and says which`, () => {
    const many = Array.from({ length: CHART_ACCOUNTS + 5 }, (_, i): AccountRun => ({ ...report.accounts[0]!, accountId: String(100000000000 + i), name: `account-${i}` }));
    const html = renderHtml({ ...report, accounts: many }, allRules);
    expect(chartGroups(html)).toHaveLength(CHART_ACCOUNTS);
    expect(html).toContain(`Failing findings per account (the ${CHART_ACCOUNTS} most failing of ${CHART_ACCOUNTS + 5})`);
  });

  it("gives each account a section with its own findings, changes and errors", () => {
    for (const account of report.accounts) {
      const section = sectionOf(page, `<section class="account" id="account-${account.accountId}" data-account="${account.accountId}">`);
      const rows = [...section.matchAll(/data-finding="(\d+)"/g)].map((m) => Number(m[1]));
      const listed = report.findings.filter((f) => f.resource.accountId === account.accountId && ["FAIL", "ERROR", "SUPPRESSED"].includes(f.status));
      expect(rows).toHaveLength(listed.length);
    }
    const production = sectionOf(page, `<section class="account" id="account-${PRODUCTION.accountId}"`);
    expect(production).toContain(`<section id="drift-${PRODUCTION.accountId}">`);
    expect(production).toContain("<h3>What changed since the last run</h3>");
    expect(production).toContain(`<h3>Failing findings (77)</h3>`);
    const staging = sectionOf(page, `<section class="account" id="account-${STAGING.accountId}"`);
    expect(staging).toContain(`<section class="alert" id="collection-errors-${STAGING.accountId}">`);
    expect(staging).toContain("This is the account's first recorded run");
    const sandbox = sectionOf(page, `<section class="account" id="account-${SANDBOX.accountId}"`);
    expect(sandbox).toContain("<strong>Not read:</strong>");
    expect(sandbox).toContain("Its findings below stand as of its last run; none is reported resolved.");
  });

  it("tells every row's account to the filter, and offers the accounts by id and name", () => {
    const data = page.match(/<script type="application\/json" id="report-data">([^<]*)<\/script>/)![1]!;
    const entries = (JSON.parse(data) as { findings: FilterEntry[] }).findings;
    const listed = report.findings.filter((f) => ["FAIL", "ERROR", "SUPPRESSED"].includes(f.status));
    expect(entries.map((e) => e.account)).toEqual(listed.map((f) => f.resource.accountId));
    const select = page.slice(page.indexOf('<select name="account">'), page.indexOf("</select>", page.indexOf('<select name="account">')));
    expect([...select.matchAll(/<option value="(\d*)">([^<]*)<\/option>/g)].map((m) => [m[1], m[2]])).toEqual([
      ["", "all"],
      [PRODUCTION.accountId, `${PRODUCTION.accountId} production (77)`],
      [STAGING.accountId, `${STAGING.accountId} staging &amp; QA &lt;eu&gt; (64)`],
      [SANDBOX.accountId, `${SANDBOX.accountId} sandbox (70)`],
    ]);
  });

  it("renders a run whose every account was skipped", () => {
    const none = organizationReport([], { runId: "run-none", callerAccountId: CALLER, startedAt: "2026-11-22T02:00:00.000Z", finishedAt: "2026-11-22T02:00:01.000Z", skipped: [SKIPPED] });
    const html = renderHtml(none, allRules);
    expect(chartGroups(html)).toEqual([]);
    expect(html).toContain("no account audited");
    expect(html).toContain(`<li><code>${SKIPPED.accountId}</code> ${SKIPPED.name}: ${SKIPPED.reason}</li>`);
    expect(html).not.toContain('id="unreadable-accounts"');
  });

  it("shows an account name holding markup as text", () => {
    expect(page).not.toContain(STAGING.name);
    expect(page).toContain("staging &amp; QA &lt;eu&gt;");
  });
});
