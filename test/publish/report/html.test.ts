import { describe, expect, it } from "@jest/globals";
import { renderHtml } from "../../../src/publish/report/html.js";
import { escapeHtml } from "../../../src/publish/report/html-markup.js";
import { auditReport, hostileSg, longNameSg, rdsAccessDenied, rdsNotPublic, rules } from "./fixtures.js";

const SCRIPT_NAME = "<script>alert(1)</script>";
const HOSTILE_TAG = '"><img src=x onerror=alert(2)>';

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
    expect(page).not.toMatch(/<script/i);
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
    for (const raw of ["<script", "<b>", "<iframe", "<x>", "<s>"]) expect(text).not.toContain(raw);
    expect(text).toContain("<pre>&quot;&lt;/pre&gt;&quot;</pre>");
    expect(text).toContain("&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;");
    expect(text).toContain("&lt;iframe src=//evil&gt;");
  });

  it("is self-contained: no script, no external resource, and a policy that forbids requests", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
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

  it("puts collection errors at the top, before the overview and the findings", () => {
    const errors = page.indexOf('id="collection-errors"');
    expect(errors).toBeGreaterThan(-1);
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
    expect(drift).toContain("<h3>Added</h3>");
    expect(drift).toContain(escapeHtml(SCRIPT_NAME));
    expect(drift).toContain("<h3>Removed</h3>");
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
});
