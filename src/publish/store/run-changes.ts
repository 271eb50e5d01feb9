/**
 * What recording a run changes, worked out the same way by every store: only
 * resources and findings whose content differs from what is stored are
 * written, and each finding change becomes one history entry.
 */
import { canonicalJson, parseResourceKey, resourceHash, resourceKey, sha256 } from "../../diff/canonical.js";
import { isGone, isStale } from "../../diff/transitions.js";
import type { Finding } from "../../types/finding.js";
import type { CollectionError, ResourceRecord, ResourceType } from "../../types/resource.js";
import { isIncomplete } from "../../types/resource.js";
import type { FindingHistoryEntry, RecordRunInput } from "./findings-store.js";

/** Content hash of a finding without lastSeen, which moves every run: an unchanged finding is not rewritten. */
export function findingHash(finding: Finding): string {
  return sha256(canonicalJson({ ...finding, lastSeen: undefined }));
}

/** Stale and resolved-gone findings keep their own lastSeen; every other stored finding was seen in the latest run. */
export function isCarried(finding: Finding): boolean {
  return isStale(finding) || isGone(finding);
}

/** The run's time as its findings carry it (their lastSeen); the finish time when it saw none. */
export function seenAtOf(input: RecordRunInput): string {
  let latest = "";
  for (const f of input.findings) if (!isCarried(f) && f.lastSeen && f.lastSeen > latest) latest = f.lastSeen;
  return latest || input.run.finishedAt;
}

export interface FindingChanges {
  put: Finding[];
  deleteIds: string[];
  history: FindingHistoryEntry[];
}

/** `stored`: finding id → findingHash of what the store holds now. */
export function planFindingChanges(stored: Map<string, string>, input: RecordRunInput, seenAt: string): FindingChanges {
  const latest = new Map([...input.findings, ...(input.gone ?? [])].map((f) => [f.id, f]));
  const kinds = new Map(input.transitions.map((t) => [t.findingId, t.kind]));
  const put = [...latest.values()].filter((f) => stored.get(f.id) !== findingHash(f));
  return {
    put,
    deleteIds: [...stored.keys()].filter((id) => !latest.has(id)),
    history: put.map((f) => historyEntry(f, input.run.id, seenAt, kinds.get(f.id))),
  };
}

function historyEntry(finding: Finding, runId: string, at: string, transition: FindingHistoryEntry["transition"]): FindingHistoryEntry {
  return {
    findingId: finding.id,
    runId,
    at,
    status: finding.status,
    severity: finding.severity,
    reason: finding.reason,
    ...(finding.evidence && { evidence: finding.evidence }),
    ...(transition && { transition }),
  };
}

export interface ResourceChanges {
  put: ResourceRecord[];
  deleteKeys: string[];
}

/**
 * `stored`: resource key → resourceHash of what the store holds now. In a
 * (region, type) that `errors` leave incomplete, stored records are neither
 * replaced nor deleted, and only resources new there are written: the store
 * keeps the last state read completely (the carryForward rule).
 */
export function planResourceChanges(stored: Map<string, string>, resources: ResourceRecord[], errors: CollectionError[]): ResourceChanges {
  const unread = (key: string) => {
    const { type, region } = parseResourceKey(key);
    return isIncomplete(errors, region, type as ResourceType);
  };
  const current = new Map(resources.map((r) => [resourceKey(r), r]));
  return {
    put: [...current.entries()].filter(([key, r]) => (stored.has(key) ? stored.get(key) !== resourceHash(r) && !unread(key) : true)).map(([, r]) => r),
    deleteKeys: [...stored.keys()].filter((key) => !current.has(key) && !unread(key)),
  };
}

const DAY_SECONDS = 24 * 60 * 60;

/** Epoch seconds `retentionDays` after `from`: the DynamoDB TTL format. */
export function expiryOf(from: string, retentionDays: number): number {
  return Math.floor(Date.parse(from) / 1000) + retentionDays * DAY_SECONDS;
}
