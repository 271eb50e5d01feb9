/**
 * The parts of the HTML report a single account's page and an organization's
 * share: the page around them, the findings of a rule, what changed, the
 * collection errors, the suppressed and the passing. Every value is escaped
 * by the `html` template (html-markup.ts).
 */
import type { DriftedResource } from "../../diff/types.js";
import type { ChangeCause } from "../../types/cause.js";
import type { Finding, Severity } from "../../types/finding.js";
import { FINDING_STATUSES, SEVERITIES, severityRank } from "../../types/finding.js";
import type { ResourceRef } from "../../types/resource.js";
import type { AuditReport, RunSummary } from "./audit-report.js";
import type { FindingFilters } from "./html-filters.js";
import type { Markup } from "./html-markup.js";
import { html, trusted } from "./html-markup.js";
import { REPORT_SCRIPT, REPORT_SCRIPT_SOURCE } from "./html-script.js";
import { SEVERITY_COLOR, STATUS_COLOR, STATUS_LABEL, STYLE } from "./html-style.js";
import {
  attributionLine,
  causeLine,
  cloudTrailEventUrl,
  countsByRule,
  displayTime,
  formatDuration,
  formatValue,
  groupBy,
  notableTransitions,
  resourceLabel,
  resourceName,
} from "./presentation.js";
import { resourceCommands } from "./resource-remediation.js";
import type { RuleCatalog, RuleInfo } from "./rule-catalog.js";
import type { Bar } from "./svg-chart.js";
import { barChart } from "./svg-chart.js";

/** No request of any kind; styles inline; the one script by its hash. Written unescaped: it is driftwarden's own text. */
const POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src ${REPORT_SCRIPT_SOURCE}`;

/** What a page renders with: the rules' words, and which rows the script may filter. */
export interface Context {
  catalog: RuleCatalog;
  filters: FindingFilters;
}

/** Where a section goes: its element id, and the level of its heading (an organization's page nests each account's under the account's). */
export interface Place {
  id: string;
  level: 2 | 3;
}

/** A heading of the given level; the level is driftwarden's own number, never a value. */
export function h(level: number, content: Markup | string): Markup {
  return html`${trusted(`<h${level}>`)}${content}${trusted(`</h${level}>`)}`;
}

/** The page around the header and main content: the policy, the stylesheet, the filter data and the one script. */
export function page(parts: { title: string; header: Markup; main: Markup; footer: string; filters: FindingFilters }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${trusted(POLICY)}">
<title>${parts.title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${parts.header}
</header>
<main>
${parts.main}
</main>
<footer>${parts.footer}</footer>
${parts.filters.data()}
<script>${trusted(REPORT_SCRIPT)}</script>
</body>
</html>
`.value;
}

/** Failing findings by severity, all findings by status, and failing findings by service: the charts every overview draws. */
export function findingCharts(report: AuditReport, catalog: RuleCatalog): Markup[] {
  const { bySeverity, byStatus } = report.run.counts;
  const failing = report.findings.filter((f) => f.status === "FAIL");
  const services = [...groupBy(failing, (f) => catalog.of(f).service)].map(([service, fs]) => ({ service, count: fs.length }));
  services.sort((a, b) => b.count - a.count || (a.service < b.service ? -1 : 1));
  const severityBars: Bar[] = SEVERITIES.map((s) => ({ label: s, value: bySeverity[s], color: SEVERITY_COLOR[s] }));
  const statusBars: Bar[] = FINDING_STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: byStatus[s], color: STATUS_COLOR[s] }));
  const serviceBars: Bar[] = services.map(({ service, count }) => ({ label: service, value: count, color: "#dc2626" }));
  return [
    barChart("chart-severity", "Failing findings by severity", severityBars),
    barChart("chart-status", "Findings by status", statusBars),
    barChart("chart-service", "Failing findings by service", serviceBars, "no failing findings"),
  ];
}

export const noMatch = html`<p class="no-match" hidden>No findings here match the filters.</p>`;

export function timeOf(iso: string): Markup {
  return html`<time datetime="${iso}">${displayTime(iso)}</time>`;
}

