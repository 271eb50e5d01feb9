/**
 * The one email of an organization run: every account's outcome joined in a
 * plain-text digest, the accounts that could not be audited first, then the
 * accounts with changes, the most severe first. Within SNS limits as the
 * single-account alert is (subject under 100 characters, body and attributes
 * within 256 KB), with the attributes that alert has, so one filter policy
 * serves both deployments.
 */
import type { Transition } from "../../diff/types.js";
import type { Severity } from "../../types/finding.js";
import { SEVERITIES, severityRank } from "../../types/finding.js";
import { compareText } from "../../types/order.js";
import type { AlertMessage } from "./alert-message.js";
import { bytes, MAX_SUBJECT, truncate } from "./alert-message.js";

/** One account's part of an organization run, as the per-account audit reports it: a few hundred bytes. */
export interface AccountOutcome {
  account: { id: string; name?: string };
  /**
   * "unreadable": its member role could not be assumed; "failed": its audit
   * itself failed. Either way nothing of it was recorded as read, and its
   * findings keep their previous state.
   */
  status: "complete" | "partial" | "unreadable" | "failed";
  /** Failing findings by severity; severities with none are left out. */
  failing: Partial<Record<Severity, number>>;
  /** New, regressed and resolved findings at or above the alert severity; absent when nothing was compared. */
  changes?: { new: number; regressed: number; resolved: number };
  /** The most severe of the new and regressed findings. */
  highest?: Severity;
  /** Parts of the account not read (collection errors); absent when not known (a repeated item). */
  errors?: number;
  /** Why the account was not audited (unreadable, failed). */
  reason?: string;
  /** The most severe new and regressed findings, one short line each (changeLine). */
  top?: string[];
  /** The run was recorded by an earlier attempt of the same item: its changes are in the findings table, not here. */
  repeated?: true;
}

export interface OrganizationOutcome {
  runId: string;
  accounts: AccountOutcome[];
  /** Accounts selected but not audited on purpose (suspended, excluded), and why. */
  skipped: { id: string; name?: string; reason: string }[];
  /** Map items that ended with no account outcome (failures the Map tolerated), each described by its error. */
  lost?: string[];
}

/** Lines per account in its result: the digest of 500 accounts stays far under the state machine's 256 KB. */
export const TOP_LINES = 3;
const MAX_LINE = 80;

/**
 * The line a changed finding gets in its account's part of the digest: a long resource id is shortened from its
 * start, since an ARN's start (arn:aws:service:region:account) says nothing the line does not, and its end names the resource.
 */
export function changeLine(t: Pick<Transition, "kind" | "severity" | "ruleId" | "resource">): string {
  const head = `[${t.severity.toUpperCase()}] ${t.kind} ${t.ruleId} `;
  const region = ` ${t.resource.region}`;
  return truncate(`${head}${keepEnd(t.resource.id, Math.max(12, MAX_LINE - head.length - region.length))}${region}`, MAX_LINE + 20);
}

