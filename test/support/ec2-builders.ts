/**
 * Builders for EC2 and VPC records (instances, volumes, VPCs, subnets, Elastic
 * IPs) in the normalized shape the EC2 collector produces. Security groups and
 * their permissions come from ./builders.ts.
 */
import type { Instance, LaunchTemplate, LaunchTemplateInstanceMetadataOptions, LaunchTemplateVersion, ResponseLaunchTemplateData } from "@aws-sdk/client-ec2";
import { instanceRecord } from "../../src/collect/ec2/instances.js";
import { launchTemplateRecord, versionSettings } from "../../src/collect/ec2/launch-templates.js";
import type {
  ElasticIpAttributes,
  FlowLog,
  InstanceAttributes,
  LaunchTemplateAttributes,
  InstanceState,
  SubnetAttributes,
  VolumeAttributes,
  VpcAttributes,
  VpcState,
} from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord, ResourceType } from "../../src/types/resource.js";
import { ACCOUNT, collectionError, REGION, record } from "./builders.js";

let counter = 0;
const nextId = (prefix: string) => `${prefix}-0${(++counter).toString(16).padStart(16, "0")}`;

export const VPC_ID = "vpc-0a1b2c3d4e5f60001";

export function instance(
  options: Partial<InstanceAttributes> & { id?: string; state?: string } = {},
): ResourceRecord<InstanceAttributes> {
  const { id = nextId("i"), state = "running", ...attributes } = options;
  const instanceState: InstanceState = { state };
  return record<InstanceAttributes>(
    "AWS::EC2::Instance",
    id,
    {
      instanceType: "t3.micro",
      imageId: "ami-0abcdef1234567890",
      vpcId: VPC_ID,
      subnetId: "subnet-0a1b2c3d4e5f60001",
      availabilityZone: `${REGION}a`,
      securityGroupIds: [],
      httpTokens: "required",
      ...attributes,
    },
    {
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`,
      ...(attributes.autoScalingGroupName && { tags: { "aws:autoscaling:groupName": attributes.autoScalingGroupName } }),
      state: instanceState as unknown as Record<string, unknown>,
    },
  );
}

/** A gp3 volume; `attachedTo` lists instance ids (none: unattached). */
export function volume(options: { id?: string; encrypted?: boolean; kmsKeyId?: string; attachedTo?: string[] } = {}): ResourceRecord<VolumeAttributes> {
  const id = options.id ?? nextId("vol");
  return record<VolumeAttributes>(
    "AWS::EC2::Volume",
    id,
    {
      volumeType: "gp3",
      size: 8,
      encrypted: options.encrypted ?? false,
      ...(options.kmsKeyId && { kmsKeyId: options.kmsKeyId }),
      availabilityZone: `${REGION}a`,
      attachments: (options.attachedTo ?? []).map((instanceId) => ({ instanceId, device: "/dev/xvda" })),
    },
    { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${id}` },
  );
}

export function flowLog(status: string, trafficType = "ALL"): FlowLog {
  return { id: nextId("fl"), trafficType, destinationType: "cloud-watch-logs", status };
}

/** `state: null` leaves the observed counts out, as when they were not collected. */
export function vpc(
  options: { id?: string; flowLogs?: FlowLog[]; networkInterfaces?: number; instances?: number; state?: null; isDefault?: boolean } = {},
): ResourceRecord<VpcAttributes> {
  const id = options.id ?? nextId("vpc");
  const state: VpcState = { networkInterfaceCount: options.networkInterfaces ?? 2, instanceCount: options.instances ?? 2 };
  return record<VpcAttributes>(
    "AWS::EC2::VPC",
    id,
    { cidrBlock: "10.0.0.0/16", isDefault: options.isDefault ?? false, flowLogs: options.flowLogs ?? [] },
    {
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${id}`,
      ...(options.state !== null && { state: state as unknown as Record<string, unknown> }),
    },
  );
}

export function subnet(vpcId: string, availabilityZone: string, options: { id?: string; region?: string } = {}): ResourceRecord<SubnetAttributes> {
  const id = options.id ?? nextId("subnet");
  const region = options.region ?? REGION;
  return record<SubnetAttributes>(
    "AWS::EC2::Subnet",
    id,
    {
      vpcId,
      availabilityZone,
      cidrBlock: "10.0.1.0/24",
      mapPublicIpOnLaunch: false,
      routesToInternetGateway: false,
    },
    { arn: `arn:aws:ec2:${region}:${ACCOUNT}:subnet/${id}`, region },
  );
}

/** An Elastic IP in the VPC domain; pass the association fields DescribeAddresses returns for an associated one. */
export function eip(association: Pick<ElasticIpAttributes, "associationId" | "instanceId" | "networkInterfaceId"> = {}, publicIp = "198.51.100.10"): ResourceRecord<ElasticIpAttributes> {
  const id = nextId("eipalloc");
  return record<ElasticIpAttributes>(
    "AWS::EC2::EIP",
    id,
    { publicIp, domain: "vpc", ...association },
    { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:elastic-ip/${id}` },
  );
}

