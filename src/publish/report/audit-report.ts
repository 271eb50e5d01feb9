/** The JSON report: a public interface users script against (fields are added, never renamed). */
import type { Drift, Transition } from "../../diff/types.js";
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
}
