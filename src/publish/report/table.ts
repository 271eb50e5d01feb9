/**
 * The terminal report, fitted to the terminal's width. The important thing
 * first, once: on a first run (or one without history) the failing findings,
 * most severe first, one short block each; on later runs what changed tonight
 * (NEW, REGRESSED, RESOLVED, then drift) before the failures that persist,
 * which fold into a count per rule. Then passing results as counts per rule,
 * and a closing summary line scripts and people can both read.
 */
import { describeChange } from "../../diff/change-summary.js";
import type { Drift, Transition, TransitionKind } from "../../diff/types.js";
import type { Rule } from "../../evaluate/rule.js";
import type { ChangeCause } from "../../types/cause.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import type { ResourceRef } from "../../types/resource.js";
import type { AccountRun, AttributionSummary, AuditReport } from "./audit-report.js";
import { foldByRule, foldLine, splitChanges } from "./failure-groups.js";
import { accountPart, isOrganizationReport } from "./organization-report.js";
import { accountHeading, accountSummary, organizationHeader, skippedAccounts } from "./organization-table.js";
import { expiredSuppressionNote, severityNote, unusedSuppressionDetail } from "./notes.js";
import {
  attributionLine,
  causeLine,
  countsByRule,
  displayTime,
  formatDuration,
  organizationSummaryLine,
  resourceName,
  summaryLine,
  suppressionDetail,
  transitionDetail,
} from "./presentation.js";
import type { Layout, Paint } from "./table-layout.js";
import { heading, indented, layoutFor, MIN_RESOURCE_COLUMN, SEVERITY_COLUMN } from "./table-layout.js";
import { padEnd, sanitize, truncate, visibleWidth, wrap } from "./terminal-text.js";

export interface TableOptions {
  /** ANSI colors; the CLI turns them on for a TTY without NO_COLOR. */
  color: boolean;
  /** Terminal columns; no line is wider. */
  width?: number;
  /** Only failing findings and the summary line. */
  quiet?: boolean;
  /** After the first run, list persisting failures one by one instead of a count per rule. */
  all?: boolean;
}

/** Wide enough that a name cut to fit still reads; below it a cut label moves to its own line. */
const ROOMY_RESOURCE_COLUMN = 30;
const REASON_LINES = 4;
/** "  REGRESSED " */
const TRANSITION_COLUMN = 12;

/** The drift between two snapshots alone (the CLI's diff command), in the table's words and width. */
export function renderDrift(drift: Drift, options: { color: boolean; width?: number }): string {
  return `${driftLines(drift, layoutFor(options, 0)).join("\n")}\n`;
}

/**
 * Lines name a rule by its id, which is what users search for and suppress
 * by; `rules` only explain a finding whose severity differs from its rule's.
 */
