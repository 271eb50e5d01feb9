/** Assembles the JSON report (audit-report.ts) from one run's snapshot, findings and drift. */
import type { Drift, Transition } from "../../diff/types.js";
import type { UnusedSuppression } from "../../evaluate/suppressions.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import { FINDING_STATUSES, legacyEvidence, rankWithSeverity, SEVERITIES } from "../../types/finding.js";
import type { Snapshot } from "../../types/resource.js";
import type { AttributionSummary, AuditReport } from "./audit-report.js";
import { REPORT_SCHEMA_VERSION } from "./audit-report.js";
import { compareText } from "../../types/order.js";

export interface BuildReportInput {
  runId: string;
  snapshot: Snapshot;
  findings: Finding[];
  startedAt: string;
  finishedAt: string;
  drift?: Drift;
  transitions?: Transition[];
  unusedSuppressions?: UnusedSuppression[];
  firstRun?: boolean;
  attribution?: AttributionSummary;
}

export function buildReport(input: BuildReportInput): AuditReport {
  const { snapshot } = input;
  const report: AuditReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: {
      id: input.runId,
      accountId: snapshot.accountId,
      regions: [...snapshot.regions],
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      status: snapshot.errors.length > 0 ? "partial" : "complete",
      counts: countFindings(input.findings),
    },
    findings: sortFindings(input.findings).map(withLegacyEvidence),
    errors: snapshot.errors.map((e) => ({ ...e, resourceTypes: [...e.resourceTypes] })),
  };
  if (input.drift) report.drift = input.drift;
  if (input.transitions) report.transitions = input.transitions;
  if (input.unusedSuppressions && input.unusedSuppressions.length > 0) report.unusedSuppressions = input.unusedSuppressions;
  if (input.firstRun !== undefined) report.firstRun = input.firstRun;
  if (input.attribution) report.attribution = input.attribution;
  return report;
}

/** Every status and severity key is present, so scripts can read a count without a fallback. */
export function countFindings(findings: Finding[]): AuditReport["run"]["counts"] {
  const byStatus = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    if (finding.status === "FAIL") bySeverity[finding.severity] += 1;
  }
  return { byStatus, bySeverity };
}

/** A finding with the rank of its status and severity, made once per finding rather than at each of a sort's comparisons. */
interface Ranked {
  finding: Finding;
  rank: number;
}

/** FAIL, ERROR, SUPPRESSED, PASS, NOT_APPLICABLE; then most severe first; then rule and resource. */
function compareFindings({ finding: a, rank: p }: Ranked, { finding: b, rank: q }: Ranked): number {
  return (
    p - q ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource.id, b.resource.id) ||
    compareText(a.resource.region, b.resource.region) ||
    compareText(a.resource.type, b.resource.type) ||
    compareText(a.resource.accountId, b.resource.accountId)
  );
}

/** Report schema 1 promised the lifecycle in evidence: it stays there, beside `lifecycle`. */
function withLegacyEvidence(finding: Finding): Finding {
  if (!finding.lifecycle) return finding;
  return { ...finding, evidence: { ...finding.evidence, ...legacyEvidence(finding.lifecycle) } };
}

export function sortFindings(findings: Finding[]): Finding[] {
  const ranked = findings.map((finding) => ({ finding, rank: rankWithSeverity(FINDING_STATUSES.indexOf(finding.status), finding.severity) }));
  return ranked.sort(compareFindings).map(({ finding }) => finding);
}

