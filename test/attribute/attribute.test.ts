import { describe, expect, it } from "@jest/globals";
import { attributeDrift } from "../../src/attribute/attribute.js";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import type { Drift, Transition } from "../../src/diff/types.js";
import type { ResourceRef, ResourceType } from "../../src/types/resource.js";
import { eventNamed, trail } from "./fixtures.js";
import { readFileSync } from "node:fs";
import { readEvents } from "../../src/attribute/events.js";
import { ruleById } from "../../rules/index.js";
import { DEMO_ACCOUNT, DEMO_EVENTS } from "../support/demo.js";

const A = "111122223333";
const R = "us-east-1";
const ref = (type: ResourceType, id: string, arn?: string, region = R): ResourceRef => ({ type, id, region, ...(arn && { arn }) });
const SG = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60002", `arn:aws:ec2:${R}:${A}:security-group/sg-0a1b2c3d4e5f60002`);
const NEW_SG = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60009");
const OLD_SG = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60004");
const API_ALB = ref("AWS::ElasticLoadBalancingV2::LoadBalancer", "api-alb", `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/api-alb/7b3d2c1a0f9e8d7c`);
const TRAIL = ref("AWS::CloudTrail::Trail", `arn:aws:cloudtrail:${R}:${A}:trail/management-events`, `arn:aws:cloudtrail:${R}:${A}:trail/management-events`);
const ASSETS = ref("AWS::S3::Bucket", "webapp-assets", "arn:aws:s3:::webapp-assets");
const API_RECORD = ref("AWS::Route53::RecordSet", "Z0123456789ABCDEFGHIJ/api.example.com./A/api-primary");
const ACCOUNT = ref("AWS::::Account", A);
const UNTOUCHED = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60003");

const WINDOW = { from: "2024-05-02T14:00:00Z", to: "2024-05-02T15:00:00Z" };
const modified = (resource: ResourceRef) => ({ resource, changes: [{ path: "attributes.ingress", after: "tcp/22 from 0.0.0.0/0" }] });
const transition = (resource: ResourceRef, kind: Transition["kind"], ruleId = "ec2-sg-ssh-restricted"): Transition => ({
  findingId: `${ruleId}/${resource.id}`,
  ruleId,
  resource,
  kind,
  severity: "high",
});

const DRIFT: Drift = {
  added: [NEW_SG],
  removed: [OLD_SG],
  modified: [modified(SG), modified(API_ALB), modified(TRAIL), modified(ASSETS), modified(API_RECORD), modified(ACCOUNT), modified(UNTOUCHED)],
};