/** What the collector records when an EC2 read fails, leaving `resourceTypes` incomplete in `region`. */
export function ec2CollectionError(operation: string, resourceTypes: ResourceType[], region = REGION): CollectionError {
  return collectionError("ec2", `ec2:${operation}`, resourceTypes, { region, code: "UnauthorizedOperation" });
}

/** LaunchTemplateData with these metadata options (none given: the version sets no MetadataOptions), and an instance profile unless `profile` is false. */
export function templateData(metadata: LaunchTemplateInstanceMetadataOptions | undefined, profile = true): ResponseLaunchTemplateData {
  return {
    ImageId: "ami-0abcdef1234567890",
    InstanceType: "t3.micro",
    ...(profile && { IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` } }),
    ...(metadata && { MetadataOptions: { State: "applied", HttpPutResponseHopLimit: 2, ...metadata } }),
  };
}

/**
 * A launch template as DescribeLaunchTemplates and DescribeLaunchTemplateVersions
 * return it, through the collector's own normalizers. `versions` holds the
 * LaunchTemplateData of versions 1, 2, …; `read` lists the version numbers
 * read (default all; null: versions not read at all).
 */
export function launchTemplate(
  options: { id?: string; name?: string; defaultVersion?: number; versions: ResponseLaunchTemplateData[]; read?: number[] | null; region?: string },
): ResourceRecord<LaunchTemplateAttributes> {
  const { id = nextId("lt"), name = `${id}-template`, versions, region = REGION } = options;
  const latest = versions.length;
  const sdkTemplate: LaunchTemplate = {
    LaunchTemplateId: id,
    LaunchTemplateName: name,
    CreateTime: new Date("2025-06-01T09:00:00.000Z"),
    CreatedBy: `arn:aws:iam::${ACCOUNT}:user/deployer`,
    DefaultVersionNumber: options.defaultVersion ?? 1,
    LatestVersionNumber: latest,
  };
  const record = launchTemplateRecord({ accountId: ACCOUNT, region }, sdkTemplate);
  if (options.read === null) return record;
  const read = options.read ?? versions.map((_, i) => i + 1);
  const sdkVersions: LaunchTemplateVersion[] = versions.map((data, i) => ({
    LaunchTemplateId: id,
    LaunchTemplateName: name,
    VersionNumber: i + 1,
    DefaultVersion: i + 1 === sdkTemplate.DefaultVersionNumber,
    LaunchTemplateData: data,
  }));
  record.attributes.versions = sdkVersions.filter((v) => read.includes(v.VersionNumber!)).map(versionSettings);
  return record;
}

/**
 * An instance as DescribeInstances returns it (running, IMDSv2 required, with
 * an instance profile unless `overrides` says otherwise), through the
 * collector's own normalizer.
 */
export function describedInstance(overrides: Partial<Instance> = {}): ResourceRecord<InstanceAttributes> {
  const id = overrides.InstanceId ?? nextId("i");
  const sdk: Instance = {
    InstanceId: id,
    InstanceType: "t3.micro",
    ImageId: "ami-0abcdef1234567890",
    State: { Code: 16, Name: "running" },
    VpcId: VPC_ID,
    SubnetId: "subnet-0a1b2c3d4e5f60001",
    Placement: { AvailabilityZone: `${REGION}a` },
    SecurityGroups: [],
    IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, Id: "AIPAEXAMPLEWEB000001" },
    MetadataOptions: { State: "applied", HttpTokens: "required", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled", HttpProtocolIpv6: "disabled", InstanceMetadataTags: "disabled" },
    ...overrides,
  };
  return instanceRecord({ accountId: ACCOUNT, region: REGION }, sdk);
}
