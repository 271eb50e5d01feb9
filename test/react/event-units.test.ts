/** The event path's pure parts: reading an SQS batch, finding dependents, the alert, and the nightly run's fresher records. */
import { describe, expect, it } from "@jest/globals";
import { allRules } from "../../rules/index.js";
import { defaultConfig } from "../../src/config/config.js";
import { withFresherRecords } from "../../src/diff/fresher-records.js";
import type { Transition } from "../../src/diff/types.js";
import { dependentKeys } from "../../src/evaluate/dependents.js";
import { parseBatch } from "../../src/lambda/event-batch.js";
import { eventAlerts } from "../../src/publish/notify/event-alert.js";
import { resourceKey } from "../../src/types/canonical.js";
import type { Snapshot } from "../../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../src/types/resource.js";
import { eventNamed, trail } from "../attribute/fixtures.js";
import { asg } from "../support/asg-builders.js";
import { ACCOUNT, REGION, sg, tcp } from "../support/builders.js";
import { nlb, targetGroup } from "../support/elb-builders.js";

// The builders type their records' attributes; a snapshot holds them as plain records.
const snapshotOf = (resources: readonly object[], takenAt = "2026-11-20T02:00:00.000Z"): Snapshot => ({ schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId: ACCOUNT, takenAt, regions: [REGION], resources: resources as Snapshot["resources"], errors: [] });

describe("parseBatch", () => {
  const record = eventNamed(trail(), "AuthorizeSecurityGroupIngress");
  const envelope = { version: "0", id: "eb-1", "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", account: "111122223333", region: "us-east-1", detail: record };

  it("reads the CloudTrail record out of an EventBridge envelope, with the account it touched", () => {
    const { events, unreadable } = parseBatch([{ messageId: "m-1", body: JSON.stringify(envelope) }]);
    expect(unreadable).toEqual([]);
    expect(events).toEqual([{ messageId: "m-1", accountId: "111122223333", event: expect.objectContaining({ eventID: record.eventID, eventName: "AuthorizeSecurityGroupIngress" }) }]);
  });

  it("takes a failed or read-only call as nothing to do, not as a failure", () => {
    const failed = { ...envelope, detail: { ...record, errorCode: "Client.InvalidGroup.NotFound" } };
    const readOnly = { ...envelope, detail: { ...record, eventName: "DescribeSecurityGroups", readOnly: true } };
    const { events, unreadable } = parseBatch([{ messageId: "m-1", body: JSON.stringify(failed) }, { messageId: "m-2", body: JSON.stringify(readOnly) }]);
    expect(unreadable).toEqual([]);
    expect(events.map((e) => e.event)).toEqual([undefined, undefined]);
  });

  it("names each message it cannot read, and why, keeping the others", () => {
    const noTime = { ...envelope, detail: { ...record, eventTime: "yesterday" } };
    const { events, unreadable } = parseBatch([
      { messageId: "m-1", body: "{not json" },
      { messageId: "m-2", body: JSON.stringify({ detail: { hello: 1 } }) },
      { messageId: "m-3", body: JSON.stringify(noTime) },
      { messageId: "m-4", body: JSON.stringify(envelope) },
    ]);
    expect(unreadable).toEqual([
      { messageId: "m-1", reason: "the message body is not JSON" },
      { messageId: "m-2", reason: expect.stringContaining("not a CloudTrail event") },
      { messageId: "m-3", reason: "a write event without a valid eventTime" },
    ]);
    expect(events.map((e) => e.messageId)).toEqual(["m-4"]);
  });
});

describe("dependentKeys", () => {
  const config = defaultConfig(allRules);

  it("finds the target groups whose rules look a changed load balancer up, and no other resource", () => {
    const lb = nlb({ name: "edge" });
    const user = targetGroup({ name: "edge-tg", protocol: "TCP", loadBalancers: [lb] });
    const other = targetGroup({ name: "other-tg", protocol: "TCP", loadBalancers: [nlb({ name: "other" })] });
    const group = asg("web-asg", { targetGroupArns: [user.arn!], healthCheckType: "ELB" });
    const keys = dependentKeys(snapshotOf([lb, user, other, group]), config.rules, [lb]);
    expect([...keys]).toEqual([resourceKey(user)]);
  });

  it("finds every resource whose rule lists the changed type: the account's trail rule on a trail's change", () => {
    const trail = { type: "AWS::CloudTrail::Trail" as const, region: REGION, id: "arn:aws:cloudtrail:us-east-1:123456789012:trail/main" };
    const account = { type: "AWS::::Account" as const, id: ACCOUNT, accountId: ACCOUNT, region: REGION, tags: {}, attributes: { rootMfaEnabled: true, rootAccessKeysPresent: false } };
    expect([...dependentKeys(snapshotOf([account]), config.rules, [trail])]).toEqual([resourceKey(account)]);
  });

  it("finds nothing for a security group no rule of another resource looks up", () => {
    const group = sg({ ingress: [tcp(22, "0.0.0.0/0")] });
    expect([...dependentKeys(snapshotOf([group, asg("web-asg")]), config.rules, [group])]).toEqual([]);
  });
});