describe("attributeDrift", () => {
  const events = trail();

  it("gives a modified resource the last event in the window and lists the earlier ones oldest first", () => {
    const { drift } = attributeDrift({ drift: DRIFT, transitions: [], events, window: WINDOW });
    const sg = drift.modified.find((m) => m.resource.id === SG.id)!;
    expect(sg.cause).toMatchObject({
      eventId: "a1f0c6d2-0005-4e5f-8a9b-0c1d2e3f4a5b",
      eventName: "ModifySecurityGroupRules",
      eventSource: "ec2.amazonaws.com",
      eventTime: "2024-05-02T14:00:05Z",
      region: R,
      actor: { type: "AssumedRole", name: "AWSCloudFormation", role: "cfn-deploy-role" },
      invokedBy: "cloudformation.amazonaws.com",
    });
    expect(sg.cause!.earlier).toEqual([
      { eventId: "a1f0c6d2-0001-4e5f-8a9b-0c1d2e3f4a5b", eventName: "AuthorizeSecurityGroupIngress", eventTime: "2024-05-02T14:00:01Z", actor: "alice@example.com (role AWSReservedSSO_AdminAccess_0123456789abcdef)" },
      { eventId: "a1f0c6d2-0002-4e5f-8a9b-0c1d2e3f4a5b", eventName: "AuthorizeSecurityGroupEgress", eventTime: "2024-05-02T14:00:02Z", actor: "AWSCloudFormation (role cfn-deploy-role)" },
      { eventId: "a1f0c6d2-0003-4e5f-8a9b-0c1d2e3f4a5b", eventName: "RevokeSecurityGroupIngress", eventTime: "2024-05-02T14:00:03Z", actor: "deploy-bot (IAM user)" },
      { eventId: "a1f0c6d2-0004-4e5f-8a9b-0c1d2e3f4a5b", eventName: "RevokeSecurityGroupEgress", eventTime: "2024-05-02T14:00:04Z", actor: "alice@example.com (role AWSReservedSSO_AdminAccess_0123456789abcdef)" },
    ]);
  });

  it("orders by event time, not by the order of the file", () => {
    const { drift } = attributeDrift({ drift: DRIFT, transitions: [], events: [...events].reverse(), window: WINDOW });
    expect(drift.modified.find((m) => m.resource.id === SG.id)!.cause).toMatchObject({ eventName: "ModifySecurityGroupRules", earlier: expect.any(Array) });
  });

  it("takes only events after the window's start and up to its end", () => {
    const window = { from: "2024-05-02T14:00:02Z", to: "2024-05-02T14:00:04Z" };
    const { drift } = attributeDrift({ drift: DRIFT, transitions: [], events, window });
    const cause = drift.modified.find((m) => m.resource.id === SG.id)!.cause!;
    expect(cause.eventName).toBe("RevokeSecurityGroupEgress");
    expect(cause.earlier!.map((e) => e.eventName)).toEqual(["RevokeSecurityGroupIngress"]);
  });

  it("counts a kept record's events from when it was really read, and no other resource's from before the window", () => {
    const window = { from: "2024-05-02T14:00:03Z", to: WINDOW.to };
    const onUntouched = (id: string, eventTime: string): CloudTrailEvent => {
      const event = eventNamed(events, "AuthorizeSecurityGroupIngress");
      return { ...event, eventID: id, eventTime, requestParameters: { ...event.requestParameters, groupId: UNTOUCHED.id } };
    };
    const withUntouched = [...events, onUntouched("untouched-before", "2024-05-02T14:00:02Z"), onUntouched("untouched-in", "2024-05-02T14:00:04Z")];
    // The security group's record was kept from a run at 14:00:01 that read it; the untouched one was read at the window's start.
    const since = new Map([[`${SG.type}/${SG.region}/${SG.id}`, "2024-05-02T14:00:01Z"]]);
    const { drift } = attributeDrift({ drift: DRIFT, transitions: [], events: withUntouched, window, since });
    const sg = drift.modified.find((m) => m.resource.id === SG.id)!.cause!;
    expect(sg.eventName).toBe("ModifySecurityGroupRules");
    // After 14:00:01, not at it: that event was in the state the kept record holds.
    expect(sg.earlier!.map((e) => e.eventTime)).toEqual(["2024-05-02T14:00:02Z", "2024-05-02T14:00:03Z", "2024-05-02T14:00:04Z"]);
    const untouched = drift.modified.find((m) => m.resource.id === UNTOUCHED.id)!.cause!;
    expect(untouched.eventId).toBe("untouched-in");
    expect(untouched.earlier).toBeUndefined();
  });

  it("ignores read-only and failed calls", () => {
    const last = eventNamed(events, "ModifySecurityGroupRules");
    const failed: CloudTrailEvent = { ...last, eventID: "failed-1", eventTime: "2024-05-02T14:30:00Z", errorCode: "Client.UnauthorizedOperation" };
    const readOnly: CloudTrailEvent = { ...last, eventID: "read-1", eventName: "DescribeSecurityGroupRules", eventTime: "2024-05-02T14:31:00Z", readOnly: true };
    const { drift, unmatched } = attributeDrift({ drift: DRIFT, transitions: [], events: [...events, failed, readOnly], window: WINDOW });
    expect(drift.modified.find((m) => m.resource.id === SG.id)!.cause!.eventId).toBe(last.eventID);
    expect(unmatched).not.toContain("DescribeSecurityGroupRules");
  });

  it("counts an event seen twice (log file and lookup-events) once", () => {
    const { drift } = attributeDrift({ drift: DRIFT, transitions: [], events: [...events, ...events], window: WINDOW });
    expect(drift.modified.find((m) => m.resource.id === SG.id)!.cause!.earlier).toHaveLength(4);
  });

  it("names who created and who deleted a resource, and matches ELBv2, trails and buckets by ARN or name", () => {
    const { drift, matched } = attributeDrift({ drift: DRIFT, transitions: [], events, window: WINDOW });
    expect(drift.added[0]!.cause?.eventName).toBe("CreateSecurityGroup");
    expect(drift.removed[0]!.cause?.eventName).toBe("DeleteSecurityGroup");
    const causeOf = (r: ResourceRef) => drift.modified.find((m) => m.resource === r || m.resource.id === r.id)!.cause;
    expect(causeOf(API_ALB)?.eventName).toBe("ModifyListener");
    expect(causeOf(API_ALB)?.earlier?.map((e) => e.eventName)).toEqual(["ModifyLoadBalancerAttributes", "CreateListener"]);
    expect(causeOf(TRAIL)?.eventName).toBe("PutEventSelectors");
    expect(causeOf(ASSETS)?.eventName).toBe("PutBucketVersioning");
    expect(causeOf(API_RECORD)?.eventName).toBe("ChangeResourceRecordSets");
    expect(causeOf(ACCOUNT)).toMatchObject({ eventName: "DeactivateMFADevice", actor: { name: "root" } });
    expect(causeOf(UNTOUCHED)).toBeUndefined();
    expect(matched).toBe(8);
  });

  it("does not match a regional resource by an event of another region", () => {
    const elsewhere = eventNamed(events, "ModifySecurityGroupRules");
    const { matched } = attributeDrift({ drift: { added: [], removed: [], modified: [modified(SG)] }, transitions: [], events: [{ ...elsewhere, awsRegion: "eu-west-1" }], window: WINDOW });
    expect(matched).toBe(0);
  });

  it("sets the cause on NEW, REGRESSED and RESOLVED transitions of drifted resources, never on PERSISTING", () => {
    const transitions = [transition(SG, "NEW"), transition(SG, "PERSISTING", "ec2-sg-rdp-restricted"), transition(OLD_SG, "RESOLVED"), transition(ASSETS, "REGRESSED", "s3-versioning"), transition(UNTOUCHED, "NEW")];
    const result = attributeDrift({ drift: DRIFT, transitions, events, window: WINDOW });
    expect(result.transitions.map((t) => [t.kind, t.resource.id, t.cause?.eventName])).toEqual([
      ["NEW", SG.id, "ModifySecurityGroupRules"],
      ["PERSISTING", SG.id, undefined],
      ["RESOLVED", OLD_SG.id, "DeleteSecurityGroup"],
      ["REGRESSED", ASSETS.id, "PutBucketVersioning"],
      ["NEW", UNTOUCHED.id, undefined],
    ]);
  });

  it("returns new objects and leaves its input as it was", () => {
    const drift = structuredClone(DRIFT);
    const transitions = [transition(SG, "NEW")];
    const before = JSON.stringify({ drift, transitions });
    const result = attributeDrift({ drift, transitions, events, window: WINDOW });
    expect(JSON.stringify({ drift, transitions })).toBe(before);
    expect(result.drift.modified[0]).not.toBe(drift.modified[0]);
    expect(result.transitions[0]).not.toBe(transitions[0]);
  });

  it("lists the window's write events that touched nothing drifted or that the table does not know, once each", () => {
    const putObject: CloudTrailEvent = { ...eventNamed(events, "PutBucketPolicy"), eventID: "put-object-1", eventName: "PutObject" };
    const outside: CloudTrailEvent = { ...putObject, eventID: "outside-1", eventName: "PutBucketTagging", eventTime: "2024-05-02T16:00:00Z" };
    const { unmatched } = attributeDrift({ drift: DRIFT, transitions: [], events: [...events, putObject, outside], window: WINDOW });
    expect(unmatched).toEqual(expect.arrayContaining(["ModifyDBParameterGroup", "ModifyDBClusterParameterGroup", "DisassociateAddress", "PutObject", "CreateDBInstance", "TerminateInstances"]));
    expect(unmatched).not.toContain("PutBucketTagging");
    expect(unmatched).not.toContain("ModifySecurityGroupRules");
    expect(unmatched).toEqual([...new Set(unmatched)].sort());
  });

  it("finds 3 relevant events among 5,000 unrelated ones, reading each event once", () => {
    const base = eventNamed(events, "PutBucketPolicy");
    const noise: CloudTrailEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      ...base,
      eventID: `noise-${i}`,
      eventTime: `2024-05-02T14:${String(10 + (i % 40)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`,
      requestParameters: { bucketName: `other-bucket-${i}` },
    }));
    const relevant = [eventNamed(events, "CreateSecurityGroup"), eventNamed(events, "DeleteSecurityGroup"), eventNamed(events, "ModifyListener")];
    const all = [...noise.slice(0, 2500), ...relevant, ...noise.slice(2500)];
    let reads = 0;
    const counted = new Proxy(all, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const drift: Drift = { added: [NEW_SG], removed: [OLD_SG], modified: [modified(API_ALB), ...Array.from({ length: 500 }, (_, i) => modified(ref("AWS::S3::Bucket", `drifted-bucket-${i}`)))] };
    const result = attributeDrift({ drift, transitions: [], events: counted, window: WINDOW });
    expect(result.drift.added[0]!.cause?.eventName).toBe("CreateSecurityGroup");
    expect(result.drift.removed[0]!.cause?.eventName).toBe("DeleteSecurityGroup");
    expect(result.drift.modified[0]!.cause?.eventName).toBe("ModifyListener");
    expect(result.matched).toBe(3);
    expect(result.unmatched).toEqual(["PutBucketPolicy"]);
    expect(reads).toBe(5003);
  });

  it("refuses a window that is not a time", () => {
    expect(() => attributeDrift({ drift: DRIFT, transitions: [], events, window: { from: "yesterday", to: WINDOW.to } })).toThrow(/window: from is not a time/);
  });
});

