/**
 * The HTML report: one self-contained file to mail or archive. Styles are
 * inline, charts are SVG, there is no script, and a Content-Security-Policy
 * forbids any request, so the file shows the same offline as online and
 * markup smuggled into an AWS value cannot run.
 */
import type { Rule } from "../../evaluate/rule.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import { FINDING_STATUSES, SEVERITIES } from "../../types/finding.js";
import type { ResourceRef } from "../../types/resource.js";
import type { AuditReport } from "./audit-report.js";
import type { Markup } from "./html-markup.js";
import { html, trusted } from "./html-markup.js";
import {
  countsByRule,
  displayTime,
  formatDuration,
  formatValue,
  groupBy,
  hasDrift,
  notableTransitions,
  resourceLabel,
  resourceName,
  summaryLine,
} from "./presentation.js";
import type { RuleInfo } from "./rule-catalog.js";
import { RuleCatalog } from "./rule-catalog.js";
import type { Bar } from "./svg-chart.js";
import { barChart } from "./svg-chart.js";

const SEVERITY_COLOR: Record<Severity, string> = { critical: "#991b1b", high: "#dc2626", medium: "#d97706", low: "#2563eb", info: "#6b7280" };
const STATUS_COLOR: Record<FindingStatus, string> = { FAIL: "#dc2626", ERROR: "#7c3aed", SUPPRESSED: "#6b7280", PASS: "#16a34a", NOT_APPLICABLE: "#9ca3af" };
const STATUS_LABEL: Record<FindingStatus, string> = { FAIL: "failed", ERROR: "not evaluated", SUPPRESSED: "suppressed", PASS: "passed", NOT_APPLICABLE: "not applicable" };

const STYLE = trusted(`
:root { color-scheme: light; --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg-alt: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { margin: 0 0 8px; font-size: 24px; }
h2 { margin: 32px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 8px; font-size: 17px; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; }
.summary { font-weight: 600; font-size: 16px; }
nav a { margin-right: 12px; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: break-word; background: var(--bg-alt); padding: 8px; border-radius: 4px; }
code { overflow-wrap: anywhere; }
td pre { font-size: 12px; min-width: 16em; }
.nowrap, .nowrap code { white-space: nowrap; overflow-wrap: normal; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; overflow-wrap: anywhere; }
table.findings { table-layout: fixed; }
th { background: var(--bg-alt); font-weight: 600; }
.alert { border: 2px solid #dc2626; background: #fef2f2; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.alert h2 { margin-top: 0; border: 0; color: #991b1b; }
.warning { border: 1px solid #d97706; background: #fffbeb; border-radius: 6px; padding: 8px 16px; margin: 16px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart text { font: 12px system-ui, sans-serif; fill: var(--fg); }
.chart .chart-title { font-weight: 600; font-size: 13px; }
.badge { display: inline-block; white-space: nowrap; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-transform: uppercase; vertical-align: middle; }
${SEVERITIES.map((s) => `.sev-${s} { background: ${SEVERITY_COLOR[s]}; }`).join("\n")}
${FINDING_STATUSES.map((s) => `.st-${s} { background: ${STATUS_COLOR[s]}; }`).join("\n")}
article.rule { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
${SEVERITIES.map((s) => `article.rule.sev-${s}-border { border-left-color: ${SEVERITY_COLOR[s]}; }`).join("\n")}
.muted { color: var(--muted); }
.tag { display: inline-block; background: var(--bg-alt); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; margin: 0 4px 2px 0; font-size: 12px; }
details > summary { cursor: pointer; font-weight: 600; }
footer { color: var(--muted); font-size: 13px; padding-bottom: 32px; margin-top: 32px; }
`);

