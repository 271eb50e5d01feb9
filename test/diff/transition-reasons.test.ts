/**
 * Why a finding this run could not judge keeps its previous status (the
 * stale reason users read in reports), and the edges of the transition kinds:
 * NOT_APPLICABLE resolving a failure, a passing finding whose resource left,
 * a gone resource that comes back but cannot be judged.
 */
import { describe, expect, it } from "@jest/globals";
import { RESOURCE_GONE_REASON, computeTransitions } from "../../src/diff/transitions.js";
import type { Drift } from "../../src/diff/types.js";
import { findingId } from "../../src/evaluate/finding-id.js";
import type { Finding, FindingStatus } from "../../src/types/finding.js";
import type { CollectionError, ResourceType } from "../../src/types/resource.js";
import { ACCOUNT, REGION, collectionError } from "../support/builders.js";
import { rdsAccessDenied } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const noDrift: Drift = { added: [], removed: [], modified: [] };
const DB = "AWS::RDS::DBInstance";
const RDS_STALE = "AWS::RDS::DBInstance in us-east-1 not fully collected in this run (rds DescribeDBInstances: AccessDenied)";

function finding(resourceId: string, status: FindingStatus, extra: { ruleId?: string; type?: ResourceType; reason?: string; seen?: string } = {}): Finding {
  const ruleId = extra.ruleId ?? "rds-multi-az";
  const type = extra.type ?? DB;
  return {
    id: findingId(ACCOUNT, REGION, ruleId, type, resourceId),
    ruleId,
    status,
    severity: "high",
    resource: { type, id: resourceId, region: REGION, accountId: ACCOUNT, tags: {} },
    reason: extra.reason ?? (status === "FAIL" ? "single-AZ deployment" : "Multi-AZ deployment"),
    ...(extra.seen && { firstSeen: extra.seen, lastSeen: extra.seen }),
  };
}

function run(previous: Finding[], current: Finding[], options: { errors?: CollectionError[]; drift?: Drift; present?: Set<string> } = {}) {
  return computeTransitions({ previous, current, errors: options.errors ?? [], drift: options.drift ?? noDrift, now: T2, ...(options.present && { present: options.present }) });
}

const staleReasons = (result: ReturnType<typeof run>) => result.findings.map((f) => [f.resource.id, f.status, f.lifecycle?.stale?.reason]);

describe("the stale reason of a finding whose resource type was not fully collected", () => {
  it("names the type, region and collection error for a failing finding that now passes there", () => {
    const previous = finding("orders-db", "FAIL", { seen: T1 });
    const result = run([previous], [finding("orders-db", "PASS")], { errors: [rdsAccessDenied] });
    expect(result.transitions).toEqual([]);
    expect(result.findings).toEqual([{ ...previous, lifecycle: { stale: { reason: RDS_STALE } } }]);
  });

  it("names the error of the finding's own region, not one of the same type in another region listed first", () => {
    const elsewhere = collectionError("rds", "rds:DescribeDBInstances", [DB], { region: "eu-west-1", code: "Throttling" });
    const previous = [finding("orders-db", "FAIL", { seen: T1 }), finding("reporting-db", "FAIL", { seen: T1 })];
    const result = run(previous, [finding("orders-db", "PASS")], { errors: [elsewhere, rdsAccessDenied] });
    expect(staleReasons(result)).toEqual([
      ["orders-db", "FAIL", RDS_STALE],
      ["reporting-db", "FAIL", RDS_STALE],
    ]);
  });

  it("names the error of the finding's own type, not one of another type in the same region listed first", () => {
    const ec2Denied = collectionError("ec2", "ec2:DescribeSecurityGroups", ["AWS::EC2::SecurityGroup"], { code: "UnauthorizedOperation" });
    const previous = [finding("orders-db", "FAIL", { seen: T1 }), finding("reporting-db", "FAIL", { seen: T1 })];
    const result = run(previous, [finding("orders-db", "PASS")], { errors: [ec2Denied, rdsAccessDenied] });
    expect(staleReasons(result)).toEqual([
      ["orders-db", "FAIL", RDS_STALE],
      ["reporting-db", "FAIL", RDS_STALE],
    ]);
  });

  it("names the security-group error for a security-group finding when RDS failed too", () => {
    const ec2Denied = collectionError("ec2", "ec2:DescribeSecurityGroups", ["AWS::EC2::SecurityGroup"], { code: "UnauthorizedOperation" });
    const group = finding("sg-0app000000000002", "FAIL", { ruleId: "ec2-ssh-restricted", type: "AWS::EC2::SecurityGroup", seen: T1, reason: "tcp/22 open to 0.0.0.0/0" });
    const result = run([group], [], { errors: [rdsAccessDenied, ec2Denied] });
    expect(staleReasons(result)).toEqual([["sg-0app000000000002", "FAIL", "AWS::EC2::SecurityGroup in us-east-1 not fully collected in this run (ec2 DescribeSecurityGroups: UnauthorizedOperation)"]]);
  });

  it("names the error that left the type incomplete, not an earlier one naming only some of its resources (resourceIds)", () => {
    const BUCKET = "AWS::S3::Bucket";
    // One bucket's policy denied to the auditor (that bucket's own error), then a throttled ACL read that left every bucket unread.
    const oneBucket = { ...collectionError("s3", "s3:GetBucketPolicy", [BUCKET]), resourceIds: ["payroll-exports"] };
    const everyBucket = collectionError("s3", "s3:GetBucketAcl", [BUCKET], { code: "Throttling" });
    const previous = finding("site-assets", "FAIL", { ruleId: "s3-bucket-not-public", type: BUCKET, seen: T1, reason: "public through its ACL" });
    const result = run([previous], [], { errors: [oneBucket, everyBucket] });
    expect(staleReasons(result)).toEqual([["site-assets", "FAIL", "AWS::S3::Bucket in us-east-1 not fully collected in this run (s3 GetBucketAcl: Throttling)"]]);
  });
});

