/**
 * The documented request limits of the APIs the collectors call, and the
 * errors AWS answers with when a request breaks them. Services are named as
 * the SDK names their clients, without "Client".
 */
import { awsError } from "../fake-aws.js";

export interface PageLimit {
  /** The input field carrying the page size; absent: the API takes none (CloudTrail ListTrails pages by NextToken alone). */
  field?: string;
  /** The input field carrying the pagination token or marker. */
  token: string;
  min: number;
  max: number;
  /** The page size AWS uses when the field is absent; absent: EC2 returns everything in one response. */
  default?: number;
  /** Route 53 documents that it returns at most `max` items for a larger value; every other API rejects it. */
  aboveMax: "reject" | "truncate";
}

const ec2 = (max: number): PageLimit => ({ field: "MaxResults", token: "NextToken", min: 5, max, aboveMax: "reject" });
const rds: PageLimit = { field: "MaxRecords", token: "Marker", min: 20, max: 100, default: 100, aboveMax: "reject" };
const elb: PageLimit = { field: "PageSize", token: "Marker", min: 1, max: 400, default: 400, aboveMax: "reject" };

export const PAGE_LIMITS: Record<string, Record<string, PageLimit>> = {
  EC2: {
    DescribeSecurityGroups: ec2(1000),
    DescribeNetworkInterfaces: ec2(1000),
    DescribeInstances: ec2(1000),
    DescribeVolumes: ec2(1000),
    DescribeVpcs: ec2(1000),
    DescribeSubnets: ec2(1000),
    // Route tables are the exception among the EC2 Describe calls: at most 100 per page.
    DescribeRouteTables: ec2(100),
    DescribeFlowLogs: { ...ec2(1000), min: 1 },
    // Launch templates and their versions: MaxResults 1 to 200.
    DescribeLaunchTemplates: { ...ec2(200), min: 1 },
    DescribeLaunchTemplateVersions: { ...ec2(200), min: 1 },
  },
  RDS: { DescribeDBInstances: rds, DescribeDBClusters: rds, DescribeDBParameters: rds, DescribeDBClusterParameters: rds },
  AutoScaling: { DescribeAutoScalingGroups: { field: "MaxRecords", token: "NextToken", min: 1, max: 100, default: 50, aboveMax: "reject" } },
  ElasticLoadBalancingV2: { DescribeLoadBalancers: elb, DescribeTargetGroups: elb, DescribeListeners: elb, DescribeSSLPolicies: elb },
  ElasticLoadBalancing: { DescribeLoadBalancers: elb },
  // The CloudFront API reference gives 100 as both the default and the maximum of ListDistributions.
  CloudFront: {
    ListDistributions: { field: "MaxItems", token: "Marker", min: 1, max: 100, default: 100, aboveMax: "reject" },
    ListCloudFrontOriginAccessIdentities: { field: "MaxItems", token: "Marker", min: 1, max: 100, default: 100, aboveMax: "reject" },
  },
  Route53: {
    ListHostedZones: { field: "MaxItems", token: "Marker", min: 1, max: 100, default: 100, aboveMax: "truncate" },
    ListHealthChecks: { field: "MaxItems", token: "Marker", min: 1, max: 1000, default: 100, aboveMax: "truncate" },
    ListResourceRecordSets: { field: "MaxItems", token: "StartRecordName", min: 1, max: 300, default: 300, aboveMax: "truncate" },
  },
  CloudWatch: { DescribeAlarms: { field: "MaxRecords", token: "NextToken", min: 1, max: 100, default: 50, aboveMax: "reject" } },
  // ListTables: Limit 1-100 (100 when absent); the next page starts after ExclusiveStartTableName, the last name of the page before.
  DynamoDB: { ListTables: { field: "Limit", token: "ExclusiveStartTableName", min: 1, max: 100, default: 100, aboveMax: "reject" } },
  // MaxBuckets 1-10000; a request with another parameter but no MaxBuckets gets pages of 10,000.
  S3: { ListBuckets: { field: "MaxBuckets", token: "ContinuationToken", min: 1, max: 10000, default: 10000, aboveMax: "reject" } },
  // ListTrails takes no page size and documents none; this endpoint answers 50 trails a page.
  CloudTrail: {
    ListTrails: { token: "NextToken", min: 1, max: 50, default: 50, aboveMax: "reject" },
    LookupEvents: { field: "MaxResults", token: "NextToken", min: 1, max: 50, default: 50, aboveMax: "reject" },
  },
  // MaxResults 1-20; without it, Organizations pages at 20 too.
  Organizations: { ListAccounts: { field: "MaxResults", token: "NextToken", min: 1, max: 20, default: 20, aboveMax: "reject" } },
};

