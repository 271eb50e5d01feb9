import { describe, expect, it } from "@jest/globals";
import { RESOURCE_GONE_REASON, computeTransitions } from "../../src/diff/transitions.js";
import type { Drift } from "../../src/diff/types.js";
import { findingId } from "../../src/evaluate/finding-id.js";
import type { Finding, FindingStatus, Severity } from "../../src/types/finding.js";
import type { CollectionError, ResourceType } from "../../src/types/resource.js";
import { ACCOUNT, REGION } from "../support/builders.js";
import { rdsAccessDenied } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const noDrift: Drift = { added: [], removed: [], modified: [] };

function finding(resourceId: string, status: FindingStatus, extra: { ruleId?: string; type?: ResourceType; severity?: Severity; reason?: string; seen?: string } = {}): Finding {
  const ruleId = extra.ruleId ?? "rds-multi-az";
  const type = extra.type ?? "AWS::RDS::DBInstance";
  return {
    id: findingId(ACCOUNT, REGION, ruleId, type, resourceId),
    ruleId,
    status,
    severity: extra.severity ?? "high",
    resource: { type, id: resourceId, region: REGION, accountId: ACCOUNT, tags: {} },
    reason: extra.reason ?? status.toLowerCase(),
    ...(extra.seen && { firstSeen: extra.seen, lastSeen: extra.seen }),
  };
}

function run(previous: Finding[], current: Finding[], options: { errors?: CollectionError[]; drift?: Drift } = {}) {
  return computeTransitions({ previous, current, errors: options.errors ?? [], drift: options.drift ?? noDrift, now: T2 });
}

const kinds = (result: ReturnType<typeof run>) => result.transitions.map((t) => [t.kind, t.resource.id]);

