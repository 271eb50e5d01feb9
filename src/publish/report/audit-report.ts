/** The JSON report: a public interface users script against (fields are added, never renamed). */
import type { Drift, Transition } from "../../diff/types.js";
import type { AttributionUnavailable } from "../../types/cause.js";
import type { UnusedSuppression } from "../../evaluate/suppressions.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import type { CollectionError } from "../../types/resource.js";

export const REPORT_SCHEMA_VERSION = 1;

export interface RunSummary {
  id: string;
  accountId: string;
  regions: string[];
  startedAt: string;
  finishedAt: string;
  /** "partial" when any part of the account could not be collected. */
  status: "complete" | "partial";
  counts: {
    byStatus: Record<FindingStatus, number>;
    /** Failing findings (FAIL) by severity. */
    bySeverity: Record<Severity, number>;
  };
}

export interface AuditReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  run: RunSummary;
  findings: Finding[];
  errors: Omit<CollectionError, "resourceTypes">[] | CollectionError[];
  drift?: Drift;
  transitions?: Transition[];
  /** Suppressions from the config that matched nothing in this run, with their patterns (rule, resource, account, region, tags). */
  unusedSuppressions?: UnusedSuppression[];
  /**
   * Whether this is the account's first recorded run: nothing to compare with,
   * so every failure is NEW. Absent when the run has no history (no state).
   */
  firstRun?: boolean;
  /** Present when CloudTrail events were given (`audit --events`) or read (a live run, LookupEvents) and there was drift to attribute. */
  attribution?: AttributionSummary;
  /**
   * An organization run: each account's run, in account id order. Findings
   * carry their account in `resource.accountId`; errors, drift items and
   * transitions in `accountId`.
   */
  accounts?: AccountRun[];
  /** An organization run: accounts selected but not audited (suspended, excluded), and why. */
  skippedAccounts?: { accountId: string; name?: string; reason: string }[];
}

/** One account of an organization run. */
export interface AccountRun {
  accountId: string;
  /** Its name in Organizations, when the run discovered it. */
  name?: string;
  runId: string;
  /** "unreadable": its member role could not be assumed, so nothing of it was read and its findings stand as they were. */
  status: "complete" | "partial" | "unreadable";
  counts: RunSummary["counts"];
  /** Drifted resources, when there was a run to compare with. */
  drift?: { added: number; removed: number; modified: number };
  /** New, regressed and resolved findings, when there was a run to compare with. */
  transitions?: { new: number; regressed: number; resolved: number };
  /** Collection errors: parts of the account not read. */
  errors: number;
  /** Why the account could not be read (unreadable), or why its run was not recorded. */
  reason?: string;
  /** Whether this was the account's first recorded run (every failure NEW); absent when the run has no history. */
  firstRun?: boolean;
}

/** How much of the drift the CloudTrail events explained: the drift items and transitions that name who made them carry `cause`. */
export interface AttributionSummary {
  /** CloudTrail write events given (read-only and failed calls are not counted), in the window or not. */
  events: number;
  /** Drifted resources (added, removed, modified) given a cause. */
  matched: number;
  /** Drifted resources in all: `matched` of these were named. */
  changes: number;
  /** Names of the window's write events that matched no drifted resource (a resource driftwarden does not collect, an event it does not know), sorted, once each. */
  unmatched: string[];
  /** Regions whose events could not all be read (a live run's LookupEvents): their drift has no cause. */
  unavailable?: AttributionUnavailable[];
}