describe("transition kinds at the edges", () => {
  it("resolves a failing finding that is now NOT_APPLICABLE", () => {
    const result = run([finding("orders-db", "FAIL", { seen: T1 })], [finding("orders-db", "NOT_APPLICABLE", { reason: "Aurora instance: Multi-AZ is the cluster's" })]);
    expect(result.transitions).toEqual([
      {
        findingId: findingId(ACCOUNT, REGION, "rds-multi-az", DB, "orders-db"),
        ruleId: "rds-multi-az",
        resource: { type: DB, id: "orders-db", region: REGION },
        kind: "RESOLVED",
        severity: "high",
        reason: "Aurora instance: Multi-AZ is the cluster's",
      },
    ]);
  });

  it("neither resolves nor keeps a passing finding whose resource was deleted", () => {
    const drift: Drift = { ...noDrift, removed: [{ type: DB, id: "old-db", region: REGION }] };
    const result = run([finding("old-db", "PASS", { seen: T1 })], [], { drift });
    expect(result).toEqual({ transitions: [], findings: [], gone: [] });
  });

  it("does not resolve a failing finding whose resource is still present when its rule is no longer evaluated", () => {
    const present = new Set([`${DB}/${REGION}/orders-db`]);
    const result = run([finding("orders-db", "FAIL", { seen: T1 })], [], { present });
    expect(result).toEqual({ transitions: [], findings: [], gone: [] });
  });

  it("resolves as gone a failing finding whose resource is not present, with the gone reason", () => {
    const result = run([finding("orders-db", "FAIL", { seen: T1 })], [], { present: new Set() });
    expect(result.transitions.map((t) => [t.kind, t.resource.id, t.reason])).toEqual([["RESOLVED", "orders-db", RESOURCE_GONE_REASON]]);
  });

  it("takes the rule's ERROR as this run's finding for a resource that was gone and came back, not the gone record marked stale", () => {
    const drift: Drift = { ...noDrift, removed: [{ type: DB, id: "orders-db", region: REGION }] };
    const { gone } = run([finding("orders-db", "FAIL", { seen: T1 })], [], { drift });
    expect(gone).toHaveLength(1);
    const error = finding("orders-db", "ERROR", { reason: "could not evaluate: multiAZ missing" });
    const back = run(gone, [error]);
    expect(back).toEqual({ transitions: [], findings: [{ ...error, firstSeen: T1, lastSeen: T2 }], gone: [] });
  });
});
