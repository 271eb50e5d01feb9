/**
 * A report narrowed to some severities (--severity high,critical): what is
 * shown, never what is recorded. Counts are those of the findings kept, so a
 * summary agrees with the list beneath it; drift and errors are not findings
 * and stay whole.
 */
import type { Transition } from "../../diff/types.js";
import type { Severity } from "../../types/finding.js";
import type { AccountRun, AuditReport } from "./audit-report.js";
import { countFindings } from "./build-report.js";
import { transitionCounts } from "../../diff/transitions.js";

export function onlySeverities(report: AuditReport, severities: readonly Severity[]): AuditReport {
  const findings = report.findings.filter((f) => severities.includes(f.severity));
  const transitions = report.transitions?.filter((t) => severities.includes(t.severity));
  return {
    ...report,
    run: { ...report.run, counts: countFindings(findings) },
    findings,
    ...(transitions && { transitions }),
    ...(report.accounts && { accounts: report.accounts.map((account) => narrowedAccount(account, findings, transitions ?? [])) }),
  };
}

/** An organization run's account line, counted over the findings and transitions kept. */
function narrowedAccount(account: AccountRun, findings: AuditReport["findings"], transitions: Transition[]): AccountRun {
  return {
    ...account,
    counts: countFindings(findings.filter((f) => f.resource.accountId === account.accountId)),
    ...(account.transitions && { transitions: transitionCounts(transitions.filter((t) => t.resource.accountId === account.accountId)) }),
  };
}
