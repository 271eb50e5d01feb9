/**
 * The one table from CloudTrail events to the resources they touch, as
 * driftwarden records them (type, and id or ARN). Attribution reads it to
 * name who changed a drifted resource; the event-driven path reads it to know
 * which resources to re-read. After Cloud Custodian's c7n/cwe.py.
 */
import { partitionOf } from "../types/partition.js";
import type { ResourceType } from "../types/resource.js";
import type { CloudTrailEvent } from "./events.js";

/** A resource an event touched: matched by ARN when it has one (ELBv2, trails), else by type and id in the event's region. */
export interface EventTarget {
  type: ResourceType;
  id?: string;
  arn?: string;
}

type Targets = (event: CloudTrailEvent) => EventTarget[];
type Fields = Record<string, unknown>;

/**
 * Write events the table knows but whose resources cannot be told from the
 * event alone; `targetsOf` returns [] for them and attribution lists them as
 * unmatched. The reason is for the report's closing note.
 */
export const UNMATCHABLE_EVENTS: Readonly<Record<string, string>> = {
  ModifyDBParameterGroup: "names a parameter group; which DB instances use it is not in the event",
  ModifyDBClusterParameterGroup: "names a cluster parameter group; which clusters use it is not in the event",
  ResetDBParameterGroup: "names a parameter group; which DB instances use it is not in the event",
  DisassociateAddress: "names the association id (eipassoc-…) alone, not the Elastic IP's allocation id",
  DeleteFlowLogs: "names flow log ids (fl-…) alone, not the VPC they belonged to",
};

/** CloudFront records its API version in some event names: UpdateDistribution2020_05_31. */
const API_VERSION_SUFFIX = /\d{4}_\d{2}_\d{2}$/;

export function eventNameOf(event: Pick<CloudTrailEvent, "eventName">): string {
  return event.eventName.replace(API_VERSION_SUFFIX, "");
}

/** The resources an event touched; undefined when the table does not know the event. */
/**
 * The top-level attributes an event sets on the record it targets, where one
 * record holds settings that different rules judge (the account's root
 * credentials, a bucket's settings, a trail's status), so that a transition
 * is caused by the event that changed what its rule reads. An event not
 * listed may have set any attribute of its target.
 */
const EVENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(["EnableMFADevice", "DeactivateMFADevice"].map((name) => [name, ["rootMfaEnabled"]])),
  ...Object.fromEntries(["CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey"].map((name) => [name, ["rootAccessKeysPresent"]])),
  ...Object.fromEntries(["UploadSigningCertificate", "DeleteSigningCertificate"].map((name) => [name, ["rootSigningCertificatesPresent"]])),
  ...Object.fromEntries(["PutBucketPolicy", "DeleteBucketPolicy"].map((name) => [name, ["policy", "policyIsPublic"]])),
  PutBucketAcl: ["aclGrants"],
  ...Object.fromEntries(["PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"].map((name) => [name, ["publicAccessBlock"]])),
  PutBucketVersioning: ["versioning"],
  ...Object.fromEntries(["StartLogging", "StopLogging"].map((name) => [name, ["isLogging"]])),
  PutEventSelectors: ["managementEvents"],
  UpdateContinuousBackups: ["pointInTimeRecovery", "recoveryPeriodInDays"],
};

/** The attributes `event` sets on its targets; undefined: any of them. */
export function attributesSetBy(event: CloudTrailEvent): readonly string[] | undefined {
  return EVENT_ATTRIBUTES[eventNameOf(event)];
}

export function targetsOf(event: CloudTrailEvent): EventTarget[] | undefined {
  const read = EVENT_TARGETS[event.eventSource]?.[eventNameOf(event)];
  return read ? read(event).filter((t) => t.id !== undefined || t.arn !== undefined) : undefined;
}

// ── reading requestParameters / responseElements ─────────────────────────────

const request = (e: CloudTrailEvent): Fields => e.requestParameters ?? {};
const response = (e: CloudTrailEvent): Fields => e.responseElements ?? {};

/** EC2's newer actions nest their parameters as "<Action>Request" and their results as "<Action>Response". */
const ec2Request = (e: CloudTrailEvent): Fields => object(request(e)[`${e.eventName}Request`]) ?? request(e);
const ec2Response = (e: CloudTrailEvent): Fields => object(response(e)[`${e.eventName}Response`]) ?? response(e);

function object(value: unknown): Fields | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Fields by path, through objects and arrays; EC2's lists are {"items": […]}. */
function texts(root: unknown, path: string): string[] {
  let values: unknown[] = [root];
  for (const key of path.split(".")) {
    values = values.flatMap((value) => {
      const field = object(value)?.[key];
      const list = Array.isArray(field) ? field : Array.isArray(object(field)?.items) ? (object(field)!.items as unknown[]) : [field];
      return list;
    });
  }
  return values.map(text).filter((v): v is string => v !== undefined);
}