/** The run's times and id, as both reports' headers list them. */
export function runTimes(run: RunSummary): Markup {
  return html`<dt>Started</dt><dd>${timeOf(run.startedAt)}</dd>
<dt>Finished</dt><dd>${timeOf(run.finishedAt)}</dd>
<dt>Duration</dt><dd>${formatDuration(run.startedAt, run.finishedAt)}</dd>
<dt>Run</dt><dd><code>${run.id}</code> — ${run.status === "partial" ? html`<span class="badge st-FAIL">partial</span>` : "complete"}</dd>`;
}

export function collectionErrors(report: AuditReport, place: Place = { id: "collection-errors", level: 2 }): Markup | "" {
  if (report.errors.length === 0) return "";
  return html`<section class="alert" id="${place.id}">
${h(place.level, html`Partial run: ${report.errors.length} collection error${report.errors.length === 1 ? "" : "s"}`)}
<p>These parts of the account could not be read in this run. Findings for them are incomplete: their previous results stand, and nothing under them is reported resolved.</p>
<div class="scroll"><table class="wide"><thead><tr><th>Service</th><th>Region</th><th>Operation</th><th>Error</th><th>Message</th></tr></thead><tbody>
${report.errors.map((e) => html`<tr><td>${e.service}</td><td class="nowrap">${e.region}</td><td><code>${e.operation}</code></td><td><code>${e.code}</code></td><td>${e.message}</td></tr>`)}
</tbody></table></div>
</section>`;
}

export function unusedSuppressions(report: AuditReport): Markup | "" {
  if (!report.unusedSuppressions?.length) return "";
  return html`<section class="warning"><p><strong>Unused suppressions:</strong> these entries of the configuration matched no failing finding; remove or fix them.</p>
<ul>${report.unusedSuppressions.map((s) => html`<li>#${s.index}: ${s.reason}</li>`)}</ul></section>`;
}

export function severityBadge(severity: Severity): Markup {
  return html`<span class="badge sev-${severity}">${severity}</span>`;
}

/** A severity cell that sorts most severe first rather than alphabetically. */
export function severityCell(severity: Severity): Markup {
  return html`<td class="inline" data-sort="${severityRank(severity)}">${severityBadge(severity)}</td>`;
}

export function resourceDetails(resource: Finding["resource"] | ResourceRef): Markup {
  const tags = "tags" in resource ? Object.entries(resource.tags) : [];
  return html`<strong>${resourceName(resource)}</strong>${resource.name && resource.name !== resource.id ? html`<br><code>${resource.id}</code>` : ""}
${resource.arn ? html`<br><code class="muted">${resource.arn}</code>` : ""}<br><span class="muted">${resource.type}</span>
${tags.length > 0 ? html`<br>${tags.map(([k, v]) => html`<span class="tag">${k}=${v}</span>`)}` : ""}`;
}

/** Sorts by the name a person recognizes, not by the id and ARN that follow it. */
export function resourceCell(resource: Finding["resource"] | ResourceRef): Markup {
  return html`<td data-sort="${resourceName(resource)}">${resourceDetails(resource)}</td>`;
}

function evidenceCell(evidence: Finding["evidence"]): Markup | "" {
  // Closed by default: the reason already summarises it, and open evidence makes the page very long.
  return evidence && Object.keys(evidence).length > 0 ? html`<details><summary>Evidence</summary><pre>${JSON.stringify(evidence, null, 2)}</pre></details>` : "";
}

/** The rule's commands that name this resource, with its id, account and region; the procedure around them is the rule's. */
function fixCommands(finding: Finding, rule: RuleInfo): Markup | "" {
  const commands = finding.status === "FAIL" ? resourceCommands(rule.remediation, finding.resource) : [];
  return commands.length > 0 ? html`<details class="fix"><summary>Commands for this resource</summary><pre>${commands.join("\n")}</pre></details>` : "";
}

function references(rule: RuleInfo): Markup | "" {
  const { awsConfig, securityHub } = rule.references;
  if (!awsConfig && !securityHub) return "";
  return html`<p class="muted">${awsConfig ? html`AWS Config: <code>${awsConfig}</code> ` : ""}${securityHub ? html`Security Hub: <code>${securityHub}</code>` : ""}</p>`;
}

function rowAttributes(finding: Finding, filters: FindingFilters): Markup | "" {
  const row = filters.rowOf(finding);
  return row === undefined ? "" : html` data-finding="${row}"`;
}