function keepEnd(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/** SNS: the whole message, body and attributes, within 256 KiB; a margin for the framing SNS adds. */
const MAX_MESSAGE_BYTES = 256 * 1024 - 2 * 1024;

/** Undefined when nothing changed at or above `minSeverity` and every account was audited: no message is sent. */
export function buildOrganizationDigest(run: OrganizationOutcome, minSeverity: Severity, maxMessageBytes = MAX_MESSAGE_BYTES): AlertMessage | undefined {
  const notAudited = run.accounts.filter(isNotAudited).sort(byId);
  const changed = run.accounts.filter((a) => totalChanges(a) > 0).sort(mostSevereFirst);
  // An earlier attempt recorded their runs and sent nothing (an organization's accounts send no alert): the changes
  // it recorded are told of only here, as being in the findings table.
  const recordedEarlier = run.accounts.filter((a) => a.repeated && totalChanges(a) === 0 && !isNotAudited(a)).sort(byId);
  const lost = run.lost ?? [];
  if (notAudited.length === 0 && changed.length === 0 && recordedEarlier.length === 0 && lost.length === 0) return undefined;

  const totals = { new: sum(run.accounts, (a) => a.changes?.new), regressed: sum(run.accounts, (a) => a.changes?.regressed), resolved: sum(run.accounts, (a) => a.changes?.resolved) };
  const highest = changed.map((a) => a.highest).filter((s): s is Severity => s !== undefined).sort((a, b) => severityRank(a) - severityRank(b))[0];
  const partial = run.accounts.filter((a) => a.status !== "complete");
  const attributes: AlertMessage["attributes"] = {
    // A String.Array: a subscriber's filter policy on "account" matches a digest naming its account, as it matches the single-account alert.
    account: { DataType: "String.Array", StringValue: JSON.stringify([...new Set([...notAudited, ...changed, ...recordedEarlier].map((a) => a.account.id))].sort(compareText)) },
    highestSeverity: { DataType: "String", StringValue: highest ?? "none" },
    newCount: { DataType: "Number", StringValue: String(totals.new) },
    regressedCount: { DataType: "Number", StringValue: String(totals.regressed) },
    resolvedCount: { DataType: "Number", StringValue: String(totals.resolved) },
    notAuditedCount: { DataType: "Number", StringValue: String(notAudited.length + lost.length) },
    accountCount: { DataType: "Number", StringValue: String(run.accounts.length) },
    runStatus: { DataType: "String", StringValue: partial.length > 0 || lost.length > 0 ? "partial" : "complete" },
  };

  const changeText = countsText(totals) || "no change";
  const statusText = [notAuditedText(notAudited), recordedEarlier.length > 0 && `${recordedEarlier.length} recorded earlier`, lost.length > 0 && `${lost.length} lost`].filter(Boolean).join(", ");
  const subject = truncate(`driftwarden: ${plural(run.accounts.length, "account")}: ${changeText}${highest ? ` (${highest})` : ""}${statusText ? `; ${statusText}` : ""}`, MAX_SUBJECT);

  const byStatus = (status: AccountOutcome["status"]) => run.accounts.filter((a) => a.status === status).length;
  const audited = (["complete", "partial", "unreadable", "failed"] as const).filter((s) => byStatus(s) > 0).map((s) => `${byStatus(s)} ${s}`);
  const failing = severityCounts(Object.fromEntries(SEVERITIES.map((s) => [s, sum(run.accounts, (a) => a.failing[s])])));
  const head = [
    `driftwarden audit of ${plural(run.accounts.length, "account")} of the organization, run ${run.runId}`,
    `Accounts: ${[audited.join(", "), lost.length > 0 && `${lost.length} lost (Map items with no outcome)`, run.skipped.length > 0 && `${run.skipped.length} skipped`].filter(Boolean).join("; ") || "none"}.`,
    `Changes at or above ${minSeverity}: ${changeText}${changed.length > 0 ? ` in ${plural(changed.length, "account")}` : ""}.`,
    `Failing now: ${sum(run.accounts, (a) => sum(SEVERITIES, (s) => a.failing[s]))}${failing ? ` (${failing})` : ""}.`,
    "",
  ].join("\n");

  const quiet = run.accounts.filter((a) => totalChanges(a) === 0 && !isNotAudited(a) && !a.repeated);
  const partialQuiet = quiet.filter((a) => a.status === "partial").sort(byId);
  const sections = [
    {
      title: `NOT AUDITED (${notAudited.length + lost.length}): their findings keep their previous state`,
      entries: [...notAudited.map(notAuditedEntry), ...lost.map((error) => `a Map item ended with no account outcome: ${error}; the map run's failed items name its account\n`)],
    },
    { title: `ACCOUNTS WITH CHANGES (${changed.length}), the most severe first`, entries: changed.map(changedEntry) },
    {
      title: `RECORDED BY AN EARLIER ATTEMPT (${recordedEarlier.length}): their changes, if any, are in the findings table`,
      entries: recordedEarlier.map((a) => `${accountLabel(a)}: ${a.status}\n`),
    },
    { title: `PARTIAL, WITHOUT CHANGES (${partialQuiet.length}): the parts not read keep their previous state`, entries: partialQuiet.map((a) => `${accountLabel(a)}: ${partsNotRead(a)}\n`) },
    { title: `SKIPPED (${run.skipped.length})`, entries: run.skipped.map((s) => `${s.id}${s.name ? ` ${s.name}` : ""}: ${s.reason}\n`) },
  ];
  const others = quiet.length - partialQuiet.length;
  const unchanged = others > 0 ? `${plural(others, "other account")} without changes at or above ${minSeverity}.\n` : "";

  const attributeBytes = Object.entries(attributes).reduce((n, [name, a]) => n + bytes(name) + bytes(a.DataType) + bytes(a.StringValue), 0);
  // The line on the others comes last, after at most one blank line; 200 bytes spare for the line on entries not shown.
  const budget = maxMessageBytes - attributeBytes - bytes(subject) - (unchanged ? bytes(unchanged) + 1 : 0) - 200;
  let body = head;
  let used = bytes(head);
  let omitted = 0;
  for (const section of sections) {
    if (section.entries.length === 0) continue;
    // Account entries with lines end in a blank line already.
    let text = `${body.endsWith("\n\n") ? "" : "\n"}${section.title}\n${"-".repeat(Math.min(section.title.length, 60))}\n`;
    let size = bytes(text);
    let shown = 0;
    for (const entry of section.entries) {
      const entryBytes = bytes(entry);
      if (used + size + entryBytes > budget) {
        omitted += 1;
        continue;
      }
      text += entry;
      size += entryBytes;
      shown += 1;
    }
    if (shown > 0) {
      body += text;
      used += size;
    }
  }
  // Account entries with lines end in a blank line already: one blank line before what follows, never two.
  const paragraph = (text: string) => `${body.endsWith("\n\n") ? "" : "\n"}${text}`;
  if (omitted > 0) body += paragraph(`… and ${plural(omitted, "more account entry", "more account entries")} not shown (message size limit). The findings table holds every account's findings.\n`);
  if (unchanged) body += paragraph(unchanged);
  return { subject, body, attributes };
}

function isNotAudited(a: AccountOutcome): boolean {
  return a.status === "unreadable" || a.status === "failed";
}

function notAuditedEntry(a: AccountOutcome): string {
  return `${accountLabel(a)}: ${a.status}${a.reason ? `: ${a.reason}` : ""}\n`;
}

function changedEntry(a: AccountOutcome): string {
  const failing = severityCounts(a.failing);
  const lines = [
    `${accountLabel(a)}${a.status === "partial" ? ` (partial: ${partsNotRead(a)})` : ""}`,
    `  ${countsText(a.changes!)}; failing now: ${failing || "none"}`,
    ...(a.top ?? []).map((line) => `  ${line}`),
  ];
  const more = a.changes!.new + a.changes!.regressed - (a.top?.length ?? 0);
  if (more > 0) lines.push(`  … and ${more} more new or regressed in the findings table`);
  return `${lines.join("\n")}\n\n`;
}

/** Accounts with the most severe new or regressed finding first, then the most of them, then the most failing. */
function mostSevereFirst(a: AccountOutcome, b: AccountOutcome): number {
  const rank = (o: AccountOutcome) => (o.highest ? severityRank(o.highest) : SEVERITIES.length);
  const worse = (o: AccountOutcome) => (o.changes?.new ?? 0) + (o.changes?.regressed ?? 0);
  const failing = (o: AccountOutcome) => SEVERITIES.map((s) => o.failing[s] ?? 0);
  const byFailing = failing(b).map((n, i) => n - failing(a)[i]!).find((d) => d !== 0) ?? 0;
  return rank(a) - rank(b) || worse(b) - worse(a) || byFailing || byId(a, b);
}

function byId(a: AccountOutcome, b: AccountOutcome): number {
  return compareText(a.account.id, b.account.id);
}

function partsNotRead(a: AccountOutcome): string {
  return a.errors === undefined ? "some parts not read" : `${plural(a.errors, "part")} not read`;
}

function accountLabel(a: AccountOutcome): string {
  return `${a.account.id}${a.account.name ? ` ${a.account.name}` : ""}`;
}

function totalChanges(a: AccountOutcome): number {
  return (a.changes?.new ?? 0) + (a.changes?.regressed ?? 0) + (a.changes?.resolved ?? 0);
}

function countsText(c: { new: number; regressed: number; resolved: number }): string {
  return [c.new && `${c.new} new`, c.regressed && `${c.regressed} regressed`, c.resolved && `${c.resolved} resolved`].filter(Boolean).join(", ");
}

function notAuditedText(accounts: AccountOutcome[]): string {
  const count = (status: string) => accounts.filter((a) => a.status === status).length;
  return [count("unreadable") && `${count("unreadable")} unreadable`, count("failed") && `${count("failed")} failed`].filter(Boolean).join(", ");
}

function severityCounts(counts: Partial<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(", ");
}

function sum<T>(items: readonly T[], value: (item: T) => number | undefined): number {
  return items.reduce((n, item) => n + (value(item) ?? 0), 0);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
