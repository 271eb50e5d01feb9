/** Shapes shared by every stage: what collect produces and later stages read. */
import { compareText } from "./order.js";
import type { CarriedRead } from "./reads.js";

export const RESOURCE_TYPES = [
  "AWS::EC2::SecurityGroup",
  "AWS::EC2::Instance",
  "AWS::EC2::Volume",
  "AWS::EC2::VPC",
  "AWS::EC2::Subnet",
  "AWS::EC2::EIP",
  "AWS::RDS::DBInstance",
  "AWS::RDS::DBCluster",
  "AWS::AutoScaling::AutoScalingGroup",
  "AWS::ElasticLoadBalancingV2::LoadBalancer",
  "AWS::ElasticLoadBalancingV2::TargetGroup",
  "AWS::ElasticLoadBalancing::LoadBalancer",
  "AWS::CloudFront::Distribution",
  "AWS::Route53::HostedZone",
  "AWS::Route53::RecordSet",
  "AWS::Route53::HealthCheck",
  "AWS::EC2::LaunchTemplate",
  "AWS::S3::Bucket",
  "AWS::S3::AccountPublicAccessBlock",
  "AWS::CloudTrail::Trail",
  "AWS::::Account",
  "AWS::DynamoDB::Table",
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Types read once per account and recorded in us-east-1, whatever regions a
 * run audits: the global services (CloudFront, Route 53, IAM) and the
 * account-wide settings and lists (S3's account-level Block Public Access,
 * CloudTrail's trails, whose home region is an attribute).
 */
export const GLOBAL_RESOURCE_TYPES: readonly ResourceType[] = [
  "AWS::CloudFront::Distribution",
  "AWS::Route53::HostedZone",
  "AWS::Route53::RecordSet",
  "AWS::Route53::HealthCheck",
  "AWS::S3::AccountPublicAccessBlock",
  "AWS::CloudTrail::Trail",
  "AWS::::Account",
];

export interface ResourceRecord<A = Record<string, unknown>> {
  /** CloudFormation type name, e.g. "AWS::EC2::SecurityGroup". */
  type: ResourceType;
  /** The service's own id: sg-…, DB identifier, ASG name, … */
  id: string;
  arn?: string;
  accountId: string;
  /** Global services (CloudFront, Route 53) use "us-east-1". */
  region: string;
  /** Name tag or the service's name. */
  name?: string;
  tags: Record<string, string>;
  /** Normalized configuration the rules read; hashed for drift. */
  attributes: A;
  /**
   * Observed runtime state the rules may read but which is not configuration
   * (attachment counts, running instances, desired capacity). Excluded from
   * hashing so that an ASG scaling out is not reported as drift.
   */
  state?: Record<string, unknown>;
  /**
   * Attributes that could not be read because the response lacked a field
   * they are built from. They are absent from `attributes`; a rule that reads
   * one says ERROR for this resource only, and drift keeps their last known value.
   */
  unreadable?: UnreadableAttribute[];
  /**
   * When the record was last read, for a record kept from an earlier run
   * (the service could not be read, or was not looked at): changes to it may
   * have been made at any time since. Absent: read at the snapshot's takenAt.
   */
  observedAt?: string;
  /**
   * When the values some per-resource reads filled were read, for those
   * carried over from an earlier run rather than read again (see
   * src/collect/carried-reads.ts), by read name. Absent: read at takenAt.
   */
  reads?: Partial<Record<CarriedRead, string>>;
  /** For a record with reads that may be carried over: the hash of its list entry, which the next run compares its own with. */
  listed?: string;
}

export interface UnreadableAttribute {
  /** Top-level key of `attributes`, e.g. "healthCheck". */
  attribute: string;
  /** The response field that was missing, e.g. "HealthCheck.Interval". */
  field: string;
}

export interface CollectionError {
  /** Collector name: ec2, rds, autoscaling, elbv2, elb, cloudfront, route53. */
  service: string;
  region: string;
  /** The API operation that failed, e.g. "DescribeSecurityGroups". */
  operation: string;
  /** AWS error code (AccessDenied, Throttling, …) or a driftwarden code (Deadline, MalformedResponse). */
  code: string;
  message: string;
  /**
   * Resource types this failure leaves incomplete in `region`. Later stages
   * keep the previous findings of these types and never report them resolved
   * or removed.
   */
  resourceTypes: ResourceType[];
  /**
   * Set when the failure concerns only these resources (of `resourceTypes`),
   * read but with some attributes unreadable: the rest of the type was read in
   * full, so the type is not incomplete; see ResourceRecord.unreadable.
   */
  resourceIds?: string[];
  /** The account, in an organization run's report (a snapshot is of one account). */
  accountId?: string;
}

export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  accountId: string;
  takenAt: string;
  regions: string[];
  resources: ResourceRecord[];
  errors: CollectionError[];
}

export interface ResourceRef {
  type: ResourceType;
  id: string;
  arn?: string;
  name?: string;
  region: string;
}

/** The order snapshots keep their records in: type, region, id. */
export function compareResources(a: Pick<ResourceRecord, "type" | "region" | "id">, b: Pick<ResourceRecord, "type" | "region" | "id">): number {
  return compareText(a.type, b.type) || compareText(a.region, b.region) || compareText(a.id, b.id);
}

export function refOf(resource: ResourceRecord): ResourceRef {
  const ref: ResourceRef = { type: resource.type, id: resource.id, region: resource.region };
  if (resource.arn) ref.arn = resource.arn;
  if (resource.name) ref.name = resource.name;
  return ref;
}

/** When `record` of `snapshot` was last read. */
export function observedAt(record: Pick<ResourceRecord, "observedAt">, snapshot: Pick<Snapshot, "takenAt">): string {
  return record.observedAt ?? snapshot.takenAt;
}

/** `record`, kept from a snapshot taken at `takenAt`, with the time it was really read. */
export function keptFrom<R extends ResourceRecord>(record: R, takenAt: string): R {
  return record.observedAt ? record : { ...record, observedAt: takenAt };
}

/** Whether a collection error leaves `type` in `region` incomplete. */
export function isIncomplete(errors: CollectionError[], region: string, type: ResourceType): boolean {
  return incompleteBy(errors, region, type) !== undefined;
}

/** The first error that left `type` incomplete in `region`: one naming only some resources (resourceIds) leaves the rest read. */
export function incompleteBy(errors: CollectionError[], region: string, type: ResourceType): CollectionError | undefined {
  return errors.find((e) => e.region === region && !e.resourceIds && e.resourceTypes.includes(type));
}
