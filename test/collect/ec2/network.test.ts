import { describe, expect, it } from "@jest/globals";
import { EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import type { ElasticIpAttributes, SubnetAttributes, VpcAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { DEFAULT_VPC, INSTANCE, RTB, SUBNET, WEBAPP_VPC, ec2Account, routeTables } from "../../fixtures/ec2/account.js";
import { collectWith } from "../../support/collect.js";
import { serveAccount } from "./serve.js";

const ec2 = mockClient(EC2Client);

async function collect(account = ec2Account) {
  serveAccount(ec2, account);
  const snapshot = await collectWith([ec2Collector]);
  expect(snapshot.errors).toEqual([]);
  return <A>(id: string) => snapshot.resources.find((r) => r.id === id) as unknown as ResourceRecord<A>;
}

describe("ec2 collector: VPCs and flow logs", () => {
  it("joins each VPC's own flow logs, not those of its subnets", async () => {
    const get = await collect();
    expect(get<VpcAttributes>(WEBAPP_VPC).attributes).toEqual({
      cidrBlock: "10.0.0.0/16",
      isDefault: false,
      flowLogs: [{ id: "fl-0a00000000000000a", trafficType: "ALL", destinationType: "cloud-watch-logs", status: "ACTIVE" }],
    });
    // The default VPC only has a flow log on one of its subnets.
    expect(get<VpcAttributes>(DEFAULT_VPC).attributes).toEqual({ cidrBlock: "172.31.0.0/16", isDefault: true, flowLogs: [] });
  });

  it("counts the network interfaces and the instances (terminated ones aside) in each VPC", async () => {
    const get = await collect();
    const interfacesIn = (vpc: string) => ec2Account.networkInterfaces.filter((eni) => eni.VpcId === vpc).length;
    const instancesIn = (vpc: string) =>
      ec2Account.reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.VpcId === vpc && i.State?.Name !== "terminated").length;
    for (const vpc of [WEBAPP_VPC, DEFAULT_VPC]) {
      expect(get(vpc).state).toEqual({ networkInterfaceCount: interfacesIn(vpc), instanceCount: instancesIn(vpc) });
    }
    expect(get(DEFAULT_VPC).state).toEqual({ networkInterfaceCount: 1, instanceCount: 1 });
  });
});

describe("ec2 collector: subnets", () => {
  it.each([
    { subnet: SUBNET.publicA, routeTableId: RTB.public, routesToInternetGateway: true, why: "explicit table with 0.0.0.0/0 to an internet gateway" },
    { subnet: SUBNET.privateB, routeTableId: RTB.private, routesToInternetGateway: false, why: "explicit table whose default routes go to a NAT gateway and an egress-only gateway" },
    { subnet: SUBNET.isolatedC, routeTableId: RTB.webappMain, routesToInternetGateway: false, why: "no association: its VPC's main table, local routes only" },
    { subnet: SUBNET.defaultA, routeTableId: RTB.defaultMain, routesToInternetGateway: true, why: "no association: the default VPC's main table, with an internet gateway" },
    { subnet: SUBNET.dualStackA, routeTableId: RTB.dualStack, routesToInternetGateway: true, why: "::/0 to an internet gateway, IPv4 through NAT" },
    { subnet: SUBNET.staleB, routeTableId: RTB.stale, routesToInternetGateway: false, why: "0.0.0.0/0 to a deleted internet gateway (blackhole)" },
  ])("$subnet routes to an internet gateway: $routesToInternetGateway ($why)", async ({ subnet, routeTableId, routesToInternetGateway }) => {
    const get = await collect();
    expect(get<SubnetAttributes>(subnet).attributes).toMatchObject({ routeTableId, routesToInternetGateway });
  });

  it("resolves the same tables whatever page each comes on", async () => {
    const get = await collect({ ...ec2Account, routeTables: [...routeTables].reverse() });
    expect(get<SubnetAttributes>(SUBNET.isolatedC).attributes.routeTableId).toBe(RTB.webappMain);
    expect(get<SubnetAttributes>(SUBNET.publicA).attributes.routeTableId).toBe(RTB.public);
  });

  it("keeps the subnet's placement and launch settings", async () => {
    const get = await collect();
    expect(get<SubnetAttributes>(SUBNET.publicA)).toMatchObject({
      name: "public-a",
      attributes: { vpcId: WEBAPP_VPC, availabilityZone: "us-east-1a", availabilityZoneId: "use1-az4", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true },
    });
    expect(get<SubnetAttributes>(SUBNET.privateB).attributes.mapPublicIpOnLaunch).toBe(false);
  });
});

describe("ec2 collector: Elastic IPs", () => {
  it("identifies addresses by allocation id and records their association", async () => {
    const get = await collect();
    expect(get<ElasticIpAttributes>("eipalloc-0a00000000000000a").attributes).toEqual({
      publicIp: "203.0.113.25",
      domain: "vpc",
      associationId: "eipassoc-0a00000000000000a",
      instanceId: INSTANCE.bastion,
      networkInterfaceId: "eni-0c00000000000000c",
    });
    expect(get<ElasticIpAttributes>("eipalloc-0b00000000000000b").attributes).toEqual({ publicIp: "198.51.100.40", domain: "vpc" });
  });

  it("identifies a Classic-style address by its public IP, unassociated despite its empty InstanceId", async () => {
    const get = await collect();
    expect(get<ElasticIpAttributes>("192.0.2.77")).toMatchObject({ type: "AWS::EC2::EIP", attributes: { publicIp: "192.0.2.77", domain: "standard" } });
    expect(get<ElasticIpAttributes>("192.0.2.77").attributes.instanceId).toBeUndefined();
    expect(get<ElasticIpAttributes>("192.0.2.77").arn).toBeUndefined();
  });
});
