import type { ResourceType } from "./resource.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower is more severe; used for sorting and thresholds. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
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
}

/** Whether a finding is the retained record of one resolved because its resource is gone. */
export function isGone(finding: Finding): boolean {
  return finding.evidence?.resourceGone === true;
}

/** Whether a finding was carried over from an earlier run because that run could not judge it. */
export function isStale(finding: Finding): boolean {
  return finding.evidence?.stale === true;
}