/** One block per rule: why it matters, how to fix it, then every resource with its reason, evidence and own commands. */
export function byRule(findings: Finding[], { catalog, filters }: Context, anchor: string): Markup[] {
  return [...groupBy(findings, (f) => f.ruleId)].map(([ruleId, group]) => {
    const rule = catalog.get(ruleId, group[0]!.severity);
    const worst = group[0]!.severity;
    return html`<article class="rule sev-${worst}-border" id="${anchor}-${ruleId}" data-filter-group>
<h3>${severityBadge(worst)} ${rule.title} <code class="muted">${ruleId}</code> <span class="muted">(${group.length})</span></h3>
${rule.rationale ? html`<p>${rule.rationale}</p>` : ""}
${rule.remediation ? html`<details open><summary>Remediation</summary><pre>${rule.remediation}</pre></details>` : ""}
${references(rule)}
<table class="findings cards sortable"><colgroup><col style="width:25%"><col style="width:11%"><col style="width:11%"><col style="width:35%"><col style="width:18%"></colgroup>
<thead><tr><th>Resource</th><th>Region</th><th>Severity</th><th>Reason</th><th data-nosort>Evidence</th></tr></thead><tbody>
${group.map(
  (f) => html`<tr${rowAttributes(f, filters)}>${resourceCell(f.resource)}<td class="nowrap inline">${f.resource.region}</td>${severityCell(f.severity)}<td>${f.reason}${f.firstSeen ? html`<br><span class="muted">first seen <span class="nowrap">${displayTime(f.firstSeen)}</span></span>` : ""}${fixCommands(f, rule)}</td><td>${evidenceCell(f.evidence)}</td></tr>`,
)}
</tbody></table>
</article>`;
  });
}

/** Like the terminal's one-line value, but objects indented: a page has the room. */
function prettyValue(value: unknown): string {
  return value !== null && typeof value === "object" ? JSON.stringify(value, null, 2) : formatValue(value);
}

/** Who made a change, as every report words it, and the event in the CloudTrail console. */
function causeText(cause: ChangeCause): Markup {
  const url = cloudTrailEventUrl(cause);
  return html`<span class="cause">${causeLine(cause)}</span>${url ? html` <a href="${url}" target="_blank" rel="noopener noreferrer">view event in CloudTrail</a>` : ""}`;
}

/** A "Changed by" column only once attribution named someone: without events the tables stay as they were. */
function anyCause(items: readonly { cause?: ChangeCause }[]): boolean {
  return items.some((item) => item.cause);
}

function refRow(ref: DriftedResource, withCause: boolean): Markup {
  return html`<tr>${resourceCell(ref)}<td class="nowrap">${ref.region}</td>${withCause ? html`<td>${ref.cause ? causeText(ref.cause) : ""}</td>` : ""}</tr>`;
}

function refTable(title: string, refs: DriftedResource[]): Markup | "" {
  const withCause = anyCause(refs);
  return refs.length === 0 ? "" : html`<h4>${title}</h4><div class="scroll"><table><thead><tr><th>Resource</th><th>Region</th>${withCause ? html`<th>Changed by</th>` : ""}</tr></thead><tbody>${refs.map((ref) => refRow(ref, withCause))}</tbody></table></div>`;
}

