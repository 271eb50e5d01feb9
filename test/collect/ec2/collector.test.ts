import { describe, expect, it } from "@jest/globals";
import { EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import { ec2Account } from "../../fixtures/ec2/account.js";
import { collectWith } from "../../support/collect.js";
import { serveAccount } from "./serve.js";

const ec2 = mockClient(EC2Client);

// The API maximum of each paginated operation (EC2 API Reference, MaxResults).
const PAGE_SIZES: Record<string, number> = {
  DescribeSecurityGroups: 1000,
  DescribeNetworkInterfaces: 1000,
  DescribeInstances: 1000,
  DescribeVolumes: 1000,
  DescribeVpcs: 1000,
  DescribeSubnets: 1000,
  DescribeRouteTables: 100,
  DescribeFlowLogs: 1000,
  DescribeLaunchTemplates: 200,
};

describe("ec2 collector", () => {
  it("follows NextToken through every page of every paginated operation, asking for the API's largest page", async () => {
    const perPage = 2;
    const requests = serveAccount(ec2, ec2Account, perPage);
    const snapshot = await collectWith([ec2Collector]);

    expect(snapshot.errors).toEqual([]);
    // DescribeLaunchTemplateVersions, asked for by template, has its own test (launch-templates.test.ts).
    const { DescribeLaunchTemplateVersions: _, ...listRequests } = requests;
    expect(Object.keys(requests).sort()).toEqual([...Object.keys(PAGE_SIZES), "DescribeLaunchTemplateVersions"].sort());
    const lengths: Record<string, number> = {
      DescribeSecurityGroups: ec2Account.securityGroups.length,
      DescribeNetworkInterfaces: ec2Account.networkInterfaces.length,
      DescribeInstances: ec2Account.reservations.length,
      DescribeVolumes: ec2Account.volumes.length,
      DescribeVpcs: ec2Account.vpcs.length,
      DescribeSubnets: ec2Account.subnets.length,
      DescribeRouteTables: ec2Account.routeTables.length,
      DescribeFlowLogs: ec2Account.flowLogs.length,
      DescribeLaunchTemplates: ec2Account.launchTemplates.length,
    };
    for (const [operation, inputs] of Object.entries(listRequests)) {
      const pageCount = Math.ceil(lengths[operation]! / perPage);
      const expected = Array.from({ length: pageCount }, (_, page) => ({ MaxResults: PAGE_SIZES[operation], ...(page > 0 && { NextToken: `token-${page * perPage}` }) }));
      expect({ operation, inputs }).toEqual({ operation, inputs: expected });
    }
    // Every item of every page became a record (terminated instances aside).
    const count = (type: string) => snapshot.resources.filter((r) => r.type === type).length;
    expect(count("AWS::EC2::SecurityGroup")).toBe(ec2Account.securityGroups.length);
    expect(count("AWS::EC2::Volume")).toBe(ec2Account.volumes.length);
    expect(count("AWS::EC2::VPC")).toBe(ec2Account.vpcs.length);
    expect(count("AWS::EC2::Subnet")).toBe(ec2Account.subnets.length);
    expect(count("AWS::EC2::EIP")).toBe(ec2Account.addresses.length);
    const liveInstances = ec2Account.reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== "terminated");
    expect(snapshot.resources.filter((r) => r.type === "AWS::EC2::Instance").map((r) => r.id).sort()).toEqual(liveInstances.map((i) => i.InstanceId).sort());
  });

  it("declares an IAM action for every operation it calls", async () => {
    serveAccount(ec2);
    await collectWith([ec2Collector]);
    const called = new Set(ec2.calls().map((call) => `ec2:${(call.args[0] as object).constructor.name.replace(/Command$/, "")}`));
    expect(called.size).toBeGreaterThan(0);
    expect([...called].filter((action) => !ec2Collector.permissions.includes(action))).toEqual([]);
    // And nothing it never calls: the Lambda role is derived from this list.
    expect(ec2Collector.permissions.filter((action) => !called.has(action))).toEqual([]);
  });

  it("names every record with its id, the EC2 ARN of its type, and its Name tag", async () => {
    serveAccount(ec2);
    const snapshot = await collectWith([ec2Collector], ["eu-west-1"]);
    const arnPrefix = "arn:aws:ec2:eu-west-1:123456789012:";
    const arnKinds: Record<string, string> = {
      "AWS::EC2::SecurityGroup": "security-group",
      "AWS::EC2::Instance": "instance",
      "AWS::EC2::Volume": "volume",
      "AWS::EC2::VPC": "vpc",
      "AWS::EC2::Subnet": "subnet",
      "AWS::EC2::EIP": "elastic-ip",
      "AWS::EC2::LaunchTemplate": "launch-template",
    };
    expect([...ec2Collector.resourceTypes].sort()).toEqual(Object.keys(arnKinds).sort());
    for (const record of snapshot.resources) {
      expect(record).toMatchObject({ accountId: "123456789012", region: "eu-west-1" });
      // The Classic-style address has no allocation id and so no ARN.
      if (record.type === "AWS::EC2::EIP" && !record.id.startsWith("eipalloc-")) expect(record.arn).toBeUndefined();
      else expect(record.arn).toBe(`${arnPrefix}${arnKinds[record.type]}/${record.id}`);
      // A launch template is named by its name, which Auto Scaling groups may name it by.
      if (record.type === "AWS::EC2::LaunchTemplate") expect(record.name).toBe(ec2Account.launchTemplates.find((t) => t.LaunchTemplateId === record.id)?.LaunchTemplateName);
      else if (record.type !== "AWS::EC2::SecurityGroup") expect(record.name).toBe(record.tags.Name);
    }
    const byId = new Map(snapshot.resources.map((r) => [r.id, r]));
    expect(byId.get("vpc-0a1b2c3d4e5f60001")).toMatchObject({ name: "webapp", tags: { Name: "webapp" } });
    expect(byId.get("vol-0b00000000000000b")?.name).toBeUndefined();
    // A security group without a Name tag is named by its group name.
    expect(byId.get("sg-0b00000000000000b")?.name).toBe("app");
    expect(byId.get("sg-0a00000000000000a")?.name).toBe("web-tier");
  });

  it("uses the partition of the region in ARNs", async () => {
    serveAccount(ec2);
    const snapshot = await collectWith([ec2Collector], ["cn-north-1", "us-gov-west-1"]);
    const vpcArns = snapshot.resources.filter((r) => r.id === "vpc-0a1b2c3d4e5f60001").map((r) => r.arn);
    expect(vpcArns.sort()).toEqual([
      "arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-0a1b2c3d4e5f60001",
      "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f60001",
    ]);
  });
});
