/** How report values are put into words and groups; shared by the terminal table and the HTML page. */
import type { Transition, TransitionKind } from "../../diff/types.js";
import { actorLabel } from "../../attribute/actor.js";
import type { ChangeCause } from "../../types/cause.js";
import type { Finding, FindingStatus } from "../../types/finding.js";
import { FINDING_STATUSES, SEVERITIES } from "../../types/finding.js";
import type { AccountRun, AttributionSummary, AuditReport, RunSummary } from "./audit-report.js";

export function resourceName(resource: { id: string; name?: string }): string {
  return resource.name || resource.id;
}

/** "web-sg (us-east-1)": the name a person recognizes, and where it is. */
export function resourceLabel(resource: { id: string; name?: string; region: string }): string {
  return `${resourceName(resource)} (${resource.region})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "12 failed (2 critical, 5 high), 40 passed, 3 not applicable, 1 suppressed — partial run: 1 collection error". */
export function summaryLine(report: AuditReport): string {
  const { byStatus } = report.run.counts;
  const parts = [failedText(report.run.counts)];
  if (byStatus.ERROR > 0) parts.push(`${byStatus.ERROR} not evaluated`);
  parts.push(`${byStatus.PASS} passed`);
  if (byStatus.NOT_APPLICABLE > 0) parts.push(`${byStatus.NOT_APPLICABLE} not applicable`);
  if (byStatus.SUPPRESSED > 0) parts.push(`${byStatus.SUPPRESSED} suppressed`);
  const partial = report.run.status === "partial" ? ` — partial run: ${plural(report.errors.length, "collection error")}` : "";
  return parts.join(", ") + partial;
}

/** "12 failed (2 critical, 5 high)". */
export function failedText(counts: RunSummary["counts"]): string {
  const severities = SEVERITIES.filter((s) => counts.bySeverity[s] > 0).map((s) => `${counts.bySeverity[s]} ${s}`);
  return `${counts.byStatus.FAIL} failed${severities.length > 0 ? ` (${severities.join(", ")})` : ""}`;
}

/** An organization run's closing line: "3 accounts (2 complete, 1 unreadable), 1 skipped: 12 failed (…), 40 passed — partial run: …". */
export function organizationSummaryLine(report: AuditReport & { accounts: AccountRun[] }): string {
  return `${accountsLine(report)}: ${summaryLine(report)}`;
}

/** "111122223333 production": the id scripts know, and the name people do when Organizations gave one. */
export function accountLabel(account: { accountId: string; name?: string }): string {
  return account.name ? `${account.accountId} ${account.name}` : account.accountId;
}

const ACCOUNT_STATUSES: readonly AccountRun["status"][] = ["complete", "partial", "unreadable"];

/** "3 accounts (2 complete, 1 unreadable), 1 skipped". */
export function accountsLine(report: Pick<AuditReport, "skippedAccounts"> & { accounts: AccountRun[] }): string {
  const statuses = ACCOUNT_STATUSES.map((status) => [status, report.accounts.filter((a) => a.status === status).length] as const).filter(([, n]) => n > 0);
  const skipped = report.skippedAccounts?.length ?? 0;
  return `${plural(report.accounts.length, "account")} (${statuses.map(([status, n]) => `${n} ${status}`).join(", ") || "none audited"})${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/** One account's run in a line: "12 failed (2 critical) · drift 3 added, 1 removed, 0 modified · 1 new, 0 regressed, 2 resolved · 1 collection error"; drift and changes only when there was a run to compare with. */
export function accountCountsLine(account: AccountRun): string {
  const parts = [failedText(account.counts)];
  if (account.drift) parts.push(`drift ${account.drift.added} added, ${account.drift.removed} removed, ${account.drift.modified} modified`);
  if (account.transitions) parts.push(`${account.transitions.new} new, ${account.transitions.regressed} regressed, ${account.transitions.resolved} resolved`);
  parts.push(plural(account.errors, "collection error"));
  return parts.join(" · ");
}

/** "2026-11-01 02:00:00 UTC" from an ISO timestamp. */
export function displayTime(iso: string): string {
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
}

export function formatDuration(startedAt: string, finishedAt: string): string {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return "unknown";
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A drift value as one line: JSON, so that the string "true" and the boolean true read differently. */
export function formatValue(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export type StatusCounts = Record<FindingStatus, number>;

/** Per rule, how many findings have each status; rules in id order. */
export function countsByRule(findings: readonly Finding[]): Map<string, StatusCounts> {
  const counts = new Map<string, StatusCounts>();
  for (const f of [...findings].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) {
    let c = counts.get(f.ruleId);
    if (!c) counts.set(f.ruleId, (c = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as StatusCounts));
    c[f.status] += 1;
  }
  return counts;
}

/** The transitions a person acts on; PERSISTING ones are only counted. */
const NOTABLE_TRANSITIONS: TransitionKind[] = ["NEW", "REGRESSED", "RESOLVED"];

export function notableTransitions(transitions: readonly Transition[]): Transition[] {
  return NOTABLE_TRANSITIONS.flatMap((kind) => transitions.filter((t) => t.kind === kind));
}

/** What a transition's line says after the resource: its reason and, when known, the drift that caused it. */
export function transitionDetail(t: Transition): string {
  return [t.reason, t.explanation && `caused by: ${t.explanation}`].filter(Boolean).join(" — ");
}

/**
 * Who made a change, when and how, in one line every report prints the same:
 * "by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC,
 * AuthorizeSecurityGroupIngress from 198.51.100.7"; "by cloudformation.amazonaws.com for deployer (role CIDeploy) at …"
 * when a service acted with the caller's credentials.
 */
export function causeLine(cause: ChangeCause): string {
  const actor = actorLabel(cause.actor);
  const serviceRole = cause.actor.role?.startsWith("AWSServiceRoleFor");
  // A service's own service-linked role (Auto Scaling terminating an instance) is the service acting for no one.
  const service = cause.actor.type === "AWSService" || cause.actor.name === cause.invokedBy;
  const who = !cause.invokedBy || service ? actor : serviceRole ? `${cause.invokedBy} (role ${cause.actor.role})` : `${cause.invokedBy} for ${actor}`;
  // A service calls from its own name (sourceIPAddress "autoscaling.amazonaws.com"): said already.
  const source = cause.sourceIpAddress && cause.sourceIpAddress !== cause.invokedBy && cause.sourceIpAddress !== cause.actor.name ? ` from ${cause.sourceIpAddress}` : "";
  return `by ${who} at ${eventTime(cause.eventTime)}, ${cause.eventName}${source}${earlierChanges(cause.earlier ?? [])}`;
}

/** The cause is the last write in the window; the ones before it, briefly, so that none is hidden. */
function earlierChanges(earlier: NonNullable<ChangeCause["earlier"]>): string {
  if (earlier.length === 0) return "";
  const shown = earlier.slice(-EARLIER_SHOWN).map((e) => `${e.eventName} by ${e.actor} at ${eventTime(e.eventTime)}`);
  const more = earlier.length > EARLIER_SHOWN ? `${earlier.length - EARLIER_SHOWN} more, ` : "";
  return `; earlier: ${more}${shown.join(", ")}`;
}

const EARLIER_SHOWN = 3;

/** "2026-11-21 14:02 UTC": CloudTrail's second-precise time, to the minute a person reads. */
function eventTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** China and GovCloud have consoles of their own domains. */
const OTHER_PARTITION = /^(cn|us-gov|us-iso[a-z]*)-/;

/** The event in the CloudTrail console of its region (commercial partition); undefined when there is no such page to link. */
export function cloudTrailEventUrl(cause: Pick<ChangeCause, "eventId" | "region">): string | undefined {
  if (!REGION_NAME.test(cause.region) || OTHER_PARTITION.test(cause.region) || cause.eventId === "") return undefined;
  return `https://${cause.region}.console.aws.amazon.com/cloudtrailv2/home?region=${cause.region}#/events/${encodeURIComponent(cause.eventId)}`;
}

/** "CloudTrail named who made 8 of 9 changes (from 15 write events)": how far to trust a change without a name. */
export function attributionLine(summary: AttributionSummary): string {
  const unavailable = attributionUnavailableLine(summary);
  return `CloudTrail named who made ${summary.matched} of ${plural(summary.changes, "change")} (from ${plural(summary.events, "write event")})${unavailable ? `; ${unavailable}` : ""}`;
}

/** "attribution unavailable in eu-west-1 (AccessDeniedException), us-east-1 (Deadline)"; undefined when every region was read. */
export function attributionUnavailableLine(summary: AttributionSummary): string | undefined {
  const regions = summary.unavailable ?? [];
  return regions.length > 0 ? `attribution unavailable in ${regions.map((u) => `${u.region} (${u.code})`).join(", ")}` : undefined;
}

export function suppressionDetail(suppression: NonNullable<Finding["suppression"]>): string {
  const extra = [suppression.owner && `owner ${suppression.owner}`, suppression.expires && `until ${suppression.expires}`].filter(Boolean);
  return `${suppression.reason}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}

export function hasDrift(report: AuditReport): boolean {
  return report.drift !== undefined || report.transitions !== undefined;
}