/** What changed since the run compared with: the finding changes a person acts on, then the resources that drifted. Right under the summary. */
export function changesSection(report: AuditReport, place: Place = { id: "drift", level: 2 }): Markup | "" {
  const { drift, transitions } = report;
  if (!drift && !transitions) return "";
  const notable = notableTransitions(transitions ?? []);
  const persisting = (transitions ?? []).length - notable.length;
  const modifiedCause = anyCause(drift?.modified ?? []);
  const sub = place.level + 1;
  return html`<section id="${place.id}">
${h(place.level, "What changed since the last run")}
${transitions ? html`${h(sub, "Finding changes")}
${report.firstRun === true ? html`<p>This is the account's first recorded run: there is no earlier run to compare with, so its failing findings are listed below rather than here.</p>` : notable.length === 0 ? html`<p>No finding became failing or was resolved.</p>` : html`<table class="cards sortable"><thead><tr><th>Change</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Caused by</th></tr></thead><tbody>
${notable.map((t) => html`<tr><td class="inline"><span class="badge ${t.kind === "RESOLVED" ? "st-PASS" : "st-FAIL"}">${t.kind}</span></td>${severityCell(t.severity)}<td><code>${t.ruleId}</code></td><td>${resourceLabel(t.resource)}</td><td>${t.reason ?? ""}</td><td>${t.explanation ? html`<span class="card-label">caused by </span>${t.explanation}` : ""}${t.cause ? html`${t.explanation ? html`<br>` : ""}${causeText(t.cause)}` : ""}</td></tr>`)}
</tbody></table>`}
${persisting > 0 && report.firstRun !== true ? html`<p class="muted">${persisting} finding${persisting === 1 ? "" : "s"} still failing from the previous run.</p>` : ""}` : ""}
${drift ? html`${h(sub, "Resource drift")}<p>${drift.added.length} added, ${drift.removed.length} removed, ${drift.modified.length} modified.</p>
${report.attribution ? html`<p class="muted">${attributionLine(report.attribution)}.</p>` : ""}
${refTable("Added", drift.added)}
${refTable("Removed", drift.removed)}
${drift.modified.length > 0 ? html`<h4>Modified</h4><div class="scroll"><table class="wide"><thead><tr><th>Resource</th><th>Attribute</th><th>Before</th><th>After</th>${modifiedCause ? html`<th>Changed by</th>` : ""}</tr></thead><tbody>
${drift.modified.map((m) =>
  m.changes.map(
    (c, i) => html`<tr>${i === 0 ? html`<td rowspan="${m.changes.length}">${resourceDetails(m.resource)}<br>${m.resource.region}</td>` : ""}<td><code>${c.path}</code></td><td><pre>${prettyValue(c.before)}</pre></td><td><pre>${prettyValue(c.after)}</pre></td>${modifiedCause && i === 0 ? html`<td rowspan="${m.changes.length}">${m.cause ? causeText(m.cause) : ""}</td>` : ""}</tr>`,
  ),
)}
</tbody></table></div>` : ""}` : ""}
</section>`;
}

export function suppressedSection(findings: Finding[], { catalog, filters }: Context, place: Place = { id: "suppressed", level: 2 }): Markup {
  return html`<section id="${place.id}" data-filter-section>
${h(place.level, `Suppressed (${findings.length})`)}
${findings.length === 0 ? html`<p>No suppressed findings.</p>` : html`<p class="muted">Still failing, and accepted by a suppression in the configuration until it expires.</p>${noMatch}
<div class="scroll" data-filter-group><table class="wide sortable"><thead><tr><th>Rule</th><th>Resource</th><th>Severity</th><th>Reason</th><th>Suppression</th><th>Owner</th><th>Expires</th></tr></thead><tbody>
${findings.map(
  (f) => html`<tr${rowAttributes(f, filters)}><td>${catalog.of(f).title}<br><code class="muted">${f.ruleId}</code></td>${resourceCell(f.resource)}${severityCell(f.severity)}<td>${f.reason}</td><td>${f.suppression ? f.suppression.reason : ""}</td><td>${f.suppression?.owner ?? ""}</td><td class="nowrap">${f.suppression?.expires ?? "never"}</td></tr>`,
)}
</tbody></table></div>`}
</section>`;
}

export function passingSection(findings: Finding[], catalog: RuleCatalog): Markup {
  const rows = [...countsByRule(findings)].filter(([, c]) => c.PASS > 0 || c.NOT_APPLICABLE > 0);
  const passed = rows.reduce((n, [, c]) => n + c.PASS, 0);
  const notApplicable = rows.reduce((n, [, c]) => n + c.NOT_APPLICABLE, 0);
  const notApplicableFindings = findings.filter((f) => f.status === "NOT_APPLICABLE");
  return html`<section id="passing">
<h2>Passing and not applicable</h2>
<details><summary>${passed} passed and ${notApplicable} not applicable across ${rows.length} rule${rows.length === 1 ? "" : "s"}</summary>
<div class="scroll"><table><thead><tr><th>Rule</th><th>Passed</th><th>Not applicable</th></tr></thead><tbody>
${rows.map(([ruleId, c]) => html`<tr><td>${catalog.get(ruleId).title}<br><code class="muted">${ruleId}</code></td><td>${c.PASS}</td><td>${c.NOT_APPLICABLE}</td></tr>`)}
</tbody></table></div>
${notApplicableFindings.length > 0 ? html`<details><summary>Why not applicable</summary><ul>${notApplicableFindings.map((f) => html`<li><code>${f.ruleId}</code> ${resourceLabel(f.resource)}: ${f.reason}</li>`)}</ul></details>` : ""}
</details>
</section>`;
}
