import type { z } from "zod";
import type { Severity } from "../types/finding.js";
import type { ExplainedBy } from "../types/explained-by.js";
import type { OptionalRead } from "../types/reads.js";
import type { ResourceRecord, ResourceType } from "../types/resource.js";
import type { SnapshotIndex } from "./snapshot-index.js";

export type Outcome =
  | { status: "PASS"; reason: string; evidence?: Record<string, unknown> }
  | { status: "FAIL"; reason: string; evidence?: Record<string, unknown>; severity?: Severity }
  | { status: "NOT_APPLICABLE"; reason: string }
  | { status: "ERROR"; reason: string };

// Without spreads: an outcome is made per rule and resource, and a literal of its final shape costs one allocation.
export const pass = (reason: string, evidence?: Record<string, unknown>): Outcome => (evidence ? { status: "PASS", reason, evidence } : { status: "PASS", reason });

/** `severity` overrides the rule's own for this resource (e.g. lower for an unattached group). */
export const fail = (reason: string, evidence?: Record<string, unknown>, severity?: Severity): Outcome => {
  if (evidence) return severity ? { status: "FAIL", reason, evidence, severity } : { status: "FAIL", reason, evidence };
  return severity ? { status: "FAIL", reason, severity } : { status: "FAIL", reason };
};

export const notApplicable = (reason: string): Outcome => ({ status: "NOT_APPLICABLE", reason });

/** The rule could not judge the resource: an attribute it needs was not collected. */
export const cannotEvaluate = (reason: string): Outcome => ({ status: "ERROR", reason });

export interface RuleContext<P> {
  params: P;
  snapshot: SnapshotIndex;
}

export interface RuleReferences {
  /** AWS Config managed rule identifier(s). */
  awsConfig?: string;
  /** Security Hub Foundational Security Best Practices control(s). */
  securityHub?: string;
}

export interface Rule<P = any> {
  id: string;
  title: string;
  /** Service group used in reports: ec2, vpc, rds, autoscaling, elb, cloudfront, route53. */
  service: string;
  severity: Severity;
  resourceTypes: ResourceType[];
  rationale: string;
  /** What to change, with an aws CLI example. */
  remediation: string;
  references: RuleReferences;
  /** Parameter schema with defaults; config files are validated against it. */
  params: z.ZodType<P>;
  /** Optional reads the rule judges from (attributes that cost one request per resource); see OPTIONAL_READS. */
  needs?: OptionalRead[];
  /** What explains its transitions, when not every change of its resource does. */
  explainedBy?: ExplainedBy;
  evaluate(resource: ResourceRecord<any>, ctx: RuleContext<P>): Outcome;
}

export function defineRule<P>(rule: Rule<P>): Rule<P> {
  return rule;
}

/** The parameters a rule runs with when the config sets none. */
export function defaultParams<P>(rule: Rule<P>): P {
  return rule.params.parse({});
}

/** The optional reads a run makes: those at least one of its rules needs. */
export function planReads(rules: Pick<Rule, "needs">[]): OptionalRead[] {
  return [...new Set(rules.flatMap((rule) => rule.needs ?? []))].sort();
}
