/**
 * Evaluation is tuned for speed (per-type lookup maps built on first use,
 * findings made in one literal, resource digests hashed from a shared
 * prefix); what it produces must stay what the plain reading of the rules
 * produces, byte for byte: finding ids are stored, and a changed id would
 * look like every finding resolved and a new one opened. A straightforward
 * evaluation written here, with its own snapshot lookups, unreadable guard
 * and digests, is the reference.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { allRules } from "../../rules/index.js";
import { wildcardMatch } from "../../rules/lib/bucket-policy.js";
import { perParams } from "../../rules/lib/per-params.js";
import { sortedUnique } from "../../rules/lib/sorted-unique.js";
import type { EnabledRule } from "../../src/evaluate/evaluate.js";
import { evaluateSnapshot, withDefaults } from "../../src/evaluate/evaluate.js";
import { findingId, resourceDigest, resourceDigestAfter, resourcePrefix, ruleDigest } from "../../src/evaluate/finding-id.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import { UnreadableAttributeError } from "../../src/evaluate/unreadable.js";
import { resourceKey } from "../../src/types/canonical.js";
import type { Finding, FindingResource } from "../../src/types/finding.js";
import type { CollectionError, ResourceRecord, ResourceType, Snapshot } from "../../src/types/resource.js";
import { isIncomplete } from "../../src/types/resource.js";
import { ACCOUNT, record, sg, tcp } from "../support/builders.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import { collectSynthetic, syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The lookups rules make, each a scan of the whole snapshot. */
class ScanningIndex {
  constructor(
    readonly accountId: string,
    readonly errors: CollectionError[],
    private readonly resources: ResourceRecord<any>[],
  ) {}

  all(type: ResourceType): ResourceRecord<any>[] {
    return this.resources.filter((r) => r.type === type);
  }

  inRegion(type: ResourceType, region: string): ResourceRecord<any>[] {
    return this.resources.filter((r) => r.type === type && r.region === region);
  }

  get(type: ResourceType, region: string, id: string): ResourceRecord<any> | undefined {
    return this.resources.find((r) => r.type === type && r.region === region && r.id === id);
  }

  getByArn(arn: string): ResourceRecord<any> | undefined {
    return this.resources.findLast((r) => r.arn === arn);
  }

  complete(type: ResourceType, region: string): boolean {
    return !isIncomplete(this.errors, region, type);
  }
}

/** A record whose unreadable attributes throw when read. */
function guarded(r: ResourceRecord<any>): ResourceRecord<any> {
  if (!r.unreadable || r.unreadable.length === 0) return r;
  const missing = Object.fromEntries(r.unreadable.map((u) => [u.attribute, u.field]));
  const attributes = new Proxy(r.attributes, {
    get(target, key, receiver) {
      if (typeof key === "string" && key in missing) throw new UnreadableAttributeError(missing[key]!);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string" && key in missing) throw new UnreadableAttributeError(missing[key]!);
      return Reflect.has(target, key);
    },
  });
  return { ...r, attributes };
}

function referenceEvaluation(snapshot: Snapshot, rules: EnabledRule[], only?: ReadonlySet<string>): Finding[] {
  const resources = snapshot.resources.map(guarded);
  const lookups = new ScanningIndex(snapshot.accountId, snapshot.errors, resources) as unknown as SnapshotIndex;
  const findings: Finding[] = [];
  for (const { rule, params } of rules) {
    for (const type of rule.resourceTypes) {
      for (const resource of resources.filter((r) => r.type === type && (!only || only.has(resourceKey(r))))) {
        let outcome: Outcome;
        try {
          outcome = rule.evaluate(resource, { params, snapshot: lookups });
        } catch (error) {
          outcome = { status: "ERROR", reason: error instanceof UnreadableAttributeError ? error.message : `rule failed: ${(error as Error).message}` };
        }
        const ref: FindingResource = { type: resource.type, id: resource.id, region: resource.region, accountId: resource.accountId, tags: resource.tags };
        if (resource.arn) ref.arn = resource.arn;
        if (resource.name) ref.name = resource.name;
        const key = `${resource.accountId}\u0000${resource.region}\u0000${resource.type}\u0000${resource.id}`;
        const finding: Finding = {
          id: sha256(key).slice(0, 24) + sha256(rule.id).slice(0, 8),
          ruleId: rule.id,
          status: outcome.status,
          severity: (outcome.status === "FAIL" && outcome.severity) || rule.severity,
          resource: ref,
          reason: outcome.reason,
        };
        if ((outcome.status === "PASS" || outcome.status === "FAIL") && outcome.evidence) finding.evidence = outcome.evidence;
        findings.push(finding);
      }
    }
  }
  return findings;
}

