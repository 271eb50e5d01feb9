import { describe, expect, it } from "@jest/globals";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeImagesCommand, DescribeRouteTablesCommand, DescribeVpcsCommand, EC2Client, paginateDescribeRouteTables } from "@aws-sdk/client-ec2";
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import { recordSetPages } from "../../src/collect/route53/records.js";
import { testCredentials } from "./collect.js";
import { recordCounts, syntheticAccount, totalRecords } from "./synthetic/account.js";
import type { SyntheticAccount } from "./synthetic/account.js";
import { compareRecordSets } from "./synthetic/edge.js";
import { syntheticEndpoint } from "./synthetic/fake-endpoint.js";
import type { SyntheticEndpoint, SyntheticEndpointOptions } from "./synthetic/fake-endpoint.js";

const account = syntheticAccount({ resources: 5000, seed: 7 });
const instant: SyntheticEndpointOptions = { latencyMs: 0, throttling: false };

/** An SDK client whose requests the endpoint answers, with the retry settings the collectors use. */
function client<C extends { middlewareStack: { use(p: unknown): void } }>(
  create: new (config: any) => C,
  endpoint: SyntheticEndpoint,
  options: { region?: string; maxAttempts?: number } = {},
): C {
  const created = new create({ region: options.region ?? "us-east-1", credentials: testCredentials, maxAttempts: options.maxAttempts ?? 8, retryMode: "adaptive" });
  created.middlewareStack.use(endpoint.plugin);
  return created;
}

describe("syntheticAccount", () => {
  it("holds about as many records as asked, in every region, and the same account for the same seed", () => {
    for (const size of [500, 3000]) {
      const generated = syntheticAccount({ resources: size, seed: 7 });
      expect(totalRecords(generated)).toBeGreaterThanOrEqual(size);
      expect(totalRecords(generated)).toBeLessThan(size * 1.05);
      expect(generated.regions.map((r) => r.region)).toEqual(["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]);
    }
    const serialized = (seed: number) => JSON.stringify(syntheticAccount({ resources: 1000, seed }), (_, value) => (value instanceof Map ? [...value] : value));
    expect(serialized(3)).toBe(serialized(3));
    expect(serialized(3)).not.toBe(serialized(4));
  });

  it("gives every region every kind of resource, misconfigured ones included", () => {
    const small = syntheticAccount({ resources: 600, seed: 1, regions: 2 });
    for (const data of small.regions) {
      expect(data.classicLoadBalancers.length).toBeGreaterThan(0);
      expect(data.dbClusters.length).toBeGreaterThan(0);
      expect(data.dbInstances.some((db) => !db.DBClusterIdentifier)).toBe(true);
      expect(data.loadBalancers.map((lb) => lb.Type)).toEqual(expect.arrayContaining(["application", "network"]));
    }
    expect(Object.values(recordCounts(small))).not.toHaveLength(0);
    expect(Object.values(recordCounts(small)).every((n) => n > 0)).toBe(true);
    const groups = small.regions.flatMap((d) => d.securityGroups);
    expect(groups.some((g) => g.IpPermissions?.some((p) => p.IpRanges?.some((r) => r.CidrIp === "0.0.0.0/0") && p.FromPort === 22))).toBe(true);
  });

  it("keeps each zone's record sets in ListResourceRecordSets order", () => {
    for (const sets of account.global.recordSets.values()) expect([...sets].sort(compareRecordSets)).toEqual(sets);
  });
});

describe("syntheticEndpoint page sizes", () => {
  it("pages EC2 route tables at most 100 at a time and rejects a larger MaxResults as EC2 does", async () => {
    const endpoint = syntheticEndpoint(account, instant);
    const ec2 = client(EC2Client, endpoint);
    await expect(ec2.send(new DescribeRouteTablesCommand({ MaxResults: 1000 }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Value ( 1000 ) for parameter maxResults is invalid. Expecting a value between 5 and 100.",
    });
    const ids: string[] = [];
    for await (const page of paginateDescribeRouteTables({ client: ec2, pageSize: 7 }, {})) {
      expect(page.RouteTables!.length).toBeLessThanOrEqual(7);
      ids.push(...page.RouteTables!.map((t) => t.RouteTableId!));
    }
    expect(ids).toEqual(account.regions[0].routeTables.map((t) => t.RouteTableId));
  });

  it.each([
    ["RDS MaxRecords above 100", () => client(RDSClient, syntheticEndpoint(account, instant)).send(new DescribeDBInstancesCommand({ MaxRecords: 500 })), "InvalidParameterValue"],
    ["RDS MaxRecords under 20", () => client(RDSClient, syntheticEndpoint(account, instant)).send(new DescribeDBInstancesCommand({ MaxRecords: 10 })), "InvalidParameterValue"],
    ["Auto Scaling MaxRecords above 100", () => client(AutoScalingClient, syntheticEndpoint(account, instant)).send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 })), "ValidationError"],
    ["ELBv2 PageSize above 400", () => client(ElasticLoadBalancingV2Client, syntheticEndpoint(account, instant)).send(new DescribeLoadBalancersCommand({ PageSize: 401 })), "ValidationError"],
    ["CloudWatch MaxRecords above 100", () => client(CloudWatchClient, syntheticEndpoint(account, instant)).send(new DescribeAlarmsCommand({ MaxRecords: 200 })), "ValidationError"],
    [
      "ELBv2 DescribeTags with 21 ARNs",
      () => client(ElasticLoadBalancingV2Client, syntheticEndpoint(account, instant)).send(new DescribeTagsCommand({ ResourceArns: account.regions[0].targetGroups.slice(0, 21).map((t) => t.TargetGroupArn!) })),
      "ValidationError",
    ],
  ])("rejects %s", async (_, send, code) => {
    await expect(send()).rejects.toMatchObject({ name: code, $metadata: expect.objectContaining({ httpStatusCode: 400 }) });
  });

  it("pages RDS with Marker at the requested size", async () => {
    const rds = client(RDSClient, syntheticEndpoint(account, instant), { region: "eu-west-1" });
    const first = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
    const second = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: first.Marker }));
    const all = account.regions.find((r) => r.region === "eu-west-1")!.dbInstances;
    expect(first.DBInstances).toEqual(all.slice(0, 20));
    expect(second.DBInstances).toEqual(all.slice(20, 40));
  });

  it("returns at most 300 record sets for a larger MaxItems, as Route 53 documents, and resumes at the next record's name, type and identifier", async () => {
    const [zoneId, sets] = largestZone(account);
    expect(sets.length).toBeGreaterThan(300);
    const route53 = client(Route53Client, syntheticEndpoint(account, instant));
    const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }));
    expect(page.ResourceRecordSets).toHaveLength(300);
    expect(page).toMatchObject({ IsTruncated: true, NextRecordName: sets[300].Name, NextRecordType: sets[300].Type });

    // The collector's own pager walks the zone: every record once, in order.
    const listed: ResourceRecordSet[] = [];
    for await (const p of recordSetPages(route53, zoneId)) listed.push(...p.ResourceRecordSets!);
    expect(listed).toEqual(sets);
  });

  it("names a command it cannot answer, so that a new API call is noticed", async () => {
    const ec2 = client(EC2Client, syntheticEndpoint(account, instant));
    await expect(ec2.send(new DescribeImagesCommand({}))).rejects.toThrow(/no answer for EC2\.DescribeImages/);
  });
});

