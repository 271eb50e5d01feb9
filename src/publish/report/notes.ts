/**
 * What a report row needs to add so that it reads without the JSON beside it:
 * why a finding's severity differs from its rule's, that a suppression ran
 * out, and which config entry an unused suppression is.
 */
import type { Rule } from "../../evaluate/rule.js";
import type { UnusedSuppression } from "../../evaluate/suppressions.js";
import type { Finding } from "../../types/finding.js";
import { severityRank } from "../../types/finding.js";

/** "severity lowered: not attached to anything (rule default high)" when a rule judged this resource at another severity than its own. */
export function severityNote(finding: Pick<Finding, "severity" | "evidence">, rule: Pick<Rule, "severity"> | undefined): string | undefined {
  if (!rule || finding.severity === rule.severity) return undefined;
  const lowered = severityRank(finding.severity) > severityRank(rule.severity);
  // Security-group rules lower an unattached group one step: it exposes nothing until something uses it.
  const why = lowered && finding.evidence?.attachmentCount === 0 ? ": not attached to anything" : "";
  return `severity ${lowered ? "lowered" : "raised"}${why} (rule default ${rule.severity})`;
}

/** "suppression expired on 2026-10-31: <its reason>", as applySuppressions left it in the evidence. */
export function expiredSuppressionNote(finding: Pick<Finding, "evidence">): string | undefined {
  const expired = finding.evidence?.suppressionExpired;
  return typeof expired === "string" && expired !== "" ? expired : undefined;
}

/** "#2 (rule ec2-ssh-restricted, resource sg-0abc*): temporary exception" — the patterns say which entry to fix. */
export function unusedSuppressionDetail(s: UnusedSuppression): string {
  const patterns = [
    s.rule && `rule ${s.rule}`,
    s.resource && `resource ${s.resource}`,
    s.account && `account ${s.account}`,
    s.region && `region ${s.region}`,
    ...Object.entries(s.tags ?? {}).map(([key, value]) => `tag ${key}=${value}`),
  ].filter(Boolean);
  return `#${s.index} (${patterns.length > 0 ? patterns.join(", ") : "matches every finding"}): ${s.reason}`;
}
