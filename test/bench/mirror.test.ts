import { beforeAll, describe, expect, it } from "@jest/globals";
import { benchMirror } from "../../bench/mirror.js";
import type { MirrorBench } from "../../bench/mirror.js";

describe("the mirror benchmark (bench/mirror)", () => {
  let result: MirrorBench;
  beforeAll(async () => {
    result = await benchMirror({ kind: "mirror", resources: 300, regions: 2, standaloneInstances: 30, distributions: 3, seed: 1, latencyMs: 0 });
  }, 20_000);

  it("audits the account asked for twice without an error, the second night finding no drift", () => {
    expect(result.account).toMatchObject({ regions: 2, standaloneInstances: 30, distributions: 3 });
    for (const night of [result.cold, result.second]) expect(night.collectionErrors).toBe(0);
    expect(result.second.drift).toBe(0);
  });

  it("reads termination protection once per stand-alone instance and each distribution's config once", () => {
    expect(result.cold.operations["EC2.DescribeInstanceAttribute"]).toBe(result.account.standaloneInstances);
    expect(result.cold.operations["CloudFront.GetDistributionConfig"]).toBe(result.account.distributions);
  });

  it("makes the same requests the second night as the cold one (today: no re-use of the previous night's reads yet; change this when it lands)", () => {
    expect(result.second.operations).toEqual(result.cold.operations);
    expect(result.second.calls).toBe(result.cold.calls);
  });
});
