import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import type { RunSummary } from "../../../src/publish/report/audit-report.js";
import { renderHtml } from "../../../src/publish/report/html.js";
import type { FilterEntry } from "../../../src/publish/report/html-filters.js";
import { escapeHtml } from "../../../src/publish/report/html-markup.js";
import { causeLine } from "../../../src/publish/report/presentation.js";
import type { ChangeCause } from "../../../src/types/cause.js";
import { REGION, auditReport, hostileSg, longNameSg, ordersDb, rdsAccessDenied, rdsNotPublic, rules } from "./fixtures.js";

const SCRIPT_NAME = "<script>alert(1)</script>";
const HOSTILE_TAG = '"><img src=x onerror=alert(2)>';

/** The page's script elements: the data block and the one inline script, each with its exact text. */
function scripts(page: string): { attributes: string; text: string }[] {
  return [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attributes: m[1]!, text: m[2]! }));
}

function filterData(page: string): FilterEntry[] {
  const data = scripts(page).find((s) => s.attributes.includes('type="application/json"'));
  return (JSON.parse(data!.text) as { findings: FilterEntry[] }).findings;
}

/** A run of the account on the given day, `failing` high findings. */
function pastRun(day: string, failing: number, status: RunSummary["status"] = "complete"): RunSummary {
  const run = auditReport().run;
  return {
    ...run,
    id: `run-${day}`,
    startedAt: `${day}T02:00:00.000Z`,
    finishedAt: `${day}T02:01:00.000Z`,
    status,
    counts: { ...run.counts, bySeverity: { critical: 0, high: failing, medium: 0, low: 0, info: 0 } },
  };
}

function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf("</section>", start));
}

