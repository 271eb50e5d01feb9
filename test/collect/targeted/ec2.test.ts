import { beforeEach, describe, expect, it } from "@jest/globals";
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import type { Filter } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceRecord, ResourceType } from "../../../src/types/resource.js";
import { INSTANCE, SG, WEBAPP_VPC, ec2Account } from "../../fixtures/ec2/account.js";
import type { Ec2Account } from "../../fixtures/ec2/account.js";
import { ACCOUNT, REGION } from "../../support/builders.js";
import { accessDenied, collectWith, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { launchTemplateVersionsOf, paged, serveAccount, terminationProtectionOf } from "../ec2/serve.js";
import type { PageRequest } from "../ec2/serve.js";

const ec2 = mockClient(EC2Client);

const SECURITY_GROUP: ResourceType = "AWS::EC2::SecurityGroup";
const EC2_INSTANCE: ResourceType = "AWS::EC2::Instance";
const VOLUME: ResourceType = "AWS::EC2::Volume";
const LAUNCH_TEMPLATE: ResourceType = "AWS::EC2::LaunchTemplate";

const WEB_ROOT_VOLUME = "vol-0a00000000000000a";
/** "web": default version 1, latest 3, so version 2 is neither. */
const WEB_TEMPLATE = "lt-0a00000000000000a";

/** Ids EC2 no longer knows: deleted since the event. */
const DELETED = { group: "sg-0123456789abcdef0", instance: "i-0123456789abcdef0", volume: "vol-0123456789abcdef0", template: "lt-0123456789abcdef0" };

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

/**
 * Serves the fixture account as EC2 does, by id as well as by list: one
 * unknown id fails the request with its NotFound code. Records what each
 * id-aware call was sent, as it was when sent (paginators reuse their input).
 */
function serveById(account: Ec2Account = ec2Account): Sent[] {
  serveAccount(ec2, account);
  const sent: Sent[] = [];
  const record = <I extends object, O>(command: string, answer: (input: I) => O) => (input: I) => {
    sent.push({ command, input: structuredClone(input) as Record<string, unknown> });
    return answer(input);
  };
  const named = <T>(items: T[], idOf: (item: T) => string | undefined, code: string, message: (id: string) => string) => (ids: string[]) =>
    ids.map((id) => {
      const item = items.find((i) => idOf(i) === id);
      if (!item) throw awsError(code, message(id), 400);
      return item;
    });
  const groups = named(account.securityGroups, (g) => g.GroupId, "InvalidGroup.NotFound", (id) => `The security group '${id}' does not exist`);
  const volumes = named(account.volumes, (v) => v.VolumeId, "InvalidVolume.NotFound", (id) => `The volume '${id}' does not exist.`);
  const templates = named(account.launchTemplates, (t) => t.LaunchTemplateId, "InvalidLaunchTemplateId.NotFound", () => "At least one of the launch templates specified in the request does not exist.");
  const instances = account.reservations.flatMap((r) => (r.Instances ?? []).map((instance) => ({ reservation: r, instance })));

  ec2.on(DescribeSecurityGroupsCommand).callsFake(
    record("DescribeSecurityGroups", (input: PageRequest & { GroupIds?: string[] }) =>
      input.GroupIds ? { SecurityGroups: groups(input.GroupIds) } : paged(account.securityGroups, 2, (SecurityGroups) => ({ SecurityGroups }))(input),
    ),
  );
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(
    record("DescribeNetworkInterfaces", (input: PageRequest & { Filters?: Filter[] }) => {
      const groupIds = input.Filters?.find((f) => f.Name === "group-id")?.Values;
      const interfaces = groupIds ? account.networkInterfaces.filter((eni) => eni.Groups?.some((g) => groupIds.includes(g.GroupId!))) : account.networkInterfaces;
      return paged(interfaces, 2, (NetworkInterfaces) => ({ NetworkInterfaces }))(input);
    }),
  );
  ec2.on(DescribeInstancesCommand).callsFake(
    record("DescribeInstances", (input: PageRequest & { InstanceIds?: string[] }) => {
      if (!input.InstanceIds) return paged(account.reservations, 2, (Reservations) => ({ Reservations }))(input);
      const found = input.InstanceIds.map((id) => {
        const match = instances.find((i) => i.instance.InstanceId === id);
        if (!match) throw awsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`, 400);
        return match;
      });
      return { Reservations: found.map(({ reservation, instance }) => ({ ...reservation, Instances: [instance] })) };
    }),
  );
  ec2.on(DescribeInstanceAttributeCommand).callsFake(record("DescribeInstanceAttribute", terminationProtectionOf(account)));
  ec2.on(DescribeVolumesCommand).callsFake(
    record("DescribeVolumes", (input: PageRequest & { VolumeIds?: string[] }) => (input.VolumeIds ? { Volumes: volumes(input.VolumeIds) } : paged(account.volumes, 2, (Volumes) => ({ Volumes }))(input))),
  );
  ec2.on(DescribeLaunchTemplatesCommand).callsFake(
    record("DescribeLaunchTemplates", (input: PageRequest & { LaunchTemplateIds?: string[] }) =>
      input.LaunchTemplateIds ? { LaunchTemplates: templates(input.LaunchTemplateIds) } : paged(account.launchTemplates, 2, (LaunchTemplates) => ({ LaunchTemplates }))(input),
    ),
  );
  ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(record("DescribeLaunchTemplateVersions", launchTemplateVersionsOf(account, 2)));
  return sent;
}

function collectTargets(targets: Partial<Record<ResourceType, string[]>>) {
  return collectAccount({
    accountId: ACCOUNT,
    regions: [REGION],
    collectors: [ec2Collector],
    credentials: testCredentials,
    maxAttempts: 3,
    now: () => new Date("2026-11-01T02:00:00.000Z"),
    targets: new Map([[REGION, new Map(Object.entries(targets) as [ResourceType, string[]][])]]),
  });
}

/** The record a full collection of the same account gives. */
async function fullRecord(type: ResourceType, id: string): Promise<ResourceRecord> {
  const snapshot = await collectWith([ec2Collector]);
  expect(snapshot.errors).toEqual([]);
  return snapshot.resources.find((r) => r.type === type && r.id === id)!;
}

/** Calls in command order (they run concurrently), each command's in the order sent. */
const byCommand = (a: Sent, b: Sent) => (a.command < b.command ? -1 : a.command > b.command ? 1 : 0);

describe("ec2 collector: targeted reads", () => {
  let sent: Sent[];
  beforeEach(() => {
    sent = serveById();
  });

  describe("give the record the full collection gives", () => {
    it.each([
      // Tags, every kind of permission source, and two network interfaces using it.
      [SECURITY_GROUP, SG.legacy],
      // Tags, a public address and termination protection.
      [EC2_INSTANCE, INSTANCE.bastion],
      // Auto Scaling's member: no termination protection read.
      [EC2_INSTANCE, INSTANCE.web1],
      // Encrypted, attached, tagged.
      [VOLUME, WEB_ROOT_VOLUME],
      // A version besides its default and latest ones.
      [LAUNCH_TEMPLATE, WEB_TEMPLATE],
    ])("%s %s", async (type, id) => {
      const full = await fullRecord(type, id);
      expect(full).toBeDefined();
      const targeted = await collectTargets({ [type]: [id] });
      expect(targeted.errors).toEqual([]);
      expect(targeted.resources).toEqual([full]);
    });

    it("for a target named by its ARN", async () => {
      const full = await fullRecord(SECURITY_GROUP, SG.legacy);
      const targeted = await collectTargets({ [SECURITY_GROUP]: [full.arn!] });
      expect(targeted.resources).toEqual([full]);
    });
  });

  describe("make only the calls of the targets", () => {
    it("a security group: itself by id, and the interfaces using it by a group-id filter", async () => {
      await collectTargets({ [SECURITY_GROUP]: [SG.legacy] });
      expect(sent.sort(byCommand)).toEqual([
        { command: "DescribeNetworkInterfaces", input: { Filters: [{ Name: "group-id", Values: [SG.legacy] }], MaxResults: 1000 } },
        { command: "DescribeSecurityGroups", input: { GroupIds: [SG.legacy] } },
      ]);
      expect(ec2.calls()).toHaveLength(2);
    });

    it("an instance: itself by id (no MaxResults, which EC2 refuses with InstanceIds), and its termination protection", async () => {
      await collectTargets({ [EC2_INSTANCE]: [INSTANCE.bastion] });
      expect(sent.sort(byCommand)).toEqual([
        { command: "DescribeInstanceAttribute", input: { InstanceId: INSTANCE.bastion, Attribute: "disableApiTermination" } },
        { command: "DescribeInstances", input: { InstanceIds: [INSTANCE.bastion] } },
      ]);
      expect(ec2.calls()).toHaveLength(2);
    });

    it("a volume, and a launch template with every page of its versions", async () => {
      await collectTargets({ [VOLUME]: [WEB_ROOT_VOLUME], [LAUNCH_TEMPLATE]: [WEB_TEMPLATE] });
      expect(sent.sort(byCommand)).toEqual([
        { command: "DescribeLaunchTemplateVersions", input: { LaunchTemplateId: WEB_TEMPLATE, MaxResults: 200 } },
        { command: "DescribeLaunchTemplateVersions", input: { LaunchTemplateId: WEB_TEMPLATE, MaxResults: 200, NextToken: "token-2" } },
        { command: "DescribeLaunchTemplates", input: { LaunchTemplateIds: [WEB_TEMPLATE] } },
        { command: "DescribeVolumes", input: { VolumeIds: [WEB_ROOT_VOLUME] } },
      ]);
      expect(ec2.calls()).toHaveLength(4);
    });

    it("one request per id, since EC2 fails a request naming any id it does not know", async () => {
      await collectTargets({ [SECURITY_GROUP]: [SG.web, SG.legacy, SG.web] });
      expect(sent.filter((s) => s.command === "DescribeSecurityGroups").map((s) => s.input)).toEqual(expect.arrayContaining([{ GroupIds: [SG.web] }, { GroupIds: [SG.legacy] }]));
      expect(sent.filter((s) => s.command === "DescribeSecurityGroups")).toHaveLength(2);
      // The interface counts of both groups come from one filtered list (four interfaces: two pages of the fixture's two).
      const filter = { Filters: [{ Name: "group-id", Values: [SG.web, SG.legacy] }], MaxResults: 1000 };
      expect(sent.filter((s) => s.command === "DescribeNetworkInterfaces").map((s) => s.input)).toEqual([filter, { ...filter, NextToken: "token-2" }]);
    });

    it("counts, for each of several groups, the interfaces using it, an interface of two groups in both", async () => {
      const targeted = await collectTargets({ [SECURITY_GROUP]: [SG.web, SG.legacy, SG.unused] });
      expect(Object.fromEntries(targeted.resources.map((r) => [r.id, r.state]))).toEqual({
        [SG.web]: { attachmentCount: 3 },
        [SG.legacy]: { attachmentCount: 2 },
        [SG.unused]: { attachmentCount: 0 },
      });
    });

    it("nothing for a type not read by id, nor for the types not targeted", async () => {
      const targeted = await collectTargets({ "AWS::EC2::VPC": [WEBAPP_VPC] });
      expect(targeted).toMatchObject({ resources: [], errors: [] });
      expect(ec2.calls()).toEqual([]);
    });
  });

  describe("take a target that does not exist for a deleted one: no record, no error", () => {
    it.each([
      [SECURITY_GROUP, SG.legacy, DELETED.group],
      [EC2_INSTANCE, INSTANCE.bastion, DELETED.instance],
      // Terminated instances stay listed for about an hour; the full read leaves them out too.
      [EC2_INSTANCE, INSTANCE.bastion, INSTANCE.terminated],
      [VOLUME, WEB_ROOT_VOLUME, DELETED.volume],
      [LAUNCH_TEMPLATE, WEB_TEMPLATE, DELETED.template],
    ])("%s: %s is still read beside %s", async (type, kept, deleted) => {
      const alone = await collectTargets({ [type]: [deleted] });
      expect(alone).toMatchObject({ resources: [], errors: [] });
      const beside = await collectTargets({ [type]: [deleted, kept] });
      expect(beside.errors).toEqual([]);
      expect(beside.resources).toEqual([await fullRecord(type, kept)]);
    });
  });

  describe("report any other failure as a CollectionError naming the type, with no record", () => {
    it("a denied DescribeSecurityGroups", async () => {
      ec2.on(DescribeSecurityGroupsCommand).rejects(accessDenied("ec2:DescribeSecurityGroups"));
      const targeted = await collectTargets({ [SECURITY_GROUP]: [SG.legacy] });
      expect(targeted.resources).toEqual([]);
      expect(targeted.errors).toEqual([expect.objectContaining({ service: "ec2", operation: "DescribeSecurityGroups", code: "AccessDenied", resourceTypes: [SECURITY_GROUP] })]);
    });

    it("a throttled DescribeInstances; the other targeted type is still read", async () => {
      ec2.on(DescribeInstancesCommand).rejects(throttled("RequestLimitExceeded"));
      const targeted = await collectTargets({ [EC2_INSTANCE]: [INSTANCE.bastion], [VOLUME]: [WEB_ROOT_VOLUME] });
      expect(targeted.resources.map((r) => r.id)).toEqual([WEB_ROOT_VOLUME]);
      expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeInstances", code: "RequestLimitExceeded", resourceTypes: [EC2_INSTANCE] })]);
    });

    it("denied interfaces: the group without its attachment count, as in the full read, and an error naming its type", async () => {
      ec2.on(DescribeNetworkInterfacesCommand).rejects(accessDenied("ec2:DescribeNetworkInterfaces"));
      const targeted = await collectTargets({ [SECURITY_GROUP]: [SG.legacy] });
      expect(targeted.resources).toEqual([expect.not.objectContaining({ state: expect.anything() })]);
      expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeNetworkInterfaces", code: "AccessDenied", resourceTypes: [SECURITY_GROUP] })]);
    });

    it("a denied DescribeLaunchTemplateVersions: the template without versions, and an error naming its type", async () => {
      ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(accessDenied("ec2:DescribeLaunchTemplateVersions"));
      const targeted = await collectTargets({ [LAUNCH_TEMPLATE]: [WEB_TEMPLATE] });
      expect(targeted.resources).toEqual([expect.objectContaining({ id: WEB_TEMPLATE, attributes: { defaultVersion: 1, latestVersion: 3 } })]);
      expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeLaunchTemplateVersions", code: "AccessDenied", resourceTypes: [LAUNCH_TEMPLATE] })]);
    });
  });
});
