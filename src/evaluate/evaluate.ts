import type { Finding, FindingResource, Severity } from "../types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import { findingId, resourceDigestAfter, resourcePrefix, ruleDigest } from "./finding-id.js";
import type { Outcome, Rule, RuleContext } from "./rule.js";
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
    const ruleDigested = ruleDigest(rule.id);
    for (const type of rule.resourceTypes) n = judgeAll(rule, ctx, ruleDigested, judgedOf(type), findings, n);
  }
  return findings;
}

/**
 * One rule over one type's resources, its findings stored from `findings[at]`; returns where the next go.
 * A function of its own, so that when the engine recompiles it for the next rule's outcomes it is this
 * loop that starts over, not the whole evaluation.
 */
function judgeAll(rule: Rule, ctx: RuleContext<unknown>, ruleDigested: string, judged: JudgedResources, findings: Finding[], at: number): number {
  const { resources, refs, digests } = judged;
  const { id: ruleId, severity, needs } = rule;
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i]!;
    findings[at++] = findingOf(ruleId, severity, withReadTimes(runRule(rule, resource, ctx), resource, needs), refs[i]!, digests[i]! + ruleDigested);
  }
  return at;
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
  let prefixOf: FindingResource | undefined;
  for (let i = 0; i < resources.length; i++) {
    // Read through the ref, of four shapes at most: records come in a shape per type, too many to read fast.
    const ref = (refs[i] = findingResource(resources[i]!));
    // A type's resources come region by region: the digest prefix changes seldom.
    if (!prefixOf || prefixOf.region !== ref.region || prefixOf.accountId !== ref.accountId) {
      prefix = resourcePrefix(ref.accountId, ref.region, ref.type);
      prefixOf = ref;
    }
    digests[i] = resourceDigestAfter(prefix, ref.id);
  }
  return { resources, refs, digests };
}

function runRule(rule: Rule, resource: ResourceRecord, ctx: RuleContext<unknown>): Outcome {
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
  return findingOf(rule.id, rule.severity, withReadTimes(outcome, resource, rule.needs), ref, id);
}

/** A judgement from values carried over from an earlier run (see collect/carried-reads.ts) says when they were read. */
function withReadTimes(outcome: Outcome, { reads }: ResourceRecord, needs: readonly string[] | undefined): Outcome {
  if (!reads || !needs || (outcome.status !== "PASS" && outcome.status !== "FAIL")) return outcome;
  const readAt = Object.fromEntries(Object.entries(reads).filter(([read]) => needs.includes(read)));
  return Object.keys(readAt).length === 0 ? outcome : { ...outcome, evidence: { ...outcome.evidence, readAt } };
}

function findingOf(ruleId: string, ruleSeverity: Severity, outcome: Outcome, resource: FindingResource, id: string): Finding {
  const { status, reason } = outcome;
  const severity = (status === "FAIL" && outcome.severity) || ruleSeverity;
  const evidence = (status === "PASS" || status === "FAIL") && outcome.evidence;
  // One literal per shape rather than evidence added after: the object keeps every property in itself.
  return evidence ? { id, ruleId, status, severity, resource, reason, evidence } : { id, ruleId, status, severity, resource, reason };
}
