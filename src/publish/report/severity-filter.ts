/**
 * A report narrowed to some severities (--severity high,critical): what is
 * shown, never what is recorded. Counts are those of the findings kept, so a
 * summary agrees with the list beneath it; drift and errors are not findings
 * and stay whole.
 */
import type { Severity } from "../../types/finding.js";
import type { AuditReport } from "./audit-report.js";
import { countFindings } from "./build-report.js";

export function onlySeverities(report: AuditReport, severities: readonly Severity[]): AuditReport {
  const findings = report.findings.filter((f) => severities.includes(f.severity));
  return {
    ...report,
    run: { ...report.run, counts: countFindings(findings) },
    findings,
    ...(report.transitions && { transitions: report.transitions.filter((t) => severities.includes(t.severity)) }),
  };
}
