/** One audit as the pipeline chains it: previous run from the store, diff, record. */
import { compareResources } from "../../../src/types/resource.js";
import type { RunComparison } from "../../../src/diff/compare-runs.js";
import { nextState } from "../../../src/diff/next-state.js";
import type { RunSummary } from "../../../src/publish/report/audit-report.js";
import type { FindingsStore, RecordRunInput, RecordRunResult } from "../../../src/publish/store/findings-store.js";
import type { Finding, FindingStatus, Severity } from "../../../src/types/finding.js";
import { FINDING_STATUSES, SEVERITIES } from "../../../src/types/finding.js";
import { compareText } from "../../../src/types/order.js";
import type { Snapshot } from "../../../src/types/resource.js";

export interface AuditRun {
  input: RecordRunInput;
  comparison: RunComparison;
  result: RecordRunResult;
}

/** Audits `snapshot` with the given findings; the run starts at the snapshot's takenAt and lasts a minute. */
export async function auditRun(store: FindingsStore, runId: string, snapshot: Snapshot, findings: Finding[]): Promise<AuditRun> {
  const previous = await store.loadPrevious(snapshot.accountId);
  // Every rule of the findings and every region of the snapshot: the whole account was looked at.
  const scope = { regions: snapshot.regions, ruleIds: [...new Set([...findings, ...(previous?.findings ?? [])].map((f) => f.ruleId))] };
  const { state, ...comparison } = nextState({ ...(previous && { stored: previous }), snapshot, findings, scope, runId, now: snapshot.takenAt });
  const input: RecordRunInput = { run: runSummary(runId, snapshot, comparison.findings), ...state };
  return { input, comparison, result: await store.recordRun(input) };
}

export function runSummary(id: string, snapshot: Snapshot, findings: Finding[]): RunSummary {
  const byStatus = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) {
    byStatus[f.status] += 1;
    if (f.status === "FAIL") bySeverity[f.severity] += 1;
  }
  return {
    id,
    accountId: snapshot.accountId,
    regions: snapshot.regions,
    startedAt: snapshot.takenAt,
    finishedAt: new Date(Date.parse(snapshot.takenAt) + 60_000).toISOString(),
    status: snapshot.errors.length > 0 ? "partial" : "complete",
    counts: { byStatus, bySeverity },
  };
}

/** What a store gives back for a resource: the DynamoDB store does not keep observed state. */
export function withoutState(snapshot: Snapshot): Snapshot {
  return { ...snapshot, resources: snapshot.resources.map(({ state: _, ...r }) => r).sort(compareResources) };
}

export function byId(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => compareText(a.id, b.id));
}