describe("computeTransitions", () => {
  it("classifies NEW, REGRESSED, RESOLVED and PERSISTING, keeping firstSeen and moving lastSeen", () => {
    const previous = [finding("db-persist", "FAIL", { seen: T1 }), finding("db-regress", "PASS", { seen: T1 }), finding("db-resolve", "FAIL", { seen: T1 }), finding("db-ok", "PASS", { seen: T1 })];
    const current = [finding("db-persist", "FAIL"), finding("db-regress", "FAIL"), finding("db-resolve", "PASS"), finding("db-ok", "PASS"), finding("db-new", "FAIL")];
    const result = run(previous, current);
    expect(kinds(result)).toEqual([
      ["NEW", "db-new"],
      ["REGRESSED", "db-regress"],
      ["RESOLVED", "db-resolve"],
      ["PERSISTING", "db-persist"],
    ]);
    expect(result.findings.map((f) => [f.resource.id, f.firstSeen, f.lastSeen])).toEqual([
      ["db-persist", T1, T2],
      ["db-regress", T1, T2],
      ["db-resolve", T1, T2],
      ["db-ok", T1, T2],
      ["db-new", T2, T2],
    ]);
    expect(result.gone).toEqual([]);
  });

  it("does not count SUPPRESSED, NOT_APPLICABLE or ERROR as failures", () => {
    const previous = [finding("db-suppressed", "FAIL", { seen: T1 }), finding("db-was-suppressed", "SUPPRESSED", { seen: T1 }), finding("db-na", "NOT_APPLICABLE", { seen: T1 })];
    const current = [finding("db-suppressed", "SUPPRESSED"), finding("db-was-suppressed", "FAIL"), finding("db-na", "FAIL"), finding("db-new-error", "ERROR")];
    // A suppression that ends makes the finding visible again, as new.
    expect(kinds(run(previous, current))).toEqual([
      ["NEW", "db-na"],
      ["NEW", "db-was-suppressed"],
    ]);
  });

  it("resolves a failing finding whose resource was deleted, and regresses it if the resource comes back failing", () => {
    const drift: Drift = { ...noDrift, removed: [{ type: "AWS::RDS::DBInstance", id: "db-gone", region: REGION }] };
    const first = run([finding("db-gone", "FAIL", { seen: T1, severity: "critical" })], [], { drift });
    expect(first.transitions).toEqual([
      expect.objectContaining({ kind: "RESOLVED", severity: "critical", reason: RESOURCE_GONE_REASON, explanation: "resource deleted", resource: { type: "AWS::RDS::DBInstance", id: "db-gone", region: REGION } }),
    ]);
    expect(first.findings).toEqual([]);
    expect(first.gone).toEqual([expect.objectContaining({ status: "PASS", reason: RESOURCE_GONE_REASON, lifecycle: { gone: { at: T2 } }, firstSeen: T1 })]);

    // Still gone: the record is handed back unchanged, with no transition.
    const stillGone = run(first.gone, []);
    expect(stillGone.transitions).toEqual([]);
    expect(stillGone.gone).toEqual(first.gone);

    const back = run(first.gone, [finding("db-gone", "FAIL")]);
    expect(kinds(back)).toEqual([["REGRESSED", "db-gone"]]);
    expect(back.findings[0]).toMatchObject({ status: "FAIL", firstSeen: T1, lastSeen: T2 });
    expect(back.gone).toEqual([]);
  });

  it("drops a finding no longer evaluated whose resource still exists (a disabled rule), without resolving it", () => {
    const result = run([finding("db-a", "FAIL", { seen: T1 })], [finding("db-a", "PASS", { ruleId: "rds-storage-encrypted" })]);
    expect(result.transitions).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["rds-storage-encrypted"]);
  });

  describe("where this run could not read the resource type", () => {
    const previous = [finding("db-failing", "FAIL", { seen: T1 }), finding("db-passing", "PASS", { seen: T1 }), finding("sg-0aaa000000000001", "FAIL", { seen: T1, ruleId: "ec2-ssh-restricted", type: "AWS::EC2::SecurityGroup" })];
    const drift: Drift = { ...noDrift, removed: [{ type: "AWS::EC2::SecurityGroup", id: "sg-0aaa000000000001", region: REGION }] };

    it("keeps previous findings with their status, marked stale, and never resolves them", () => {
      const result = run(previous, [], { errors: [rdsAccessDenied], drift });
      expect(kinds(result)).toEqual([["RESOLVED", "sg-0aaa000000000001"]]);
      expect(result.findings).toEqual([
        { ...previous[0], lifecycle: { stale: { reason: "AWS::RDS::DBInstance in us-east-1 not fully collected in this run (rds DescribeDBInstances: AccessDenied)" } } },
        { ...previous[1], lifecycle: { stale: { reason: expect.any(String) } } },
      ]);
    });

    it("does not resolve a failing finding whose resource was read only in part and now passes", () => {
      const result = run(previous.slice(0, 1), [finding("db-failing", "PASS")], { errors: [rdsAccessDenied] });
      expect(result.transitions).toEqual([]);
      expect(result.findings).toEqual([expect.objectContaining({ status: "FAIL", lastSeen: T1, lifecycle: { stale: expect.anything() } })]);
    });

    it("still reports what fails there", () => {
      const result = run(previous.slice(0, 2), [finding("db-failing", "FAIL"), finding("db-passing", "FAIL")], { errors: [rdsAccessDenied] });
      expect(kinds(result)).toEqual([
        ["REGRESSED", "db-passing"],
        ["PERSISTING", "db-failing"],
      ]);
    });

    it("resumes normally once the type reads again", () => {
      const stale = run(previous.slice(0, 1), [], { errors: [rdsAccessDenied] }).findings;
      const result = run(stale, [finding("db-failing", "PASS")]);
      expect(kinds(result)).toEqual([["RESOLVED", "db-failing"]]);
      expect(result.findings[0]!.evidence).toBeUndefined();
    });
  });

  it("keeps the previous status of a finding its rule could not evaluate, with the rule's reason", () => {
    const result = run([finding("db-a", "FAIL", { seen: T1, reason: "single-AZ deployment" })], [finding("db-a", "ERROR", { reason: "rule failed: multiAZ missing" })]);
    expect(result.transitions).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ status: "FAIL", reason: "single-AZ deployment", lifecycle: { stale: { reason: "rule failed: multiAZ missing" } } })]);
    // An ERROR between two FAILs does not make the second one NEW.
    expect(kinds(run(result.findings, [finding("db-a", "FAIL")]))).toEqual([["PERSISTING", "db-a"]]);
  });

  it("explains NEW, REGRESSED and RESOLVED findings with the drift of their resource, not PERSISTING ones", () => {
    const drift: Drift = {
      added: [{ type: "AWS::RDS::DBInstance", id: "db-new", region: REGION }],
      removed: [],
      modified: [
        { resource: { type: "AWS::RDS::DBInstance", id: "db-regress", region: REGION }, changes: [{ path: "attributes.multiAZ", before: true, after: false }] },
        { resource: { type: "AWS::RDS::DBInstance", id: "db-persist", region: REGION }, changes: [{ path: "attributes.backupRetentionPeriod", before: 7, after: 1 }] },
        { resource: { type: "AWS::RDS::DBInstance", id: "db-resolve", region: REGION }, changes: [{ path: "attributes.multiAZ", before: false, after: true }, { path: "tags.Owner", after: "data" }] },
      ],
    };
    const previous = [finding("db-regress", "PASS", { seen: T1 }), finding("db-persist", "FAIL", { seen: T1 }), finding("db-resolve", "FAIL", { seen: T1 })];
    const current = [finding("db-new", "FAIL"), finding("db-regress", "FAIL"), finding("db-persist", "FAIL"), finding("db-resolve", "PASS")];
    expect(run(previous, current, { drift }).transitions.map((t) => [t.resource.id, t.explanation])).toEqual([
      ["db-new", "resource created"],
      ["db-regress", "multiAZ changed from true to false"],
      ["db-resolve", 'multiAZ changed from false to true; tags.Owner set to "data"'],
      ["db-persist", undefined],
    ]);
  });

  it("explains a rule that declares what it judges by those attributes and its related types' drift alone", () => {
    const ACCOUNT_TYPE = "AWS::::Account";
    const drift: Drift = {
      added: [],
      removed: [],
      modified: [
        { resource: { type: ACCOUNT_TYPE, id: ACCOUNT, region: REGION }, changes: [{ path: "attributes.rootAccessKeysPresent", before: false, after: true }, { path: "attributes.rootMfaEnabled", before: false, after: true }] },
        { resource: { type: "AWS::CloudTrail::Trail", id: "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events", name: "management-events", region: REGION }, changes: [{ path: "attributes.isLogging", before: true, after: false }] },
      ],
    };
    const onAccount = (ruleId: string, status: FindingStatus, seen?: string) => finding(ACCOUNT, status, { ruleId, type: ACCOUNT_TYPE, ...(seen && { seen }) });
    const previous = [onAccount("iam-root-no-access-keys", "PASS", T1), onAccount("iam-root-mfa", "FAIL", T1), onAccount("cloudtrail-multi-region-logging", "PASS", T1), onAccount("any-account-rule", "PASS", T1)];
    const current = [onAccount("iam-root-no-access-keys", "FAIL"), onAccount("iam-root-mfa", "PASS"), onAccount("cloudtrail-multi-region-logging", "FAIL"), onAccount("any-account-rule", "FAIL")];
    const explainedBy = new Map([
      ["iam-root-no-access-keys", { attributes: ["rootAccessKeysPresent"] }],
      ["iam-root-mfa", { attributes: ["rootMfaEnabled"] }],
      ["cloudtrail-multi-region-logging", { attributes: [], related: ["AWS::CloudTrail::Trail" as const] }],
    ]);
    const result = computeTransitions({ previous, current, errors: [], drift, now: T2, explainedBy });
    expect(Object.fromEntries(result.transitions.map((t) => [t.ruleId, t.explanation]))).toEqual({
      "iam-root-no-access-keys": "rootAccessKeysPresent changed from false to true",
      "iam-root-mfa": "rootMfaEnabled changed from false to true",
      "cloudtrail-multi-region-logging": "management-events: isLogging changed from true to false",
      // A rule that declares nothing is explained by every change of its resource.
      "any-account-rule": "rootAccessKeysPresent changed from false to true; rootMfaEnabled changed from false to true",
    });
  });

  it("orders transitions by kind, severity, rule and resource, whatever order the findings come in", () => {
    const previous = [finding("db-b", "FAIL", { seen: T1 }), finding("db-a", "FAIL", { seen: T1, ruleId: "rds-encrypted" }), finding("db-c", "PASS", { seen: T1 }), finding("db-d", "FAIL", { seen: T1, severity: "low" })];
    const current = [
      finding("db-b", "FAIL"),
      finding("db-a", "FAIL", { ruleId: "rds-encrypted" }),
      finding("db-c", "FAIL"),
      finding("db-d", "PASS", { severity: "low" }),
      finding("db-f", "FAIL", { severity: "low" }),
      finding("db-e", "FAIL", { severity: "critical" }),
      finding("db-a", "FAIL"),
      finding("db-b", "FAIL", { ruleId: "rds-encrypted" }),
    ];
    const expected = [
      ["NEW", "critical", "rds-multi-az", "db-e"],
      ["NEW", "high", "rds-encrypted", "db-b"],
      ["NEW", "high", "rds-multi-az", "db-a"],
      ["NEW", "low", "rds-multi-az", "db-f"],
      ["REGRESSED", "high", "rds-multi-az", "db-c"],
      ["RESOLVED", "low", "rds-multi-az", "db-d"],
      ["PERSISTING", "high", "rds-encrypted", "db-a"],
      ["PERSISTING", "high", "rds-multi-az", "db-b"],
    ];
    for (const order of [current, [...current].reverse()]) {
      expect(run(previous, order).transitions.map((t) => [t.kind, t.severity, t.ruleId, t.resource.id])).toEqual(expected);
    }
  });

  it("orders transitions by kind, then severity", () => {
    const current = [finding("db-low", "FAIL", { severity: "low" }), finding("db-critical", "FAIL", { severity: "critical" }), finding("db-medium", "FAIL", { severity: "medium" })];
    expect(run([], current).transitions.map((t) => t.severity)).toEqual(["critical", "medium", "low"]);
  });
});
