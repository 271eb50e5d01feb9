/**
 * What a run leaves to be stored, as src/diff decides it: stores save this
 * and load it back; they decide nothing.
 */
import type { Finding, FindingLifecycle, Severity } from "./finding.js";
import type { ResourceRecord, Snapshot } from "./resource.js";

export type TransitionKind = "NEW" | "REGRESSED" | "RESOLVED" | "PERSISTING";

/** One change of a finding: written when its status, severity, reason or evidence changed. */
export interface FindingHistoryEntry {
  findingId: string;
  runId: string;
  /** The run's time (the lastSeen of its findings). */
  at: string;
  status: Finding["status"];
  severity: Severity;
  reason: string;
  evidence?: Record<string, unknown>;
  lifecycle?: FindingLifecycle;
  transition?: TransitionKind;
}

/** What differs from the state the store holds: only this needs writing. */
export interface StateChanges {
  resources: { put: ResourceRecord[]; deleteKeys: string[] };
  findings: { put: Finding[]; deleteIds: string[]; history: FindingHistoryEntry[] };
}

export interface RunState {
  /**
   * The last known state of every resource: this run's records, and the
   * previous ones wherever it could not read (collection errors) or did not
   * look (regions outside its scope), so that the next run compares with it.
   */
  snapshot: Snapshot;
  /** Findings to keep: this run's (stale ones included) and those of rules and regions it did not look at. */
  findings: Finding[];
  /** Findings resolved because their resource is gone: kept for the retention period, then forgotten. */
  gone: Finding[];
  /** The run's time: lastSeen of every finding it saw. */
  seenAt: string;
  changes: StateChanges;
}