/** The first of the paths that has a value, in request or response. */
function first(...candidates: string[][]): string[] {
  return candidates.find((found) => found.length > 0) ?? [];
}

const ids = (type: ResourceType, values: string[]): EventTarget[] => values.map((id) => ({ type, id }));
const arns = (type: ResourceType, values: string[]): EventTarget[] => values.map((arn) => ({ type, arn }));

function accountOf(e: CloudTrailEvent): string | undefined {
  return e.recipientAccountId ?? e.userIdentity?.accountId;
}

// ── per service ──────────────────────────────────────────────────────────────

const SECURITY_GROUP: ResourceType = "AWS::EC2::SecurityGroup";
const INSTANCE: ResourceType = "AWS::EC2::Instance";
const VOLUME: ResourceType = "AWS::EC2::Volume";
const EIP: ResourceType = "AWS::EC2::EIP";
const LAUNCH_TEMPLATE: ResourceType = "AWS::EC2::LaunchTemplate";
const DB_INSTANCE: ResourceType = "AWS::RDS::DBInstance";
const DB_CLUSTER: ResourceType = "AWS::RDS::DBCluster";
const ASG: ResourceType = "AWS::AutoScaling::AutoScalingGroup";
const LOAD_BALANCER: ResourceType = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const TARGET_GROUP: ResourceType = "AWS::ElasticLoadBalancingV2::TargetGroup";
const CLASSIC_LB: ResourceType = "AWS::ElasticLoadBalancing::LoadBalancer";
const DISTRIBUTION: ResourceType = "AWS::CloudFront::Distribution";
const RECORD_SET: ResourceType = "AWS::Route53::RecordSet";
const HEALTH_CHECK: ResourceType = "AWS::Route53::HealthCheck";
const BUCKET: ResourceType = "AWS::S3::Bucket";
const ACCOUNT_PAB: ResourceType = "AWS::S3::AccountPublicAccessBlock";
const TRAIL: ResourceType = "AWS::CloudTrail::Trail";
const ACCOUNT: ResourceType = "AWS::::Account";
const TABLE: ResourceType = "AWS::DynamoDB::Table";

const groupId: Targets = (e) => ids(SECURITY_GROUP, first(texts(request(e), "groupId"), texts(response(e), "securityGroupRuleSet.groupId")));

const instanceSet = (fields: (e: CloudTrailEvent) => Fields): Targets => (e) => ids(INSTANCE, texts(fields(e), "instancesSet.instanceId"));

/** ModifyInstanceMetadataOptions and the IAM-profile actions nest their fields; ModifyInstanceAttribute does not. */
const instanceId: Targets = (e) => ids(INSTANCE, first(texts(ec2Request(e), "InstanceId"), texts(request(e), "instanceId"), texts(ec2Response(e), "iamInstanceProfileAssociation.instanceId")));

const volumeId: Targets = (e) => ids(VOLUME, first(texts(request(e), "volumeId"), texts(ec2Request(e), "VolumeId"), texts(response(e), "volumeId")));

/** Attaching or detaching a volume changes the instance's block devices too. */
const volumeAttachment: Targets = (e) => [...volumeId(e), ...ids(INSTANCE, first(texts(request(e), "instanceId"), texts(response(e), "instanceId")))];

const allocationId: Targets = (e) => ids(EIP, first(texts(request(e), "allocationId"), texts(response(e), "allocationId")));

/** CreateFlowLogs lists its resources as {"tag": 1, "content": "vpc-…"} items under ResourceId. */
const flowLogResources: Targets = (e) => {
  const params = ec2Request(e);
  const type = text(params.ResourceType);
  const resourceIds = [...texts(params, "ResourceId.content"), ...texts(params, "ResourceId")];
  if (type === "VPC") return ids("AWS::EC2::VPC", resourceIds);
  if (type === "Subnet") return ids("AWS::EC2::Subnet", resourceIds);
  return [];
};

/** The template id is in the request when the caller gave it, and in the response's launchTemplate(Version) always. */
const launchTemplate: Targets = (e) =>
  ids(LAUNCH_TEMPLATE, first(texts(ec2Request(e), "LaunchTemplateId"), texts(ec2Response(e), "launchTemplate.launchTemplateId"), texts(ec2Response(e), "launchTemplateVersion.launchTemplateId")));

/** RDS stores identifiers in lower case whatever case the caller used. */
const rdsIds = (type: ResourceType, ...fields: string[]): Targets => (e) =>
  ids(type, [...new Set(fields.flatMap((field) => texts(request(e), field)).map((id) => id.toLowerCase()))]);

const asgName: Targets = (e) => ids(ASG, texts(request(e), "autoScalingGroupName"));

