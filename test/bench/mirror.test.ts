import { beforeAll, describe, expect, it } from "@jest/globals";
import { benchMirror } from "../../bench/mirror.js";
import type { MirrorBench } from "../../bench/mirror.js";

describe("the mirror benchmark (bench/mirror)", () => {
  let result: MirrorBench;
  beforeAll(async () => {
    result = await benchMirror({ kind: "mirror", resources: 300, regions: 2, standaloneInstances: 30, distributions: 3, seed: 1, latencyMs: 0, changed: 2 });
  }, 20_000);

  it("audits the account asked for twice without an error, the second night finding the drift of the instances changed", () => {
    expect(result.account).toMatchObject({ regions: 2, standaloneInstances: 30, distributions: 3 });
    expect(result.changed).toBe(2);
    for (const night of [result.cold, result.second]) expect(night.collectionErrors).toBe(0);
    expect(result.second.drift).toBe(2);
  });

  it("reads termination protection once per stand-alone instance and each distribution's config once", () => {
    expect(result.cold.operations["EC2.DescribeInstanceAttribute"]).toBe(result.account.standaloneInstances);
    expect(result.cold.operations["CloudFront.GetDistributionConfig"]).toBe(result.account.distributions);
  });

  it("makes again, the second night, only the per-resource reads of the instances CloudTrail names as changed, and the lists", () => {
    const perResource = Object.keys(result.cold.operations).filter((op) => /DescribeInstanceAttribute|GetDistributionConfig|CloudFront\.ListTagsForResource|LoadBalancerAttributes|TargetGroupAttributes/.test(op));
    expect(perResource.length).toBeGreaterThanOrEqual(3);
    expect(Object.fromEntries(perResource.map((op) => [op, result.second.operations[op] ?? 0]))).toEqual(Object.fromEntries(perResource.map((op) => [op, op === "EC2.DescribeInstanceAttribute" ? 2 : 0])));
    for (const op of ["EC2.DescribeInstances", "EC2.DescribeSecurityGroups", "CloudFront.ListDistributions"]) expect(result.second.operations[op]).toBe(result.cold.operations[op]);
    expect(result.second.calls).toBeLessThan(result.cold.calls - result.account.standaloneInstances);
  });
});
