/**
 * One report for an organization run: the accounts' reports joined, each
 * item carrying its account, and a list of the accounts with each one's
 * status. Every account's own report (and state) stays its own; this is only
 * how they are shown together.
 */
import { transitionCounts } from "../../diff/transitions.js";
import { isUnreadableAccountError } from "../../collect/errors.js";
import type { SkippedAccount } from "../../collect/organizations.js";
import { compareText } from "../../types/order.js";
import type { AccountRun, AuditReport } from "./audit-report.js";
import { REPORT_SCHEMA_VERSION } from "./audit-report.js";
import { countFindings, sortFindings } from "./build-report.js";

export interface AccountReport {
  accountId: string;
  name?: string;
  report: AuditReport;
  /** Why the run was not recorded, when it was not. */
  notRecorded?: string;
}

export interface OrganizationRun {
  runId: string;
  /** The account the run was made from (the management or delegated administrator account). */
  callerAccountId: string;
  startedAt: string;
  finishedAt: string;
  skipped: { accountId: string; name?: string; reason: string }[];
}

export function organizationReport(accounts: AccountReport[], run: OrganizationRun): AuditReport {
  const ordered = [...accounts].sort((a, b) => compareText(a.accountId, b.accountId));
  const runs = ordered.map(accountRun);
  const findings = sortFindings(ordered.flatMap((a) => a.report.findings));
  const compared = ordered.filter((a) => a.report.transitions);
  const drifted = ordered.filter((a) => a.report.drift);
  const report: AuditReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: {
      id: run.runId,
      accountId: run.callerAccountId,
      regions: [...new Set(ordered.flatMap((a) => a.report.run.regions))].sort(compareText),
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      // A skipped account (suspended, excluded) was left out on purpose; one that could not be read makes the run partial.
      status: runs.some((r) => r.status !== "complete") ? "partial" : "complete",
      counts: countFindings(findings),
    },
    findings,
    errors: ordered.flatMap((a) => a.report.errors.map((e) => ({ ...e, accountId: a.accountId }))),
    accounts: runs,
    skippedAccounts: run.skipped,
  };
  if (drifted.length > 0) {
    report.drift = {
      added: drifted.flatMap((a) => a.report.drift!.added.map((r) => ({ ...r, accountId: a.accountId }))),
      removed: drifted.flatMap((a) => a.report.drift!.removed.map((r) => ({ ...r, accountId: a.accountId }))),
      modified: drifted.flatMap((a) => a.report.drift!.modified.map((m) => ({ ...m, resource: { ...m.resource, accountId: a.accountId } }))),
    };
  }
  if (compared.length > 0) report.transitions = compared.flatMap((a) => a.report.transitions!.map((t) => ({ ...t, resource: { ...t.resource, accountId: a.accountId } })));
  const unused = ordered.flatMap((a) => a.report.unusedSuppressions ?? []);
  // A suppression matching nothing in one account may match in another: unused only when no account used it.
  if (unused.length > 0 && ordered.every((a) => a.report.unusedSuppressions)) report.unusedSuppressions = intersection(ordered.map((a) => a.report.unusedSuppressions!));
  if (report.unusedSuppressions?.length === 0) delete report.unusedSuppressions;
  if (ordered.length > 0 && ordered.every((a) => a.report.firstRun !== undefined)) report.firstRun = ordered.every((a) => a.report.firstRun);
  return report;
}

/** The accounts a plan left out (suspended, excluded), as the report lists them. */
export function reportedSkips(skipped: readonly SkippedAccount[] = []): OrganizationRun["skipped"] {
  return skipped.map(({ id, name, reason }) => ({ accountId: id, ...(name && { name }), reason }));
}

/** Whether a report is an organization run's (several accounts, or one selected from an organization). */
export function isOrganizationReport(report: AuditReport): report is AuditReport & { accounts: AccountRun[] } {
  return report.accounts !== undefined;
}

/** An organization run's account names by id (those Organizations gave); empty for one account's run. */
export function accountNames(report: AuditReport): Map<string, string> {
  return new Map((report.accounts ?? []).flatMap((a) => (a.name ? [[a.accountId, a.name] as const] : [])));
}

/** One account's entry in the report's accounts list: where an account's status (unreadable when its role could not be assumed) and its reason are decided. */
export function accountRun({ accountId, name, report, notRecorded }: AccountReport): AccountRun {
  const entered = !report.errors.some(isUnreadableAccountError);
  const reason = entered ? notRecorded : report.errors[0]!.message;
  return {
    accountId,
    ...(name && { name }),
    runId: report.run.id,
    status: entered ? report.run.status : "unreadable",
    counts: report.run.counts,
    // Nothing of an unreadable account was read, so nothing was compared: no drift, rather than none.
    ...(entered && report.drift && { drift: { added: report.drift.added.length, removed: report.drift.removed.length, modified: report.drift.modified.length } }),
    ...(report.transitions && { transitions: transitionCounts(report.transitions) }),
    errors: report.errors.length,
    ...(reason && { reason }),
    ...(report.firstRun !== undefined && { firstRun: report.firstRun }),
  };
}

/**
 * One account's part of an organization report, as a report of its own: what
 * the formats show in that account's section. Counts are those of the
 * findings it holds, so a report narrowed to some severities stays consistent.
 */
export function accountPart(report: AuditReport, account: AccountRun): AuditReport {
  const mine = (accountId: string | undefined) => accountId === account.accountId;
  const findings = report.findings.filter((f) => mine(f.resource.accountId));
  const part: AuditReport = {
    schemaVersion: report.schemaVersion,
    run: {
      ...report.run,
      id: account.runId,
      accountId: account.accountId,
      status: account.status === "complete" ? "complete" : "partial",
      counts: countFindings(findings),
    },
    findings,
    errors: report.errors.filter((e) => mine(e.accountId)),
  };
  if (report.drift && account.drift) {
    part.drift = {
      added: report.drift.added.filter((r) => mine(r.accountId)),
      removed: report.drift.removed.filter((r) => mine(r.accountId)),
      modified: report.drift.modified.filter((m) => mine(m.resource.accountId)),
    };
  }
  if (report.transitions && account.transitions) part.transitions = report.transitions.filter((t) => mine(t.resource.accountId));
  if (account.firstRun !== undefined) part.firstRun = account.firstRun;
  return part;
}

/** The suppressions unused in every account's run, by their pattern. */
function intersection<T>(lists: T[][]): T[] {
  const key = (item: T) => JSON.stringify(item);
  const [first = [], ...rest] = lists;
  const others = rest.map((list) => new Set(list.map(key)));
  return first.filter((item) => others.every((set) => set.has(key(item))));
}