describe("renderHtml", () => {
  const report = auditReport();
  const page = renderHtml(report, rules);

  it("renders a name and a tag holding markup as text", () => {
    expect(hostileSg.name).toBe(SCRIPT_NAME);
    expect(page).not.toContain(SCRIPT_NAME);
    expect(page).not.toContain("<img");
    // The data block and the page's own script, none from a value.
    expect(page.match(/<script/gi)).toHaveLength(2);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain(`team=${escapeHtml(HOSTILE_TAG)}`);
    expect(escapeHtml(HOSTILE_TAG)).toBe("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("escapes values in reasons, evidence, drift and errors too", () => {
    const hostileReport = auditReport();
    hostileReport.findings[0] = { ...hostileReport.findings[0]!, reason: "</td><script>x()</script>", evidence: { note: "<b>bold</b>" } };
    hostileReport.errors = [{ ...rdsAccessDenied, message: "<iframe src=//evil>" }];
    hostileReport.drift!.modified[1]!.changes.push({ path: "tags.<x>", before: "<s>", after: "</pre>" });
    const text = renderHtml(hostileReport, rules);
    for (const raw of ["<b>", "<iframe", "<x>", "<s>"]) expect(text).not.toContain(raw);
    expect(text.match(/<script/gi)).toHaveLength(2);
    expect(text).toContain("<pre>&quot;&lt;/pre&gt;&quot;</pre>");
    expect(text).toContain("&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;");
    expect(text).toContain("&lt;iframe src=//evil&gt;");
  });

  it("says who made a change as text, and links its event only in a region's own CloudTrail console", () => {
    const attributed = auditReport();
    const hostile: ChangeCause = {
      eventId: '"><script>x()</script>',
      eventName: "AuthorizeSecurityGroupIngress<b>",
      eventSource: "ec2.amazonaws.com",
      eventTime: "2026-11-01T01:12:00Z",
      region: REGION,
      actor: { type: "AssumedRole", name: SCRIPT_NAME, role: HOSTILE_TAG },
      sourceIpAddress: "198.51.100.7",
    };
    attributed.transitions![0] = { ...attributed.transitions![0]!, cause: hostile };
    attributed.drift!.modified[0] = { ...attributed.drift!.modified[0]!, cause: { ...hostile, region: "evil.example/x" } };
    attributed.drift!.removed[0] = { ...attributed.drift!.removed[0]!, cause: { ...hostile, eventId: "e-1", actor: { type: "Root", name: "root" } } };
    const text = renderHtml(attributed, rules);
    for (const raw of ["<b>", "<img", SCRIPT_NAME]) expect(text).not.toContain(raw);
    expect(text.match(/<script/gi)).toHaveLength(2);
    expect(text).toContain(`<span class="cause">${escapeHtml(causeLine(hostile))}</span> <a href="https://${REGION}.console.aws.amazon.com/cloudtrailv2/home?region=${REGION}#/events/%22%3E%3Cscript%3Ex()%3C%2Fscript%3E" target="_blank" rel="noopener noreferrer">`);
    expect(text).toContain(`<span class="cause">${escapeHtml(causeLine({ ...hostile, region: "evil.example/x" }))}</span></td>`);
    expect(text).toContain(`<td><span class="cause">by root at 2026-11-01 01:12 UTC, AuthorizeSecurityGroupIngress&lt;b&gt; from 198.51.100.7</span> <a href="https://${REGION}.console.aws.amazon.com/cloudtrailv2/home?region=${REGION}#/events/e-1"`);
    // A table gains its "Changed by" column only once something in it was named: Removed and Modified here, not Added.
    expect(section(text, "drift").match(/<th>Changed by<\/th>/g)).toHaveLength(2);
    expect(section(page, "drift")).not.toContain("Changed by");
  });

  it("is self-contained: one script allowed by its hash, no external resource, and a policy that forbids requests", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    const [data, script] = scripts(page);
    expect(data!.attributes).toBe(' type="application/json" id="report-data"');
    expect(script!.attributes).toBe("");
    const hash = createHash("sha256").update(script!.text).digest("base64");
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'">`);
    // The script builds nothing from markup; it reads the data as text.
    expect(script!.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(script!.text).toContain("JSON.parse(source.textContent)");
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/@import|url\(/i);
    // The only links are to the page's own sections.
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#/);
  });

  it("shows account, regions, times and duration", () => {
    expect(page).toContain(`<code>${report.run.accountId}</code>`);
    expect(page).toContain("us-east-1, eu-west-1");
    expect(page).toContain(`<time datetime="${report.run.startedAt}">2026-11-01 02:00:00 UTC</time>`);
    expect(page).toContain(`<time datetime="${report.run.finishedAt}">2026-11-01 02:01:12 UTC</time>`);
    expect(page).toContain("<dt>Duration</dt><dd>1 min 12 s</dd>");
  });

  it("draws SVG charts by severity, status and service, with the counts as text", () => {
    const charts = [...page.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts).toHaveLength(3);
    const [severity, status, service] = charts as [string, string, string];
    expect(severity).toContain("Failing findings by severity");
    expect(severity).toContain(`<title>critical: ${report.run.counts.bySeverity.critical}</title>`);
    expect(severity).toContain(`<title>high: ${report.run.counts.bySeverity.high}</title>`);
    expect(status).toContain(`<title>passed: ${report.run.counts.byStatus.PASS}</title>`);
    const failingRds = report.findings.filter((f) => f.status === "FAIL" && f.ruleId.startsWith("rds-")).length;
    expect(service).toContain(`<title>rds: ${failingRds}</title>`);
    // Bars scale to the largest count.
    const widths = [...severity.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBe(150);
  });

  it("puts what changed right under the summary, then collection errors, before the overview and the findings", () => {
    const errors = page.indexOf('id="collection-errors"');
    expect(errors).toBeGreaterThan(-1);
    const changes = page.indexOf('<section id="drift"');
    expect(changes).toBeGreaterThan(page.indexOf('class="summary"'));
    expect(changes).toBeLessThan(errors);
    expect(errors).toBeLessThan(page.indexOf('id="overview"'));
    expect(errors).toBeLessThan(page.indexOf('id="failing"'));
    expect(page).toContain("<code>DescribeDBClusters</code>");
    expect(page).toContain("<code>AccessDenied</code>");
  });

  it("groups failing findings by rule with rationale, remediation, and each resource's reason and evidence", () => {
    const failing = section(page, "failing");
    const rule = failing.slice(failing.indexOf(`id="failing-${rdsNotPublic.id}"`));
    expect(rule).toContain(escapeHtml(rdsNotPublic.rationale));
    expect(rule).toContain(`<pre>${escapeHtml(rdsNotPublic.remediation)}</pre>`);
    expect(rule).toContain("orders-db");
    expect(rule).toContain("&quot;publiclyAccessible&quot;: true");
    // One block per rule: the two failing security groups share one.
    expect(failing.match(/id="failing-ec2-ssh-restricted"/g)).toHaveLength(1);
    expect(failing.indexOf("failing-rds-not-public")).toBeLessThan(failing.indexOf("failing-ec2-ssh-restricted"));
  });

  it("shows drift: added, removed, modified with before and after values, and transitions", () => {
    const drift = section(page, "drift");
    expect(drift).toContain("<h2>What changed since the last run</h2>");
    expect(drift.indexOf("<h3>Finding changes</h3>")).toBeLessThan(drift.indexOf("<h3>Resource drift</h3>"));
    expect(drift).toContain("<h4>Added</h4>");
    expect(drift).toContain(escapeHtml(SCRIPT_NAME));
    expect(drift).toContain("<h4>Removed</h4>");
    expect(drift).toContain("old-web-alb");
    expect(drift).toMatch(/<code>attributes\.multiAZ<\/code><\/td><td><pre>true<\/pre><\/td><td><pre>false<\/pre>/);
    expect(drift).toContain("<pre>(absent)</pre>");
    expect(drift).toContain("&quot;cidr&quot;: &quot;0.0.0.0/0&quot;");
    for (const kind of ["NEW", "REGRESSED", "RESOLVED"]) expect(drift).toContain(`">${kind}</span>`);
    expect(drift).not.toContain(">PERSISTING<");
    expect(drift).toContain("1 finding still failing from the previous run");
  });

  it("lists suppressed findings with reason, owner and expiry", () => {
    const suppressed = section(page, "suppressed");
    expect(suppressed).toContain(longNameSg.name!);
    expect(suppressed).toContain("<td>partner VPN range migration tracked in PAY-1432</td><td>platform-team</td><td class=\"nowrap\">2026-12-31</td>");
    expect(suppressed).not.toContain("Commands for this resource");
  });

  it("keeps passing and not-applicable counts in a collapsed <details>", () => {
    const passing = section(page, "passing");
    const { PASS, NOT_APPLICABLE } = report.run.counts.byStatus;
    expect(passing).toMatch(new RegExp(`<details><summary>${PASS} passed and ${NOT_APPLICABLE} not applicable across \\d+ rules</summary>`));
    expect(passing).toContain("<code class=\"muted\">rds-not-public</code></td><td>1</td><td>0</td>");
  });

  it("has no drift section without drift", () => {
    expect(renderHtml(auditReport({ withDrift: false }), rules)).not.toContain('id="drift"');
  });

  it("says a first run has nothing to compare with instead of listing every failure as new", () => {
    const first = renderHtml({ ...report, firstRun: true }, rules);
    const drift = section(first, "drift");
    expect(drift).toContain("first recorded run");
    expect(drift).not.toContain(">NEW</span>");
    expect(drift).not.toContain("still failing from the previous run");
  });

  it("gives the script one entry per listed finding, each row pointing at its own", () => {
    const entries = filterData(page);
    const listed = report.findings.filter((f) => ["FAIL", "ERROR", "SUPPRESSED"].includes(f.status));
    expect(entries).toHaveLength(listed.length);
    expect(new Set(entries.map((e) => e.status))).toEqual(new Set(["FAIL", "ERROR", "SUPPRESSED"]));
    const rows = [...page.matchAll(/<tr data-finding="(\d+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual(listed.map((_, i) => i));
    for (const [, index, row] of rows) {
      const entry = entries[Number(index)]!;
      expect(row).toContain(`data-sort="`);
      expect(row.toLowerCase()).toContain(entry.text.split(" ")[0]);
      expect(row).toContain(`badge sev-${entry.severity}`);
    }
    const hostile = entries.find((e) => e.text.includes(hostileSg.id))!;
    expect(hostile.text).toContain(SCRIPT_NAME.toLowerCase());
    expect(hostile).toMatchObject({ status: "FAIL", rule: "ec2-ssh-restricted", account: report.run.accountId });
  });

  it("keeps a value that would close the data block or open a comment inside it, as JSON escapes", () => {
    const breakout = "</script><script>alert(1)</script><!-- & -->";
    const hostileReport = auditReport();
    hostileReport.findings[0] = { ...hostileReport.findings[0]!, reason: breakout };
    const text = renderHtml(hostileReport, rules);
    const [data] = scripts(text);
    expect(data!.text).not.toMatch(/[<>&]/);
    expect(filterData(text).some((e) => e.text.includes(breakout))).toBe(true);
    expect(text.match(/<script/gi)).toHaveLength(2);
  });

  it("renders the filter form hidden, for the script to show, with an account filter only across accounts", () => {
    const form = page.slice(page.indexOf('<form id="filters"'), page.indexOf("</form>"));
    expect(form).toMatch(/^<form id="filters" class="filters" role="search" aria-label="Filter findings" hidden>/);
    for (const name of ["q", "severity", "status", "rule", "region"]) expect(form).toContain(`name="${name}"`);
    expect(form).toContain('<option value="SUPPRESSED">suppressed (1)</option>');
    expect(form).not.toContain('name="account"');
    const across = auditReport();
    across.findings[0] = { ...across.findings[0]!, resource: { ...across.findings[0]!.resource, accountId: "444455556666" } };
    const acrossForm = renderHtml(across, rules);
    expect(acrossForm).toContain('<select name="account">');
    expect(acrossForm).toContain('<option value="444455556666">444455556666 (1)</option>');
  });

  it("gives each failing row the rule's commands filled with its own resource", () => {
    const rule = section(page, "failing").split('id="failing-')[1]!;
    expect(rule.startsWith(`${rdsNotPublic.id}"`)).toBe(true);
    const row = rule.slice(rule.indexOf("<tr data-finding"));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain(`<details class="fix"><summary>Commands for this resource</summary><pre>aws rds modify-db-instance --region us-east-1 --db-instance-identifier ${ordersDb.id} --no-publicly-accessible --apply-immediately</pre></details>`);
    // The rule's own text stays as written, its example and all.
    expect(rule).toContain(`<pre>${escapeHtml(rdsNotPublic.remediation)}</pre>`);
    expect(section(page, "not-evaluated")).not.toContain("Commands for this resource");
  });

  it("draws the trend of failing findings by severity over stored runs, this run included", () => {
    const history = [pastRun("2026-10-30", 7), pastRun("2026-10-31", 3, "partial"), pastRun("2026-10-29", 5)];
    const withTrend = renderHtml(report, rules, { history });
    const charts = [...withTrend.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts).toHaveLength(4);
    const trend = charts[3]!;
    expect(trend).toContain("Failing findings over the last 4 runs");
    const titles = [...trend.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    const { high, critical } = report.run.counts.bySeverity;
    expect(titles).toEqual([
      "2026-10-29 02:00:00 UTC: 5 failing (0 critical, 5 high, 0 medium, 0 low, 0 info)",
      "2026-10-30 02:00:00 UTC: 7 failing (0 critical, 7 high, 0 medium, 0 low, 0 info)",
      "2026-10-31 02:00:00 UTC: 3 failing (0 critical, 3 high, 0 medium, 0 low, 0 info), partial run",
      expect.stringMatching(new RegExp(`^2026-11-01 02:00:00 UTC: \\d+ failing \\(${critical} critical, ${high} high, `)),
    ]);
    // A column's height is its count on the axis: 7 of 8 here, the axis' top.
    expect(trend).toMatch(/<text x="\d+" y="\d+(\.\d)?" text-anchor="end">8<\/text>/);
    const heights = [...trend.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#dc2626"\/>/g)].map((m) => Number(m[1]));
    expect(heights.slice(0, 3)).toEqual([81.3, 113.8, 48.8]);
    expect(trend).toContain('stroke-dasharray="3 2"');
  });

  it("draws no trend for a single run, nor without history", () => {
    const count = (text: string) => text.match(/<svg\b/g)?.length;
    expect(count(renderHtml(report, rules, { history: [report.run] }))).toBe(3);
    expect(count(page)).toBe(3);
  });
});
