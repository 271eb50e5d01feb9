/**
 * The diff stage in one call, and the one place where the next state is
 * decided: drift and transitions from what the store holds to this run, the
 * state to keep (this run's records and findings, the previous ones where it
 * could not read or did not look), and what differs from what is stored.
 * Stores write `state` as it is.
 */
import type { ExplainedBy } from "../types/explained-by.js";
import type { Finding } from "../types/finding.js";
import { seenFinding } from "../types/finding.js";
import { resourceChanges, resourceHashes, sameFinding } from "../types/canonical.js";
import type { Snapshot } from "../types/resource.js";
import type { FindingHistoryEntry, RunState, StateChanges } from "../types/run-state.js";
import { carryForward } from "./carry-forward.js";
import type { PreviousState, RunComparison } from "./compare-runs.js";
import { compareRuns } from "./compare-runs.js";
import type { AuditScope } from "./scope.js";
import { splitByScope, withKept } from "./scope.js";
import type { Transition } from "./types.js";

export interface StoredState extends PreviousState {
  /** Resource key → the hash each record is stored under (recordHash), when the store keeps them (else hashed from the snapshot). */
  resourceHashes?: Record<string, string>;
}

export interface NextStateInput {
  /** What the store holds from the previous run; undefined on an account's first run. */
  stored?: StoredState;
  /** Drift is measured against this snapshot instead of the stored one (a pinned baseline). */
  against?: Snapshot;
  /** This run's collection and its evaluated findings. */
  snapshot: Snapshot;
  findings: Finding[];
  /** The regions and rules this run looked at: the rest of the stored state is kept as it is. */
  scope: AuditScope;
  runId: string;
  /** This run's time: lastSeen of every finding it saw. */
  now: string;
  /** By rule id, what explains its transitions (see ExplainedBy). */
  explainedBy?: ReadonlyMap<string, ExplainedBy>;
}

export interface RunOutcome extends RunComparison {
  state: RunState;
}

export function nextState(input: NextStateInput): RunOutcome {
  const { stored, scope, now } = input;
  const split = stored && splitByScope(stored, scope);
  const reference = input.against ? splitByScope({ snapshot: input.against, findings: [] }, scope).compared.snapshot : split?.compared.snapshot;
  const previous = reference && { snapshot: reference, findings: split?.compared.findings ?? [] };
  const comparison = compareRuns({ ...(previous && { previous }), snapshot: input.snapshot, findings: input.findings, now, ...(input.explainedBy && { explainedBy: input.explainedBy }) });

  const snapshot = carryForward(stored?.snapshot, withKept(input.snapshot, split?.kept));
  const findings = [...comparison.findings, ...(split?.kept.findings ?? [])];
  const changes = stateChanges(stored, { snapshot, findings, gone: comparison.gone }, comparison.transitions, input.runId, now);
  return { ...comparison, state: { snapshot, findings, gone: comparison.gone, seenAt: now, changes } };
}

/** A run compared with nothing and recorded nowhere (no store): each finding first seen now, and no transition, drift or state to decide. */
export function unrecordedRun(findings: Finding[], now: string): RunComparison {
  return { findings: findings.map((f) => seenFinding(f, now, now)), transitions: [], gone: [] };
}

/** What to write: resources and findings whose content differs from what is stored, and one history entry per finding change. */
function stateChanges(stored: StoredState | undefined, next: Pick<RunState, "snapshot" | "findings" | "gone">, transitions: Transition[], runId: string, at: string): StateChanges {
  const storedResources = new Map(Object.entries(stored?.resourceHashes ?? (stored ? resourceHashes(stored.snapshot) : {})));
  const storedFindings = byId(stored?.findings ?? []);
  const latest = byId(next.findings, next.gone);
  const kinds = new Map(transitions.map((t) => [t.findingId, t.kind]));
  // The same test as comparing findingHash (what the DynamoDB store keeps), without hashing every finding twice.
  const put: Finding[] = [];
  for (const finding of latest.values()) {
    const before = storedFindings.get(finding.id);
    if (!before || !sameFinding(before, finding)) put.push(finding);
  }
  const deleteIds: string[] = [];
  for (const id of storedFindings.keys()) if (!latest.has(id)) deleteIds.push(id);
  return {
    resources: resourceChanges(storedResources, next.snapshot.resources),
    findings: {
      put,
      deleteIds,
      history: put.map((f) => historyEntry(f, runId, at, kinds.get(f.id))),
    },
  };
}

/** Findings by id, the last of an id standing. Built in a loop: a run has one to a few per resource. */
function byId(...lists: Finding[][]): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const list of lists) for (const finding of list) map.set(finding.id, finding);
  return map;
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
    ...(finding.lifecycle && { lifecycle: finding.lifecycle }),
    ...(transition && { transition }),
  };
}
