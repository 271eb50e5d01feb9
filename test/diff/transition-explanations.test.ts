/**
 * What a transition says caused it: related resources created, deleted and
 * changed (only of the types the rule judges from), its own resource's
 * changes, nothing at all when no drift explains it; and the resource it names.
 */
import { describe, expect, it } from "@jest/globals";
import { compareRuns } from "../../src/diff/compare-runs.js";
import { computeTransitions } from "../../src/diff/transitions.js";
import type { Drift } from "../../src/diff/types.js";
import { findingId } from "../../src/evaluate/finding-id.js";
import type { ExplainedBy } from "../../src/types/explained-by.js";
import type { Finding, FindingStatus } from "../../src/types/finding.js";
import { ACCOUNT, REGION } from "../support/builders.js";
import { dbInstance, evaluate, snapshotOf } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const ACCOUNT_TYPE = "AWS::::Account";
const TRAIL = "AWS::CloudTrail::Trail";
const trailArn = (name: string) => `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}`;

function onAccount(ruleId: string, status: FindingStatus, seen?: string): Finding {
  return {
    id: findingId(ACCOUNT, REGION, ruleId, ACCOUNT_TYPE, ACCOUNT),
    ruleId,
    status,
    severity: "high",
    resource: { type: ACCOUNT_TYPE, id: ACCOUNT, region: REGION, accountId: ACCOUNT, tags: {} },
    reason: status === "FAIL" ? "no multi-Region trail is logging" : "management-events logs every Region",
    ...(seen && { firstSeen: seen, lastSeen: seen }),
  };
}

const explainedBy = new Map<string, ExplainedBy>([["cloudtrail-multi-region-logging", { attributes: [], related: [TRAIL] }]]);

function explanationOf(drift: Drift, rules: ReadonlyMap<string, ExplainedBy> = explainedBy): string | undefined {
  const result = computeTransitions({
    previous: [onAccount("cloudtrail-multi-region-logging", "PASS", T1)],
    current: [onAccount("cloudtrail-multi-region-logging", "FAIL")],
    errors: [],
    drift,
    now: T2,
    explainedBy: rules,
  });
  expect(result.transitions.map((t) => t.kind)).toEqual(["REGRESSED"]);
  return result.transitions[0]!.explanation;
}

describe("the explanation of a transition judged from related types", () => {
  it("lists the related trails created and deleted, by name or else by id, and none of other types", () => {
    const drift: Drift = {
      added: [
        { type: "AWS::S3::Bucket", id: "cloudtrail-logs-123456789012", name: "cloudtrail-logs-123456789012", region: REGION },
        { type: TRAIL, id: trailArn("org-events"), arn: trailArn("org-events"), name: "org-events", region: REGION },
        { type: TRAIL, id: trailArn("data-events"), region: REGION },
      ],
      removed: [
        { type: "AWS::EC2::SecurityGroup", id: "sg-0old000000000001", name: "old", region: REGION },
        { type: TRAIL, id: trailArn("management-events"), arn: trailArn("management-events"), name: "management-events", region: REGION },
        { type: TRAIL, id: trailArn("audit"), region: REGION },
      ],
      modified: [],
    };
    expect(explanationOf(drift)).toBe(`org-events created; ${trailArn("data-events")} created; management-events deleted; ${trailArn("audit")} deleted`);
  });

  it("joins the trail changes after the account's own, one per related resource", () => {
    const drift: Drift = {
      added: [],
      removed: [],
      modified: [
        { resource: { type: ACCOUNT_TYPE, id: ACCOUNT, region: REGION }, changes: [{ path: "attributes.rootMfaEnabled", before: false, after: true }] },
        { resource: { type: TRAIL, id: trailArn("management-events"), name: "management-events", region: REGION }, changes: [{ path: "attributes.isMultiRegionTrail", before: true, after: false }] },
        { resource: { type: TRAIL, id: trailArn("org-events"), name: "org-events", region: REGION }, changes: [{ path: "attributes.isLogging", before: true, after: false }] },
      ],
    };
    const rules = new Map<string, ExplainedBy>([["cloudtrail-multi-region-logging", { attributes: ["rootMfaEnabled"], related: [TRAIL] }]]);
    expect(explanationOf(drift, rules)).toBe("rootMfaEnabled changed from false to true; management-events: isMultiRegionTrail changed from true to false; org-events: isLogging changed from true to false");
  });

  it("has no explanation when neither the attributes it reads nor its related types drifted", () => {
    const drift: Drift = {
      added: [{ type: "AWS::S3::Bucket", id: "cloudtrail-logs-123456789012", region: REGION }],
      removed: [],
      modified: [{ resource: { type: ACCOUNT_TYPE, id: ACCOUNT, region: REGION }, changes: [{ path: "attributes.rootMfaEnabled", before: false, after: true }] }],
    };
    const result = computeTransitions({
      previous: [onAccount("cloudtrail-multi-region-logging", "PASS", T1)],
      current: [onAccount("cloudtrail-multi-region-logging", "FAIL")],
      errors: [],
      drift,
      now: T2,
      explainedBy,
    });
    expect(result.transitions).toEqual([
      {
        findingId: findingId(ACCOUNT, REGION, "cloudtrail-multi-region-logging", ACCOUNT_TYPE, ACCOUNT),
        ruleId: "cloudtrail-multi-region-logging",
        resource: { type: ACCOUNT_TYPE, id: ACCOUNT, region: REGION },
        kind: "REGRESSED",
        severity: "high",
        reason: "no multi-Region trail is logging",
      },
    ]);
    expect(result.transitions[0]).not.toHaveProperty("explanation");
  });
});

describe("compareRuns", () => {
  const before = snapshotOf([dbInstance("orders-db")], [], T1);
  const after = snapshotOf([dbInstance("orders-db", { multiAZ: false, secondaryAvailabilityZone: undefined, backupRetentionPeriod: 1 })], [], T2);
  const previous = { snapshot: before, findings: compareRuns({ snapshot: before, findings: evaluate(before), now: T1 }).findings };

  it("explains a transition by the attributes its rule declares, and names the resource with its ARN and name", () => {
    const rules = new Map<string, ExplainedBy>([["rds-multi-az", { attributes: ["multiAZ"] }]]);
    const comparison = compareRuns({ previous, snapshot: after, findings: evaluate(after), now: T2, explainedBy: rules });
    expect(comparison.transitions).toEqual([
      {
        findingId: findingId(ACCOUNT, REGION, "rds-multi-az", "AWS::RDS::DBInstance", "orders-db"),
        ruleId: "rds-multi-az",
        resource: { type: "AWS::RDS::DBInstance", id: "orders-db", region: REGION, arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`, name: "orders-db" },
        kind: "REGRESSED",
        severity: "high",
        explanation: "multiAZ changed from true to false",
        reason: "single-AZ deployment",
      },
    ]);
  });

  it("explains it by every change of the resource when the rule declares nothing", () => {
    const comparison = compareRuns({ previous, snapshot: after, findings: evaluate(after), now: T2 });
    expect(comparison.transitions.map((t) => t.explanation)).toEqual(['backupRetentionPeriod changed from 7 to 1; multiAZ changed from true to false; secondaryAvailabilityZone removed (was "us-east-1b")']);
  });
});
