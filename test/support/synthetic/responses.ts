/**
 * What AWS answers each call the collectors make, from a synthetic account:
 * list calls page the way each API pages (opaque tokens, markers that are
 * ids, Route 53's record-name position), per-resource calls look the
 * resource up and fail as AWS does when it is not there.
 */
import { createHash } from "node:crypto";
import type { LaunchTemplate, LaunchTemplateVersion, NetworkInterface, Reservation } from "@aws-sdk/client-ec2";
import { awsError } from "../fake-aws.js";
import type { GlobalData, RegionData } from "./account.js";
import { PAGE_LIMITS, checkBatch, checkEc2Filters, checkNameCount, invalidParameter, pageSizeOf } from "./api-limits.js";
import { compareKeys, recordSetKey } from "./edge.js";
import { CLASSIC_PREDEFINED_POLICIES } from "./tls-settings.js";
import type { Parameter } from "@aws-sdk/client-rds";
import type { Trail } from "@aws-sdk/client-cloudtrail";
import { isPublicPolicy } from "./storage.js";

export interface Where {
  service: string;
  operation: string;
  region: string;
  /** The account the request is signed for: its resources answer. */
  accountId: string;
  data: RegionData;
  global: GlobalData;
}

type Input = Record<string, any>;
type Responder = (input: Input, where: Where) => Record<string, unknown>;

/** A request this endpoint cannot answer faithfully: a test should notice it rather than get made-up data. */
export function unsupported(message: string): Error {
  return Object.assign(new Error(`synthetic endpoint: ${message}`), { name: "UnsupportedBySyntheticEndpoint" });
}

function acceptOnly(where: Where, input: Input, fields: (string | undefined)[]): void {
  const extra = Object.keys(input).filter((key) => input[key] !== undefined && !fields.includes(key));
  if (extra.length > 0) throw unsupported(`${where.service}.${where.operation} with ${extra.join(", ")}`);
}

/** One page of a list whose token is opaque: here, the offset of the next item. */
export function offsetPage<T>(where: Where, input: Input, items: T[], fields: string[] = [], weight: (item: T) => number = () => 1): { items: T[]; next?: string } {
  const limit = PAGE_LIMITS[where.service][where.operation];
  acceptOnly(where, input, [limit.field, limit.token, ...fields]);
  const size = pageSizeOf(where.service, where.operation, limit, input);
  const start = input[limit.token] ? offsetOf(where, String(input[limit.token])) : 0;
  let end = start;
  for (let taken = 0; end < items.length && (end === start || taken + weight(items[end]) <= size); end++) taken += weight(items[end]);
  return { items: items.slice(start, end), ...(end < items.length && { next: Buffer.from(`${where.operation}:${end}`).toString("base64url") }) };
}

function offsetOf(where: Where, token: string): number {
  const [operation, offset] = Buffer.from(token, "base64url").toString().split(":");
  if (operation !== where.operation || !/^\d+$/.test(offset ?? "")) throw invalidParameter(where.service, `Invalid pagination token for ${where.operation}`);
  return Number(offset);
}

/**
 * One page of a list whose marker is an item id: CloudFront's NextMarker is
 * the last id of the page (the next page starts after it), Route 53's the
 * first id of the next page.
 */
function idPage<T>(where: Where, input: Input, items: T[], idOf: (item: T) => string, marker: "last-of-page" | "first-of-next") {
  const limit = PAGE_LIMITS[where.service][where.operation];
  acceptOnly(where, input, [limit.field, limit.token]);
  const size = pageSizeOf(where.service, where.operation, limit, input);
  let start = 0;
  if (input[limit.token]) {
    const at = items.findIndex((item) => idOf(item) === input[limit.token]);
    if (at < 0) throw invalidParameter(where.service, `Invalid marker ${input[limit.token]}`);
    start = marker === "last-of-page" ? at + 1 : at;
  }
  const page = items.slice(start, start + size);
  const truncated = start + size < items.length;
  const next = truncated ? (marker === "last-of-page" ? idOf(page[page.length - 1]) : idOf(items[start + size])) : undefined;
  return { page, truncated, next, size };
}

function found<T>(value: T | undefined, code: string, message: string): T {
  if (value === undefined) throw awsError(code, message, code.startsWith("NoSuch") ? 404 : 400);
  return value;
}

