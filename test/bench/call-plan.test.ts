import { describe, expect, it } from "@jest/globals";
import { allCollectors } from "../../src/collect/index.js";
import { collectWith } from "../support/collect.js";
import { DEFAULT_REGIONS, syntheticAccount } from "../support/synthetic/account.js";
import { callPlan, timeBounds } from "../support/synthetic/call-plan.js";
import type { CollectorPlan } from "../support/synthetic/call-plan.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

describe("callPlan", () => {
  it("counts exactly the calls the collectors make when nothing is throttled", async () => {
    const account = syntheticAccount({ resources: 2500, seed: 5 });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const snapshot = await collectWith(allCollectors, DEFAULT_REGIONS, { plugins: [endpoint.plugin] });
    expect(snapshot.errors).toEqual([]);

    const planned: Record<string, number> = {};
    for (const plan of callPlan(account, allCollectors.map((c) => c.service))) {
      for (const op of plan.operations) planned[`${op.service}.${op.operation}/${plan.region}`] = (planned[`${op.service}.${op.operation}/${plan.region}`] ?? 0) + op.calls;
    }
    const made: Record<string, number> = {};
    for (const call of endpoint.calls) made[`${call.service}.${call.operation}/${call.region}`] = (made[`${call.service}.${call.operation}/${call.region}`] ?? 0) + 1;
    expect(made).toEqual(planned);
  });

  it("chains a zone's record pages after the zone list, alarm pages after the health checks, and per-resource reads after their list", () => {
    const account = syntheticAccount({ resources: 8000, seed: 5 });
    const plans = callPlan(account, ["route53", "elbv2"]);
    const route53 = plans.find((p) => p.collector === "route53")!;
    const largestZone = Math.max(...[...account.global.recordSets.values()].map((sets) => sets.length));
    const alarms = account.regions[0].alarms.length + account.global.healthCheckAlarms.length;
    expect(largestZone).toBeGreaterThan(600);
    expect(route53.operations.find((o) => o.operation === "DescribeAlarms")!.calls).toBe(Math.ceil(alarms / 100));
    expect(route53.chain).toBe(Math.max(1 + Math.ceil(largestZone / 300), 1 + Math.ceil(alarms / 100)));
    // Load balancers, then their listeners, then (once HTTPS or TLS listeners are known) the security policies.
    for (const elbv2 of plans.filter((p) => p.collector === "elbv2")) expect(elbv2.chain).toBe(3);
  });

  it("rejects a collector it has no plan for", () => {
    expect(() => callPlan(syntheticAccount({ resources: 100 }), ["sqs"])).toThrow(/no call plan for collector sqs/);
  });
});

describe("timeBounds", () => {
  const plan = (collector: string, region: string, chain: number, calls: Record<string, number>): CollectorPlan => ({
    collector,
    region,
    chain,
    operations: Object.entries(calls).map(([key, n]) => ({ service: key.split(".")[0], operation: key.split(".")[1], calls: n, kind: "per-resource" as const })),
  });

  it("takes the longest chain at the latency, and the busiest bucket's calls beyond the burst at the refill rate", () => {
    const plans = [
      plan("elbv2", "us-east-1", 3, { "ElasticLoadBalancingV2.DescribeListeners": 200, "ElasticLoadBalancingV2.DescribeTags": 100 }),
      plan("elbv2", "eu-west-1", 2, { "ElasticLoadBalancingV2.DescribeListeners": 250 }),
      plan("route53", "us-east-1", 7, { "Route53.ListResourceRecordSets": 40, "CloudWatch.DescribeAlarms": 2 }),
    ];
    const bounds = timeBounds(plans, 50, { capacity: 100, refillPerSecond: 20 });
    expect(bounds.longestChain).toEqual({ collector: "route53", region: "us-east-1", calls: 7 });
    expect(bounds.latencyBoundMs).toBe(350);
    expect(bounds.busiestBucket).toEqual({ service: "ElasticLoadBalancingV2", region: "us-east-1", calls: 300 });
    expect(bounds.rateBoundMs).toBe(10_050);
    expect(bounds.lowerBoundMs).toBe(10_050);
    expect(timeBounds(plans, 50, false)).toMatchObject({ rateBoundMs: 0, lowerBoundMs: 350 });
  });
});
