import type { Finding, FindingResource } from "../types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import { findingId, resourceDigest, ruleDigest } from "./finding-id.js";
import type { Outcome, Rule } from "./rule.js";
import { defaultParams } from "./rule.js";
import { SnapshotIndex } from "./snapshot-index.js";
import { UnreadableAttributeError } from "./unreadable.js";

export interface EnabledRule<P = any> {
  rule: Rule<P>;
  params: P;
}

export function withDefaults(rules: Rule[]): EnabledRule[] {
  return rules.map((rule) => ({ rule, params: defaultParams(rule) }));
}

/**
 * Runs every enabled rule over every resource of its types, or only over the
 * resources `only` names by key (the event path: the rest of the snapshot is
 * there for the rules to look things up in). Pure: no I/O, no clock.
 */
export function evaluateSnapshot(snapshot: Snapshot, rules: EnabledRule[], only?: ReadonlySet<string>): Finding[] {
  const index = new SnapshotIndex(snapshot);
  const findings: Finding[] = [];
  // Per resource, once: the FindingResource all its findings share and the digest their ids start with.
  const prepared = new Map<string, { refs: FindingResource[]; digests: string[] }>();
  const of = (type: ResourceType) => (only ? index.all(type).filter((r) => only.has(resourceKey(r))) : index.all(type));
  const prepare = (type: ResourceType) => {
    const resources = of(type);
    const entry = { refs: resources.map(findingResource), digests: resources.map((r) => resourceDigest(r.accountId, r.region, r.type, r.id)) };
    prepared.set(type, entry);
    return entry;
  };
  for (const { rule, params } of rules) {
    const ctx = { params, snapshot: index };
    const ruleId = ruleDigest(rule.id);
    for (const type of rule.resourceTypes) {
      const resources = only ? of(type) : index.all(type);
      const { refs, digests } = prepared.get(type) ?? prepare(type);
      for (let i = 0; i < resources.length; i++) {
        const resource = resources[i]!;
        findings.push(toFinding(rule, resource, runRule(rule, resource, ctx), refs[i], digests[i]! + ruleId));
      }
    }
  }
  return findings;
}

function runRule(rule: Rule, resource: ResourceRecord, ctx: { params: unknown; snapshot: SnapshotIndex }): Outcome {
  try {
    return rule.evaluate(resource, ctx);
  } catch (error) {
    if (error instanceof UnreadableAttributeError) return { status: "ERROR", reason: error.message };
    // A rule that trips over an unexpected shape reports ERROR for that resource, not for the run.
    return { status: "ERROR", reason: `rule failed: ${(error as Error).message}` };
  }
}

export function findingResource(resource: ResourceRecord): FindingResource {
  const ref: FindingResource = { type: resource.type, id: resource.id, region: resource.region, accountId: resource.accountId, tags: resource.tags };
  if (resource.arn) ref.arn = resource.arn;
  if (resource.name) ref.name = resource.name;
  return ref;
}

export function toFinding(
  rule: Rule,
  resource: ResourceRecord,
  outcome: Outcome,
  ref: FindingResource = findingResource(resource),
  id = findingId(resource.accountId, resource.region, rule.id, resource.type, resource.id),
): Finding {
  const finding: Finding = {
    id,
    ruleId: rule.id,
    status: outcome.status,
    severity: (outcome.status === "FAIL" && outcome.severity) || rule.severity,
    resource: ref,
    reason: outcome.reason,
  };
  if ((outcome.status === "PASS" || outcome.status === "FAIL") && outcome.evidence) finding.evidence = outcome.evidence;
  return finding;
}
