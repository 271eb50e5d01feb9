import { describe, expect, it } from "@jest/globals";
import { ATTRIBUTION_PERMISSIONS } from "../../src/attribute/lookup.js";
import { allCollectors } from "../../src/collect/index.js";
import { readActions } from "../../src/deploy/iam-policy.js";
import { readTargets } from "../../src/collect/targeted.js";
import { ACCOUNT } from "../support/builders.js";
import { testClock } from "../support/clock.js";
import { collectWith, testCredentials } from "../support/collect.js";
import { RENAMED_ACTIONS } from "../support/faults.js";
import { DEFAULT_REGIONS, syntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

/** The IAM service prefix of each SDK client (named without "Client"). */
const IAM_PREFIX: Record<string, string> = {
  EC2: "ec2",
  RDS: "rds",
  AutoScaling: "autoscaling",
  ElasticLoadBalancing: "elasticloadbalancing",
  ElasticLoadBalancingV2: "elasticloadbalancing",
  CloudFront: "cloudfront",
  Route53: "route53",
  CloudWatch: "cloudwatch",
  S3: "s3",
  S3Control: "s3",
  DynamoDB: "dynamodb",
  CloudTrail: "cloudtrail",
  IAM: "iam",
};

/** Calls an emulator may lack, which the collectors then replace with older ones (see src/collect/route53/tags.ts). */
const EMULATOR_GAPS = ["Route53.ListTagsForResources"];

describe("the Lambda role's read permissions", () => {
  it("cover every API call the collectors make, fallbacks for emulators and reads by id included, and the account exercises every call; beyond them only attribution's", async () => {
    const account = syntheticAccount({ resources: 600, seed: 11 });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const snapshot = await collectWith(allCollectors, DEFAULT_REGIONS, { plugins: [endpoint.plugin] });
    expect(snapshot.errors).toEqual([]);
    const emulator = syntheticEndpoint(account, { latencyMs: 0, throttling: false, withoutOperations: EMULATOR_GAPS });
    const emulated = await collectWith(allCollectors, DEFAULT_REGIONS, { plugins: [emulator.plugin] });
    expect(emulated.errors).toEqual([]);
    expect(emulated.resources).toEqual(snapshot.resources);

    // Every collector emitted each of its resource types, so each of its calls had something to read.
    const emitted = new Set(snapshot.resources.map((r) => r.type));
    for (const collector of allCollectors) {
      const missing = collector.resourceTypes.filter((type) => !emitted.has(type));
      expect({ collector: collector.service, missing }).toEqual({ collector: collector.service, missing: [] });
    }

    // The event path reads some types by id, with calls of their own (GetDistribution, GetHealthCheck, …): one of each such type.
    const targeted = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const byId = allCollectors.flatMap((c) => c.targetedTypes ?? []);
    const targets = byId.map((type) => snapshot.resources.find((r) => r.type === type)!).map(({ type, region, id, arn }) => ({ type, region, id, ...(arn && { arn }) }));
    const read = await readTargets({ accountId: ACCOUNT, collectors: allCollectors, credentials: testCredentials, plugins: [targeted.plugin], now: testClock, targets });
    expect(read.outcomes.filter((o) => o.status !== "read")).toEqual([]);

    const calls = [...endpoint.calls, ...emulator.calls, ...targeted.calls];
    const called = [...new Set(calls.map((call) => RENAMED_ACTIONS[`${call.service}.${call.operation}`] ?? `${iamPrefix(call.service)}:${call.operation}`))].sort();
    const granted = readActions();
    expect({ notGranted: called.filter((action) => !granted.includes(action)) }).toEqual({ notGranted: [] });
    // And nothing is granted that no collector calls, but attribution's reads (LookupEvents, test/attribute/lookup.test.ts).
    expect({ neverCalled: granted.filter((action) => !called.includes(action) && !ATTRIBUTION_PERMISSIONS.includes(action)) }).toEqual({ neverCalled: [] });
    expect(granted).toEqual(expect.arrayContaining([...ATTRIBUTION_PERMISSIONS]));
  });
});

function iamPrefix(service: string): string {
  const prefix = IAM_PREFIX[service];
  if (!prefix) throw new Error(`no IAM prefix for the ${service} client: add it to IAM_PREFIX`);
  return prefix;
}