export function renderTable(report: AuditReport, rules: readonly Rule[], options: TableOptions): string {
  const longestRule = Math.max(0, ...report.findings.map((f) => f.ruleId.length), ...(report.transitions ?? []).map((t) => t.ruleId.length));
  const layout = layoutFor(options, longestRule, rules);
  const { c, width } = layout;
  const organization = isOrganizationReport(report);
  const sections: string[][] = [];

  if (organization) {
    if (!options.quiet) sections.push(organizationHeader(report, layout), accountSummary(report, layout), skippedAccounts(report, layout));
    for (const account of report.accounts) sections.push(...accountGroup(report, account, layout, options));
    if (!options.quiet) sections.push(...overall(report, layout));
  } else {
    const body = findingSections(report, layout, options);
    if (!options.quiet) {
      sections.push(header(report, failures(report), layout));
      if (report.errors.length > 0) sections.push(collectionErrors(report, layout));
    }
    sections.push(...body.findings);
    if (!options.quiet) sections.push(...overall(report, layout), body.baselineDrift);
  }
  const summary = organization ? organizationSummaryLine(report) : summaryLine(report);
  sections.push(wrap(sanitize(summary), width).map((l) => c.bold(l)));
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/**
 * One account's findings: after the first run what changed and what still
 * fails, else the failures; then those not evaluated and (unless quiet) the
 * suppressed. A first run's drift against a pinned baseline comes apart, after
 * the counts: later runs tell theirs with the changes.
 */
function findingSections(report: AuditReport, layout: Layout, options: TableOptions): { findings: string[][]; baselineDrift: string[] } {
  const { c, width } = layout;
  const byStatus = (status: FindingStatus) => report.findings.filter((f) => f.status === status);
  const failing = byStatus("FAIL");
  // After the first run the failures are told as changes; quiet keeps the one plain list scripts read.
  const laterRun = !options.quiet && report.transitions !== undefined && report.firstRun !== true;
  const findings: string[][] = [];
  // No finding and no collection error: nothing was there to check, which "0 failed, 0 passed" alone does not say.
  if (report.findings.length === 0 && report.errors.length === 0) findings.push(wrap(sanitize(`no resources found in account ${report.run.accountId}${regionList(report.run.regions)}`), width));
  else if (laterRun) findings.push(...changesThenPersisting(report, failing, layout, Boolean(options.all)));
  else findings.push(failing.length > 0 ? findingSection("FAILED", failing, layout, c.red) : noFailures(layout));
  const errors = byStatus("ERROR");
  if (errors.length > 0) findings.push(findingSection("NOT EVALUATED", errors, layout, c.magenta));
  const suppressed = byStatus("SUPPRESSED");
  if (!options.quiet && suppressed.length > 0) findings.push(findingSection("SUPPRESSED", suppressed, layout, c.dim));
  const baselineDrift = !laterRun && report.drift ? driftLines(report.drift, layout, "DRIFT since the baseline", report.attribution) : [];
  return { findings, baselineDrift };
}

/** What holds for the whole run rather than one account: passing counts per rule, and suppressions that matched nothing. */
function overall(report: AuditReport, layout: Layout): string[][] {
  return [passingCounts(report.findings, layout), report.unusedSuppressions?.length ? unusedSuppressions(report, layout) : []];
}

/**
 * An account of an organization run: its heading, then its part of the
 * report told as a single account's is. An account that could not be read
 * lists no collection errors (its heading says why); the findings it still
 * holds are its last run's.
 */
function accountGroup(report: AuditReport, account: AccountRun, layout: Layout, options: TableOptions): string[][] {
  const part = accountPart(report, account);
  const unreadable = account.status === "unreadable";
  const opening = accountHeading(account, layout, { ...(options.quiet && { quiet: true }), hasFindings: part.findings.length > 0 });
  if (!options.quiet && part.firstRun && !unreadable) opening.push(...heading(firstAuditLine(failures(part)), layout));
  const sections = [opening];
  if (!options.quiet && part.errors.length > 0 && !unreadable) sections.push(collectionErrors(part, layout));
  // Unread and never read before: its heading said all there is.
  if (unreadable && part.findings.length === 0) return sections;
  const body = findingSections(part, layout, options);
  return [...sections, ...body.findings, ...(options.quiet ? [] : [body.baselineDrift])];
}

function failures(report: AuditReport): number {
  return report.findings.filter((f) => f.status === "FAIL").length;
}

function noFailures(layout: Layout): string[] {
  return heading("no failing findings", layout, layout.c.green);
}

/** "first audit of this account: 51 failures, all new": the listing below is the whole news, once. */
function firstAuditLine(failures: number): string {
  const what = failures === 0 ? "no failures" : failures === 1 ? "1 failure, new" : `${failures} failures, all new`;
  return `first audit of this account: ${what}`;
}

function regionList(regions: string[]): string {
  return regions.length > 0 ? ` (${regions.join(", ")})` : "";
}

/** Regions of the run with neither a finding nor a collection error: read, and empty. */
function emptyRegions(report: AuditReport): string[] {
  const seen = new Set([...report.findings.map((f) => f.resource.region), ...report.errors.map((e) => e.region)]);
  return report.run.regions.filter((region) => !seen.has(region));
}

function header(report: AuditReport, failures: number, layout: Layout): string[] {
  const { run } = report;
  const empty = report.findings.length > 0 ? emptyRegions(report) : [];
  return [
    ...heading(`driftwarden audit of account ${run.accountId}`, layout),
    ...wrap(sanitize(`regions: ${run.regions.join(", ") || "none"}`), layout.width),
    ...wrap(sanitize(`run ${run.id} · ${displayTime(run.startedAt)} · took ${formatDuration(run.startedAt, run.finishedAt)}`), layout.width),
    ...(run.status === "partial" ? heading("partial run: parts of the account could not be read", layout, layout.c.yellow) : []),
    ...(empty.length > 0 ? wrap(sanitize(`no resources found in ${empty.join(", ")}`), layout.width) : []),
    ...(report.firstRun ? heading(firstAuditLine(failures), layout) : []),
  ];
}

function collectionErrors(report: AuditReport, layout: Layout): string[] {
  const { c } = layout;
  const n = report.errors.length;
  const lines = heading(`COLLECTION ERRORS (${n}) — not read in this run; findings for these parts are incomplete`, layout, c.red);
  for (const e of report.errors) {
    const where = truncate(sanitize(`${e.service} · ${e.region} · ${e.operation} · ${e.code}`), layout.width - 4);
    lines.push(`  ${c.red("✖")} ${where}`, ...indented(e.message, 4, layout));
  }
  return lines;
}

/** "web-sg (us-east-1)" within `width`, shortening the name rather than the region. */
function fitLabel(resource: { id: string; name?: string; region: string }, width: number): string {
  const region = ` (${sanitize(resource.region)})`;
  const name = sanitize(resourceName(resource));
  if (visibleWidth(name) + visibleWidth(region) <= width) return name + region;
  const room = width - visibleWidth(region);
  return room >= 8 ? truncate(name, room) + region : truncate(name + region, width);
}

function severityCell(severity: Severity, layout: Layout): string {
  return layout.severity[severity](padEnd(severity.toUpperCase(), SEVERITY_COLUMN - 1)) + " ";
}

/**
 * First line of a finding: [lead] severity, rule id, resource. The resource
 * moves to a line of its own when the rule id leaves it too little room.
 * `lead` may be painted; `leadWidth` is its visible width.
 */
function headLines(item: { severity: Severity; ruleId: string; resource: ResourceRef }, layout: Layout, lead = "", leadWidth = 0): string[] {
  const ruleId = sanitize(item.ruleId);
  const rest = layout.width - leadWidth - SEVERITY_COLUMN;
  const resourceRoom = rest - Math.max(layout.ruleColumn, visibleWidth(ruleId) + 2);
  const first = lead + severityCell(item.severity, layout);
  const label = `${sanitize(resourceName(item.resource))} (${sanitize(item.resource.region)})`;
  if (resourceRoom >= MIN_RESOURCE_COLUMN && (visibleWidth(label) <= resourceRoom || resourceRoom >= ROOMY_RESOURCE_COLUMN)) {
    return [first + padEnd(ruleId, layout.ruleColumn) + fitLabel(item.resource, resourceRoom)];
  }
  const indent = leadWidth + SEVERITY_COLUMN;
  return [first + truncate(ruleId, rest), " ".repeat(indent) + fitLabel(item.resource, layout.width - indent)];
}

function findingSection(title: string, findings: Finding[], layout: Layout, paint: Paint): string[] {
  return [...heading(`${title} (${findings.length})`, layout, paint), ...findings.flatMap((f) => findingRows(f, layout))];
}

function findingRows(f: Finding, layout: Layout): string[] {
  const lines = headLines(f, layout);
  if (f.suppression) lines.push(...indented(`suppressed: ${suppressionDetail(f.suppression)}`, SEVERITY_COLUMN, layout, 2).map(layout.c.dim));
  lines.push(...indented(f.reason, SEVERITY_COLUMN, layout, f.suppression ? 2 : REASON_LINES));
  lines.push(...noteLines(f, SEVERITY_COLUMN, layout));
  return lines;
}

/** Under a row: why its severity is not its rule's, and a suppression that ran out. */
function noteLines(f: Finding | undefined, indent: number, layout: Layout): string[] {
  if (!f) return [];
  const severity = severityNote(f, layout.rules.get(f.ruleId));
  const expired = expiredSuppressionNote(f);
  return [...(severity ? indented(severity, indent, layout, 2).map(layout.c.dim) : []), ...(expired ? indented(expired, indent, layout, 2).map(layout.c.yellow) : [])];
}

function passingCounts(findings: Finding[], layout: Layout): string[] {
  const rows: string[] = [];
  for (const [ruleId, counts] of countsByRule(findings)) {
    if (counts.PASS === 0 && counts.NOT_APPLICABLE === 0) continue;
    const parts = [counts.PASS > 0 && `${counts.PASS} passed`, counts.NOT_APPLICABLE > 0 && `${counts.NOT_APPLICABLE} not applicable`].filter(Boolean).join(", ");
    const id = sanitize(ruleId);
    const line = `  ${padEnd(id, layout.ruleColumn)}${parts}`;
    rows.push(...(visibleWidth(line) <= layout.width ? [line] : [`  ${truncate(id, layout.width - 2)}`, ...indented(parts, 4, layout, 1)]));
  }
  return rows.length > 0 ? [...heading("PASSED AND NOT APPLICABLE, BY RULE", layout, layout.c.green), ...rows] : [];
}

function unusedSuppressions(report: AuditReport, layout: Layout): string[] {
  const lines = heading("UNUSED SUPPRESSIONS — matched no failing finding; remove or fix them", layout, layout.c.yellow);
  for (const s of report.unusedSuppressions ?? []) lines.push(...indented(unusedSuppressionDetail(s), 2, layout, 3));
  return lines;
}

/** A later run: tonight's finding changes, the drift, then what still fails (folded per rule unless `all`). */
function changesThenPersisting(report: AuditReport, failing: Finding[], layout: Layout, all: boolean): string[][] {
  const { changes, persisting } = splitChanges(failing, report.transitions ?? []);
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  return [
    changeLines(changes, byId, layout),
    report.drift ? driftLines(report.drift, layout, "DRIFT since the previous run", report.attribution) : [],
    failing.length === 0 ? noFailures(layout) : persistingLines(persisting, layout, all),
  ];
}

function persistingLines(persisting: Finding[], layout: Layout, all: boolean): string[] {
  if (persisting.length === 0) return [];
  const lines = heading(`STILL FAILING (${persisting.length}): already failing before this run`, layout, layout.c.red);
  // A suppression that ran out asks for a decision, so its failure is never folded away.
  const listed = persisting.filter((f) => all || expiredSuppressionNote(f));
  const folded = all ? [] : foldByRule(persisting.filter((f) => !expiredSuppressionNote(f)));
  for (const f of listed) lines.push(...findingRows(f, layout));
  for (const fold of folded) lines.push(...indented(foldLine(fold), 2, layout, 2).map(layout.severity[fold.severities[0]!.severity]));
  if (folded.length > 0) lines.push(...indented("--all lists each one", 2, layout, 1).map(layout.c.dim));
  return lines;
}

function driftLines(drift: Drift, layout: Layout, title = "DRIFT", attribution?: AttributionSummary): string[] {
  const { c } = layout;
  const total = drift.added.length + drift.removed.length + drift.modified.length;
  const lines = heading(`${title}: ${drift.added.length} added, ${drift.removed.length} removed, ${drift.modified.length} modified`, layout, c.blue);
  if (attribution && total > 0) lines.push(...indented(attributionLine(attribution), 2, layout, 2).map(c.dim));
  if (total === 0) lines.push("  no resource changed");
  const cause = (item: { cause?: ChangeCause }) => (item.cause ? indented(causeLine(item.cause), 6, layout) : []);
  for (const ref of drift.added) lines.push(...refLines(c.green("+"), ref, layout), ...cause(ref));
  for (const ref of drift.removed) lines.push(...refLines(c.red("-"), ref, layout), ...cause(ref));
  for (const m of drift.modified) {
    lines.push(...refLines(c.yellow("~"), m.resource, layout));
    for (const change of m.changes) lines.push(...indented(describeChange(change), 6, layout));
    lines.push(...cause(m));
  }
  return lines;
}

/** "  + web-sg (us-east-1) · AWS::EC2::SecurityGroup"; the type goes below when the line is too narrow for both. */
function refLines(mark: string, ref: ResourceRef, layout: Layout): string[] {
  const type = sanitize(ref.type);
  const room = layout.width - 4 - 3 - visibleWidth(type);
  if (room >= MIN_RESOURCE_COLUMN) return [`  ${mark} ${fitLabel(ref, room)} · ${type}`];
  return [`  ${mark} ${fitLabel(ref, layout.width - 4)}`, `    ${truncate(type, layout.width - 4)}`];
}

/** "FINDING CHANGES since the previous run: 1 new, 1 regressed, 1 resolved", then one block each. */
function changeLines(changes: Transition[], findings: ReadonlyMap<string, Finding>, layout: Layout): string[] {
  const { c } = layout;
  const count = (kind: TransitionKind) => changes.filter((t) => t.kind === kind).length;
  const counts = (["NEW", "REGRESSED", "RESOLVED"] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k.toLowerCase()}`);
  const lines = heading(`FINDING CHANGES since the previous run: ${counts.join(", ") || "none"}`, layout, c.blue);
  const kindPaint: Record<TransitionKind, Paint> = { NEW: c.red, REGRESSED: c.red, RESOLVED: c.green, PERSISTING: (t) => t };
  const indent = TRANSITION_COLUMN + SEVERITY_COLUMN;
  for (const t of changes) {
    const lead = `  ${kindPaint[t.kind](padEnd(t.kind, TRANSITION_COLUMN - 2))}`;
    lines.push(...headLines(t, layout, lead, TRANSITION_COLUMN));
    const detail = transitionDetail(t);
    if (detail) lines.push(...indented(detail, indent, layout));
    if (t.cause) lines.push(...indented(causeLine(t.cause), indent, layout));
    // A RESOLVED finding passes now: notes about its failure no longer apply.
    if (t.kind !== "RESOLVED") lines.push(...noteLines(findings.get(t.findingId), indent, layout));
  }
  return lines;
}