/** arn:…:listener/app/name/id/lid and arn:…:listener-rule/app/name/id/lid/rid → arn:…:loadbalancer/app/name/id. */
export function loadBalancerArnOf(arn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener(?:-rule)?\/((?:app|net|gwy)\/[^/]+\/[^/]+)\//.exec(arn);
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}

/** ELBv2 and classic ELB share the event source and some event names: ELBv2 calls carry ARNs, classic ones the load balancer's name. */
const loadBalancer: Targets = (e) => [
  ...arns(LOAD_BALANCER, [...texts(request(e), "loadBalancerArn"), ...texts(response(e), "loadBalancers.loadBalancerArn")]),
  ...ids(CLASSIC_LB, texts(request(e), "loadBalancerName")),
];

const listener: Targets = (e) =>
  arns(LOAD_BALANCER, [...texts(request(e), "loadBalancerArn"), ...[...texts(request(e), "listenerArn"), ...texts(request(e), "ruleArn")].map(loadBalancerArnOf).filter((a): a is string => a !== undefined)]);

const targetGroup: Targets = (e) => arns(TARGET_GROUP, first(texts(request(e), "targetGroupArn"), texts(response(e), "targetGroups.targetGroupArn")));

const classicName: Targets = (e) => ids(CLASSIC_LB, texts(request(e), "loadBalancerName"));

const distribution: Targets = (e) => ids(DISTRIBUTION, first(texts(request(e), "id"), texts(response(e), "distribution.id")));

/** TagResource and UntagResource name the distribution by its ARN, as `resource`. */
const distributionArn: Targets = (e) => arns(DISTRIBUTION, texts(request(e), "resource").filter((arn) => arn.includes(":distribution/")));

/** Route 53 returns names lower-cased, fully qualified, and with characters other than a-z, 0-9, "-" and "_" as \ooo octal escapes ("*" is \052). */
export function recordName(name: string): string {
  const lower = name.toLowerCase();
  const escaped = [...lower].map((c) => (/[a-z0-9\-_.\\]/.test(c) ? c : `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`)).join("");
  return escaped.endsWith(".") ? escaped : `${escaped}.`;
}

