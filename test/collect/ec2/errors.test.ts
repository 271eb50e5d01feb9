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
import { ec2Collector } from "../../../src/collect/ec2.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../../../src/types/resource.js";
import { ec2Account } from "../../fixtures/ec2/account.js";
import { accessDenied, collectWith } from "../../support/collect.js";
import type { PageRequest } from "./serve.js";
import { paged, serveAccount } from "./serve.js";

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

describe("ec2 collector: a response without a required id", () => {
  const withFirst = <T>(items: T[], change: (item: T) => T): T[] => [change(items[0]!), ...items.slice(1)];

  it.each([
    { operation: "DescribeSecurityGroups", field: "GroupId", account: { ...ec2Account, securityGroups: withFirst(ec2Account.securityGroups, (g) => ({ ...g, GroupId: undefined })) }, incomplete: [SG] },
    {
      operation: "DescribeInstances",
      field: "InstanceId",
      account: { ...ec2Account, reservations: withFirst(ec2Account.reservations, (r) => ({ ...r, Instances: r.Instances!.map((i) => ({ ...i, InstanceId: undefined })) })) },
      incomplete: [INSTANCE, VPC],
    },
    { operation: "DescribeVolumes", field: "VolumeId", account: { ...ec2Account, volumes: withFirst(ec2Account.volumes, (v) => ({ ...v, VolumeId: undefined })) }, incomplete: [VOLUME] },
    { operation: "DescribeVpcs", field: "VpcId", account: { ...ec2Account, vpcs: withFirst(ec2Account.vpcs, (v) => ({ ...v, VpcId: undefined })) }, incomplete: [VPC] },
    { operation: "DescribeSubnets", field: "SubnetId", account: { ...ec2Account, subnets: withFirst(ec2Account.subnets, (s) => ({ ...s, SubnetId: undefined })) }, incomplete: [SUBNET] },
  ])("$operation without $field is a MalformedResponse naming $incomplete, not an empty list", async ({ operation, field, account, incomplete }) => {
    serveAccount(ec2, account);
    const snapshot = await collectWith([ec2Collector]);
    expect(snapshot.errors).toEqual([
      { service: "ec2", region: "us-east-1", operation, code: "MalformedResponse", message: `response has no ${field}`, resourceTypes: incomplete },
    ]);
    expect(ofType(snapshot, incomplete[0]!)).toEqual([]);
  });
});

function withoutKey(attributes: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = attributes;
  return rest;
}