/** Records the synthetic account has none of: an unreadable attribute, ids that repeat across regions and types, a name outside ASCII. */
function edgeCases(): ResourceRecord<any>[] {
  const unreadable = sg({ id: "sg-0ffffffffffff0001", ingress: [tcp(22, "0.0.0.0/0")] });
  delete (unreadable.attributes as Partial<typeof unreadable.attributes>).ingress;
  unreadable.unreadable = [{ attribute: "ingress", field: "IpPermissions" }];
  const twin = sg({ id: "sg-0ffffffffffff0002", ingress: [tcp(3306, "0.0.0.0/0")] });
  const twinElsewhere = { ...sg({ id: "sg-0ffffffffffff0002", ingress: [tcp(3389, "0.0.0.0/0")] }), region: "eu-west-1" };
  const bare = { ...sg({ id: "sg-0ffffffffffff0003", ingress: [tcp(443, "0.0.0.0/0")] }), arn: undefined, name: undefined };
  const accented = record("AWS::S3::Bucket", "café-assets-bücher", { versioning: "Enabled", policy: [], aclGrants: [], policyIsPublic: false }, { name: "café-assets-bücher" });
  return [unreadable, twin, twinElsewhere, bare, accented];
}

describe("evaluateSnapshot against a plain reading of the rules", () => {
  let snapshot: Snapshot;
  const rules = withDefaults(allRules);

  beforeAll(async () => {
    const account = syntheticAccount({ resources: 2500, seed: 11 });
    const collected = await collectSynthetic(account, syntheticEndpoint(account, { latencyMs: 0, throttling: false }));
    snapshot = { ...collected, resources: [...collected.resources, ...edgeCases()] };
  }, 60_000);

  it("makes the same findings, in the same order, with the same ids, content and key order", () => {
    const findings = evaluateSnapshot(snapshot, rules);
    const reference = referenceEvaluation(snapshot, rules);
    expect(findings.length).toBeGreaterThan(5000);
    expect(findings).toStrictEqual(reference);
    expect(JSON.stringify(findings)).toBe(JSON.stringify(reference));
    // Every status is among them, so every kind of finding is compared.
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(["PASS", "FAIL", "NOT_APPLICABLE", "ERROR"]));
    expect(findings.filter((f) => f.resource.id === "sg-0ffffffffffff0001" && f.status === "ERROR")[0]?.reason).toBe("could not evaluate: IpPermissions missing");
  });

  it("makes the same findings for the resources an event names, the rest looked up", () => {
    const only = new Set(snapshot.resources.filter((_, i) => i % 5 === 0).map(resourceKey));
    const findings = evaluateSnapshot(snapshot, rules, only);
    expect(findings.length).toBeGreaterThan(1000);
    expect(JSON.stringify(findings)).toBe(JSON.stringify(referenceEvaluation(snapshot, rules, only)));
  });

  it("makes the same findings on a second evaluation of the same snapshot", () => {
    expect(JSON.stringify(evaluateSnapshot(snapshot, rules))).toBe(JSON.stringify(evaluateSnapshot(snapshot, rules)));
  });
});

describe("finding ids", () => {
  it("are the SHA-256 of the resource's keys (24 hex digits) and of the rule id (8), UTF-8 encoded", () => {
    for (const id of ["i-0123456789abcdef0", "", "café-bücher", "a".repeat(300), "名前\u0000x"]) {
      const key = `${ACCOUNT}\u0000eu-west-1\u0000AWS::S3::Bucket\u0000${id}`;
      expect(resourceDigest(ACCOUNT, "eu-west-1", "AWS::S3::Bucket", id)).toBe(sha256(key).slice(0, 24));
      expect(resourceDigestAfter(resourcePrefix(ACCOUNT, "eu-west-1", "AWS::S3::Bucket"), id)).toBe(sha256(key).slice(0, 24));
      expect(findingId(ACCOUNT, "eu-west-1", "s3-bucket-versioning", "AWS::S3::Bucket", id)).toBe(sha256(key).slice(0, 24) + sha256("s3-bucket-versioning").slice(0, 8));
    }
    expect(ruleDigest("ec2-ssh-restricted")).toBe(sha256("ec2-ssh-restricted").slice(0, 8));
  });

  it("are those already stored: one pinned", () => {
    expect(findingId("123456789012", "us-east-1", "ec2-ssh-restricted", "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0")).toBe("a076fe590b04bb8021efeb0db111eb45");
  });
});

