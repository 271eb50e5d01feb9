/**
 * The terminal report's organization parts: the run's heading, one summary
 * line per account (a table when the terminal is wide enough, a short block
 * per account when it is not), the accounts left out, and the heading of
 * each account's group of findings.
 */
import type { AccountRun, AuditReport } from "./audit-report.js";
import { accountCountsLine, accountLabel, accountsLine, displayTime, formatDuration } from "./presentation.js";
import type { Layout, Paint } from "./table-layout.js";
import { heading, indented } from "./table-layout.js";
import { sanitize, truncate, visibleWidth, wrap } from "./terminal-text.js";
import { SEVERITIES } from "../../types/finding.js";

type OrganizationReport = AuditReport & { accounts: AccountRun[] };

const INDENT = 2;
const REASON_LINES = 3;
const MIN_NAME_COLUMN = 8;
/** The account group's rule line: as long as a terminal line, no longer when the output has no width. */
const RULE_WIDTH = 80;
const NONE = "–";

export function organizationHeader(report: OrganizationReport, layout: Layout): string[] {
  const { run } = report;
  const unreadable = report.accounts.filter((a) => a.status === "unreadable").length;
  const partial = report.accounts.filter((a) => a.status === "partial").length;
  const why = [unreadable > 0 && `${unreadable} account${unreadable === 1 ? "" : "s"} could not be read`, partial > 0 && `${partial} read in part`].filter(Boolean).join(", ");
  return [
    ...heading(`driftwarden audit of an organization, from account ${run.accountId}`, layout),
    ...wrap(sanitize(`accounts: ${accountsLine(report)}`), layout.width),
    ...wrap(sanitize(`regions: ${run.regions.join(", ") || "none"}`), layout.width),
    ...wrap(sanitize(`run ${run.id} · ${displayTime(run.startedAt)} · took ${formatDuration(run.startedAt, run.finishedAt)}`), layout.width),
    ...(run.status === "partial" ? heading(`partial run: ${why}`, layout, layout.c.yellow) : []),
  ];
}

function statusPaint(status: AccountRun["status"], layout: Layout): Paint {
  return status === "unreadable" ? (t) => layout.c.bold(layout.c.red(t)) : status === "partial" ? layout.c.yellow : layout.c.green;
}

interface Column {
  header: string;
  cell: (account: AccountRun) => string;
  paint?: (account: AccountRun, text: string) => string;
  right?: boolean;
  /** Spaces before the column: one inside a group of numbers, two between groups. */
  gap: number;
  /** The column cut to fit a narrow terminal (the name; the numbers never are). */
  shrinks?: boolean;
}

function columns(layout: Layout): Column[] {
  const severity = SEVERITIES.map(
    (s, i): Column => ({
      header: s === "critical" ? "CRIT" : s === "medium" ? "MED" : s.toUpperCase(),
      cell: (a) => String(a.counts.bySeverity[s]),
      paint: (a, text) => (a.counts.bySeverity[s] > 0 ? layout.severity[s](text) : text),
      right: true,
      gap: i === 0 ? 2 : 1,
    }),
  );
  return [
    { header: "ACCOUNT", cell: (a) => a.accountId, gap: 0 },
    { header: "NAME", cell: (a) => sanitize(a.name ?? ""), gap: 2, shrinks: true },
    { header: "STATUS", cell: (a) => a.status, paint: (a, text) => statusPaint(a.status, layout)(text), gap: 2 },
    ...severity,
    { header: "DRIFT +/-/~", cell: (a) => (a.drift ? `${a.drift.added}/${a.drift.removed}/${a.drift.modified}` : NONE), right: true, gap: 2 },
    { header: "NEW/REG/RES", cell: (a) => (a.transitions ? `${a.transitions.new}/${a.transitions.regressed}/${a.transitions.resolved}` : NONE), right: true, gap: 2 },
    { header: "ERRORS", cell: (a) => String(a.errors), paint: (a, text) => (a.errors > 0 ? layout.c.red(text) : text), right: true, gap: 2 },
  ];
}

/** Column widths that fit the layout, the name column cut first; undefined when even a short name does not fit. */
function fittedWidths(cols: Column[], accounts: AccountRun[], layout: Layout): number[] | undefined {
  const widths = cols.map((col) => Math.max(visibleWidth(col.header), ...accounts.map((a) => visibleWidth(col.cell(a)))));
  const total = () => INDENT + widths.reduce((sum, w, i) => sum + w + cols[i]!.gap, 0);
  const name = cols.findIndex((col) => col.shrinks);
  const over = total() - layout.width;
  if (over > 0) widths[name] = Math.min(widths[name]!, Math.max(MIN_NAME_COLUMN, widths[name]! - over));
  return total() <= layout.width ? widths : undefined;
}

