/**
 * What one account's audit returns to the state machine: its outcome in its
 * share of the Map's results (a few hundred bytes in a run of 500 accounts),
 * so that all of them stay under Step Functions' 256 KB payload limit, and
 * its failures as short errors the Map's Catch turns into an outcome naming the account.
 */
import type { Severity } from "../types/finding.js";
import { SEVERITIES } from "../types/finding.js";
import { alertingTransitions, bytes, truncate } from "../publish/notify/alert-message.js";
import type { AccountOutcome } from "../publish/notify/organization-digest.js";
import { changeLine, TOP_LINES } from "../publish/notify/organization-digest.js";
import type { AuditReport } from "../publish/report/audit-report.js";
import { accountRun } from "../publish/report/organization-report.js";
import { transitionCounts } from "../diff/transitions.js";

/** The Map's results all together: Step Functions' 256 KB payload, less room for the run id, the skipped accounts and caught failures' causes. */
export const MAP_RESULTS_BYTES = 200 * 1024;
/** An outcome needs no more: three lines and a reason in full. */
const MAX_OUTCOME_BYTES = 1024;

/** An account's share of the Map's results in a run of `accountCount` accounts: 409 bytes each for 500. */
export function outcomeBudget(accountCount = 1): number {
  return Math.min(MAX_OUTCOME_BYTES, Math.floor(MAP_RESULTS_BYTES / accountCount));
}

/** Organizations allows 50 characters for an account name. */
const MAX_NAME = 50;
const MAX_ERROR_MESSAGE = 120;

export interface OutcomeAccount {
  id: string;
  name?: string;
}

/** The outcome of an account audited in this invocation. */
export function accountOutcome(account: OutcomeAccount, report: AuditReport, minSeverity: Severity, budget = outcomeBudget()): AccountOutcome {
  // As the organization report lists the account: its status (unreadable when its role could not be assumed) and why.
  const run = accountRun({ accountId: account.id, report });
  const changes = alertingTransitions(report.transitions ?? [], minSeverity);
  const worse = changes.filter((t) => t.kind !== "RESOLVED");
  return withinBudget(budget, {
    account: outcomeAccount(account),
    status: run.status,
    failing: failing(report.run.counts.bySeverity),
    ...(report.transitions && { changes: transitionCounts(changes) }),
    ...(worse[0] && { highest: worse[0].severity }),
    errors: report.errors.length,
    ...(run.reason && { reason: withoutAccount(run.reason, account.id) }),
    ...(worse.length > 0 && { top: worse.slice(0, TOP_LINES).map(changeLine) }),
  });
}

/** A repeated item whose run an earlier attempt recorded: its counts as recorded; its changes went with that attempt. */
export function recordedOutcome(account: OutcomeAccount, run: { status: "complete" | "partial"; counts: { bySeverity: Partial<Record<Severity, number>> } }): AccountOutcome {
  return { account: outcomeAccount(account), status: run.status, failing: failing(run.counts.bySeverity), repeated: true };
}

/** The error name the state machine's Retry waits out. */
export const RUN_IN_PROGRESS = "RunInProgress";

/** Raised when another delivery of the same item holds the account's run: the state machine retries until it has recorded it. */
export class RunInProgressError extends Error {
  override name = RUN_IN_PROGRESS;
}

/**
 * A failed account audit as the state machine's Catch carries it into the
 * Map's results: its name (what Retry and Catch match), a short message. The
 * function's log keeps the whole error.
 */
export function compactError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const compact = new Error(truncate(source.message.split("\n")[0] ?? "", MAX_ERROR_MESSAGE));
  compact.name = source.name;
  // Lambda's Node runtime sends the stack's lines as the error's trace, which would become part of every failed item's result.
  compact.stack = "";
  return compact;
}

function outcomeAccount(account: OutcomeAccount): AccountOutcome["account"] {
  return { id: account.id, ...(account.name && { name: truncate(account.name, MAX_NAME) }) };
}

function failing(bySeverity: Partial<Record<Severity, number>>): AccountOutcome["failing"] {
  return Object.fromEntries(SEVERITIES.filter((s) => bySeverity[s]).map((s) => [s, bySeverity[s]]));
}

/** The account's section of the digest names it already. */
function withoutAccount(reason: string, accountId: string): string {
  const prefix = `account ${accountId}: `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}

/** Fewer lines, then a shorter reason, until the outcome fits its share of the Map's results. */
function withinBudget(budget: number, outcome: AccountOutcome): AccountOutcome {
  const size = () => bytes(JSON.stringify(outcome));
  while (size() > budget && outcome.top?.length) {
    outcome.top.pop();
    if (outcome.top.length === 0) delete outcome.top;
  }
  while (size() > budget && outcome.reason && outcome.reason.length > 40) {
    outcome.reason = truncate(outcome.reason, Math.max(40, outcome.reason.length - (size() - budget)));
  }
  return outcome;
}
