import type { Finding } from "../types/finding.js";
import type { ResourceRecord, Snapshot } from "../types/resource.js";
import { findingId } from "./finding-id.js";
import type { Outcome, Rule } from "./rule.js";
import { defaultParams } from "./rule.js";
import { SnapshotIndex } from "./snapshot-index.js";

export interface EnabledRule<P = any> {
  rule: Rule<P>;
  params: P;
}

export function withDefaults(rules: Rule[]): EnabledRule[] {
  return rules.map((rule) => ({ rule, params: defaultParams(rule) }));
}

/** Runs every enabled rule over every resource of its types. Pure: no I/O, no clock. */
export function evaluateSnapshot(snapshot: Snapshot, rules: EnabledRule[]): Finding[] {
  const index = new SnapshotIndex(snapshot);
  const findings: Finding[] = [];
  for (const { rule, params } of rules) {
    const ctx = { params, snapshot: index };
    for (const type of rule.resourceTypes) {
      for (const resource of index.all(type)) {
        findings.push(toFinding(rule, resource, runRule(rule, resource, ctx)));
      }
    }
  }
  return findings;
}

function runRule(rule: Rule, resource: ResourceRecord, ctx: { params: unknown; snapshot: SnapshotIndex }): Outcome {
  try {
    return rule.evaluate(resource, ctx);
  } catch (error) {
    // A rule that trips over an unexpected shape reports ERROR for that resource, not for the run.
    return { status: "ERROR", reason: `rule failed: ${(error as Error).message}` };
  }
}

export function toFinding(rule: Rule, resource: ResourceRecord, outcome: Outcome): Finding {
  const finding: Finding = {
    id: findingId(resource.accountId, resource.region, rule.id, resource.type, resource.id),
    ruleId: rule.id,
    status: outcome.status,
    severity: (outcome.status === "FAIL" && outcome.severity) || rule.severity,
    resource: {
      type: resource.type,
      id: resource.id,
      ...(resource.arn && { arn: resource.arn }),
      ...(resource.name && { name: resource.name }),
      region: resource.region,
      accountId: resource.accountId,
      tags: resource.tags,
    },
    reason: outcome.reason,
  };
  if ((outcome.status === "PASS" || outcome.status === "FAIL") && outcome.evidence) finding.evidence = outcome.evidence;
  return finding;
}