export function renderHtml(report: AuditReport, rules: readonly Rule[]): string {
  const catalog = new RuleCatalog(rules);
  const { run } = report;
  const withStatus = (status: FindingStatus) => report.findings.filter((f) => f.status === status);
  const failing = withStatus("FAIL");
  const unevaluated = withStatus("ERROR");
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>driftwarden audit of ${run.accountId} — ${displayTime(run.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>driftwarden audit</h1>
<dl class="run">
<dt>Account</dt><dd><code>${run.accountId}</code></dd>
<dt>Regions</dt><dd>${run.regions.join(", ") || "none"}</dd>
<dt>Started</dt><dd>${timeOf(run.startedAt)}</dd>
<dt>Finished</dt><dd>${timeOf(run.finishedAt)}</dd>
<dt>Duration</dt><dd>${formatDuration(run.startedAt, run.finishedAt)}</dd>
<dt>Run</dt><dd><code>${run.id}</code> — ${run.status === "partial" ? html`<span class="badge st-FAIL">partial</span>` : "complete"}</dd>
</dl>
<p class="summary">${summaryLine(report)}</p>
<nav><a href="#failing">Failing</a>${hasDrift(report) ? html`<a href="#drift">Drift</a>` : ""}<a href="#suppressed">Suppressed</a><a href="#passing">Passing</a></nav>
</header>
<main>
${collectionErrors(report)}
${overview(report, catalog)}
${unusedSuppressions(report)}
<section id="failing">
<h2>Failing findings (${failing.length})</h2>
${failing.length === 0 ? html`<p>No failing findings.</p>` : byRule(failing, catalog, "failing")}
</section>
${unevaluated.length > 0 ? html`<section id="not-evaluated"><h2>Not evaluated (${unevaluated.length})</h2><p class="muted">These rules could not judge the resources below; their result is unknown, not passing.</p>${byRule(unevaluated, catalog, "not-evaluated")}</section>` : ""}
${driftSection(report)}
${suppressedSection(withStatus("SUPPRESSED"), catalog)}
${passingSection(report.findings, catalog)}
</main>
<footer>Generated by driftwarden · report schema version ${report.schemaVersion} · run ${run.id}</footer>
</body>
</html>
`;
  return page.value;
}

function timeOf(iso: string): Markup {
  return html`<time datetime="${iso}">${displayTime(iso)}</time>`;
}

function collectionErrors(report: AuditReport): Markup | "" {
  if (report.errors.length === 0) return "";
  return html`<section class="alert" id="collection-errors">
<h2>Partial run: ${report.errors.length} collection error${report.errors.length === 1 ? "" : "s"}</h2>
<p>These parts of the account could not be read in this run. Findings for them are incomplete: their previous results stand, and nothing under them is reported resolved.</p>
<table><thead><tr><th>Service</th><th>Region</th><th>Operation</th><th>Error</th><th>Message</th></tr></thead><tbody>
${report.errors.map((e) => html`<tr><td>${e.service}</td><td class="nowrap">${e.region}</td><td><code>${e.operation}</code></td><td><code>${e.code}</code></td><td>${e.message}</td></tr>`)}
</tbody></table>
</section>`;
}

function overview(report: AuditReport, catalog: RuleCatalog): Markup {
  const { bySeverity, byStatus } = report.run.counts;
  const failing = report.findings.filter((f) => f.status === "FAIL");
  const services = [...groupBy(failing, (f) => catalog.of(f).service)].map(([service, fs]) => ({ service, count: fs.length }));
  services.sort((a, b) => b.count - a.count || (a.service < b.service ? -1 : 1));
  const severityBars: Bar[] = SEVERITIES.map((s) => ({ label: s, value: bySeverity[s], color: SEVERITY_COLOR[s] }));
  const statusBars: Bar[] = FINDING_STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: byStatus[s], color: STATUS_COLOR[s] }));
  const serviceBars: Bar[] = services.map(({ service, count }) => ({ label: service, value: count, color: "#dc2626" }));
  return html`<section id="overview">
<h2>Overview</h2>
<div class="charts">
${barChart("chart-severity", "Failing findings by severity", severityBars)}
${barChart("chart-status", "Findings by status", statusBars)}
${barChart("chart-service", "Failing findings by service", serviceBars, "no failing findings")}
</div>
</section>`;
}

function unusedSuppressions(report: AuditReport): Markup | "" {
  if (!report.unusedSuppressions?.length) return "";
  return html`<section class="warning"><p><strong>Unused suppressions:</strong> these entries of the configuration matched no failing finding; remove or fix them.</p>
<ul>${report.unusedSuppressions.map((s) => html`<li>#${s.index}: ${s.reason}</li>`)}</ul></section>`;
}

function severityBadge(severity: Severity): Markup {
  return html`<span class="badge sev-${severity}">${severity}</span>`;
}

function resourceCell(resource: Finding["resource"] | ResourceRef): Markup {
  const tags = "tags" in resource ? Object.entries(resource.tags) : [];
  return html`<strong>${resourceName(resource)}</strong>${resource.name && resource.name !== resource.id ? html`<br><code>${resource.id}</code>` : ""}
${resource.arn ? html`<br><code class="muted">${resource.arn}</code>` : ""}<br><span class="muted">${resource.type}</span>
${tags.length > 0 ? html`<br>${tags.map(([k, v]) => html`<span class="tag">${k}=${v}</span>`)}` : ""}`;
}

function evidenceCell(evidence: Finding["evidence"]): Markup | "" {
  // Closed by default: the reason already summarises it, and open evidence makes the page very long.
  return evidence && Object.keys(evidence).length > 0 ? html`<details><summary>Evidence</summary><pre>${JSON.stringify(evidence, null, 2)}</pre></details>` : "";
}

function references(rule: RuleInfo): Markup | "" {
  const { awsConfig, securityHub } = rule.references;
  if (!awsConfig && !securityHub) return "";
  return html`<p class="muted">${awsConfig ? html`AWS Config: <code>${awsConfig}</code> ` : ""}${securityHub ? html`Security Hub: <code>${securityHub}</code>` : ""}</p>`;
}

/** One block per rule: why it matters, how to fix it, then every resource with its reason and evidence. */
function byRule(findings: Finding[], catalog: RuleCatalog, anchor: string): Markup[] {
  return [...groupBy(findings, (f) => f.ruleId)].map(([ruleId, group]) => {
    const rule = catalog.get(ruleId, group[0]!.severity);
    const worst = group[0]!.severity;
    return html`<article class="rule sev-${worst}-border" id="${anchor}-${ruleId}">
<h3>${severityBadge(worst)} ${rule.title} <code class="muted">${ruleId}</code> <span class="muted">(${group.length})</span></h3>
${rule.rationale ? html`<p>${rule.rationale}</p>` : ""}
${rule.remediation ? html`<details open><summary>Remediation</summary><pre>${rule.remediation}</pre></details>` : ""}
${references(rule)}
<table class="findings"><colgroup><col style="width:26%"><col style="width:10%"><col style="width:9%"><col style="width:35%"><col style="width:20%"></colgroup>
<thead><tr><th>Resource</th><th>Region</th><th>Severity</th><th>Reason</th><th>Evidence</th></tr></thead><tbody>
${group.map(
  (f) => html`<tr><td>${resourceCell(f.resource)}</td><td class="nowrap">${f.resource.region}</td><td>${severityBadge(f.severity)}</td><td>${f.reason}${f.firstSeen ? html`<br><span class="muted">first seen <span class="nowrap">${displayTime(f.firstSeen)}</span></span>` : ""}</td><td>${evidenceCell(f.evidence)}</td></tr>`,
)}
</tbody></table>
</article>`;
  });
}

/** Like the terminal's one-line value, but objects indented: a page has the room. */
function prettyValue(value: unknown): string {
  return value !== null && typeof value === "object" ? JSON.stringify(value, null, 2) : formatValue(value);
}

function refRow(ref: ResourceRef): Markup {
  return html`<tr><td>${resourceCell(ref)}</td><td class="nowrap">${ref.region}</td></tr>`;
}

function driftSection(report: AuditReport): Markup | "" {
  const { drift, transitions } = report;
  if (!drift && !transitions) return "";
  const notable = notableTransitions(transitions ?? []);
  const persisting = (transitions ?? []).length - notable.length;
  return html`<section id="drift">
<h2>Drift since the previous run</h2>
${drift ? html`<p>${drift.added.length} added, ${drift.removed.length} removed, ${drift.modified.length} modified.</p>
${drift.added.length > 0 ? html`<h3>Added</h3><table><thead><tr><th>Resource</th><th>Region</th></tr></thead><tbody>${drift.added.map(refRow)}</tbody></table>` : ""}
${drift.removed.length > 0 ? html`<h3>Removed</h3><table><thead><tr><th>Resource</th><th>Region</th></tr></thead><tbody>${drift.removed.map(refRow)}</tbody></table>` : ""}
${drift.modified.length > 0 ? html`<h3>Modified</h3><table><thead><tr><th>Resource</th><th>Attribute</th><th>Before</th><th>After</th></tr></thead><tbody>
${drift.modified.map((m) =>
  m.changes.map(
    (c, i) => html`<tr>${i === 0 ? html`<td rowspan="${m.changes.length}">${resourceCell(m.resource)}<br>${m.resource.region}</td>` : ""}<td><code>${c.path}</code></td><td><pre>${prettyValue(c.before)}</pre></td><td><pre>${prettyValue(c.after)}</pre></td></tr>`,
  ),
)}
</tbody></table>` : ""}` : ""}
${transitions ? html`<h3>Finding changes</h3>
${notable.length === 0 ? html`<p>No finding became failing or was resolved.</p>` : html`<table><thead><tr><th>Change</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Caused by</th></tr></thead><tbody>
${notable.map((t) => html`<tr><td><span class="badge ${t.kind === "RESOLVED" ? "st-PASS" : "st-FAIL"}">${t.kind}</span></td><td>${severityBadge(t.severity)}</td><td><code>${t.ruleId}</code></td><td>${resourceLabel(t.resource)}</td><td>${t.reason ?? ""}</td><td>${t.explanation ?? ""}</td></tr>`)}
</tbody></table>`}
${persisting > 0 ? html`<p class="muted">${persisting} finding${persisting === 1 ? "" : "s"} still failing from the previous run.</p>` : ""}` : ""}
</section>`;
}

function suppressedSection(findings: Finding[], catalog: RuleCatalog): Markup {
  return html`<section id="suppressed">
<h2>Suppressed (${findings.length})</h2>
${findings.length === 0 ? html`<p>No suppressed findings.</p>` : html`<p class="muted">Still failing, and accepted by a suppression in the configuration until it expires.</p>
<table><thead><tr><th>Rule</th><th>Resource</th><th>Severity</th><th>Reason</th><th>Suppression</th><th>Owner</th><th>Expires</th></tr></thead><tbody>
${findings.map(
  (f) => html`<tr><td>${catalog.of(f).title}<br><code class="muted">${f.ruleId}</code></td><td>${resourceCell(f.resource)}</td><td>${severityBadge(f.severity)}</td><td>${f.reason}</td><td>${f.suppression ? f.suppression.reason : ""}</td><td>${f.suppression?.owner ?? ""}</td><td class="nowrap">${f.suppression?.expires ?? "never"}</td></tr>`,
)}
</tbody></table>`}
</section>`;
}

function passingSection(findings: Finding[], catalog: RuleCatalog): Markup {
  const rows = [...countsByRule(findings)].filter(([, c]) => c.PASS > 0 || c.NOT_APPLICABLE > 0);
  const passed = rows.reduce((n, [, c]) => n + c.PASS, 0);
  const notApplicable = rows.reduce((n, [, c]) => n + c.NOT_APPLICABLE, 0);
  const notApplicableFindings = findings.filter((f) => f.status === "NOT_APPLICABLE");
  return html`<section id="passing">
<h2>Passing and not applicable</h2>
<details><summary>${passed} passed and ${notApplicable} not applicable across ${rows.length} rule${rows.length === 1 ? "" : "s"}</summary>
<table><thead><tr><th>Rule</th><th>Passed</th><th>Not applicable</th></tr></thead><tbody>
${rows.map(([ruleId, c]) => html`<tr><td>${catalog.get(ruleId).title}<br><code class="muted">${ruleId}</code></td><td>${c.PASS}</td><td>${c.NOT_APPLICABLE}</td></tr>`)}
</tbody></table>
${notApplicableFindings.length > 0 ? html`<details><summary>Why not applicable</summary><ul>${notApplicableFindings.map((f) => html`<li><code>${f.ruleId}</code> ${resourceLabel(f.resource)}: ${f.reason}</li>`)}</ul></details>` : ""}
</details>
</section>`;
}