/** One target per change, with the id src/collect/route53/records.ts gives: "<zone id>/<name>/<type>[/<set identifier>]". */
const recordSets: Targets = (e) => {
  const zone = text(request(e).hostedZoneId)?.replace(/^\/hostedzone\//, "");
  if (!zone) return [];
  const changes = object(request(e).changeBatch)?.changes;
  return (Array.isArray(changes) ? changes : []).flatMap((change) => {
    const set = object(object(change)?.resourceRecordSet);
    const name = text(set?.name);
    const type = text(set?.type);
    if (!set || !name || !type) return [];
    const setIdentifier = text(set.setIdentifier);
    return [{ type: RECORD_SET, id: [zone, recordName(name), type, ...(setIdentifier !== undefined ? [setIdentifier] : [])].join("/") }];
  });
};

const healthCheck: Targets = (e) => ids(HEALTH_CHECK, first(texts(request(e), "healthCheckId"), texts(response(e), "healthCheck.id")));

const bucketName: Targets = (e) => ids(BUCKET, texts(request(e), "bucketName"));

const accountPublicAccessBlock: Targets = (e) => ids(ACCOUNT_PAB, first(texts(request(e), "x-amz-account-id"), [accountOf(e)].filter((a): a is string => a !== undefined)));

/** CloudTrail's calls take a trail name or ARN; a name is the trail in the call's region and account. */
const trail: Targets = (e) => {
  const fromResponse = texts(response(e), "trailARN");
  if (fromResponse.length > 0) return arns(TRAIL, fromResponse);
  const account = accountOf(e);
  return arns(
    TRAIL,
    [...texts(request(e), "name"), ...texts(request(e), "trailName")].flatMap((name) =>
      name.startsWith("arn:") ? [name] : account && e.awsRegion ? [`arn:${partitionOf(e.awsRegion)}:cloudtrail:${e.awsRegion}:${account}:trail/${name}`] : [],
    ),
  );
};

/** The root user's own keys, MFA and certificates: IAM calls made as root for no named user. */
const rootCredentials: Targets = (e) => {
  const account = accountOf(e);
  if (e.userIdentity?.type !== "Root" || !account) return [];
  const forUser = text(request(e).userName);
  return forUser && !/^root$/i.test(forUser) ? [] : ids(ACCOUNT, [account]);
};

const tableName: Targets = (e) =>
  texts(request(e), "tableName").map((name) => (name.startsWith("arn:") ? { type: TABLE, arn: name } : { type: TABLE, id: name }));

const none: Targets = () => [];

const each = (names: string[], read: Targets): Record<string, Targets> => Object.fromEntries(names.map((name) => [name, read]));

/** eventSource → eventName (without an API-version suffix) → the resources the event touched. */
export const EVENT_TARGETS: Readonly<Record<string, Readonly<Record<string, Targets>>>> = {
  "ec2.amazonaws.com": {
    ...each(
      ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "DeleteSecurityGroup", "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress"],
      groupId,
    ),
    ModifySecurityGroupRules: (e) => ids(SECURITY_GROUP, texts(ec2Request(e), "GroupId")),
    CreateSecurityGroup: (e) => ids(SECURITY_GROUP, texts(response(e), "groupId")),
    ...each(["ModifyInstanceAttribute", "ModifyInstanceMetadataOptions", "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile"], instanceId),
    TerminateInstances: instanceSet(request),
    RunInstances: instanceSet(response),
    ...each(["CreateVolume", "DeleteVolume", "ModifyVolume"], volumeId),
    ...each(["AttachVolume", "DetachVolume"], volumeAttachment),
    ...each(["AllocateAddress", "ReleaseAddress", "AssociateAddress", "DisassociateAddress"], allocationId),
    CreateFlowLogs: flowLogResources,
    DeleteFlowLogs: none,
    ...each(["CreateLaunchTemplate", "CreateLaunchTemplateVersion", "ModifyLaunchTemplate", "DeleteLaunchTemplate"], launchTemplate),
  },
  "rds.amazonaws.com": {
    ...each(["CreateDBInstance", "DeleteDBInstance", "RestoreDBInstanceFromDBSnapshot"], rdsIds(DB_INSTANCE, "dBInstanceIdentifier")),
    ModifyDBInstance: rdsIds(DB_INSTANCE, "dBInstanceIdentifier", "newDBInstanceIdentifier"),
    RestoreDBInstanceToPointInTime: rdsIds(DB_INSTANCE, "targetDBInstanceIdentifier"),
    ...each(["CreateDBCluster", "DeleteDBCluster"], rdsIds(DB_CLUSTER, "dBClusterIdentifier")),
    ModifyDBCluster: rdsIds(DB_CLUSTER, "dBClusterIdentifier", "newDBClusterIdentifier"),
    ...each(["ModifyDBParameterGroup", "ModifyDBClusterParameterGroup", "ResetDBParameterGroup"], none),
  },
  "autoscaling.amazonaws.com": each(
    ["CreateAutoScalingGroup", "UpdateAutoScalingGroup", "DeleteAutoScalingGroup", "AttachLoadBalancers", "DetachLoadBalancers", "AttachLoadBalancerTargetGroups", "DetachLoadBalancerTargetGroups", "AttachTrafficSources", "DetachTrafficSources"],
    asgName,
  ),
  "elasticloadbalancing.amazonaws.com": {
    ...each(["CreateLoadBalancer", "DeleteLoadBalancer", "ModifyLoadBalancerAttributes", "SetSecurityGroups", "SetSubnets"], loadBalancer),
    ...each(["CreateListener", "ModifyListener", "DeleteListener", "CreateRule", "ModifyRule", "DeleteRule"], listener),
    ...each(["CreateTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "DeleteTargetGroup"], targetGroup),
    ...each(
      ["ConfigureHealthCheck", "SetLoadBalancerPoliciesOfListener", "CreateLoadBalancerListeners", "DeleteLoadBalancerListeners", "CreateLoadBalancerPolicy", "ApplySecurityGroupsToLoadBalancer"],
      classicName,
    ),
  },
  "cloudfront.amazonaws.com": {
    ...each(["CreateDistribution", "CreateDistributionWithTags", "UpdateDistribution", "DeleteDistribution"], distribution),
    // Tags are read per distribution and may be carried over from the previous run: their changes must name it.
    ...each(["TagResource", "UntagResource"], distributionArn),
  },
  "route53.amazonaws.com": {
    ChangeResourceRecordSets: recordSets,
    ...each(["CreateHealthCheck", "UpdateHealthCheck", "DeleteHealthCheck"], healthCheck),
  },
  "s3.amazonaws.com": {
    ...each(
      ["CreateBucket", "DeleteBucket", "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock", "PutBucketVersioning", "PutBucketEncryption", "DeleteBucketEncryption", "PutBucketLogging", "PutBucketOwnershipControls"],
      bucketName,
    ),
    ...each(["PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"], accountPublicAccessBlock),
  },
  "cloudtrail.amazonaws.com": each(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutEventSelectors", "PutInsightSelectors"], trail),
  "iam.amazonaws.com": each(["CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey", "EnableMFADevice", "DeactivateMFADevice", "UploadSigningCertificate", "DeleteSigningCertificate"], rootCredentials),
  "dynamodb.amazonaws.com": each(["CreateTable", "UpdateTable", "DeleteTable", "UpdateContinuousBackups", "UpdateTimeToLive"], tableName),
};
