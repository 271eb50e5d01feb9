/**
 * The terminal report, fitted to the terminal's width. The important thing
 * first, once: on a first run (or one without history) the failing findings,
 * most severe first, one short block each; on later runs what changed tonight
 * (NEW, REGRESSED, RESOLVED, then drift) before the failures that persist,
 * which fold into a count per rule. Then passing results as counts per rule,
 * and a closing summary line scripts and people can both read.
 */
import pc from "picocolors";
import type { Colors } from "picocolors/types.js";
import { describeChange } from "../../diff/change-summary.js";
import type { Drift, Transition, TransitionKind } from "../../diff/types.js";
import type { Rule } from "../../evaluate/rule.js";
import type { ChangeCause } from "../../types/cause.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import type { ResourceRef } from "../../types/resource.js";
import type { AttributionSummary, AuditReport } from "./audit-report.js";
import { foldByRule, foldLine, splitChanges } from "./failure-groups.js";
import { expiredSuppressionNote, severityNote, unusedSuppressionDetail } from "./notes.js";
import {
  attributionLine,
  causeLine,
  countsByRule,
  displayTime,
  formatDuration,
  resourceName,
  summaryLine,
  suppressionDetail,
  transitionDetail,
} from "./presentation.js";
import { padEnd, sanitize, truncate, visibleWidth, wrap, wrapLimited } from "./terminal-text.js";

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

const MIN_WIDTH = 40;
/** "CRITICAL" and two spaces. */
const SEVERITY_COLUMN = 10;
const MIN_RESOURCE_COLUMN = 16;
/** Wide enough that a name cut to fit still reads; below it a cut label moves to its own line. */
const ROOMY_RESOURCE_COLUMN = 30;
const REASON_LINES = 4;
const DETAIL_LINES = 3;
/** "  REGRESSED " */
const TRANSITION_COLUMN = 12;

type Paint = (text: string) => string;

interface Layout {
  width: number;
  ruleColumn: number;
  c: Colors;
  severity: Record<Severity, Paint>;
  /** By id: a finding's severity is explained against its rule's. */
  rules: ReadonlyMap<string, Rule>;
}

/** `width` may be Infinity: piped output that is not cut to any terminal. */
function layoutFor(options: { color: boolean; width?: number }, longestRule: number, rules: readonly Rule[] = []): Layout {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? 80));
  const c = pc.createColors(options.color);
  return {
    width,
    ruleColumn: Math.min(longestRule + 2, width - SEVERITY_COLUMN - MIN_RESOURCE_COLUMN),
    c,
    rules: new Map(rules.map((rule) => [rule.id, rule])),
    severity: {
      critical: (t) => c.bold(c.red(t)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
      info: c.dim,
    },
  };
}

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
  const byStatus = (status: FindingStatus) => report.findings.filter((f) => f.status === status);
  const failing = byStatus("FAIL");
  // After the first run the failures are told as changes; quiet keeps the one plain list scripts read.
  const laterRun = !options.quiet && report.transitions !== undefined && report.firstRun !== true;
  const sections: string[][] = [];

  if (!options.quiet) {
    sections.push(header(report, failing.length, layout));
    if (report.errors.length > 0) sections.push(collectionErrors(report, layout));
  }
  // No finding and no collection error: nothing was there to check, which "0 failed, 0 passed" alone does not say.
  if (report.findings.length === 0 && report.errors.length === 0) sections.push(wrap(sanitize(`no resources found in account ${report.run.accountId}${regionList(report.run.regions)}`), width));
  else if (laterRun) sections.push(...changesThenPersisting(report, failing, layout, Boolean(options.all)));
  else sections.push(failing.length > 0 ? findingSection("FAILED", failing, layout, c.red) : noFailures(layout));
  const errors = byStatus("ERROR");
  if (errors.length > 0) sections.push(findingSection("NOT EVALUATED", errors, layout, c.magenta));
  if (!options.quiet) {
    const suppressed = byStatus("SUPPRESSED");
    if (suppressed.length > 0) sections.push(findingSection("SUPPRESSED", suppressed, layout, c.dim));
    const counts = passingCounts(report.findings, layout);
    if (counts.length > 0) sections.push(counts);
    if (report.unusedSuppressions?.length) sections.push(unusedSuppressions(report, layout));
    // A first run has drift only against a pinned baseline; later runs told theirs with the changes.
    if (!laterRun && report.drift) sections.push(driftLines(report.drift, layout, "DRIFT since the baseline", report.attribution));
  }
  sections.push(wrap(sanitize(summaryLine(report)), width).map((l) => c.bold(l)));
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join("\n")).join("\n\n")}\n`;
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

function heading(text: string, layout: Layout, paint: Paint = (t) => t): string[] {
  return wrap(sanitize(text), layout.width).map((l) => layout.c.bold(paint(l)));
}

/** Wrapped text under an indent, each line within the width. */
function indented(text: string, indent: number, layout: Layout, maxLines = DETAIL_LINES): string[] {
  const pad = " ".repeat(indent);
  return wrapLimited(sanitize(text), layout.width - indent, maxLines).map((l) => pad + l);
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