/** Calls that take a bounded list of names or ARNs. */
export const BATCH_LIMITS: Record<string, Record<string, { field: string; max: number }>> = {
  ElasticLoadBalancingV2: { DescribeTags: { field: "ResourceArns", max: 20 } },
  ElasticLoadBalancing: { DescribeTags: { field: "LoadBalancerNames", max: 20 } },
  Route53: { ListTagsForResources: { field: "ResourceIds", max: 10 } },
};

/** EC2 takes at most 200 values across the filters of one request. */
const EC2_FILTER_VALUES = 200;

export function checkEc2Filters(filters: { Values?: string[] }[]): void {
  const values = filters.reduce((total, f) => total + (f.Values?.length ?? 0), 0);
  if (values > EC2_FILTER_VALUES) throw awsError("FilterLimitExceeded", `The maximum number of filter values specified on a single call is ${EC2_FILTER_VALUES}`, 400);
}

/** DescribeAutoScalingGroups takes 50 AutoScalingGroupNames, or as many as a larger MaxRecords. */
export function checkNameCount(names: number, maxRecords: number | undefined): void {
  const allowed = Math.max(50, maxRecords ?? 0);
  if (names > allowed) throw invalidParameter("AutoScaling", `The number of AutoScalingGroupNames (${names}) exceeds the maximum of ${allowed}.`);
}

/** The error code each service answers an out-of-range parameter with. */
const INVALID_PARAMETER: Record<string, string> = {
  EC2: "InvalidParameterValue",
  RDS: "InvalidParameterValue",
  CloudFront: "InvalidArgument",
  Route53: "InvalidInput",
  DynamoDB: "ValidationException",
  Organizations: "ValidationException",
  S3: "InvalidArgument",
};

export function invalidParameter(service: string, message: string): Error {
  return awsError(INVALID_PARAMETER[service] ?? "ValidationError", message, 400);
}

/** EC2 throttles with RequestLimitExceeded (HTTP 503), Organizations with TooManyRequestsException, the other services with Throttling (HTTP 400). */
export function throttlingError(service: string): Error {
  if (service === "EC2") return awsError("RequestLimitExceeded", "Request limit exceeded.", 503);
  if (service === "Organizations") return awsError("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress. Try again later.", 400);
  return awsError("Throttling", "Rate exceeded", 400);
}

/** The page size a request asks for, checked against the API's limits as AWS checks it. */
export function pageSizeOf(service: string, operation: string, limit: PageLimit, input: Record<string, unknown>): number {
  const requested = limit.field === undefined ? undefined : input[limit.field];
  if (requested === undefined) return limit.default ?? Number.POSITIVE_INFINITY;
  const size = Number(requested);
  if (size > limit.max && limit.aboveMax === "truncate") return limit.max;
  if (Number.isInteger(size) && size >= limit.min && size <= limit.max) return size;
  throw invalidParameter(service, outOfRange(service, operation, limit, requested));
}

function outOfRange(service: string, operation: string, limit: PageLimit, value: unknown): string {
  if (service === "EC2") return `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${limit.min} and ${limit.max}.`;
  if (service === "RDS") return `Invalid value ${value} for ${limit.field}. Must be between ${limit.min} and ${limit.max}`;
  const member = limit.field![0]!.toLowerCase() + limit.field!.slice(1);
  const bound = Number(value) > limit.max ? `less than or equal to ${limit.max}` : `greater than or equal to ${limit.min}`;
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value ${bound} (${operation})`;
}

export function checkBatch(service: string, operation: string, input: Record<string, unknown>): void {
  const limit = BATCH_LIMITS[service]?.[operation];
  const values = limit && (input[limit.field] as unknown[] | undefined);
  if (limit && values && values.length > limit.max) {
    throw invalidParameter(service, `1 validation error detected: Value at '${limit.field}' failed to satisfy constraint: Member must have length less than or equal to ${limit.max}`);
  }
}
