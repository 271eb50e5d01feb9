/**
 * What AWS answers each call the collectors make, from a synthetic account:
 * list calls page the way each API pages (opaque tokens, markers that are
 * ids, Route 53's record-name position), per-resource calls look the
 * resource up and fail as AWS does when it is not there.
 */
import { awsError } from "../fake-aws.js";
import type { GlobalData, RegionData } from "./account.js";
import { PAGE_LIMITS, checkBatch, invalidParameter, pageSizeOf } from "./api-limits.js";
import { compareKeys, recordSetKey } from "./edge.js";

export interface Where {
  service: string;
  operation: string;
  region: string;
  data: RegionData;
  global: GlobalData;
}

type Input = Record<string, any>;
type Responder = (input: Input, where: Where) => Record<string, unknown>;

/** A request this endpoint cannot answer faithfully: a test should notice it rather than get made-up data. */
export function unsupported(message: string): Error {
  return Object.assign(new Error(`synthetic endpoint: ${message}`), { name: "UnsupportedBySyntheticEndpoint" });
}

function acceptOnly(where: Where, input: Input, fields: string[]): void {
  const extra = Object.keys(input).filter((key) => input[key] !== undefined && !fields.includes(key));
  if (extra.length > 0) throw unsupported(`${where.service}.${where.operation} with ${extra.join(", ")}`);
}

/** One page of a list whose token is opaque: here, the offset of the next item. */
function offsetPage<T>(where: Where, input: Input, items: T[], fields: string[] = [], weight: (item: T) => number = () => 1): { items: T[]; next?: string } {
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
  DescribeSecurityGroups: (input, w) => paged(offsetPage(w, input, w.data.securityGroups), "SecurityGroups", "NextToken"),
  DescribeNetworkInterfaces: (input, w) => paged(offsetPage(w, input, w.data.networkInterfaces), "NetworkInterfaces", "NextToken"),
  // MaxResults counts instances, not reservations.
  DescribeInstances: (input, w) => paged(offsetPage(w, input, w.data.reservations, [], (r) => r.Instances?.length ?? 0), "Reservations", "NextToken"),
  DescribeVolumes: (input, w) => paged(offsetPage(w, input, w.data.volumes), "Volumes", "NextToken"),
  DescribeVpcs: (input, w) => paged(offsetPage(w, input, w.data.vpcs), "Vpcs", "NextToken"),
  DescribeSubnets: (input, w) => paged(offsetPage(w, input, w.data.subnets), "Subnets", "NextToken"),
  DescribeRouteTables: (input, w) => paged(offsetPage(w, input, w.data.routeTables), "RouteTables", "NextToken"),
  DescribeFlowLogs: (input, w) => paged(offsetPage(w, input, w.data.flowLogs), "FlowLogs", "NextToken"),
  // Not paginated: one response holds every address of the region.
  DescribeAddresses: (input, w) => {
    acceptOnly(w, input, []);
    return { Addresses: w.data.addresses };
  },
  DescribeInstanceAttribute: (input, w) => {
    acceptOnly(w, input, ["InstanceId", "Attribute"]);
    if (input.Attribute !== "disableApiTermination") throw unsupported(`DescribeInstanceAttribute ${input.Attribute}`);
    const value = found(w.data.terminationProtection.get(input.InstanceId) ?? exists(w.data, input.InstanceId), "InvalidInstanceID.NotFound", `The instance ID '${input.InstanceId}' does not exist`);
    return { InstanceId: input.InstanceId, DisableApiTermination: { Value: value } };
  },
};

/** Instances in an Auto Scaling group have no termination protection: false, like any instance never given it. */
function exists(data: RegionData, instanceId: string): false | undefined {
  return data.reservations.some((r) => r.Instances?.some((i) => i.InstanceId === instanceId)) ? false : undefined;
}

function paged<T>(page: { items: T[]; next?: string }, itemsField: string, tokenField: string): Record<string, unknown> {
  return { [itemsField]: page.items, ...(page.next && { [tokenField]: page.next }) };
}

const RDS: Record<string, Responder> = {
  DescribeDBInstances: (input, w) => paged(offsetPage(w, input, w.data.dbInstances), "DBInstances", "Marker"),
  DescribeDBClusters: (input, w) => paged(offsetPage(w, input, w.data.dbClusters), "DBClusters", "Marker"),
};

const AutoScaling: Record<string, Responder> = {
  DescribeAutoScalingGroups: (input, w) => paged(offsetPage(w, input, w.data.autoScalingGroups), "AutoScalingGroups", "NextToken"),
};

const ElasticLoadBalancingV2: Record<string, Responder> = {
  DescribeLoadBalancers: (input, w) => paged(offsetPage(w, input, w.data.loadBalancers), "LoadBalancers", "NextMarker"),
  DescribeTargetGroups: (input, w) => paged(offsetPage(w, input, w.data.targetGroups), "TargetGroups", "NextMarker"),
  DescribeListeners: (input, w) => {
    const listeners = found(w.data.listeners.get(input.LoadBalancerArn), "LoadBalancerNotFound", `Load balancer '${input.LoadBalancerArn}' not found`);
    return paged(offsetPage(w, input, listeners, ["LoadBalancerArn"]), "Listeners", "NextMarker");
  },
  DescribeLoadBalancerAttributes: (input, w) => {
    acceptOnly(w, input, ["LoadBalancerArn"]);
    return { Attributes: found(w.data.loadBalancerAttributes.get(input.LoadBalancerArn), "LoadBalancerNotFound", `Load balancer '${input.LoadBalancerArn}' not found`) };
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
  DescribeLoadBalancers: (input, w) => paged(offsetPage(w, input, w.data.classicLoadBalancers), "LoadBalancerDescriptions", "NextMarker"),
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
  GetDistributionConfig: (input, w) => {
    acceptOnly(w, input, ["Id"]);
    const config = found(w.global.distributionConfigs.get(input.Id), "NoSuchDistribution", "The specified distribution does not exist.");
    return { DistributionConfig: config, ETag: `E${input.Id.slice(1, 14)}` };
  },
  ListTagsForResource: (input, w) => {
    acceptOnly(w, input, ["Resource"]);
    return { Tags: { Items: found(w.global.distributionTags.get(input.Resource), "NoSuchResource", "The specified resource does not exist.") } };
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

const S3: Record<string, Responder> = {};

const S3Control: Record<string, Responder> = {};

const CloudTrail: Record<string, Responder> = {};

const IAM: Record<string, Responder> = {};

const DynamoDB: Record<string, Responder> = {};

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
