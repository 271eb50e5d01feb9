/**
 * Targeted reads of EC2, RDS and Auto Scaling resources through the synthetic
 * endpoint: the real SDK, paginators and error parsing, against an account
 * that answers requests by id as AWS does (test/support/synthetic/responses.ts).
 */
import { describe, expect, it } from "@jest/globals";
import { autoscalingCollector } from "../../../src/collect/autoscaling.js";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import { rdsCollector } from "../../../src/collect/rds.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceType } from "../../../src/types/resource.js";
import { testClock } from "../../support/clock.js";
import { collectWith, testCredentials } from "../../support/collect.js";
import { syntheticAccount } from "../../support/synthetic/account.js";
import { syntheticEndpoint } from "../../support/synthetic/fake-endpoint.js";

const account = syntheticAccount({ resources: 400, seed: 5, regions: 1 });
const data = account.regions[0]!;
const region = data.region;
const collectors = [ec2Collector, rdsCollector, autoscalingCollector];
const instant = { latencyMs: 0, throttling: false } as const;

const attached = new Set(data.networkInterfaces.flatMap((eni) => (eni.Groups ?? []).map((g) => g.GroupId!)));
const autoScaled = (tags: { Key?: string }[] | undefined) => tags?.some((t) => t.Key === "aws:autoscaling:groupName") ?? false;

/** One rich resource of each type: a group in use, an instance whose termination protection is read, a template with older versions, a standalone database. */
const picked: [ResourceType, string | undefined][] = [
  ["AWS::EC2::SecurityGroup", data.securityGroups.find((g) => attached.has(g.GroupId!) && (g.IpPermissions?.length ?? 0) > 0)?.GroupId],
  [
    "AWS::EC2::Instance",
    data.reservations.flatMap((r) => r.Instances ?? []).find((i) => ["running", "stopped"].includes(i.State?.Name ?? "") && !autoScaled(i.Tags))?.InstanceId,
  ],
  ["AWS::EC2::Volume", data.volumes.find((v) => (v.Attachments?.length ?? 0) > 0)?.VolumeId],
  ["AWS::EC2::LaunchTemplate", data.launchTemplates.find((t) => (t.LatestVersionNumber ?? 0) > 2)?.LaunchTemplateId ?? data.launchTemplates[0]?.LaunchTemplateId],
  ["AWS::RDS::DBInstance", data.dbInstances.find((db) => !db.DBClusterIdentifier && db.DBParameterGroups?.length)?.DBInstanceIdentifier],
  ["AWS::RDS::DBCluster", data.dbClusters[0]?.DBClusterIdentifier],
  ["AWS::AutoScaling::AutoScalingGroup", data.autoScalingGroups[0]?.AutoScalingGroupName],
];

/** Ids the account does not have: resources deleted since the event. */
const deleted: Record<string, string> = {
  "AWS::EC2::SecurityGroup": "sg-0deadbeef00000000",
  "AWS::EC2::Instance": "i-0deadbeef00000000",
  "AWS::EC2::Volume": "vol-0deadbeef00000000",
  "AWS::EC2::LaunchTemplate": "lt-0deadbeef00000000",
  "AWS::RDS::DBInstance": "retired-db",
  "AWS::RDS::DBCluster": "retired-cluster",
  "AWS::AutoScaling::AutoScalingGroup": "retired-asg",
};

describe("targeted reads through the synthetic endpoint", () => {
  it("give each target the record the full collection gives, and nothing for a deleted one", async () => {
    for (const [type, id] of picked) expect({ type, id }).toEqual({ type, id: expect.any(String) });
    const full = await collectWith(collectors, [region], { plugins: [syntheticEndpoint(account, instant).plugin] });
    expect(full.errors).toEqual([]);

    const endpoint = syntheticEndpoint(account, instant);
    const targets = new Map<ResourceType, string[]>(picked.map(([type, id]) => [type, [deleted[type]!, id!]]));
    const targeted = await collectAccount({
      accountId: account.accountId,
      regions: [region],
      collectors,
      credentials: testCredentials,
      plugins: [endpoint.plugin],
      now: testClock,
      targets: new Map([[region, targets]]),
    });
    expect(targeted.errors).toEqual([]);
    const expected = full.resources.filter((r) => picked.some(([type, id]) => r.type === type && r.id === id));
    expect(expected).toHaveLength(picked.length);
    expect(targeted.resources).toEqual(expected);

    // Only reads of the targets and their joins; none of the region-wide lists of the full read.
    const operations = [...new Set(endpoint.calls.map((c) => `${c.service}.${c.operation}`))].sort();
    expect(operations).toEqual(
      expect.arrayContaining(["EC2.DescribeSecurityGroups", "EC2.DescribeNetworkInterfaces", "EC2.DescribeInstances", "EC2.DescribeVolumes", "RDS.DescribeDBInstances", "AutoScaling.DescribeAutoScalingGroups"]),
    );
    for (const listOnly of ["EC2.DescribeVpcs", "EC2.DescribeSubnets", "EC2.DescribeRouteTables", "EC2.DescribeFlowLogs", "EC2.DescribeAddresses"]) expect(operations).not.toContain(listOnly);
    expect(endpoint.calls.length).toBeLessThan(30);
    // Each deleted id was answered as AWS answers it (Auto Scaling leaves an unknown name out), and taken for a deletion.
    expect(endpoint.calls.filter((c) => c.outcome === "error").map((c) => c.code).sort()).toEqual([
      "DBClusterNotFoundFault",
      "DBInstanceNotFound",
      "InvalidGroup.NotFound",
      "InvalidInstanceID.NotFound",
      "InvalidLaunchTemplateId.NotFound",
      "InvalidVolume.NotFound",
    ]);
  });
});