/** One line of the table; a cell's color (the account's, when given) is put on after it is cut and padded, so colors take no column. */
function row(cols: Column[], widths: number[], text: (col: Column) => string, account?: AccountRun): string {
  const cells = cols.map((col, i) => {
    const width = widths[i]!;
    const cut = truncate(text(col), width);
    const pad = " ".repeat(width - visibleWidth(cut));
    const painted = account && col.paint && cut ? col.paint(account, cut) : cut;
    return " ".repeat(col.gap) + (col.right ? pad + painted : painted + pad);
  });
  return (" ".repeat(INDENT) + cells.join("")).trimEnd();
}

/**
 * "ACCOUNTS": per account its status, failing findings by severity, drift,
 * finding changes and collection errors; under an account that could not be
 * read (or whose run was not recorded), why.
 */
export function accountSummary(report: OrganizationReport, layout: Layout): string[] {
  const lines = heading(`ACCOUNTS (${report.accounts.length})`, layout, layout.c.blue);
  if (report.accounts.length === 0) return [...lines, ...indented("no account was audited", INDENT, layout)];
  const cols = columns(layout);
  const widths = fittedWidths(cols, report.accounts, layout);
  if (!widths) return [...lines, ...report.accounts.flatMap((a) => accountBlock(a, layout))];
  lines.push(layout.c.dim(row(cols, widths, (c) => c.header)));
  for (const account of report.accounts) lines.push(row(cols, widths, (c) => c.cell(account), account), ...reasonLines(account, layout));
  lines.push(...indented("CRIT…INFO: failing findings by severity; DRIFT: resources added/removed/modified; NEW/REG/RES: findings new, regressed, resolved", INDENT, layout, 3).map(layout.c.dim));
  return lines;
}

/** The narrow terminal's form: "111122223333 production · complete", then the counts. */
function accountBlock(account: AccountRun, layout: Layout): string[] {
  const label = truncate(sanitize(accountLabel(account)), layout.width - INDENT - 3 - account.status.length);
  return [`${" ".repeat(INDENT)}${label} · ${statusPaint(account.status, layout)(account.status)}`, ...indented(accountCountsLine(account), INDENT * 2, layout, 4), ...reasonLines(account, layout)];
}

function reasonLines(account: AccountRun, layout: Layout): string[] {
  if (!account.reason) return [];
  const paint = account.status === "unreadable" ? layout.c.red : layout.c.yellow;
  return indented(account.reason, INDENT * 2, layout, REASON_LINES).map(paint);
}

/** Accounts selected but left out on purpose (suspended, excluded), and why: never counted as failures. */
export function skippedAccounts(report: OrganizationReport, layout: Layout): string[] {
  const skipped = report.skippedAccounts ?? [];
  if (skipped.length === 0) return [];
  return [...heading(`SKIPPED (${skipped.length}): selected, not audited`, layout, layout.c.dim), ...skipped.flatMap((s) => indented(`${accountLabel(s)}: ${s.reason}`, INDENT, layout, 2))];
}

/**
 * The line that opens an account's group, "━━ ACCOUNT 111122223333 production ━━━…",
 * and how its run went; for an account that could not be read, why, and what
 * its findings below are.
 */
export function accountHeading(account: AccountRun, layout: Layout, options: { quiet?: boolean; hasFindings: boolean }): string[] {
  const paint = account.status === "complete" ? (t: string) => t : statusPaint(account.status, layout);
  const ruleWidth = Math.min(layout.width, RULE_WIDTH);
  const label = truncate(sanitize(`ACCOUNT ${accountLabel(account)}`), ruleWidth - 6);
  const lines = [layout.c.bold(paint(`━━ ${label} ${"━".repeat(Math.max(2, ruleWidth - visibleWidth(label) - 4))}`))];
  if (options.quiet) return lines;
  lines.push(...indented(`${account.status} · ${accountCountsLine(account)}`, 0, layout, 4));
  if (account.status === "unreadable") {
    lines.push(...heading(`UNREADABLE: ${account.reason ?? "its member role could not be assumed"}`, layout, layout.c.red));
    lines.push(
      ...indented(options.hasFindings ? "Nothing was read this run: the findings below stand as of its last run, and none is resolved." : "Nothing was read this run, and no earlier run is recorded: nothing is known of this account.", 0, layout, 2).map(layout.c.dim),
    );
  } else if (account.reason) {
    lines.push(...indented(account.reason, 0, layout, REASON_LINES).map(layout.c.yellow));
  }
  return lines;
}