const EC2: Record<string, Responder> = {
  DescribeSecurityGroups: (input, w) =>
    input.GroupIds
      ? { SecurityGroups: ec2ByIds(w, input, "GroupIds", w.data.securityGroups, (g) => g.GroupId, "InvalidGroup.NotFound", (id) => `The security group '${id}' does not exist`) }
      : paged(offsetPage(w, input, w.data.securityGroups), "SecurityGroups", "NextToken"),
  DescribeNetworkInterfaces: (input, w) => paged(offsetPage(w, input, interfacesOfGroups(w, input), ["Filters"]), "NetworkInterfaces", "NextToken"),
  // MaxResults counts instances, not reservations.
  DescribeInstances: (input, w) =>
    input.InstanceIds ? { Reservations: reservationsOf(w, input) } : paged(offsetPage(w, input, w.data.reservations, [], (r) => r.Instances?.length ?? 0), "Reservations", "NextToken"),
  DescribeVolumes: (input, w) =>
    input.VolumeIds
      ? { Volumes: ec2ByIds(w, input, "VolumeIds", w.data.volumes, (v) => v.VolumeId, "InvalidVolume.NotFound", (id) => `The volume '${id}' does not exist.`) }
      : paged(offsetPage(w, input, w.data.volumes), "Volumes", "NextToken"),
  DescribeVpcs: (input, w) => paged(offsetPage(w, input, w.data.vpcs), "Vpcs", "NextToken"),
  DescribeSubnets: (input, w) => paged(offsetPage(w, input, w.data.subnets), "Subnets", "NextToken"),
  DescribeRouteTables: (input, w) => paged(offsetPage(w, input, w.data.routeTables), "RouteTables", "NextToken"),
  DescribeFlowLogs: (input, w) => paged(offsetPage(w, input, w.data.flowLogs), "FlowLogs", "NextToken"),
  // Not paginated: one response holds every address of the region.
  DescribeAddresses: (input, w) => {
    acceptOnly(w, input, []);
    return { Addresses: w.data.addresses };
  },
  DescribeLaunchTemplates: (input, w) =>
    input.LaunchTemplateIds
      ? {
          LaunchTemplates: ec2ByIds(w, input, "LaunchTemplateIds", w.data.launchTemplates, (t) => t.LaunchTemplateId, "InvalidLaunchTemplateId.NotFound", () => "At least one of the launch templates specified in the request does not exist."),
        }
      : paged(offsetPage(w, input, w.data.launchTemplates), "LaunchTemplates", "NextToken"),
  DescribeLaunchTemplateVersions: (input, w) =>
    paged(offsetPage(w, input, launchTemplateVersions(w, input), ["LaunchTemplateId", "LaunchTemplateName", "Versions"]), "LaunchTemplateVersions", "NextToken"),
  DescribeInstanceAttribute: (input, w) => {
    acceptOnly(w, input, ["InstanceId", "Attribute"]);
    if (input.Attribute !== "disableApiTermination") throw unsupported(`DescribeInstanceAttribute ${input.Attribute}`);
    const value = found(w.data.terminationProtection.get(input.InstanceId) ?? exists(w.data, input.InstanceId), "InvalidInstanceID.NotFound", `The instance ID '${input.InstanceId}' does not exist`);
    return { InstanceId: input.InstanceId, DisableApiTermination: { Value: value } };
  },
};

/**
 * The items an EC2 Describe call names by id, in one response (these
 * requests carry no page size here); one unknown id fails the whole request,
 * as EC2 does.
 */
function ec2ByIds<T>(w: Where, input: Input, field: string, items: T[], idOf: (item: T) => string | undefined, code: string, message: (id: string) => string): T[] {
  acceptOnly(w, input, [field]);
  return (input[field] as string[]).map((id) => found(items.find((item) => idOf(item) === id), code, message(id)));
}

