import { describe, expect, it } from "@jest/globals";
import { parseResourceKey, recordHash, resourceHash, resourceKey } from "../../src/types/canonical.js";
import { carryForward } from "../../src/diff/carry-forward.js";
import { describeChange } from "../../src/diff/change-summary.js";
import { diffResources } from "../../src/diff/resource-drift.js";
import { splitByScope, withKept } from "../../src/diff/scope.js";
import type { TargetGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { all, record, sg, tcp } from "../support/builders.js";
import { autoScalingGroup, dbInstance, rdsAccessDenied, snapshotOf } from "./account-fixture.js";

const targetGroup = (interval: number, arns: string[]) =>
  record<TargetGroupAttributes>("AWS::ElasticLoadBalancingV2::TargetGroup", "web-tg", {
    protocol: "HTTP",
    port: 80,
    targetType: "instance",
    vpcId: "vpc-0a1b2c3d4e5f60001",
    loadBalancerArns: arns,
    healthCheck: { enabled: true, protocol: "HTTP", path: "/health", matcher: "200", intervalSeconds: interval, unhealthyThreshold: 3 },
  });

describe("canonical hashing", () => {
  it("is independent of key order and ignores observed state", () => {
    const group = sg({ id: "sg-0aaa000000000001", ingress: [tcp(22, "203.0.113.0/24")] });
    const { type, id, arn, name, accountId, region, tags, attributes } = group;
    const shuffled = { state: { attachmentCount: 9 }, attributes: Object.fromEntries(Object.entries(attributes).reverse()), tags, region, accountId, name, arn, id, type } as ResourceRecord;
    expect(resourceHash(shuffled)).toBe(resourceHash(group));
    expect(resourceHash({ ...group, tags: { Owner: "web" } })).not.toBe(resourceHash(group));
  });

  it("keys resources by type/region/id and parses ids that contain slashes", () => {
    const key = resourceKey({ type: "AWS::Route53::RecordSet", region: "us-east-1", id: "Z0123/www.example.com./A" });
    expect(key).toBe("AWS::Route53::RecordSet/us-east-1/Z0123/www.example.com./A");
    expect(parseResourceKey(key)).toEqual({ type: "AWS::Route53::RecordSet", region: "us-east-1", id: "Z0123/www.example.com./A" });
  });
});

describe("diffResources", () => {
  it("lists what was added, removed and modified by type, region and id, whatever order the snapshots hold their records in", () => {
    const group = (id: string, port: number, region = "us-east-1") => ({ ...sg({ id, ingress: [tcp(port, "0.0.0.0/0")] }), region });
    const before = [group("sg-b", 22), group("sg-a", 22), group("sg-c", 22, "eu-west-1"), group("sg-d", 22), group("sg-e", 22), group("sg-f", 22, "eu-west-1"), dbInstance("db-gone")];
    const after = [group("sg-g", 22), group("sg-b", 443), group("sg-a", 443), group("sg-c", 443, "eu-west-1"), group("sg-h", 22, "eu-west-1"), dbInstance("db-new"), group("sg-f", 22, "eu-west-1")];
    const expected = {
      added: ["AWS::EC2::SecurityGroup/eu-west-1/sg-h", "AWS::EC2::SecurityGroup/us-east-1/sg-g", "AWS::RDS::DBInstance/us-east-1/db-new"],
      removed: ["AWS::EC2::SecurityGroup/us-east-1/sg-d", "AWS::EC2::SecurityGroup/us-east-1/sg-e", "AWS::RDS::DBInstance/us-east-1/db-gone"],
      modified: ["AWS::EC2::SecurityGroup/eu-west-1/sg-c", "AWS::EC2::SecurityGroup/us-east-1/sg-a", "AWS::EC2::SecurityGroup/us-east-1/sg-b"],
    };
    for (const [previous, current] of [
      [before, after],
      [[...before].reverse(), [...after].reverse()],
    ]) {
      const drift = diffResources(snapshotOf(previous!), snapshotOf(current!));
      expect({ added: drift.added.map(resourceKey), removed: drift.removed.map(resourceKey), modified: drift.modified.map((m) => resourceKey(m.resource)) }).toEqual(expected);
    }
  });

  it("reports nothing for permissions in another order or a change of observed state", () => {
    const before = sg({ id: "sg-0aaa000000000001", ingress: [tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")], attachments: 1 });
    const after = { ...before, attributes: { ...before.attributes, ingress: [...before.attributes.ingress].reverse() }, state: { attachmentCount: 4 } };
    const asg = autoScalingGroup("web-asg", {}, 2);
    expect(diffResources(snapshotOf([before, asg]), snapshotOf([after, autoScalingGroup("web-asg", {}, 8)]))).toEqual({ added: [], removed: [], modified: [] });
  });

  it("reports each security-group permission added or removed, with a summary", () => {
    const before = sg({ id: "sg-0aaa000000000001", ingress: [tcp(22, "203.0.113.0/24"), tcp(443, "0.0.0.0/0")], egress: [all("0.0.0.0/0")] });
    const after = sg({ id: "sg-0aaa000000000001", ingress: [tcp(443, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")], egress: [all("0.0.0.0/0"), all("::/0")] });
    const drift = diffResources(snapshotOf([before]), snapshotOf([after]));
    expect(drift.modified).toHaveLength(1);
    const { changes } = drift.modified[0]!;
    expect(changes).toEqual([
      { path: "attributes.egress", after: { protocol: "-1", ipv6Cidr: "::/0" } },
      { path: "attributes.ingress", before: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "203.0.113.0/24" } },
      { path: "attributes.ingress", after: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" } },
    ]);
    expect(changes.map(describeChange)).toEqual([
      "egress all traffic to ::/0 added",
      "ingress tcp/22 from 203.0.113.0/24 removed",
      "ingress tcp/22 from 0.0.0.0/0 added",
    ]);
  });

  it("reports a permission whose description alone changed as one change", () => {
    const rule = tcp(22, "203.0.113.0/24");
    const before = sg({ id: "sg-0aaa000000000001", ingress: [{ ...rule, description: "office" }] });
    const after = sg({ id: "sg-0aaa000000000001", ingress: [{ ...rule, description: "office VPN" }] });
    const [modified] = diffResources(snapshotOf([before]), snapshotOf([after])).modified;
    expect(modified!.changes).toHaveLength(1);
    expect(describeChange(modified!.changes[0]!)).toBe('ingress tcp/22 from 203.0.113.0/24 description changed from "office" to "office VPN"');
  });

  it("gives nested paths into objects, compares other arrays whole, and reports tags per key", () => {
    const before = { ...targetGroup(30, ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"]), tags: { Name: "web", Team: "shop" } };
    const after = { ...targetGroup(90, []), tags: { Name: "web", Owner: "ops" } };
    const [modified] = diffResources(snapshotOf([before]), snapshotOf([after])).modified;
    expect(modified!.changes).toEqual([
      { path: "tags.Owner", after: "ops" },
      { path: "tags.Team", before: "shop" },
      { path: "attributes.healthCheck.intervalSeconds", before: 30, after: 90 },
      { path: "attributes.loadBalancerArns", before: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"], after: [] },
    ]);
    expect(modified!.changes.map(describeChange)).toEqual([
      'tags.Owner set to "ops"',
      'tags.Team removed (was "shop")',
      "healthCheck.intervalSeconds changed from 30 to 90",
      'loadBalancerArns changed from ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"] to []',
    ]);
  });

  it("reports added, removed and modified resources with their refs", () => {
    const drift = diffResources(snapshotOf([dbInstance("db-a"), dbInstance("db-b")]), snapshotOf([dbInstance("db-b", { multiAZ: false }), dbInstance("db-c")]));
    expect(drift.added).toEqual([{ type: "AWS::RDS::DBInstance", id: "db-c", region: "us-east-1", arn: "arn:aws:rds:us-east-1:123456789012:db:db-c", name: "db-c" }]);
    expect(drift.removed.map((r) => r.id)).toEqual(["db-a"]);
    expect(drift.modified).toEqual([{ resource: expect.objectContaining({ id: "db-b" }), changes: [{ path: "attributes.multiAZ", before: true, after: false }] }]);
    expect(describeChange(drift.modified[0]!.changes[0]!)).toBe("multiAZ changed from true to false");
  });

  it("reports no removal and no modification where the current run could not read the type, but still additions", () => {
    const previous = snapshotOf([dbInstance("db-a"), dbInstance("db-b"), sg({ id: "sg-0aaa000000000001" })]);
    // The collector failed part-way: db-b was read (with a changed attribute), db-a was not, db-c is new.
    const current = snapshotOf([dbInstance("db-b", { multiAZ: false }), dbInstance("db-c")], [rdsAccessDenied]);
    expect(diffResources(previous, current)).toEqual({
      added: [expect.objectContaining({ id: "db-c" })],
      removed: [expect.objectContaining({ id: "sg-0aaa000000000001" })],
      modified: [],
    });
  });

  it("treats other regions as complete when only one region failed", () => {
    const west = { ...dbInstance("db-west"), region: "eu-west-1" };
    const drift = diffResources(snapshotOf([dbInstance("db-east"), west]), snapshotOf([], [rdsAccessDenied]));
    expect(drift.removed.map((r) => r.id)).toEqual(["db-west"]);
  });
});

describe("carryForward", () => {
  it("keeps the previous records where the current run could not read completely, taking only new resources from it", () => {
    const previous = snapshotOf([dbInstance("db-a"), dbInstance("db-b"), sg({ id: "sg-0aaa000000000001" })]);
    const current = snapshotOf(
      [dbInstance("db-b", { multiAZ: false }), dbInstance("db-c"), sg({ id: "sg-0aaa000000000001", ingress: [tcp(22, "0.0.0.0/0")] })],
      [rdsAccessDenied],
      "2026-11-02T02:00:00.000Z",
    );
    const carried = carryForward(previous, current);
    // db-b may be half read: its previous record stands, as diffResources compared with it.
    expect(carried.resources.map((r) => [r.id, r.attributes.multiAZ ?? r.attributes.ingress])).toEqual([
      ["sg-0aaa000000000001", [tcp(22, "0.0.0.0/0")]],
      ["db-a", true],
      ["db-b", true],
      ["db-c", true],
    ]);
    expect(carried.errors).toEqual([rdsAccessDenied]);
    expect(carried.takenAt).toBe(current.takenAt);
    expect(carryForward(previous, snapshotOf([]))).toEqual(snapshotOf([]));
  });

  it("notes when each kept record was really read, and keeps that time through further failed runs", () => {
    const first = snapshotOf([dbInstance("db-a"), sg({ id: "sg-0aaa000000000001" })], [], "2026-11-01T02:00:00.000Z");
    const second = carryForward(first, snapshotOf([sg({ id: "sg-0aaa000000000001" })], [rdsAccessDenied], "2026-11-02T02:00:00.000Z"));
    const third = carryForward(second, snapshotOf([sg({ id: "sg-0aaa000000000001" })], [rdsAccessDenied], "2026-11-03T02:00:00.000Z"));
    for (const snapshot of [second, third]) {
      expect(snapshot.resources.map((r) => [r.id, r.observedAt])).toEqual([
        ["sg-0aaa000000000001", undefined],
        ["db-a", "2026-11-01T02:00:00.000Z"],
      ]);
    }
    // Read again: the record is this run's, with no time of its own.
    const fourth = carryForward(third, snapshotOf([dbInstance("db-a"), sg({ id: "sg-0aaa000000000001" })], [], "2026-11-04T02:00:00.000Z"));
    expect(fourth.resources).toHaveLength(2);
    expect(fourth.resources.every((r) => r.observedAt === undefined)).toBe(true);
    // A store rewrites a record that becomes kept, so that the time is not lost; its configuration hash is unchanged.
    const kept = third.resources.find((r) => r.id === "db-a")!;
    expect(resourceHash(kept)).toBe(resourceHash(first.resources.find((r) => r.id === "db-a")!));
    expect(recordHash(kept)).not.toBe(recordHash(first.resources.find((r) => r.id === "db-a")!));
  });

  it("notes when the records a run of fewer services kept were really read", () => {
    const previous = snapshotOf([dbInstance("db-a"), sg({ id: "sg-0aaa000000000001" })], [], "2026-11-01T02:00:00.000Z");
    const scope = { regions: ["us-east-1"], ruleIds: [], resourceTypes: ["AWS::EC2::SecurityGroup" as const] };
    const { kept } = splitByScope({ snapshot: previous, findings: [] }, scope);
    const next = withKept(snapshotOf([sg({ id: "sg-0aaa000000000001" })], [], "2026-11-02T02:00:00.000Z"), kept);
    expect(next.resources.map((r) => [r.id, r.observedAt])).toEqual([
      ["sg-0aaa000000000001", undefined],
      ["db-a", "2026-11-01T02:00:00.000Z"],
    ]);
  });
});
