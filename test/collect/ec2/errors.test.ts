import { beforeAll, describe, expect, it } from "@jest/globals";
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsCommand } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import type { Instance } from "@aws-sdk/client-ec2";
import type { ResourceRecord, ResourceType, Snapshot, UnreadableAttribute } from "../../../src/types/resource.js";
import { INSTANCE as FIXTURE_INSTANCE, RTB, SG as FIXTURE_SG, SUBNET as FIXTURE_SUBNET, WEBAPP_VPC, ec2Account } from "../../fixtures/ec2/account.js";
import type { Ec2Account } from "../../fixtures/ec2/account.js";
import { accessDenied, collectWith } from "../../support/collect.js";
import type { PageRequest } from "./serve.js";
import { paged, serveAccount } from "./serve.js";
import { unreadableError } from "../../support/builders.js";

const ec2 = mockClient(EC2Client);

const SG: ResourceType = "AWS::EC2::SecurityGroup";
const INSTANCE: ResourceType = "AWS::EC2::Instance";
const VOLUME: ResourceType = "AWS::EC2::Volume";
const VPC: ResourceType = "AWS::EC2::VPC";
const SUBNET: ResourceType = "AWS::EC2::Subnet";
const EIP: ResourceType = "AWS::EC2::EIP";

/** Any EC2 command class, so one table can hold them all. */
type Ec2Command = new (input: any) => AwsCommand<any, any>;

const ofType = (snapshot: Snapshot, type: ResourceType) => snapshot.resources.filter((r) => r.type === type);

let complete: Snapshot;

beforeAll(async () => {
  serveAccount(ec2);
  complete = await collectWith([ec2Collector]);
  expect(complete.errors).toEqual([]);
});

/** A complete record as it would be without the parts `strip` removes. */
const without = (type: ResourceType, strip: (r: ResourceRecord) => ResourceRecord) => ofType(complete, type).map(strip);

const noState = ({ state: _state, ...rest }: ResourceRecord) => rest;

describe("ec2 collector: a failing operation", () => {
  it.each<{ operation: string; command: Ec2Command; incomplete: ResourceType[]; expect: Partial<Record<ResourceType, () => unknown[]>> }>([
    { operation: "DescribeSecurityGroups", command: DescribeSecurityGroupsCommand, incomplete: [SG], expect: { [SG]: () => [] } },
    {
      operation: "DescribeNetworkInterfaces",
      command: DescribeNetworkInterfacesCommand,
      incomplete: [SG, VPC],
      // Groups stay, without attachment counts; VPCs without interface counts.
      expect: { [SG]: () => without(SG, noState), [VPC]: () => without(VPC, noState) },
    },
    {
      operation: "DescribeInstances",
      command: DescribeInstancesCommand,
      incomplete: [INSTANCE, VPC],
      expect: { [INSTANCE]: () => [], [VPC]: () => without(VPC, noState) },
    },
    { operation: "DescribeVolumes", command: DescribeVolumesCommand, incomplete: [VOLUME], expect: { [VOLUME]: () => [] } },
    { operation: "DescribeVpcs", command: DescribeVpcsCommand, incomplete: [VPC], expect: { [VPC]: () => [] } },
    { operation: "DescribeSubnets", command: DescribeSubnetsCommand, incomplete: [SUBNET], expect: { [SUBNET]: () => [] } },
    {
      operation: "DescribeRouteTables",
      command: DescribeRouteTablesCommand,
      incomplete: [SUBNET],
      expect: {
        [SUBNET]: () =>
          without(SUBNET, (r) => ({ ...r, attributes: { ...withoutKey(r.attributes, "routeTableId"), routesToInternetGateway: false } })),
      },
    },
    {
      operation: "DescribeFlowLogs",
      command: DescribeFlowLogsCommand,
      incomplete: [VPC],
      expect: { [VPC]: () => without(VPC, (r) => ({ ...r, attributes: { ...r.attributes, flowLogs: [] } })) },
    },
    { operation: "DescribeAddresses", command: DescribeAddressesCommand, incomplete: [EIP], expect: { [EIP]: () => [] } },
    {
      operation: "DescribeInstanceAttribute",
      command: DescribeInstanceAttributeCommand,
      incomplete: [INSTANCE],
      expect: { [INSTANCE]: () => without(INSTANCE, (r) => ({ ...r, attributes: withoutKey(r.attributes, "disableApiTermination") })) },
    },
  ])("AccessDenied on $operation leaves one error naming $incomplete, and every other record as in a complete run", async ({ operation, command, incomplete, expect: expected }) => {
    serveAccount(ec2);
    ec2.on(command).rejects(accessDenied(`ec2:${operation}`));
    const snapshot = await collectWith([ec2Collector]);

    expect(snapshot.errors).toEqual([{ service: "ec2", region: "us-east-1", operation, code: "AccessDenied", message: expect.stringContaining(operation), resourceTypes: incomplete }]);
    for (const type of ec2Collector.resourceTypes) {
      const want = expected[type]?.() ?? ofType(complete, type);
      expect({ type, records: ofType(snapshot, type) }).toEqual({ type, records: want });
    }
  });

  it("drops the security groups of pages 1-2 when page 3 of 5 fails: a partial list is never emitted as the account's groups", async () => {
    const groups = ec2Account.securityGroups.slice(0, 5);
    const requests: PageRequest[] = [];
    serveAccount(ec2);
    const page = paged(groups, 1, (SecurityGroups) => ({ SecurityGroups }), requests);
    ec2.on(DescribeSecurityGroupsCommand).callsFake((input: PageRequest) => {
      if (requests.length === 2) {
        requests.push({ ...input });
        throw accessDenied("ec2:DescribeSecurityGroups");
      }
      return page(input);
    });
    const snapshot = await collectWith([ec2Collector]);

    expect(requests.map((r) => r.NextToken)).toEqual([undefined, "token-1", "token-2"]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeSecurityGroups", code: "AccessDenied", resourceTypes: [SG] })]);
    expect(ofType(snapshot, SG)).toEqual([]);
    for (const type of ec2Collector.resourceTypes.filter((t) => t !== SG)) expect(ofType(snapshot, type)).toEqual(ofType(complete, type));
  });

  it("keeps one region's records when another region fails", async () => {
    serveAccount(ec2);
    ec2.on(DescribeVolumesCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === "eu-west-1") throw accessDenied("ec2:DescribeVolumes");
      return { Volumes: ec2Account.volumes };
    });
    const snapshot = await collectWith([ec2Collector], ["us-east-1", "eu-west-1"]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ region: "eu-west-1", operation: "DescribeVolumes", resourceTypes: [VOLUME] })]);
    expect(ofType(snapshot, VOLUME).map((r) => r.region)).toEqual(ec2Account.volumes.map(() => "us-east-1"));
  });
});

