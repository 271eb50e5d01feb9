/**
 * Where runs and findings are kept between audits: DynamoDB in Lambda, a
 * local directory for the CLI. Both serve the same access patterns.
 */
import type { Finding, Severity } from "../../types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../../types/resource.js";
import type { FindingHistoryEntry, RunState, StateChanges } from "../../types/run-state.js";
import type { RunSummary } from "../report/audit-report.js";

/** A run and the state it leaves (nextState in src/diff): the store saves it as it is. */
export interface RecordRunInput extends RunState {
  run: RunSummary;
}

export type RecordRunResult =
  | { status: "recorded"; runId: string; written: WriteCounts }
  | {
      /** The run id was recorded before (a redelivered invocation): nothing was written. */
      status: "already-recorded";
      runId: string;
    };

/** What a run changed in the store: items put or deleted, by kind. */
export interface WriteCounts {
  resources: number;
  findings: number;
  history: number;
}

export interface PreviousRun {
  run: RunSummary;
  /** Latest findings: live, stale and resolved-gone ones; pass them to computeTransitions as `previous`. */
  findings: Finding[];
  /** Resource key (type/region/id) → the hash its record is stored under (recordHash). */
  resourceHashes: Record<string, string>;
  /**
   * The last known state of every resource, for drift before/after values.
   * The DynamoDB store does not keep observed `state` (it is not configuration).
   */
  snapshot: Snapshot;
}

export type { FindingHistoryEntry };

export interface PreviousRunOptions {
  /** false: the run's records alone, its findings left unread (returned empty). */
  findings?: boolean;
  /** The records of these types alone (the snapshot then holds no others, nor their hashes). */
  types?: readonly ResourceType[];
}

/** A lease on a run id: while it lasts, only its holder collects, alerts and records that run. */
export interface RunClaim {
  /** Who claims: one delivery of the invocation. */
  holder: string;
  /** The end of the lease: when the holder's invocation ends, after which it can no longer act. */
  until: Date;
  /** The claimant's clock: a lease that ended before it can be taken over. */
  now: Date;
}

export interface HeldClaim {
  holder: string;
  until: Date;
}

export type ClaimRunResult =
  | {
      status: "claimed";
      /** The claim this one replaced (expired, released, or this holder's own): its holder may have recorded the run before letting go. */
      previous?: HeldClaim;
    }
  | ({ status: "held" } & HeldClaim);

export interface OpenFindingsQuery {
  /** Only this severity. */
  severity?: Severity;
  /** This severity or more severe. */
  atLeast?: Severity;
}

/** What an observation wrote, and what it left because the table held a later one. */
export interface ObservationResult {
  written: WriteCounts;
  /** Items not written: the table's were observed later (a run or event read after this one). */
  superseded: number;
}

export interface FindingsStore {
  /**
   * The event path's changes to an account's state, outside any run: each
   * resource and finding item is written only where the stored one was
   * observed before `at`, so an older read never overwrites a newer one.
   * The latest run stays the latest: the next run compares with this state.
   * Stores that serve no event path leave it out.
   */
  recordObservation?(accountId: string, changes: StateChanges, at: string): Promise<ObservationResult>;
  /** Records a run once: a run id recorded before writes nothing and returns "already-recorded". */
  recordRun(input: RecordRunInput): Promise<RecordRunResult>;
  /**
   * The account's latest recorded run, or undefined before the first one.
   * `findings: false`: without its findings (the event path reads those of
   * the few resources it judges with findingsOfResources).
   */
  loadPrevious(accountId: string, options?: PreviousRunOptions): Promise<PreviousRun | undefined>;
  /** The stored findings of some resources, as loadPrevious gives them; for stores that serve the event path. */
  findingsOfResources?(accountId: string, resources: readonly Pick<ResourceRecord, "region" | "type" | "id">[]): Promise<Finding[]>;
  /** FAIL findings (stale ones included), most severe first. */
  openFindings(accountId: string, query?: OpenFindingsQuery): Promise<Finding[]>;
  /** Changes of one finding within the retention period, newest first. */
  findingHistory(accountId: string, findingId: string): Promise<FindingHistoryEntry[]>;
  /** A recorded run by id, or undefined: lets a redelivered invocation stop before doing anything. */
  getRun(accountId: string, runId: string): Promise<RunSummary | undefined>;
  /**
   * Claims a run id before anything is collected, so that of two deliveries
   * of one run only one collects and alerts. Granted when the run id is
   * unclaimed, its lease has ended, or `holder` already holds it.
   */
  claimRun(accountId: string, runId: string, claim: RunClaim): Promise<ClaimRunResult>;
  /** Ends the holder's lease early (a failed delivery, so that its retry need not wait); does nothing if another holder has it. */
  releaseClaim(accountId: string, runId: string, release: { holder: string; now: Date }): Promise<void>;
  /** Runs of the account, newest first. */
  listRuns(accountId: string, options?: { limit?: number }): Promise<RunSummary[]>;
  /** Pins a snapshot as the account's baseline for drift (replacing any earlier one). */
  setBaseline(accountId: string, snapshot: Snapshot): Promise<void>;
  getBaseline(accountId: string): Promise<Snapshot | undefined>;
}

export const DEFAULT_RETENTION_DAYS = 90;
