/**
 * Nights of a live audit with state through the synthetic endpoint, as the
 * CLI runs them: per-resource reads carried over from the previous night
 * unless something says they changed, a change CloudTrail names read the next
 * night, one it does not name within the maximum age.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import { cloudTrailLookup } from "../../src/attribute/lookup.js";
import type { EventLookup } from "../../src/attribute/lookup.js";
import { carryOverFor } from "../../src/carry-over.js";
import { allCollectors } from "../../src/collect/index.js";
import { defaultConfig } from "../../src/config/config.js";
import { FileFindingsStore } from "../../src/publish/store/file-store.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { runAudit } from "../../src/run-audit.js";
import { collectPlanned, planRun } from "../../src/run-plan.js";
import { testCredentials } from "../support/collect.js";
import type { SyntheticAccount } from "../support/synthetic/account.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

const DAY = 24 * 60 * 60 * 1000;
const FIRST_NIGHT = Date.parse("2026-11-01T02:00:00.000Z");
const RULE = "ec2-instance-termination-protection";

interface Night {
  report: AuditReport;
  /** Requests by "Service.Operation". */
  calls: Record<string, number>;
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "carried-reads-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** One audit of the account `days` after the first night, recorded in the state directory. */
async function night(account: SyntheticAccount, days: number, options: { maxAgeDays?: number; lookupEvents?: EventLookup } = {}): Promise<Night> {
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  const at = new Date(FIRST_NIGHT + days * DAY);
  const now = () => at;
  const config = defaultConfig(allRules);
  const connection = { credentials: testCredentials, plugins: [endpoint.plugin] };
  const store = new FileFindingsStore({ directory, retentionDays: 90, now });
  const plan = await planRun({ config, connection: { credentials: testCredentials }, accountId: account.accountId, regions: account.regions.map((r) => r.region) });
  const carried = await carryOverFor({
    store,
    accountId: account.accountId,
    regions: plan.regions,
    lookupEvents: options.lookupEvents ?? cloudTrailLookup({ ...connection, now }),
    now: at,
    maxAgeDays: options.maxAgeDays ?? 7,
  });
  const snapshot = await collectPlanned(plan, plan.accounts[0]!, { collectors: allCollectors, now, plugins: [endpoint.plugin], carryOver: carried.carryOver });
  const { report } = await runAudit({
    snapshot,
    config: { ...config, rules: plan.rules },
    runId: `night-${days}`,
    startedAt: at,
    now: at,
    store,
    ...(carried.lookupEvents && { lookupEvents: carried.lookupEvents }),
  });
  const calls: Record<string, number> = {};
  for (const call of endpoint.calls) calls[`${call.service}.${call.operation}`] = (calls[`${call.service}.${call.operation}`] ?? 0) + 1;
  return { report, calls };
}

function account(): SyntheticAccount {
  return syntheticAccount({ resources: 400, regions: 1, seed: 3, standaloneInstances: 12, distributions: 3 });
}

/** The stand-alone instances the rule judges, by id, with their termination protection as the account has it. */
function protection(target: SyntheticAccount): Map<string, boolean> {
  return target.regions[0]!.terminationProtection;
}

function findingOf(report: AuditReport, instanceId: string) {
  const found = report.findings.find((f) => f.ruleId === RULE && f.resource.id === instanceId);
  if (!found) throw new Error(`no ${RULE} finding for ${instanceId}`);
  return found;
}

/** A CloudTrail record of ModifyInstanceAttribute, as LookupEvents returns it in CloudTrailEvent. */
function modifyInstanceAttribute(target: SyntheticAccount, instanceId: string, value: boolean, eventTime: string) {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${target.accountId}:user/alice`, accountId: target.accountId, userName: "alice" },
    eventTime,
    eventSource: "ec2.amazonaws.com",
    eventName: "ModifyInstanceAttribute",
    awsRegion: target.regions[0]!.region,
    sourceIPAddress: "198.51.100.7",
    requestParameters: { instanceId, disableApiTermination: { value } },
    responseElements: { _return: true },
    eventID: `6c1f1e0a-3c55-4b6f-9a51-${instanceId.slice(-12).padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    recipientAccountId: target.accountId,
  };
}