describe("ec2 collector: an item without its id", () => {
  const withFirst = <T>(items: T[], change: (item: T) => T): T[] => [change(items[0]!), ...items.slice(1)];

  it.each<{ operation: string; field: string; account: Ec2Account; skipped: string[]; incomplete: ResourceType[] }>([
    {
      operation: "DescribeSecurityGroups",
      field: "GroupId",
      account: { ...ec2Account, securityGroups: withFirst(ec2Account.securityGroups, (g) => ({ ...g, GroupId: undefined })) },
      skipped: [ec2Account.securityGroups[0]!.GroupId!],
      incomplete: [SG],
    },
    {
      operation: "DescribeInstances",
      field: "InstanceId",
      account: { ...ec2Account, reservations: withFirst(ec2Account.reservations, (r) => ({ ...r, Instances: r.Instances!.map((i) => ({ ...i, InstanceId: undefined })) })) },
      skipped: ec2Account.reservations[0]!.Instances!.map((i) => i.InstanceId!),
      // A skipped instance is missing from its VPC's instance count too.
      incomplete: [INSTANCE, VPC],
    },
    {
      operation: "DescribeVolumes",
      field: "VolumeId",
      account: { ...ec2Account, volumes: withFirst(ec2Account.volumes, (v) => ({ ...v, VolumeId: undefined })) },
      skipped: [ec2Account.volumes[0]!.VolumeId!],
      incomplete: [VOLUME],
    },
    { operation: "DescribeVpcs", field: "VpcId", account: { ...ec2Account, vpcs: withFirst(ec2Account.vpcs, (v) => ({ ...v, VpcId: undefined })) }, skipped: [ec2Account.vpcs[0]!.VpcId!], incomplete: [VPC] },
    {
      operation: "DescribeSubnets",
      field: "SubnetId",
      account: { ...ec2Account, subnets: withFirst(ec2Account.subnets, (s) => ({ ...s, SubnetId: undefined })) },
      skipped: [ec2Account.subnets[0]!.SubnetId!],
      incomplete: [SUBNET],
    },
    {
      operation: "DescribeAddresses",
      field: "PublicIp",
      // The Classic-style address has no allocation id: its public IP is its id.
      account: { ...ec2Account, addresses: ec2Account.addresses.map((a) => (a.AllocationId ? a : { ...a, PublicIp: undefined })) },
      skipped: ["192.0.2.77"],
      incomplete: [EIP],
    },
  ])("$operation skips an item without $field, names it in one error leaving $incomplete incomplete, and keeps the others", async ({ operation, field, account, skipped, incomplete }) => {
    serveAccount(ec2, account);
    const snapshot = await collectWith([ec2Collector]);
    const type = incomplete[0]!;
    const items = `${skipped.length} ${type} item${skipped.length === 1 ? "" : "s"}`;
    expect(snapshot.errors).toEqual([{ service: "ec2", region: "us-east-1", operation, code: "MalformedResponse", message: `${items} skipped: no ${field}`, resourceTypes: incomplete }]);
    expect(ofType(snapshot, type)).toEqual(ofType(complete, type).filter((r) => !skipped.includes(r.id)));
    for (const other of ec2Collector.resourceTypes.filter((t) => !incomplete.includes(t))) expect({ other, records: ofType(snapshot, other) }).toEqual({ other, records: ofType(complete, other) });
  });
});

