import { describe, expect, it } from "@jest/globals";
import { allRules } from "../../rules/index.js";
import { allCollectors } from "../../src/collect/index.js";
import { planReads } from "../../src/evaluate/rule.js";
import { readActions } from "../../src/deploy/iam-policy.js";
import { OPTIONAL_READS } from "../../src/types/reads.js";
import { collectAccount } from "../../src/collect/run.js";
import { testCredentials } from "../support/collect.js";
import { RENAMED_ACTIONS } from "../support/faults.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";
import { testClock } from "../support/clock.js";

// Per-resource reads (as operations) and the rules that need each, as the rules declare them.
const ONLY_FOR: Record<string, string[]> = {};
for (const rule of allRules) {
  for (const need of rule.needs ?? []) (ONLY_FOR[OPTIONAL_READS[need]] ??= []).push(rule.id);
}

async function callsWith(disabledRules: string[]): Promise<Map<string, number>> {
  const reads = planReads(allRules.filter((rule) => !disabledRules.includes(rule.id)));
  const account = syntheticAccount({ resources: 400, seed: 7, regions: ["us-east-1"] });
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  const snapshot = await collectAccount({ accountId: account.accountId, regions: ["us-east-1"], collectors: allCollectors, credentials: testCredentials, plugins: [endpoint.plugin], reads, now: testClock });
  expect(snapshot.errors).toEqual([]);
  const counts = new Map<string, number>();
  for (const call of endpoint.calls) counts.set(`${call.service}.${call.operation}`, (counts.get(`${call.service}.${call.operation}`) ?? 0) + 1);
  return counts;
}

describe("reads that only some rules need", () => {
  it("are each declared by the rules that need them", () => {
    expect(Object.keys(ONLY_FOR).sort()).toEqual(Object.values(OPTIONAL_READS).sort());
    expect(ONLY_FOR["CloudFront.GetDistributionConfig"]!.sort()).toEqual(["cloudfront-default-root-object", "cloudfront-logging"]);
  });

  it("are made when those rules are enabled and skipped when the config disables them all", async () => {
    const all = await callsWith([]);
    const rules = [...new Set(Object.values(ONLY_FOR).flat())];
    const without = await callsWith(rules);
    for (const operation of Object.keys(ONLY_FOR)) {
      expect([operation, (all.get(operation) ?? 0) > 0]).toEqual([operation, true]);
      expect([operation, without.get(operation) ?? 0]).toEqual([operation, 0]);
    }
    // Everything else is read exactly as before.
    const rest = (counts: Map<string, number>) => [...counts].filter(([op]) => !(op in ONLY_FOR)).sort();
    expect(rest(without)).toEqual(rest(all));
  });

  it("still happen when one of the rules sharing a read is enabled", async () => {
    const counts = await callsWith(["cloudfront-logging"]);
    expect(counts.get("CloudFront.GetDistributionConfig") ?? 0).toBeGreaterThan(0);
  });
});

describe("the Lambda's read policy", () => {
  // The synthetic endpoint names services as the SDK does; IAM prefixes them by service namespace.
  const NAMESPACE: Record<string, string> = { EC2: "ec2", RDS: "rds", ElasticLoadBalancing: "elasticloadbalancing", ElasticLoadBalancingV2: "elasticloadbalancing", CloudFront: "cloudfront", CloudWatch: "cloudwatch", DynamoDB: "dynamodb", CloudTrail: "cloudtrail", S3: "s3" };

  it("allows every read a rule declares it needs", () => {
    const allowed = readActions();
    for (const operation of Object.keys(ONLY_FOR)) {
      const [service, name] = operation.split(".");
      expect([operation, allowed.includes(RENAMED_ACTIONS[operation] ?? `${NAMESPACE[service!]}:${name}`)]).toEqual([operation, true]);
    }
  });
});