describe("attributeDrift with what each rule judges", () => {
  // The demo's second night: root enabled MFA, then created an access key; bob stopped the trail.
  const events = readEvents(readFileSync(DEMO_EVENTS, "utf8"), DEMO_EVENTS);
  const account = ref("AWS::::Account", DEMO_ACCOUNT);
  const trailRef = ref("AWS::CloudTrail::Trail", `arn:aws:cloudtrail:${R}:${DEMO_ACCOUNT}:trail/management-events`, `arn:aws:cloudtrail:${R}:${DEMO_ACCOUNT}:trail/management-events`);
  const drift: Drift = { added: [], removed: [], modified: [modified(account), modified(trailRef)] };
  const transitions = [transition(account, "RESOLVED", "iam-root-mfa"), transition(account, "REGRESSED", "iam-root-no-access-keys"), transition(account, "REGRESSED", "cloudtrail-multi-region-logging")];
  const window = { from: "2026-11-21T02:00:00.000Z", to: "2026-11-22T02:00:00.000Z" };
  const causes = (result: ReturnType<typeof attributeDrift>) => Object.fromEntries(result.transitions.map((t) => [t.ruleId, t.cause?.eventName]));

  it("names the event that set what the rule judges, on its resource or a related one", () => {
    const explainedBy = new Map(transitions.map((t) => [t.ruleId, ruleById(t.ruleId)!.explainedBy!]));
    expect(causes(attributeDrift({ drift, transitions, events, window, explainedBy }))).toEqual({
      "iam-root-mfa": "EnableMFADevice",
      "iam-root-no-access-keys": "CreateAccessKey",
      "cloudtrail-multi-region-logging": "StopLogging",
    });
  });

  it("without it, names the last event on the transition's own resource", () => {
    expect(causes(attributeDrift({ drift, transitions, events, window }))).toEqual({
      "iam-root-mfa": "CreateAccessKey",
      "iam-root-no-access-keys": "CreateAccessKey",
      "cloudtrail-multi-region-logging": "CreateAccessKey",
    });
  });
});