/** DescribeInstances with InstanceIds: each reservation holding one of them, with those instances alone; EC2 takes no MaxResults with InstanceIds. */
function reservationsOf(w: Where, input: Input): Reservation[] {
  if (input.MaxResults !== undefined) throw awsError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults", 400);
  const ids: string[] = input.InstanceIds;
  const instances = w.data.reservations.flatMap((r) => (r.Instances ?? []).map((instance) => ({ reservation: r, instance })));
  const named = ids.map((id) => found(instances.find((i) => i.instance.InstanceId === id), "InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`));
  return [...new Set(named.map((n) => n.reservation))].map((r) => ({ ...r, Instances: named.filter((n) => n.reservation === r).map((n) => n.instance) }));
}

/** The network interfaces a request's filters keep: "group-id" (a security group they use) is the one filter the collectors send. */
function interfacesOfGroups(w: Where, input: Input): NetworkInterface[] {
  const filters: { Name: string; Values: string[] }[] = input.Filters ?? [];
  checkEc2Filters(filters);
  for (const f of filters) if (f.Name !== "group-id") throw unsupported(`DescribeNetworkInterfaces filter ${f.Name}`);
  return filters.reduce((kept, f) => kept.filter((eni) => eni.Groups?.some((g) => f.Values.includes(g.GroupId!))), w.data.networkInterfaces);
}

/**
 * The versions a DescribeLaunchTemplateVersions request names: of one
 * template (by id or name), all of them or those in Versions; without a
 * template, $Latest and/or $Default of every template, each version once.
 */
function launchTemplateVersions(w: Where, input: Input): LaunchTemplateVersion[] {
  const asked: string[] | undefined = input.Versions;
  const pick = (template: LaunchTemplate, versions: string[]) => {
    const numbers = versions.map((v) => (v === "$Latest" ? template.LatestVersionNumber : v === "$Default" ? template.DefaultVersionNumber : Number(v)));
    return (w.data.launchTemplateVersions.get(template.LaunchTemplateId!) ?? []).filter((v) => numbers.includes(v.VersionNumber));
  };
  if (input.LaunchTemplateId === undefined && input.LaunchTemplateName === undefined) {
    if (!asked?.length || asked.some((v) => v !== "$Latest" && v !== "$Default")) {
      throw invalidParameter("EC2", "To describe the latest or default versions of all launch templates, specify only $Latest and/or $Default in Versions.");
    }
    return w.data.launchTemplates.flatMap((template) => pick(template, asked));
  }
  const template = input.LaunchTemplateId
    ? found(w.data.launchTemplates.find((t) => t.LaunchTemplateId === input.LaunchTemplateId), "InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${input.LaunchTemplateId}, does not exist.`)
    : found(w.data.launchTemplates.find((t) => t.LaunchTemplateName === input.LaunchTemplateName), "InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${input.LaunchTemplateName}, does not exist.`);
  return asked ? pick(template, asked) : (w.data.launchTemplateVersions.get(template.LaunchTemplateId!) ?? []);
}

/** Instances in an Auto Scaling group have no termination protection: false, like any instance never given it. */
function exists(data: RegionData, instanceId: string): false | undefined {
  return data.reservations.some((r) => r.Instances?.some((i) => i.InstanceId === instanceId)) ? false : undefined;
}

function paged<T>(page: { items: T[]; next?: string }, itemsField: string, tokenField: string): Record<string, unknown> {
  return { [itemsField]: page.items, ...(page.next && { [tokenField]: page.next }) };
}

const RDS: Record<string, Responder> = {
  DescribeDBInstances: (input, w) =>
    input.DBInstanceIdentifier
      ? { DBInstances: [rdsByIdentifier(w, input, "DBInstanceIdentifier", w.data.dbInstances.find((db) => [db.DBInstanceIdentifier, db.DBInstanceArn].includes(input.DBInstanceIdentifier)), "DBInstanceNotFound", "DBInstance")] }
      : paged(offsetPage(w, input, w.data.dbInstances), "DBInstances", "Marker"),
  DescribeDBClusters: (input, w) =>
    input.DBClusterIdentifier
      ? { DBClusters: [rdsByIdentifier(w, input, "DBClusterIdentifier", w.data.dbClusters.find((c) => [c.DBClusterIdentifier, c.DBClusterArn].includes(input.DBClusterIdentifier)), "DBClusterNotFoundFault", "DBCluster")] }
      : paged(offsetPage(w, input, w.data.dbClusters), "DBClusters", "Marker"),
  DescribeDBParameters: (input, w) => {
    const parameters = found(w.data.dbParameters.get(input.DBParameterGroupName), "DBParameterGroupNotFound", `DBParameterGroup not found: ${input.DBParameterGroupName}`);
    return paged(offsetPage(w, input, byParameterName(w, input, parameters), ["DBParameterGroupName", "Filters"]), "Parameters", "Marker");
  },
  DescribeDBClusterParameters: (input, w) => {
    const name = input.DBClusterParameterGroupName;
    const parameters = found(w.data.dbClusterParameters.get(name), "DBParameterGroupNotFound", `DBClusterParameterGroup not found: ${name}`);
    return paged(offsetPage(w, input, byParameterName(w, input, parameters), ["DBClusterParameterGroupName", "Filters"]), "Parameters", "Marker");
  },
};

/** One instance or cluster named by identifier or ARN (no page size needed); RDS answers an unknown one with HTTP 404. */
function rdsByIdentifier<T>(w: Where, input: Input, field: string, item: T | undefined, code: string, kind: string): T {
  acceptOnly(w, input, [field]);
  if (item === undefined) throw awsError(code, `${kind} ${input[field]} not found.`, 404);
  return item;
}

/** "parameter-name" is the one filter DescribeDBParameters and DescribeDBClusterParameters document. */
function byParameterName(w: Where, input: Input, parameters: Parameter[]): Parameter[] {
  const filters: { Name: string; Values: string[] }[] = input.Filters ?? [];
  for (const f of filters) if (f.Name !== "parameter-name") throw invalidParameter(w.service, `Unrecognized filter name: ${f.Name}`);
  return filters.reduce((kept, f) => kept.filter((p) => f.Values.includes(p.ParameterName!)), parameters);
}

const AutoScaling: Record<string, Responder> = {
  DescribeAutoScalingGroups: (input, w) => paged(offsetPage(w, input, groupsNamed(w, input), ["AutoScalingGroupNames"]), "AutoScalingGroups", "NextToken"),
};

/** The groups AutoScalingGroupNames names, or all of them; a name of no group is left out of the answer, not failed. */
function groupsNamed(w: Where, input: Input) {
  const names: string[] | undefined = input.AutoScalingGroupNames;
  if (!names) return w.data.autoScalingGroups;
  checkNameCount(names.length, input.MaxRecords);
  return w.data.autoScalingGroups.filter((g) => names.includes(g.AutoScalingGroupName!));
}

/**
 * The items a Describe call names (by ARN or by name, as `keyOf` reads them),
 * every one of them or the service's not-found error for the whole request;
 * every item when the call names none.
 */
function namedItems<T>(items: T[], values: string[] | undefined, keyOf: (item: T) => string | undefined, notFound: () => Error): T[] {
  if (values === undefined) return items;
  const named = values.map((value) => items.find((item) => keyOf(item) === value));
  if (named.some((item) => item === undefined)) throw notFound();
  return named as T[];
}

/** ELBv2 takes ARNs or names, never both. */
function arnsOrNames(input: Input, arnsField: string): void {
  if (input[arnsField] !== undefined && input.Names !== undefined) throw awsError("ValidationError", `${arnsField} and Names cannot be specified together`, 400);
}

const ElasticLoadBalancingV2: Record<string, Responder> = {
  DescribeLoadBalancers: (input, w) => {
    arnsOrNames(input, "LoadBalancerArns");
    const notFound = () => awsError("LoadBalancerNotFound", "One or more load balancers not found", 400);
    const byArn = namedItems(w.data.loadBalancers, input.LoadBalancerArns, (lb) => lb.LoadBalancerArn, notFound);
    const loadBalancers = namedItems(byArn, input.Names, (lb) => lb.LoadBalancerName, notFound);
    return paged(offsetPage(w, input, loadBalancers, ["LoadBalancerArns", "Names"]), "LoadBalancers", "NextMarker");
  },
  DescribeTargetGroups: (input, w) => {
    arnsOrNames(input, "TargetGroupArns");
    const notFound = () => awsError("TargetGroupNotFound", "One or more target groups not found", 400);
    const byArn = namedItems(w.data.targetGroups, input.TargetGroupArns, (group) => group.TargetGroupArn, notFound);
    const groups = namedItems(byArn, input.Names, (group) => group.TargetGroupName, notFound);
    return paged(offsetPage(w, input, groups, ["TargetGroupArns", "Names"]), "TargetGroups", "NextMarker");
  },
  DescribeListeners: (input, w) => {
    const listeners = found(w.data.listeners.get(input.LoadBalancerArn), "LoadBalancerNotFound", `Load balancer '${input.LoadBalancerArn}' not found`);
    return paged(offsetPage(w, input, listeners, ["LoadBalancerArn"]), "Listeners", "NextMarker");
  },
  DescribeLoadBalancerAttributes: (input, w) => {
    acceptOnly(w, input, ["LoadBalancerArn"]);
    return { Attributes: found(w.data.loadBalancerAttributes.get(input.LoadBalancerArn), "LoadBalancerNotFound", `Load balancer '${input.LoadBalancerArn}' not found`) };
  },
  DescribeSSLPolicies: (input, w) => {
    const names: string[] | undefined = input.Names;
    const missing = names?.find((name) => !w.data.sslPolicies.some((p) => p.Name === name));
    if (missing) throw awsError("SSLPolicyNotFound", `SSL policy '${missing}' not found`, 400);
    const policies = names ? w.data.sslPolicies.filter((p) => names.includes(p.Name!)) : w.data.sslPolicies;
    return paged(offsetPage(w, input, policies, ["Names", "LoadBalancerType"]), "SslPolicies", "NextMarker");
  },
  DescribeTargetGroupAttributes: (input, w) => {
    acceptOnly(w, input, ["TargetGroupArn"]);
    return { Attributes: found(w.data.targetGroupAttributes.get(input.TargetGroupArn), "TargetGroupNotFound", `Target groups '${input.TargetGroupArn}' not found`) };
  },
  DescribeTags: (input, w) => {
    acceptOnly(w, input, ["ResourceArns"]);
    checkBatch(w.service, w.operation, input);
    const arns: string[] = input.ResourceArns ?? [];
    return {
      TagDescriptions: arns.map((arn) => ({
        ResourceArn: arn,
        Tags: found(w.data.elbv2Tags.get(arn), arn.includes(":targetgroup/") ? "TargetGroupNotFound" : "LoadBalancerNotFound", `'${arn}' not found`),
      })),
    };
  },
};

const ElasticLoadBalancing: Record<string, Responder> = {
  /** A load balancer's own policies, or without a name the predefined (sample) ones; not paginated. */
  DescribeLoadBalancerPolicies: (input, w) => {
    acceptOnly(w, input, ["LoadBalancerName", "PolicyNames"]);
    const name: string | undefined = input.LoadBalancerName;
    if (name !== undefined && !w.data.classicLoadBalancers.some((lb) => lb.LoadBalancerName === name)) {
      throw awsError("LoadBalancerNotFound", `There is no ACTIVE Load Balancer named '${name}'`, 400);
    }
    const policies = name === undefined ? CLASSIC_PREDEFINED_POLICIES : (w.data.classicPolicies.get(name) ?? []);
    const names: string[] | undefined = input.PolicyNames;
    const missing = names?.find((policy) => !policies.some((p) => p.PolicyName === policy));
    if (missing) throw awsError("PolicyNotFound", `There is no policy with name ${missing}${name ? ` for load balancer ${name}` : ""}`, 400);
    return { PolicyDescriptions: names ? policies.filter((p) => names.includes(p.PolicyName!)) : policies };
  },
  DescribeLoadBalancers: (input, w) => {
    const names: string[] | undefined = input.LoadBalancerNames;
    const missing = names?.find((name) => !w.data.classicLoadBalancers.some((lb) => lb.LoadBalancerName === name));
    const loadBalancers = namedItems(w.data.classicLoadBalancers, names, (lb) => lb.LoadBalancerName, () => awsError("LoadBalancerNotFound", `There is no ACTIVE Load Balancer named '${missing}'`, 400));
    return paged(offsetPage(w, input, loadBalancers, ["LoadBalancerNames"]), "LoadBalancerDescriptions", "NextMarker");
  },
  DescribeLoadBalancerAttributes: (input, w) => {
    acceptOnly(w, input, ["LoadBalancerName"]);
    return { LoadBalancerAttributes: found(w.data.classicAttributes.get(input.LoadBalancerName), "LoadBalancerNotFound", `There is no ACTIVE Load Balancer named '${input.LoadBalancerName}'`) };
  },
  DescribeTags: (input, w) => {
    acceptOnly(w, input, ["LoadBalancerNames"]);
    checkBatch(w.service, w.operation, input);
    const names: string[] = input.LoadBalancerNames ?? [];
    return {
      TagDescriptions: names.map((name) => ({ LoadBalancerName: name, Tags: found(w.data.classicTags.get(name), "LoadBalancerNotFound", `There is no ACTIVE Load Balancer named '${name}'`) })),
    };
  },
};

const CloudFront: Record<string, Responder> = {
  ListDistributions: (input, w) => {
    const { page, truncated, next, size } = idPage(w, input, w.global.distributions, (d) => d.Id!, "last-of-page");
    return { DistributionList: { Marker: input.Marker ?? "", MaxItems: size, IsTruncated: truncated, Quantity: page.length, Items: page, ...(next && { NextMarker: next }) } };
  },
  /** The distribution as its summary lists it, with its whole config. */
  GetDistribution: (input, w) => {
    acceptOnly(w, input, ["Id"]);
    const summary = found(w.global.distributions.find((d) => d.Id === input.Id), "NoSuchDistribution", "The specified distribution does not exist.");
    const { Id, ARN, Status, LastModifiedTime, DomainName } = summary;
    const trusted = { Enabled: false, Quantity: 0 };
    return {
      Distribution: { Id, ARN, Status, LastModifiedTime, InProgressInvalidationBatches: 0, DomainName, ActiveTrustedSigners: trusted, ActiveTrustedKeyGroups: trusted, DistributionConfig: w.global.distributionConfigs.get(input.Id) },
      ETag: `E${input.Id.slice(1, 14)}`,
    };
  },
  GetDistributionConfig: (input, w) => {
    acceptOnly(w, input, ["Id"]);
    const config = found(w.global.distributionConfigs.get(input.Id), "NoSuchDistribution", "The specified distribution does not exist.");
    return { DistributionConfig: config, ETag: `E${input.Id.slice(1, 14)}` };
  },
  ListTagsForResource: (input, w) => {
    acceptOnly(w, input, ["Resource"]);
    return { Tags: { Items: found(w.global.distributionTags.get(input.Resource), "NoSuchResource", "The specified resource does not exist.") } };
  },
  // The account's OAIs are those its distributions' S3 origins name; each S3 canonical user id is 64 hex digits.
  ListCloudFrontOriginAccessIdentities: (input, w) => {
    const ids = [...new Set(w.global.distributions.flatMap((d) => (d.Origins?.Items ?? []).map((o) => o.S3OriginConfig?.OriginAccessIdentity?.split("/").pop() ?? "")))].filter(Boolean).sort();
    const all = ids.map((Id) => ({ Id, S3CanonicalUserId: createHash("sha256").update(Id).digest("hex"), Comment: "" }));
    const { page, truncated, next, size } = idPage(w, input, all, (o) => o.Id, "last-of-page");
    return { CloudFrontOriginAccessIdentityList: { Marker: input.Marker ?? "", MaxItems: size, IsTruncated: truncated, Quantity: page.length, Items: page, ...(next && { NextMarker: next }) } };
  },
};

const zoneIdOf = (id: string) => id.replace(/^\/hostedzone\//, "");

const Route53: Record<string, Responder> = {
  ListHostedZones: (input, w) => {
    const { page, truncated, next, size } = idPage(w, input, w.global.hostedZones, (z) => zoneIdOf(z.Id!), "first-of-next");
    return { HostedZones: page, Marker: input.Marker ?? "", IsTruncated: truncated, MaxItems: size, ...(next && { NextMarker: next }) };
  },
  ListHealthChecks: (input, w) => {
    const { page, truncated, next, size } = idPage(w, input, w.global.healthChecks, (c) => c.Id!, "first-of-next");
    return { HealthChecks: page, Marker: input.Marker ?? "", IsTruncated: truncated, MaxItems: size, ...(next && { NextMarker: next }) };
  },
  /** Record sets in name order; a page starts at the first record at or after StartRecordName/Type/Identifier. */
  ListResourceRecordSets: (input, w) => {
    const limit = PAGE_LIMITS.Route53.ListResourceRecordSets;
    acceptOnly(w, input, ["HostedZoneId", "MaxItems", "StartRecordName", "StartRecordType", "StartRecordIdentifier"]);
    const zoneId = zoneIdOf(String(input.HostedZoneId));
    const records = found(w.global.recordSets.get(zoneId), "NoSuchHostedZone", `No hosted zone found with ID: ${zoneId}`);
    if (input.StartRecordType && !input.StartRecordName) throw invalidParameter("Route53", "StartRecordType requires StartRecordName");
    const size = pageSizeOf(w.service, w.operation, limit, input);
    const from = recordSetKey({ Name: input.StartRecordName, Type: input.StartRecordType, SetIdentifier: input.StartRecordIdentifier });
    let start = input.StartRecordName ? records.findIndex((r) => compareKeys(recordSetKey(r), from) >= 0) : 0;
    if (start < 0) start = records.length;
    const next = records[start + size];
    return {
      ResourceRecordSets: records.slice(start, start + size),
      IsTruncated: next !== undefined,
      MaxItems: size,
      ...(next && { NextRecordName: next.Name, NextRecordType: next.Type, ...(next.SetIdentifier !== undefined && { NextRecordIdentifier: next.SetIdentifier }) }),
    };
  },
  GetHealthCheck: (input, w) => {
    acceptOnly(w, input, ["HealthCheckId"]);
    const check = w.global.healthChecks.find((c) => c.Id === input.HealthCheckId);
    return { HealthCheck: found(check, "NoSuchHealthCheck", `No health check exists with the specified ID ${input.HealthCheckId}`) };
  },
  /** A public zone comes with its name servers; a private one's VPCs are not modelled (AWS lists them in VPCs). */
  GetHostedZone: (input, w) => {
    acceptOnly(w, input, ["Id"]);
    const zoneId = zoneIdOf(String(input.Id));
    const zone = found(w.global.hostedZones.find((z) => zoneIdOf(z.Id!) === zoneId), "NoSuchHostedZone", `No hosted zone found with ID: ${zoneId}`);
    const nameServers = w.global.recordSets.get(zoneId)?.find((r) => r.Type === "NS" && r.Name === zone.Name)?.ResourceRecords?.map((r) => r.Value!) ?? [];
    return { HostedZone: zone, ...(!zone.Config?.PrivateZone && { DelegationSet: { NameServers: nameServers } }) };
  },
  ListTagsForResources: (input, w) => {
    acceptOnly(w, input, ["ResourceType", "ResourceIds"]);
    checkBatch(w.service, w.operation, input);
    return { ResourceTagSets: (input.ResourceIds as string[]).map((id) => route53TagSet(w, String(input.ResourceType), id)) };
  },
  ListTagsForResource: (input, w) => {
    acceptOnly(w, input, ["ResourceType", "ResourceId"]);
    return { ResourceTagSet: route53TagSet(w, String(input.ResourceType), String(input.ResourceId)) };
  },
};

function route53TagSet(w: Where, type: string, id: string) {
  const tags = found(w.global.route53Tags.get(`${type}/${id}`), type === "healthcheck" ? "NoSuchHealthCheck" : "NoSuchHostedZone", `No ${type} found with ID: ${id}`);
  return { ResourceType: type, ResourceId: id, Tags: tags };
}

const CloudWatch: Record<string, Responder> = {
  // Route 53 publishes health-check metrics in us-east-1 only, so their alarms are there.
  DescribeAlarms: (input, w) => {
    const alarms = w.region === "us-east-1" ? [...w.data.alarms, ...w.global.healthCheckAlarms] : w.data.alarms;
    const types: string[] = input.AlarmTypes ?? ["MetricAlarm"];
    const page = offsetPage(w, input, types.includes("MetricAlarm") ? alarms : [], ["AlarmTypes"]);
    return { ...paged(page, "MetricAlarms", "NextToken"), CompositeAlarms: [] };
  },
};

/**
 * ListBuckets lists buckets in name order and, asked with any parameter,
 * pages with an opaque ContinuationToken and gives each its BucketRegion.
 * A bucket's settings are answered only in its own region; elsewhere S3
 * answers 301 PermanentRedirect.
 */
const S3: Record<string, Responder> = {
  ListBuckets: (input, w) => {
    const { storage } = w.global;
    const buckets = [...storage.buckets].sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0));
    const paged = Object.values(input).some((value) => value !== undefined);
    const page = offsetPage(w, input, paged ? buckets : buckets.map(({ BucketRegion: _, ...bucket }) => bucket));
    const owner = storage.acls.values().next().value?.Owner;
    return { Buckets: page.items, ...(owner && { Owner: owner }), ...(page.next && { ContinuationToken: page.next }) };
  },
  GetPublicAccessBlock: (input, w) => ({
    PublicAccessBlockConfiguration: found(bucketSetting(w, input, w.global.storage.publicAccessBlocks), "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"),
  }),
  GetBucketPolicy: (input, w) => ({ Policy: found(bucketSetting(w, input, w.global.storage.policies), "NoSuchBucketPolicy", "The bucket policy does not exist") }),
  GetBucketPolicyStatus: (input, w) => ({
    PolicyStatus: { IsPublic: isPublicPolicy(found(bucketSetting(w, input, w.global.storage.policies), "NoSuchBucketPolicy", "The bucket policy does not exist")) },
  }),
  GetBucketAcl: (input, w) => bucketSetting(w, input, w.global.storage.acls)!,
  // A bucket whose versioning was never enabled answers with an empty configuration.
  GetBucketVersioning: (input, w) => {
    const status = bucketSetting(w, input, w.global.storage.versioning);
    return status ? { Status: status } : {};
  },
};

/** A bucket's setting, after S3's checks: the bucket exists and is asked for in its own region. */
function bucketSetting<T>(w: Where, input: Input, settings: Map<string, T>): T | undefined {
  acceptOnly(w, input, ["Bucket"]);
  const bucket = found(
    w.global.storage.buckets.find((b) => b.Name === input.Bucket),
    "NoSuchBucket",
    "The specified bucket does not exist",
  );
  if (bucket.BucketRegion !== w.region) {
    throw Object.assign(awsError("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", 301), {
      Endpoint: `${input.Bucket}.s3.${bucket.BucketRegion}.amazonaws.com`,
      Bucket: input.Bucket,
    });
  }
  return settings.get(input.Bucket);
}

const S3Control: Record<string, Responder> = {
  GetPublicAccessBlock: (input, w) => {
    acceptOnly(w, input, ["AccountId"]);
    return { PublicAccessBlockConfiguration: found(w.global.storage.accountPublicAccessBlock, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found") };
  },
};

/** CloudTrail's answer for a trail it does not know, or one of another account that it will not show. */
function trailNotFound(w: Where, name: string): Error {
  return awsError("TrailNotFoundException", `Unknown trail: ${name} for the user: ${w.accountId}`, 400);
}

/**
 * A trail by ARN from any region, or by name in its home region (names are
 * regional), as the per-trail calls find it.
 */
function trailNamed(w: Where, name: string): Trail | undefined {
  return w.global.audit.trails.find((t) => t.TrailARN === name || (t.Name === name && t.HomeRegion === w.region));
}

const CloudTrail: Record<string, Responder> = {
  // Account-wide: every region lists every trail of the account once, with its home region.
  ListTrails: (input, w) => paged(offsetPage(w, input, w.global.audit.trails.map((t) => ({ TrailARN: t.TrailARN, Name: t.Name, HomeRegion: t.HomeRegion }))), "Trails", "NextToken"),
  /**
   * Named trails are returned when found (unknown names are left out); with no
   * names, the region's own trails and, unless includeShadowTrails is false,
   * the shadows of other regions' multi-region trails and of organization trails.
   */
  DescribeTrails: (input, w) => {
    acceptOnly(w, input, ["trailNameList", "includeShadowTrails"]);
    const shadows = input.includeShadowTrails !== false;
    const isShadow = (t: Trail) => t.HomeRegion !== w.region || !t.TrailARN!.includes(`:${w.accountId}:`);
    const names: string[] = input.trailNameList ?? [];
    const trails =
      names.length > 0
        ? names.flatMap((name) => trailNamed(w, name) ?? []).filter((t) => shadows || !isShadow(t))
        : w.global.audit.trails.filter((t) => (t.HomeRegion === w.region || (shadows && (t.IsMultiRegionTrail || t.IsOrganizationTrail))) && (shadows || !isShadow(t)));
    return { trailList: trails };
  },
  GetTrailStatus: (input, w) => {
    acceptOnly(w, input, ["Name"]);
    const status = w.global.audit.trailStatus.get(trailNamed(w, input.Name)?.TrailARN ?? "");
    if (!status) throw trailNotFound(w, input.Name);
    return { ...status };
  },
  // A member account is refused the selectors of its organization's trail: those have no entry.
  GetEventSelectors: (input, w) => {
    acceptOnly(w, input, ["TrailName"]);
    const arn = trailNamed(w, input.TrailName)?.TrailARN;
    const selectors = arn === undefined ? undefined : w.global.audit.eventSelectors.get(arn);
    if (!selectors) throw trailNotFound(w, input.TrailName);
    return { TrailARN: arn, ...selectors };
  },
  /** The region's write events of the window (the only lookup driftwarden makes: ReadOnly false), newest first, as LookupEvents pages them. */
  LookupEvents: (input, w) => {
    const from = new Date(input.StartTime).getTime();
    const to = new Date(input.EndTime).getTime();
    const events = w.global.audit.lookupEvents
      .filter((e) => e.awsRegion === w.region && Date.parse(e.eventTime) >= from && Date.parse(e.eventTime) <= to)
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
    const page = offsetPage(w, input, events, ["LookupAttributes", "StartTime", "EndTime"]);
    const Events = page.items.map((e) => ({ EventId: e.eventID, EventName: e.eventName, ReadOnly: "false", EventTime: new Date(e.eventTime), EventSource: e.eventSource, CloudTrailEvent: JSON.stringify(e) }));
    return { Events, ...(page.next && { NextToken: page.next }) };
  },
};

const IAM: Record<string, Responder> = {
  GetAccountSummary: (input, w) => {
    acceptOnly(w, input, []);
    return { SummaryMap: { ...w.global.audit.accountSummary } };
  },
};

const DynamoDB: Record<string, Responder> = {
  /** Table names in code-unit order; a page starts after ExclusiveStartTableName, and LastEvaluatedTableName ends a page that has more after it. */
  ListTables: (input, w) => {
    const limit = PAGE_LIMITS.DynamoDB.ListTables;
    acceptOnly(w, input, ["Limit", "ExclusiveStartTableName"]);
    const size = pageSizeOf(w.service, w.operation, limit, input);
    const names = w.data.tables.map((t) => t.TableName!);
    const after = input.ExclusiveStartTableName as string | undefined;
    const start = after === undefined ? 0 : names.filter((name) => name <= after).length;
    const page = names.slice(start, start + size);
    return { TableNames: page, ...(start + size < names.length && { LastEvaluatedTableName: page[page.length - 1] }) };
  },
  DescribeTable: (input, w) => {
    acceptOnly(w, input, ["TableName"]);
    const table = w.data.tables.find((t) => t.TableName === input.TableName);
    return { Table: found(table, "ResourceNotFoundException", `Requested resource not found: Table: ${input.TableName} not found`) };
  },
  DescribeContinuousBackups: (input, w) => {
    acceptOnly(w, input, ["TableName"]);
    return { ContinuousBackupsDescription: found(w.data.continuousBackups.get(input.TableName), "TableNotFoundException", `Table not found: ${input.TableName}`) };
  },
};

export const RESPONDERS: Record<string, Record<string, Responder>> = {
  EC2,
  RDS,
  AutoScaling,
  ElasticLoadBalancingV2,
  ElasticLoadBalancing,
  CloudFront,
  Route53,
  CloudWatch,
  S3,
  S3Control,
  CloudTrail,
  IAM,
  DynamoDB,
};
