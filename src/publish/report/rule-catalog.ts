/**
 * Rule metadata as the report writers need it. A saved report can name a rule
 * the running driftwarden no longer (or does not yet) ship, so every lookup
 * answers, with the rule id standing in for what is missing.
 */
import type { Rule, RuleReferences } from "../../evaluate/rule.js";
import type { Finding, Severity } from "../../types/finding.js";

export interface RuleInfo {
  id: string;
  title: string;
  service: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: RuleReferences;
}

export class RuleCatalog {
  private readonly byId = new Map<string, RuleInfo>();

  constructor(rules: readonly Pick<Rule, "id" | "title" | "service" | "severity" | "rationale" | "remediation" | "references">[]) {
    for (const r of rules) {
      this.byId.set(r.id, {
        id: r.id,
        title: r.title,
        service: r.service,
        severity: r.severity,
        rationale: r.rationale,
        remediation: r.remediation,
        references: r.references,
      });
    }
  }

  /** Known rules in the order given, for writers that list the whole catalogue (SARIF). */
  get rules(): RuleInfo[] {
    return [...this.byId.values()];
  }

  get(ruleId: string, severity: Severity = "info"): RuleInfo {
    return (
      this.byId.get(ruleId) ?? {
        id: ruleId,
        title: ruleId,
        // Rule ids start with their service ("rds-multi-az").
        service: ruleId.split("-")[0] || "other",
        severity,
        rationale: "",
        remediation: "",
        references: {},
      }
    );
  }

  /** The rule of a finding, falling back to the finding's severity for an unknown rule. */
  of(finding: Pick<Finding, "ruleId" | "severity">): RuleInfo {
    return this.get(finding.ruleId, finding.severity);
  }
}