describe("ec2 collector: an item missing another field", () => {
  /** The account with the item whose `key` is `id` in list `list` changed by `change`. */
  const changed = <K extends "securityGroups" | "volumes" | "vpcs" | "subnets" | "addresses" | "routeTables" | "flowLogs">(
    list: K,
    key: string,
    id: string,
    change: (item: Ec2Account[K][number]) => Ec2Account[K][number],
  ): Ec2Account => ({ ...ec2Account, [list]: (ec2Account[list] as Record<string, unknown>[]).map((item) => (item[key] === id ? change(item as never) : item)) });
  const changedInstance = (id: string, change: (instance: Instance) => Instance): Ec2Account => ({
    ...ec2Account,
    reservations: ec2Account.reservations.map((r) => ({ ...r, Instances: r.Instances!.map((i) => (i.InstanceId === id ? change(i) : i)) })),
  });

  it.each<{ why: string; operation: string; type: ResourceType; id: string; account: Ec2Account; unreadable: UnreadableAttribute[] }>([
    {
      why: "a permission without its protocol",
      operation: "DescribeSecurityGroups",
      type: SG,
      id: FIXTURE_SG.legacy,
      account: changed("securityGroups", "GroupId", FIXTURE_SG.legacy, (g) => ({ ...g, IpPermissions: [{ ...g.IpPermissions![0]!, IpProtocol: undefined }, ...g.IpPermissions!.slice(1)] })),
      unreadable: [{ attribute: "ingress", field: "IpPermissions.IpProtocol" }],
    },
    {
      why: "a group without its name (named by its Name tag instead)",
      operation: "DescribeSecurityGroups",
      type: SG,
      id: FIXTURE_SG.legacy,
      account: changed("securityGroups", "GroupId", FIXTURE_SG.legacy, (g) => ({ ...g, GroupName: undefined })),
      unreadable: [
        { attribute: "groupName", field: "GroupName" },
        { attribute: "isDefault", field: "GroupName" },
      ],
    },
    {
      why: "an instance without its type",
      operation: "DescribeInstances",
      type: INSTANCE,
      id: FIXTURE_INSTANCE.web2,
      account: changedInstance(FIXTURE_INSTANCE.web2, (i) => ({ ...i, InstanceType: undefined })),
      unreadable: [{ attribute: "instanceType", field: "InstanceType" }],
    },
    {
      why: "an attachment without its instance",
      operation: "DescribeVolumes",
      type: VOLUME,
      id: "vol-0a00000000000000a",
      account: changed("volumes", "VolumeId", "vol-0a00000000000000a", (v) => ({ ...v, Attachments: [{ ...v.Attachments![0]!, InstanceId: undefined }] })),
      unreadable: [{ attribute: "attachments", field: "Attachments.InstanceId" }],
    },
    {
      why: "a VPC without its CIDR block",
      operation: "DescribeVpcs",
      type: VPC,
      id: WEBAPP_VPC,
      account: changed("vpcs", "VpcId", WEBAPP_VPC, (v) => ({ ...v, CidrBlock: undefined })),
      unreadable: [{ attribute: "cidrBlock", field: "CidrBlock" }],
    },
    {
      why: "its own flow log without its id",
      operation: "DescribeVpcs",
      type: VPC,
      id: WEBAPP_VPC,
      account: changed("flowLogs", "ResourceId", WEBAPP_VPC, (log) => ({ ...log, FlowLogId: undefined })),
      unreadable: [{ attribute: "flowLogs", field: "FlowLogs.FlowLogId" }],
    },
    {
      why: "a subnet without its zone",
      operation: "DescribeSubnets",
      type: SUBNET,
      id: FIXTURE_SUBNET.publicA,
      account: changed("subnets", "SubnetId", FIXTURE_SUBNET.publicA, (s) => ({ ...s, AvailabilityZone: undefined })),
      unreadable: [{ attribute: "availabilityZone", field: "AvailabilityZone" }],
    },
    {
      why: "a subnet using its VPC's main table, without its VPC",
      operation: "DescribeSubnets",
      type: SUBNET,
      id: FIXTURE_SUBNET.isolatedC,
      account: changed("subnets", "SubnetId", FIXTURE_SUBNET.isolatedC, (s) => ({ ...s, VpcId: undefined })),
      unreadable: [
        { attribute: "vpcId", field: "VpcId" },
        { attribute: "routeTableId", field: "VpcId" },
        { attribute: "routesToInternetGateway", field: "VpcId" },
      ],
    },
    {
      why: "its route table without its id",
      operation: "DescribeSubnets",
      type: SUBNET,
      id: FIXTURE_SUBNET.publicA,
      account: changed("routeTables", "RouteTableId", RTB.public, (t) => ({ ...t, RouteTableId: undefined })),
      unreadable: [
        { attribute: "routeTableId", field: "RouteTables.RouteTableId" },
        { attribute: "routesToInternetGateway", field: "RouteTables.RouteTableId" },
      ],
    },
    {
      why: "an allocated address without its public IP",
      operation: "DescribeAddresses",
      type: EIP,
      id: "eipalloc-0a00000000000000a",
      account: changed("addresses", "AllocationId", "eipalloc-0a00000000000000a", (a) => ({ ...a, PublicIp: undefined })),
      unreadable: [{ attribute: "publicIp", field: "PublicIp" }],
    },
  ])("keeps $id with $why, its attributes built from that field unreadable, and every other record as in a complete run", async ({ operation, type, id, account, unreadable }) => {
    serveAccount(ec2, account);
    const snapshot = await collectWith([ec2Collector]);
    const fields = [...new Set(unreadable.map((u) => u.field))].join(", ");
    expect(snapshot.errors).toEqual([
      unreadableError("ec2", operation, type, id, fields),
    ]);
    const clean = ofType(complete, type).find((r) => r.id === id)!;
    const attributes = unreadable.reduce((left, { attribute }) => withoutKey(left, attribute), clean.attributes);
    expect(ofType(snapshot, type).find((r) => r.id === id)).toEqual({ ...clean, attributes, unreadable });
    for (const t of ec2Collector.resourceTypes) {
      expect({ t, records: ofType(snapshot, t).filter((r) => r.id !== id) }).toEqual({ t, records: ofType(complete, t).filter((r) => r.id !== id) });
    }
  });

  it("keeps an instance without State.Name with its state left without it, reported, and its termination protection not read", async () => {
    serveAccount(ec2, changedInstance(FIXTURE_INSTANCE.bastion, (i) => ({ ...i, State: { Code: 16 } })));
    const snapshot = await collectWith([ec2Collector]);
    expect(snapshot.errors).toEqual([
      unreadableError("ec2", "DescribeInstances", INSTANCE, FIXTURE_INSTANCE.bastion, "State.Name"),
    ]);
    const clean = ofType(complete, INSTANCE).find((r) => r.id === FIXTURE_INSTANCE.bastion)!;
    const bastion = ofType(snapshot, INSTANCE).find((r) => r.id === FIXTURE_INSTANCE.bastion)!;
    // Rules read state unguarded, so nothing is marked unreadable: the state is left without it.
    expect(bastion).toEqual({ ...clean, attributes: withoutKey(clean.attributes, "disableApiTermination"), state: { publicIpAddress: "203.0.113.25" } });
    expect(bastion).not.toHaveProperty("unreadable");
  });

  it.each([
    { why: "a flow log without its resource could be any VPC's", operation: "DescribeFlowLogs", field: "FlowLogs.ResourceId", account: changed("flowLogs", "ResourceId", WEBAPP_VPC, (log) => ({ ...log, ResourceId: undefined })), incomplete: [VPC] },
    { why: "a main route table without its VPC could be any subnet's", operation: "DescribeRouteTables", field: "RouteTables.VpcId", account: changed("routeTables", "RouteTableId", RTB.webappMain, (t) => ({ ...t, VpcId: undefined })), incomplete: [SUBNET] },
  ])("fails the whole joined list when $why, as before", async ({ operation, field, account, incomplete }) => {
    serveAccount(ec2, account);
    const snapshot = await collectWith([ec2Collector]);
    expect(snapshot.errors).toEqual([{ service: "ec2", region: "us-east-1", operation, code: "MalformedResponse", message: `response has no ${field}`, resourceTypes: incomplete }]);
  });
});

function withoutKey(attributes: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = attributes;
  return rest;
}