describe("per-resource reads carried over between nights", () => {
  it("reads nothing per resource the second night of an unchanged account, and judges the same, saying when each carried value was read", async () => {
    const target = account();
    const first = await night(target, 0);
    const second = await night(target, 1);

    const perResource = [
      "EC2.DescribeInstanceAttribute",
      "CloudFront.GetDistributionConfig",
      "CloudFront.ListTagsForResource",
      "S3.GetBucketPolicy",
      "S3.GetBucketAcl",
      "S3.GetBucketVersioning",
      "S3.GetPublicAccessBlock",
      "S3.GetBucketPolicyStatus",
      "DynamoDB.DescribeContinuousBackups",
      "ElasticLoadBalancingV2.DescribeLoadBalancerAttributes",
      "ElasticLoadBalancingV2.DescribeTargetGroupAttributes",
      "ElasticLoadBalancing.DescribeLoadBalancerAttributes",
    ];
    for (const operation of perResource.slice(0, 9)) expect([operation, first.calls[operation] ?? 0]).not.toEqual([operation, 0]);
    for (const operation of perResource) expect([operation, second.calls[operation] ?? 0]).toEqual([operation, 0]);
    // The lists are read as every night.
    expect(second.calls["EC2.DescribeInstances"]).toBe(first.calls["EC2.DescribeInstances"]);
    // One LookupEvents per region (the account's, us-east-1 among them for the global services), serving attribution too.
    expect(target.regions.map((r) => r.region)).toEqual(["us-east-1"]);
    expect(second.calls["CloudTrail.LookupEvents"]).toBe(1);

    const statuses = (report: AuditReport) => report.findings.map((f) => `${f.id} ${f.status}`).sort();
    expect(statuses(second.report)).toEqual(statuses(first.report));
    expect(second.report.drift).toMatchObject({ added: [], removed: [], modified: [] });
    const judged = second.report.findings.filter((f) => f.ruleId === RULE && (f.status === "PASS" || f.status === "FAIL"));
    expect(judged.length).toBeGreaterThanOrEqual(12);
    for (const finding of judged) expect(finding.evidence?.readAt).toEqual({ "ec2.instanceAttribute.disableApiTermination": new Date(FIRST_NIGHT).toISOString() });
  });

  it("reads again, the next night, the instance whose change CloudTrail names, and only it", async () => {
    const target = account();
    await night(target, 0);
    const [id] = [...protection(target)].find(([, on]) => !on)!;
    protection(target).set(id, true);
    target.global.audit.lookupEvents = [modifyInstanceAttribute(target, id, true, new Date(FIRST_NIGHT + 2 * 60 * 60 * 1000).toISOString())];

    const second = await night(target, 1);

    expect(second.calls["EC2.DescribeInstanceAttribute"]).toBe(1);
    expect(findingOf(second.report, id)).toMatchObject({ status: "PASS" });
    expect(findingOf(second.report, id).evidence?.readAt).toBeUndefined();
    expect(second.report.transitions?.find((t) => t.findingId === findingOf(second.report, id).id)).toMatchObject({ kind: "RESOLVED" });
  });

  it("reads again only the setting of the bucket CloudTrail names: a versioning change, the next night", async () => {
    const target = account();
    const first = await night(target, 0);
    const { storage } = target.global;
    const bucket = storage.buckets.find((b) => storage.versioning.get(b.Name!) !== "Enabled")!;
    storage.versioning.set(bucket.Name!, "Enabled");
    target.global.audit.lookupEvents = [
      {
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${target.accountId}:user/alice`, accountId: target.accountId, userName: "alice" },
        eventTime: new Date(FIRST_NIGHT + 3 * 60 * 60 * 1000).toISOString(),
        eventSource: "s3.amazonaws.com",
        eventName: "PutBucketVersioning",
        awsRegion: bucket.BucketRegion!,
        requestParameters: { bucketName: bucket.Name, Host: `${bucket.Name}.s3.amazonaws.com`, versioning: "", VersioningConfiguration: { Status: "Enabled" } },
        responseElements: null,
        eventID: "3f2b6f1e-8d8a-4c1e-9b7a-5a0c2d1e4f60",
        readOnly: false,
        recipientAccountId: target.accountId,
      } as (typeof target.global.audit.lookupEvents)[number],
    ];

    const second = await night(target, 1);

    for (const operation of ["S3.GetBucketVersioning", "S3.GetBucketPolicy", "S3.GetBucketAcl", "S3.GetPublicAccessBlock", "S3.GetBucketPolicyStatus"]) {
      expect(first.calls[operation]).toBeGreaterThan(1);
      // The named bucket's settings, each read once; no other bucket's.
      expect([operation, second.calls[operation]]).toEqual([operation, 1]);
    }
    const versioning = second.report.findings.find((f) => f.ruleId === "s3-bucket-versioning" && f.resource.id === bucket.Name);
    expect(versioning).toMatchObject({ status: "PASS" });
  });

  describe("a change made through each API whose read is carried, named by CloudTrail, is read the next night, and only that", () => {
    const region = () => target.regions[0]!;
    let target: SyntheticAccount;
    const at = new Date(FIRST_NIGHT + 4 * 60 * 60 * 1000).toISOString();
    const write = (eventSource: string, eventName: string, awsRegion: string, requestParameters: Record<string, unknown>) =>
      ({
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${target.accountId}:user/alice`, accountId: target.accountId, userName: "alice" },
        eventTime: at,
        eventSource,
        eventName,
        awsRegion,
        requestParameters,
        responseElements: null,
        eventID: `7d0c2a9e-${eventName.length.toString().padStart(4, "0")}-4f1e-9a51-0123456789ab`,
        readOnly: false,
        recipientAccountId: target.accountId,
      }) as (typeof target.global.audit.lookupEvents)[number];

    const cases: [string, string, () => string][] = [
      [
        "TagResource on a distribution",
        "CloudFront.ListTagsForResource",
        () => {
          const { ARN: arn, Id: id } = target.global.distributions[0]!;
          target.global.distributionTags.set(arn!, [...(target.global.distributionTags.get(arn!) ?? []), { Key: "cost-center", Value: "edge-7" }]);
          target.global.audit.lookupEvents = [write("cloudfront.amazonaws.com", "TagResource", "us-east-1", { resource: arn, tags: { items: [{ key: "cost-center", value: "edge-7" }] } })];
          return id!;
        },
      ],
      [
        "UpdateDistribution of its default root object",
        "CloudFront.GetDistributionConfig",
        () => {
          const { Id: id } = target.global.distributions[1]!;
          const config = target.global.distributionConfigs.get(id!)!;
          target.global.distributionConfigs.set(id!, { ...config, DefaultRootObject: "home.html" });
          target.global.audit.lookupEvents = [write("cloudfront.amazonaws.com", "UpdateDistribution2020_05_31", "us-east-1", { id, ifMatch: "E2QWRUHAPOMQZL" })];
          return id!;
        },
      ],
      [
        "ModifyTargetGroupAttributes",
        "ElasticLoadBalancingV2.DescribeTargetGroupAttributes",
        () => {
          // A network load balancer's group: an ALB's follow their load balancer, and are not read.
          const arn = region().targetGroups.find((g) => g.TargetType !== "lambda" && g.Protocol !== "HTTP" && g.Protocol !== "HTTPS")!.TargetGroupArn!;
          const attributes = region().targetGroupAttributes.get(arn)!.filter((a) => a.Key !== "load_balancing.cross_zone.enabled");
          region().targetGroupAttributes.set(arn, [...attributes, { Key: "load_balancing.cross_zone.enabled", Value: "false" }]);
          target.global.audit.lookupEvents = [write("elasticloadbalancing.amazonaws.com", "ModifyTargetGroupAttributes", region().region, { targetGroupArn: arn, attributes: [{ key: "load_balancing.cross_zone.enabled", value: "false" }] })];
          return region().targetGroups.find((g) => g.TargetGroupArn === arn)!.TargetGroupName!;
        },
      ],
      [
        "ModifyLoadBalancerAttributes on a classic load balancer",
        "ElasticLoadBalancing.DescribeLoadBalancerAttributes",
        () => {
          const name = [...region().classicAttributes.keys()][0]!;
          const attributes = region().classicAttributes.get(name)!;
          const enabled = attributes.CrossZoneLoadBalancing?.Enabled ?? false;
          region().classicAttributes.set(name, { ...attributes, CrossZoneLoadBalancing: { Enabled: !enabled } });
          target.global.audit.lookupEvents = [write("elasticloadbalancing.amazonaws.com", "ModifyLoadBalancerAttributes", region().region, { loadBalancerName: name, loadBalancerAttributes: { crossZoneLoadBalancing: { enabled: !enabled } } })];
          return name;
        },
      ],
      [
        "UpdateContinuousBackups",
        "DynamoDB.DescribeContinuousBackups",
        () => {
          const name = [...region().continuousBackups.keys()][0]!;
          const backups = region().continuousBackups.get(name)!;
          const status = backups.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === "ENABLED" ? "DISABLED" : "ENABLED";
          region().continuousBackups.set(name, { ...backups, PointInTimeRecoveryDescription: { ...backups.PointInTimeRecoveryDescription, PointInTimeRecoveryStatus: status } });
          target.global.audit.lookupEvents = [write("dynamodb.amazonaws.com", "UpdateContinuousBackups", region().region, { tableName: name, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: status === "ENABLED" } })];
          return name;
        },
      ],
    ];

    it.each(cases)("%s", async (_, operation, change) => {
      target = syntheticAccount({ resources: 1200, regions: 1, seed: 3, standaloneInstances: 12, distributions: 3 });
      const first = await night(target, 0);
      expect(first.calls[operation]).toBeGreaterThan(1);
      const id = change();

      const second = await night(target, 1);

      expect([operation, second.calls[operation]]).toEqual([operation, 1]);
      expect(second.report.drift?.modified.map((m) => m.resource.id)).toContain(id);
    });
  });

  it("sees a change CloudTrail does not name once the value is older than the maximum age, and not before", async () => {
    const target = account();
    await night(target, 0);
    const [id] = [...protection(target)].find(([, on]) => !on)!;
    protection(target).set(id, true);

    const early = await night(target, 3);
    const late = await night(target, 7);

    // Three days: within half the maximum age, every value stands; the change is not yet seen.
    expect(early.calls["EC2.DescribeInstanceAttribute"] ?? 0).toBe(0);
    expect(findingOf(early.report, id)).toMatchObject({ status: "FAIL" });
    // Seven days: every value read the first night is read again.
    expect(late.calls["EC2.DescribeInstanceAttribute"]).toBe([...protection(target)].length);
    expect(findingOf(late.report, id)).toMatchObject({ status: "PASS" });
  });

  it("spreads the refreshes over the nights: each value read again within the maximum age, never all on one night", async () => {
    const target = syntheticAccount({ resources: 600, regions: 1, seed: 5, standaloneInstances: 40, distributions: 1 });
    const instances = [...protection(target)].length;
    await night(target, 0);
    const reads: number[] = [];
    for (let day = 1; day <= 7; day++) reads.push((await night(target, day)).calls["EC2.DescribeInstanceAttribute"] ?? 0);

    expect(reads.slice(0, 3)).toEqual([0, 0, 0]);
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(instances);
    expect(Math.max(...reads)).toBeLessThan(instances);
    expect(reads.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  });

  it("carries nothing over when CloudTrail cannot be read, or with carryOverDays 0", async () => {
    const target = account();
    const first = await night(target, 0);
    const denied: EventLookup = async () => {
      throw Object.assign(new Error("User is not authorized to perform: cloudtrail:LookupEvents"), { name: "AccessDeniedException" });
    };
    const withoutTrail = await night(target, 1, { lookupEvents: denied });
    const zero = await night(target, 2, { maxAgeDays: 0 });

    expect(withoutTrail.calls["EC2.DescribeInstanceAttribute"]).toBe(first.calls["EC2.DescribeInstanceAttribute"]);
    expect(withoutTrail.calls["CloudFront.GetDistributionConfig"]).toBe(first.calls["CloudFront.GetDistributionConfig"]);
    expect(zero.calls["EC2.DescribeInstanceAttribute"]).toBe(first.calls["EC2.DescribeInstanceAttribute"]);
    expect(zero.calls["CloudTrail.LookupEvents"] ?? 0).toBe(0);
  });
});
