import type { ResourceType } from "./resource.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower is more severe; used for sorting and thresholds. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * One number that orders by `first` (a status's or a transition kind's place),
 * then by severity, most severe first and one no version knows before all:
 * made once per item, so that a sort compares numbers.
 */
export function rankWithSeverity(first: number, severity: Severity): number {
  return first * (SEVERITIES.length + 1) + severityRank(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export const FINDING_STATUSES = ["FAIL", "ERROR", "SUPPRESSED", "PASS", "NOT_APPLICABLE"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface FindingResource {
  type: ResourceType;
  id: string;
  arn?: string;
  name?: string;
  region: string;
  accountId: string;
  tags: Record<string, string>;
}

export interface Suppression {
  reason: string;
  owner?: string;
  expires?: string;
}

export interface Finding {
  /** Stable hash of (accountId, region, ruleId, resourceType, resourceId). */
  id: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  resource: FindingResource;
  reason: string;
  evidence?: Record<string, unknown>;
  firstSeen?: string;
  lastSeen?: string;
  suppression?: Suppression;
  /** Where the pipeline has the finding, beside what the rule saw (`evidence`). */
  lifecycle?: FindingLifecycle;
}

export interface FindingLifecycle {
  /** Carried over from an earlier run because this one could not judge it (its part not read, or its rule said ERROR). */
  stale?: { reason: string };
  /** Resolved because its resource is gone: kept as PASS for the retention period, so that a resource coming back failing is REGRESSED. */
  gone?: { at: string };
  /** The status a suppression stands in for. */
  suppressedStatus?: FindingStatus;
}

/**
 * The finding with when it was first and last seen. A finding as evaluation
 * makes it (the six fields every finding has, and evidence or not) is copied
 * as one literal: a spread with two fields added costs some thirty times as
 * much, and a run makes one per finding. Any other finding is spread, keeping
 * every field it has.
 */
export function seenFinding(finding: Finding, firstSeen: string, lastSeen: string): Finding {
  const { id, ruleId, status, severity, resource, reason, evidence } = finding;
  const fields = ownFieldsAmong(finding, EVALUATED_FIELDS);
  if (fields === EVALUATED_FIELDS.length) return { id, ruleId, status, severity, resource, reason, evidence, firstSeen, lastSeen };
  if (fields === EVALUATED_FIELDS.length - 1 && !Object.hasOwn(finding, "evidence")) return { id, ruleId, status, severity, resource, reason, firstSeen, lastSeen };
  return { ...finding, firstSeen, lastSeen };
}

/** The fields evaluation gives a finding (evidence not always), then those the pipeline adds: every field a Finding has. */
const EVALUATED_FIELDS: readonly (keyof Finding)[] = ["id", "ruleId", "status", "severity", "resource", "reason", "evidence"];
export const FINDING_FIELDS: readonly (keyof Finding)[] = [...EVALUATED_FIELDS, "firstSeen", "lastSeen", "suppression", "lifecycle"];
/** Every field a FindingResource has. */
export const FINDING_RESOURCE_FIELDS: readonly (keyof FindingResource)[] = ["type", "id", "region", "accountId", "tags", "arn", "name"];

/**
 * How many fields `value` has, when it is an object whose fields are all its
 * own and among `fields`; -1 otherwise (another field, an inherited one, or
 * not an object).
 */
export function ownFieldsAmong(value: unknown, fields: readonly string[]): number {
  if (typeof value !== "object" || value === null) return -1;
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !fields.includes(key)) return -1;
    count += 1;
  }
  return count;
}

/** Whether a finding is the retained record of one resolved because its resource is gone. */
export function isGone(finding: Finding): boolean {
  return finding.lifecycle?.gone !== undefined;
}

/** Whether a finding was carried over from an earlier run because that run could not judge it. */
export function isStale(finding: Finding): boolean {
  return finding.lifecycle?.stale !== undefined;
}

/**
 * The lifecycle as evidence keys, as report schema 1 promised them
 * (stale, staleReason, resourceGone, goneAt, suppressedStatus): reports keep
 * them beside `lifecycle`, and stores written before it hold findings this way.
 */
export function legacyEvidence(lifecycle: FindingLifecycle): Record<string, unknown> {
  return {
    ...(lifecycle.stale && { stale: true, staleReason: lifecycle.stale.reason }),
    ...(lifecycle.gone && { resourceGone: true, goneAt: lifecycle.gone.at }),
    ...(lifecycle.suppressedStatus && { suppressedStatus: lifecycle.suppressedStatus }),
  };
}

const LEGACY_KEYS = ["stale", "staleReason", "resourceGone", "goneAt", "suppressedStatus"];

/** A stored finding as this version keeps it: lifecycle keys an earlier version wrote into evidence move to `lifecycle`. */
export function upgradeStoredFinding(finding: Finding): Finding {
  const evidence = finding.evidence;
  if (!evidence || !LEGACY_KEYS.some((key) => key in evidence)) return finding;
  const lifecycle: FindingLifecycle = { ...finding.lifecycle };
  if (evidence.stale === true) lifecycle.stale = { reason: String(evidence.staleReason ?? "") };
  if (evidence.resourceGone === true) lifecycle.gone = { at: String(evidence.goneAt) };
  if (typeof evidence.suppressedStatus === "string") lifecycle.suppressedStatus = evidence.suppressedStatus as FindingStatus;
  const rest = Object.fromEntries(Object.entries(evidence).filter(([key]) => !LEGACY_KEYS.includes(key)));
  const { evidence: _, ...upgraded } = finding;
  return { ...upgraded, ...(Object.keys(rest).length > 0 && { evidence: rest }), lifecycle };
}