describe("SnapshotIndex", () => {
  const a = sg({ id: "sg-0000000000000000a" });
  const aWest = { ...sg({ id: "sg-0000000000000000a" }), region: "us-west-2", arn: "arn:aws:ec2:us-west-2:123456789012:security-group/sg-0000000000000000a" };
  const sameIdOtherType = record("AWS::EC2::Subnet", "sg-0000000000000000a", { vpcId: "vpc-1", availabilityZone: "us-east-1a" }, { arn: "arn:shared" });
  const sharedArn = { ...sg({ id: "sg-0000000000000000b" }), arn: "arn:shared" };
  const index = new SnapshotIndex({ accountId: ACCOUNT, errors: [], resources: [a, aWest, sameIdOtherType, sharedArn] as ResourceRecord<any>[] });

  it("finds a resource by type, region and id among ids that repeat", () => {
    expect(index.get("AWS::EC2::SecurityGroup", "us-west-2", "sg-0000000000000000a")).toBe(aWest);
    expect(index.get("AWS::EC2::SecurityGroup", "us-east-1", "sg-0000000000000000a")).toBe(a);
    expect(index.get("AWS::EC2::Subnet", "us-east-1", "sg-0000000000000000a")).toBe(sameIdOtherType);
    expect(index.get("AWS::EC2::Subnet", "us-west-2", "sg-0000000000000000a")).toBeUndefined();
    expect(index.get("AWS::EC2::VPC", "us-east-1", "sg-0000000000000000a")).toBeUndefined();
  });

  it("finds by ARN the last resource with it, or the one of the type asked", () => {
    expect(index.getByArn("arn:shared")).toBe(sharedArn);
    expect(index.getByArn("arn:shared", "AWS::EC2::Subnet")).toBe(sameIdOtherType);
    expect(index.getByArn("arn:shared", "AWS::EC2::VPC")).toBeUndefined();
  });

  it("lists a region's resources in snapshot order, in a list of the caller's own", () => {
    const first = index.inRegion("AWS::EC2::SecurityGroup", "us-east-1");
    expect(first).toEqual([a, sharedArn]);
    first.reverse();
    expect(index.inRegion("AWS::EC2::SecurityGroup", "us-east-1")).toEqual([a, sharedArn]);
    expect(index.inRegion("AWS::EC2::SecurityGroup", "ap-south-1")).toEqual([]);
    expect(index.all("AWS::EC2::SecurityGroup")).toEqual([a, aWest, sharedArn]);
  });
});

describe("outcomes", () => {
  it("have only the keys given, in the order the findings keep", () => {
    expect(Object.keys(pass("ok"))).toEqual(["status", "reason"]);
    expect(Object.keys(pass("ok", { a: 1 }))).toEqual(["status", "reason", "evidence"]);
    expect(Object.keys(fail("no"))).toEqual(["status", "reason"]);
    expect(Object.keys(fail("no", { a: 1 }))).toEqual(["status", "reason", "evidence"]);
    expect(Object.keys(fail("no", undefined, "low"))).toEqual(["status", "reason", "severity"]);
    expect(fail("no", { a: 1 }, "low")).toStrictEqual({ status: "FAIL", reason: "no", evidence: { a: 1 }, severity: "low" });
    expect(notApplicable("n/a")).toStrictEqual({ status: "NOT_APPLICABLE", reason: "n/a" });
    expect(cannotEvaluate("?")).toStrictEqual({ status: "ERROR", reason: "?" });
  });
});

describe("rule helpers made cheaper", () => {
  it("sortedUnique sorts and drops repeats as a Set and sort do, into a new list", () => {
    for (const values of [[], ["b"], ["a", "b", "c"], ["c", "a", "b", "a"], ["us-east-1b", "us-east-1a", "us-east-1b"], ["a", "a"], ["B", "a", "A"]]) {
      const sorted = sortedUnique(values);
      expect(sorted).toEqual([...new Set(values)].sort());
      expect(sorted).not.toBe(values);
    }
  });

  it("wildcardMatch matches with and without case as a pattern compiled each time would", () => {
    const fresh = (pattern: string, text: string, ignoreCase: boolean) =>
      new RegExp(`^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, ignoreCase ? "is" : "s").test(text);
    const cases: [string, string][] = [
      ["s3:Get*", "s3:GetObject"],
      ["s3:Get*", "S3:GETOBJECT"],
      ["S3:get?bject", "s3:GetObject"],
      ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a\nb"],
      ["a.b(c)", "a.b(c)"],
      ["a.b(c)", "aXb(c)"],
    ];
    for (const [pattern, text] of cases) {
      for (const ignoreCase of [true, false, true]) expect(wildcardMatch(pattern, text, ignoreCase)).toBe(fresh(pattern, text, ignoreCase));
    }
  });

  it("perParams derives once for each parameters object", () => {
    let made = 0;
    const derived = perParams((params: { n: number }) => ({ twice: params.n * 2, made: ++made }));
    const one = { n: 1 };
    const two = { n: 2 };
    expect(derived(one)).toEqual({ twice: 2, made: 1 });
    expect(derived(one)).toBe(derived(one));
    expect(derived(two)).toEqual({ twice: 4, made: 2 });
    expect(made).toBe(2);
  });
});