describe("eventAlerts", () => {
  const transition = (id: string, kind: Transition["kind"] = "NEW"): Transition => ({
    findingId: `f-${id}`,
    ruleId: "ec2-ssh-restricted",
    resource: { type: "AWS::EC2::SecurityGroup", id, region: REGION, name: `web-${id}` },
    kind,
    severity: "high",
    reason: "SSH port 22 open to the internet",
    cause: { eventId: `e-${id}`, eventName: "AuthorizeSecurityGroupIngress", eventSource: "ec2.amazonaws.com", eventTime: "2026-11-20T09:00:01Z", region: REGION, actor: { type: "IAMUser", name: "deploy-bot" } },
  });

  it("sends one short message per changed resource: severity, rule, resource and who in the subject", () => {
    const messages = eventAlerts([{ accountId: ACCOUNT, transitions: [transition("sg-1"), transition("sg-2", "RESOLVED"), { ...transition("sg-3"), kind: "PERSISTING" }] }], "medium");
    expect(messages.map((m) => m.subject)).toEqual(["driftwarden: HIGH ec2-ssh-restricted on web-sg-1 by deploy-bot", "driftwarden: resolved ec2-ssh-restricted on web-sg-2 by deploy-bot"]);
    expect(messages.every((m) => m.subject.length < 100)).toBe(true);
    expect(messages[0]!.body).toContain("web-sg-1 (us-east-1) (AWS::EC2::SecurityGroup) in account 123456789012");
    expect(messages[0]!.body).toContain("NEW high ec2-ssh-restricted: SSH port 22 open to the internet");
    expect(messages[0]!.body).toContain("by deploy-bot (IAM user) at 2026-11-20 09:00 UTC, AuthorizeSecurityGroupIngress");
    expect(messages[0]!.attributes).toMatchObject({ account: { StringValue: ACCOUNT }, highestSeverity: { StringValue: "high" }, trigger: { StringValue: "event" } });
  });

  it("sends nothing below the alert severity", () => {
    expect(eventAlerts([{ accountId: ACCOUNT, transitions: [{ ...transition("sg-1"), severity: "low" }] }], "medium")).toEqual([]);
  });

  it("sends one summary for a burst of more changed resources than the threshold", () => {
    const transitions = Array.from({ length: 6 }, (_, i) => transition(`sg-${i}`));
    const messages = eventAlerts([{ accountId: ACCOUNT, transitions }], "medium", 5);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe(`driftwarden: 6 changes on 6 resources (high) in ${ACCOUNT}`);
    for (let i = 0; i < 6; i++) expect(messages[0]!.body).toContain(`web-sg-${i}`);
    expect(eventAlerts([{ accountId: ACCOUNT, transitions: transitions.slice(0, 5) }], "medium", 5)).toHaveLength(5);
  });
});

describe("withFresherRecords", () => {
  const night = snapshotOf([sg({ id: "sg-0000000000000000a", ingress: [tcp(22, "0.0.0.0/0")] }), sg({ id: "sg-0000000000000000b" })]);

  it("keeps the stored record the event path read after the run started, and this run's otherwise", () => {
    const fresher = { ...sg({ id: "sg-0000000000000000a" }), observedAt: "2026-11-20T02:00:30.000Z" };
    const older = { ...sg({ id: "sg-0000000000000000b", ingress: [tcp(80, "0.0.0.0/0")] }), observedAt: "2026-11-20T01:00:00.000Z" };
    const merged = withFresherRecords(night, snapshotOf([fresher, older], "2026-11-19T02:00:00.000Z"));
    expect(merged.resources).toEqual([fresher, night.resources[1]]);
  });

  it("gives a tie to the event path: the run reads each resource at or after its takenAt, and never puts back an older state", () => {
    const same = { ...sg({ id: "sg-0000000000000000a" }), observedAt: night.takenAt };
    expect(withFresherRecords(night, snapshotOf([same], "2026-11-19T02:00:00.000Z")).resources[0]).toEqual(same);
  });

  it("is the run's own snapshot when nothing stored is fresher", () => {
    expect(withFresherRecords(night, undefined)).toBe(night);
    expect(withFresherRecords(night, snapshotOf([sg({ id: "sg-0000000000000000a" })], "2026-11-19T02:00:00.000Z"))).toBe(night);
  });
});
