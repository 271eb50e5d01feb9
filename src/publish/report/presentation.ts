/** How report values are put into words and groups; shared by the terminal table and the HTML page. */
import type { Transition, TransitionKind } from "../../diff/types.js";
import type { Finding, FindingStatus } from "../../types/finding.js";
import { FINDING_STATUSES, SEVERITIES } from "../../types/finding.js";
import type { AuditReport } from "./audit-report.js";

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
  const { byStatus, bySeverity } = report.run.counts;
  const severities = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  const parts = [`${byStatus.FAIL} failed${severities.length > 0 ? ` (${severities.join(", ")})` : ""}`];
  if (byStatus.ERROR > 0) parts.push(`${byStatus.ERROR} not evaluated`);
  parts.push(`${byStatus.PASS} passed`);
  if (byStatus.NOT_APPLICABLE > 0) parts.push(`${byStatus.NOT_APPLICABLE} not applicable`);
  if (byStatus.SUPPRESSED > 0) parts.push(`${byStatus.SUPPRESSED} suppressed`);
  const partial = report.run.status === "partial" ? ` — partial run: ${plural(report.errors.length, "collection error")}` : "";
  return parts.join(", ") + partial;
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

export function suppressionDetail(suppression: NonNullable<Finding["suppression"]>): string {
  const extra = [suppression.owner && `owner ${suppression.owner}`, suppression.expires && `until ${suppression.expires}`].filter(Boolean);
  return `${suppression.reason}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}

export function hasDrift(report: AuditReport): boolean {
  return report.drift !== undefined || report.transitions !== undefined;
}
