/** The diff stage in one call: drift and transitions from the previous run to this one. */
import type { ExplainedBy } from "../types/explained-by.js";
import type { Finding } from "../types/finding.js";
import type { Snapshot } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import { diffResources } from "./resource-drift.js";
import type { TransitionResult } from "./transitions.js";
import { computeTransitions } from "./transitions.js";
import type { Drift } from "./types.js";

export interface PreviousState {
  /** The stored (carried-forward) snapshot of the previous run. */
  snapshot: Snapshot;
  /** The stored findings of the previous run. */
  findings: Finding[];
}

export interface RunComparison extends TransitionResult {
  /** Absent on an account's first run: there is nothing to drift from. */
  drift?: Drift;
}

export function compareRuns(input: { previous?: PreviousState; snapshot: Snapshot; findings: Finding[]; now: string; explainedBy?: ReadonlyMap<string, ExplainedBy> }): RunComparison {
  const drift = input.previous ? diffResources(input.previous.snapshot, input.snapshot) : undefined;
  const result = computeTransitions({
    previous: input.previous?.findings ?? [],
    current: input.findings,
    errors: input.snapshot.errors,
    drift: drift ?? { added: [], removed: [], modified: [] },
    now: input.now,
    present: new Set(input.snapshot.resources.map(resourceKey)),
    ...(input.explainedBy && { explainedBy: input.explainedBy }),
  });
  return drift ? { ...result, drift } : result;
}