describe("syntheticEndpoint latency and throttling", () => {
  it("delays every call by the latency and records it", async () => {
    const endpoint = syntheticEndpoint(account, { latencyMs: 40, throttling: false });
    await client(EC2Client, endpoint, { region: "us-west-2" }).send(new DescribeVpcsCommand({}));
    expect(endpoint.calls).toEqual([expect.objectContaining({ service: "EC2", operation: "DescribeVpcs", region: "us-west-2", outcome: "ok" })]);
    expect(endpoint.calls[0].end - endpoint.calls[0].start).toBeGreaterThanOrEqual(39);
  });

  it("throttles when a region's bucket is empty, with each service's error, and the SDK's retries get through", async () => {
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: { capacity: 3, refillPerSecond: 20 } });
    const ec2 = client(EC2Client, endpoint);
    const answers = await Promise.all(Array.from({ length: 8 }, () => ec2.send(new DescribeVpcsCommand({}))));
    expect(answers).not.toHaveLength(0);
    expect(answers.every((a) => a.Vpcs!.length === account.regions[0].vpcs.length)).toBe(true);
    const throttled = endpoint.calls.filter((c) => c.outcome === "throttled");
    expect(throttled.length).toBeGreaterThan(0);
    expect(new Set(throttled.map((c) => c.code))).toEqual(new Set(["RequestLimitExceeded"]));
    expect(endpoint.calls.filter((c) => c.outcome === "ok")).toHaveLength(8);
    expect(answers.some((a) => a.$metadata.attempts! > 1)).toBe(true);

    // Another region has its own bucket; other services throttle with Throttling.
    const other = syntheticEndpoint(account, { latencyMs: 0, throttling: { capacity: 1, refillPerSecond: 0.001 } });
    await client(EC2Client, other, { region: "eu-west-1" }).send(new DescribeVpcsCommand({}));
    await client(EC2Client, other, { region: "us-west-2" }).send(new DescribeVpcsCommand({}));
    const rds = client(RDSClient, other, { maxAttempts: 1 });
    await rds.send(new DescribeDBInstancesCommand({}));
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: "Throttling" });
    expect(other.throttles()).toBe(1);
  });
});

function largestZone(source: SyntheticAccount): [string, ResourceRecordSet[]] {
  return [...source.global.recordSets].reduce((a, b) => (b[1].length > a[1].length ? b : a));
}
