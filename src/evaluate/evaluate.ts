import type { Finding, FindingResource } from "../types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import { findingId, resourceDigestAfter, resourcePrefix, ruleDigest } from "./finding-id.js";
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
  const judged = new Map<string, JudgedResources>();
  const judgedOf = (type: ResourceType) => {
    let of = judged.get(type);
    if (!of) judged.set(type, (of = judgedResources(index.all(type), only)));
    return of;
  };
  // Sized up front: a list this long grown one finding at a time is copied as it grows.
  let count = 0;
  for (const { rule } of rules) for (const type of rule.resourceTypes) count += judgedOf(type).resources.length;
  const findings = new Array<Finding>(count);
  let n = 0;
  for (const { rule, params } of rules) {
    const ctx = { params, snapshot: index };
    const ruleId = ruleDigest(rule.id);
    for (const type of rule.resourceTypes) {
      const { resources, refs, digests } = judgedOf(type);
      for (let i = 0; i < resources.length; i++) {
        const resource = resources[i]!;
        findings[n++] = toFinding(rule, resource, runRule(rule, resource, ctx), refs[i], digests[i]! + ruleId);
      }
    }
  }
  return findings;
}

/** A type's judged resources, each with what all its findings share: the FindingResource and the digest their ids start with. */
interface JudgedResources {
  resources: ResourceRecord[];
  refs: FindingResource[];
  digests: string[];
}

function judgedResources(all: ResourceRecord[], only: ReadonlySet<string> | undefined): JudgedResources {
  const resources = only ? all.filter((r) => only.has(resourceKey(r))) : all;
  const refs = new Array<FindingResource>(resources.length);
  const digests = new Array<string>(resources.length);
  let prefix = "";
  let prefixOf: ResourceRecord | undefined;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]!;
    // A type's resources come region by region: the digest prefix changes seldom.
    if (!prefixOf || prefixOf.region !== r.region || prefixOf.accountId !== r.accountId) {
      prefix = resourcePrefix(r.accountId, r.region, r.type);
      prefixOf = r;
    }
    refs[i] = findingResource(r);
    digests[i] = resourceDigestAfter(prefix, r.id);
  }
  return { resources, refs, digests };
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
  const { type, id, region, accountId, tags, arn, name } = resource;
  // One literal per shape rather than properties added after: the object keeps them all in itself.
  if (arn) return name ? { type, id, region, accountId, tags, arn, name } : { type, id, region, accountId, tags, arn };
  return name ? { type, id, region, accountId, tags, name } : { type, id, region, accountId, tags };
}

export function toFinding(
  rule: Rule,
  resource: ResourceRecord,
  outcome: Outcome,
  ref: FindingResource = findingResource(resource),
  id = findingId(resource.accountId, resource.region, rule.id, resource.type, resource.id),
): Finding {
  const ruleId = rule.id;
  const { status, reason } = outcome;
  const severity = (status === "FAIL" && outcome.severity) || rule.severity;
  const evidence = (status === "PASS" || status === "FAIL") && outcome.evidence;
  return evidence ? { id, ruleId, status, severity, resource: ref, reason, evidence } : { id, ruleId, status, severity, resource: ref, reason };
}
