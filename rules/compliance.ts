/**
 * The compliance mapping as data: each rule beside its closest AWS Config
 * managed rule and Security Hub (FSBP) control. Derived from the rules'
 * own metadata so there is one source; the README table and
 * `driftwarden rules` are both printed from it.
 */
import type { Rule } from "../src/evaluate/rule.js";

export interface ComplianceRow {
  id: string;
  title: string;
  service: string;
  severity: string;
  resourceTypes: string[];
  awsConfig: string;
  securityHub: string;
}

export function complianceTable(rules: Rule[]): ComplianceRow[] {
  return rules.map((r) => ({
    id: r.id,
    title: r.title,
    service: r.service,
    severity: r.severity,
    resourceTypes: r.resourceTypes,
    awsConfig: r.references.awsConfig ?? "—",
    securityHub: r.references.securityHub ?? "—",
  }));
}

/** The Markdown table in the README (regenerate with `npm run docs`). */
export function complianceMarkdown(rules: Rule[]): string {
  const rows = complianceTable(rules).map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${r.title} | ${r.resourceTypes.map((t) => t.replace(/^AWS::/, "")).join(", ")} | ${r.awsConfig} | ${r.securityHub} |`,
  );
  return ["| rule | severity | checks | resources | AWS Config | Security Hub |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
