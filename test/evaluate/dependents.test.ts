/**
 * dependentKeys: which resources a change touches besides the changed one,
 * found from what each rule looks up. Rules of the test's own make each kind of
 * lookup the snapshot index offers, so every kind is checked on its own.
 */
import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import type { Changed } from "../../src/evaluate/dependents.js";
import { dependentKeys } from "../../src/evaluate/dependents.js";
import { withDefaults } from "../../src/evaluate/evaluate.js";
import type { Rule, RuleContext } from "../../src/evaluate/rule.js";
import { pass } from "../../src/evaluate/rule.js";
import { resourceKey } from "../../src/types/canonical.js";
import type { ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../src/types/resource.js";
import { ACCOUNT } from "../support/builders.js";

const GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
const BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const EAST = "us-east-1";
const WEST = "eu-west-1";

/** A rule over target groups that judges each by what `lookUp` reads of its load balancers. */
const ruleLooking = (lookUp: (group: ResourceRecord<{ balancer: string }>, ctx: RuleContext<unknown>) => void): Rule => ({
  id: "test-looks-up",
  title: "looks up",
  service: "elb",
  severity: "medium",
  resourceTypes: [GROUP],
  rationale: "",
  remediation: "",
  references: {},
  params: z.object({}),
  evaluate(resource, ctx) {
    lookUp(resource as ResourceRecord<{ balancer: string }>, ctx);
    return pass("judged");
  },
});

const arnOf = (type: string, region: string, id: string) => `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:${type === GROUP ? "targetgroup" : "loadbalancer"}/${id}`;
const record = (type: typeof GROUP | typeof BALANCER, region: string, id: string, balancer = ""): ResourceRecord<{ balancer: string }> => ({
  type,
  region,
  id,
  accountId: ACCOUNT,
  arn: arnOf(type, region, id),
  tags: {},
  attributes: { balancer },
});
const snapshotOf = (resources: ResourceRecord<{ balancer: string }>[]): Snapshot => ({ schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId: ACCOUNT, takenAt: "2026-11-20T02:00:00.000Z", regions: [EAST, WEST], resources, errors: [] });

const balancers = { east1: record(BALANCER, EAST, "lb-east-1"), east2: record(BALANCER, EAST, "lb-east-2"), west: record(BALANCER, WEST, "lb-west") };
// Each group in front of a balancer of its own region, the first two evaluated before the one the change is about.
const groups = { east1: record(GROUP, EAST, "tg-east-1", "lb-east-1"), west: record(GROUP, WEST, "tg-west", "lb-west"), east2: record(GROUP, EAST, "tg-east-2", "lb-east-2") };
const account = snapshotOf([...Object.values(balancers), ...Object.values(groups)]);
const keysOf = (rule: Rule, changed: Changed[], snapshot = account) => [...dependentKeys(snapshot, withDefaults([rule]), changed)].sort();

describe("dependentKeys", () => {
  it("finds the resource that looked the changed one up by key, not those that looked up others of its type first", () => {
    const byKey = ruleLooking((group, ctx) => ctx.snapshot.get(BALANCER, group.region, group.attributes.balancer));
    expect(keysOf(byKey, [balancers.east2])).toEqual([resourceKey(groups.east2)]);
  });

  it("finds the resource that looked the changed one up by ARN, with or without its type, and those that looked up what that lookup returned", () => {
    // lb-east-2 names lb-east-1 as its peer: tg-east-2 reads its balancer by ARN, then the peer that record names.
    const peered = snapshotOf([balancers.east1, { ...balancers.east2, attributes: { balancer: "lb-east-1" } }, balancers.west, ...Object.values(groups)]);
    for (const type of [BALANCER, undefined] as const) {
      const byArn = ruleLooking((group, ctx) => {
        const balancer = ctx.snapshot.getByArn<{ balancer: string }>(arnOf(BALANCER, group.region, group.attributes.balancer), type);
        if (balancer?.attributes.balancer) ctx.snapshot.get(BALANCER, balancer.region, balancer.attributes.balancer);
      });
      expect(keysOf(byArn, [balancers.east2], peered)).toEqual([resourceKey(groups.east2)]);
      expect(keysOf(byArn, [balancers.east1], peered)).toEqual([resourceKey(groups.east1), resourceKey(groups.east2)].sort());
    }
  });

  it("counts a lookup of a region's resources as one of that region only, and the lookups made from what it returned", () => {
    // Each group reads the balancers of its region, and then each of those by key.
    const regional = ruleLooking((group, ctx) => {
      for (const balancer of ctx.snapshot.inRegion(BALANCER, group.region)) ctx.snapshot.get(BALANCER, balancer.region, balancer.id);
    });
    expect(keysOf(regional, [balancers.west])).toEqual([resourceKey(groups.west)]);
    expect(keysOf(regional, [balancers.east1])).toEqual([resourceKey(groups.east1), resourceKey(groups.east2)].sort());
    // A change of another type in the region, looked up by key from the regional list alone.
    const fromList = ruleLooking((group, ctx) => {
      for (const balancer of ctx.snapshot.inRegion(BALANCER, group.region)) ctx.snapshot.get(GROUP, balancer.region, `tg-${balancer.id.slice(3)}`);
    });
    expect(keysOf(fromList, [groups.east2])).toEqual([resourceKey(groups.east1)]);
    // The regional list alone, no record of it looked up by key: how many balancers the region has.
    const counting = ruleLooking((group, ctx) => ctx.snapshot.inRegion(BALANCER, group.region).length);
    expect(keysOf(counting, [balancers.west])).toEqual([resourceKey(groups.west)]);
  });

  it("counts a lookup of every resource of a type as one of each, the changed resource itself left out", () => {
    const everyGroup = ruleLooking((_, ctx) => ctx.snapshot.all(GROUP));
    expect(keysOf(everyGroup, [groups.west])).toEqual([resourceKey(groups.east1), resourceKey(groups.east2)].sort());
  });

  it("finds a resource that looked up any one of several changed resources", () => {
    const byKey = ruleLooking((group, ctx) => ctx.snapshot.get(BALANCER, group.region, group.attributes.balancer));
    expect(keysOf(byKey, [balancers.east1, balancers.west])).toEqual([resourceKey(groups.east1), resourceKey(groups.west)].sort());
  });

  it("keeps what a rule looked up before it failed", () => {
    const failing = ruleLooking((group, ctx) => {
      ctx.snapshot.get(BALANCER, group.region, group.attributes.balancer);
      throw new Error("an unexpected shape");
    });
    expect(keysOf(failing, [balancers.east2])).toEqual([resourceKey(groups.east2)]);
  });

  it("finds nothing when no rule looks anything up", () => {
    expect(keysOf(ruleLooking(() => undefined), [balancers.east1, groups.west])).toEqual([]);
  });
});
