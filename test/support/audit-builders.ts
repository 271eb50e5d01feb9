/**
 * Builders for CloudTrail trail and IAM account records, made from the
 * shapes AWS documents (DescribeTrails' Trail, GetTrailStatus,
 * GetEventSelectors, GetAccountSummary's SummaryMap) by the collectors' own
 * normalizers, so that a rule test sees exactly what a collection produces.
 */
import type { AdvancedEventSelector, EventSelector, GetEventSelectorsResponse, GetTrailStatusResponse, Trail } from "@aws-sdk/client-cloudtrail";
import { markRefused } from "../../src/collect/cloudtrail/collector.js";
import { managementEventsOf } from "../../src/collect/cloudtrail/selectors.js";
import type { TrailRecord } from "../../src/collect/cloudtrail/trails.js";
import { listedTrail, trailSettings } from "../../src/collect/cloudtrail/trails.js";
import { accountRecord } from "../../src/collect/iam.js";
import { ItemFields } from "../../src/collect/listed-items.js";
import type { AccountAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, REGION } from "./builders.js";
import { awsError } from "./fake-aws.js";

/** The organization's management account, which owns the organization trail its members see. */
export const MANAGEMENT_ACCOUNT = "111122223333";

/** A trail as DescribeTrails returns it: a single-region trail of the audited account in us-east-1 unless told otherwise. */
export function describedTrail(name: string, fields: Partial<Trail> = {}): Trail {
  const home = fields.HomeRegion ?? REGION;
  return {
    Name: name,
    S3BucketName: `aws-cloudtrail-logs-${ACCOUNT}-3f2a9c1e`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: home,
    TrailARN: `arn:aws:cloudtrail:${home}:${ACCOUNT}:trail/${name}`,
    LogFileValidationEnabled: true,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
    ...fields,
  };
}

/** The organization trail as a member account's DescribeTrails shows it: the management account's ARN and bucket. */
export function organizationTrail(name: string, fields: Partial<Trail> = {}): Trail {
  return describedTrail(name, {
    TrailARN: `arn:aws:cloudtrail:${REGION}:${MANAGEMENT_ACCOUNT}:trail/${name}`,
    S3BucketName: `aws-controltower-logs-${MANAGEMENT_ACCOUNT}-us-east-1`,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: true,
    KmsKeyId: `arn:aws:kms:us-east-1:${MANAGEMENT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    ...fields,
  });
}

/** GetTrailStatus for a trail that is (or is not) logging, with the delivery fields AWS returns beside IsLogging. */
export function trailStatus(isLogging: boolean): GetTrailStatusResponse {
  const at = new Date("2026-10-30T14:05:00Z");
  return {
    IsLogging: isLogging,
    LatestDeliveryTime: at,
    LatestDigestDeliveryTime: at,
    StartLoggingTime: new Date("2026-01-12T09:00:00Z"),
    ...(isLogging ? {} : { StopLoggingTime: new Date("2026-10-29T22:17:00Z") }),
    LatestDeliveryAttemptTime: "2026-10-30T14:05:00Z",
    LatestNotificationAttemptTime: "",
    LatestNotificationAttemptSucceeded: "",
    LatestDeliveryAttemptSucceeded: "2026-10-30T14:05:00Z",
    TimeLoggingStarted: "2026-01-12T09:00:00Z",
    TimeLoggingStopped: isLogging ? "" : "2026-10-29T22:17:00Z",
  };
}

/** A basic event selector, with the fields GetEventSelectors returns. */
export function eventSelector(readWriteType: "All" | "ReadOnly" | "WriteOnly", includeManagementEvents = true): EventSelector {
  return { ReadWriteType: readWriteType, IncludeManagementEvents: includeManagementEvents, DataResources: [], ExcludeManagementEventSources: [] };
}

/** An advanced event selector for management events; `readOnly` "true" or "false" keeps only reads or only writes. */
export function managementSelector(readOnly?: "true" | "false", operator: "Equals" | "NotEquals" = "Equals"): AdvancedEventSelector {
  return {
    Name: readOnly === undefined ? "Log all management events" : `Log ${readOnly === "true" ? "read-only" : "write"} management events`,
    FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, ...(readOnly === undefined ? [] : [{ Field: "readOnly", [operator]: [readOnly] }])],
  };
}

/** An advanced event selector for S3 data events only. */
export function dataSelector(): AdvancedEventSelector {
  return {
    Name: "Log object writes of one bucket",
    FieldSelectors: [
      { Field: "eventCategory", Equals: ["Data"] },
      { Field: "resources.type", Equals: ["AWS::S3::Object"] },
      { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::amzn-s3-demo-bucket/"] },
    ],
  };
}

/** A refusal AWS answers a member account for its organization's trail. */
export type Refusal = { refused: "TrailNotFoundException" | "CloudTrailARNInvalidException" | "AccessDeniedException" };

export interface TrailReads {
  status?: GetTrailStatusResponse | Refusal;
  selectors?: Pick<GetEventSelectorsResponse, "EventSelectors" | "AdvancedEventSelectors"> | Refusal;
}

/** The record the collector makes of a described trail and what its optional reads answered (absent: not read). */
export function trail(described: Trail, reads: TrailReads = {}): TrailRecord {
  const record = listedTrail({ TrailARN: described.TrailARN, Name: described.Name, HomeRegion: described.HomeRegion }, ACCOUNT, REGION);
  const fields = new ItemFields();
  Object.assign(record.attributes, trailSettings(described, record.id, fields));
  if (fields.unreadable.length > 0) record.unreadable = fields.unreadable;
  const settle = (attribute: "isLogging" | "managementEvents", operation: string, { refused }: Refusal) => {
    const error = awsError(refused, `Unknown trail: ${record.id} for the user: ${ACCOUNT}`);
    if (!markRefused(ACCOUNT, record, attribute, operation, error)) throw new Error(`the collector would not keep ${operation}'s ${refused} for ${record.id} as ${attribute} unreadable`);
  };
  const { status, selectors } = reads;
  if (status && "refused" in status) settle("isLogging", "GetTrailStatus", status);
  else if (status) record.attributes.isLogging = status.IsLogging!;
  if (selectors && "refused" in selectors) settle("managementEvents", "GetEventSelectors", selectors);
  else if (selectors) record.attributes.managementEvents = managementEventsOf(selectors);
  return record;
}

/**
 * GetAccountSummary's whole SummaryMap for a standalone account whose root
 * user has a password and MFA and no keys; `root` overrides its root-user keys.
 */
export function summaryMap(root: Record<string, number> = {}): Record<string, number> {
  return {
    AccessKeysPerUserQuota: 2,
    AccountAccessKeysPresent: 0,
    AccountMFAEnabled: 1,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    AssumeRolePolicySizeQuota: 2048,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AttachedPoliciesPerUserQuota: 10,
    GlobalEndpointTokenVersion: 1,
    GroupPolicySizeQuota: 5120,
    Groups: 4,
    GroupsPerUserQuota: 10,
    GroupsQuota: 300,
    InstanceProfiles: 6,
    InstanceProfilesQuota: 1000,
    MFADevices: 3,
    MFADevicesInUse: 3,
    Policies: 12,
    PoliciesQuota: 1500,
    PolicySizeQuota: 6144,
    PolicyVersionsInUse: 31,
    PolicyVersionsInUseQuota: 10000,
    Providers: 1,
    RolePolicySizeQuota: 10240,
    Roles: 48,
    RolesQuota: 1000,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    SigningCertificatesPerUserQuota: 2,
    UserPolicySizeQuota: 2048,
    Users: 7,
    UsersQuota: 5000,
    VersionsPerPolicyQuota: 5,
    ...root,
  };
}

/** A member account whose root credentials the organization deleted: no password, keys, certificates or MFA. */
export const CENTRALLY_MANAGED_ROOT = { AccountPasswordPresent: 0, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, AccountMFAEnabled: 0 };

/** The account record the IAM collector makes of this SummaryMap, a missing root-user key left unreadable as the collector leaves it. */
export function account(map: Record<string, number> = summaryMap()): ResourceRecord<AccountAttributes> {
  const fields = new ItemFields();
  const record = accountRecord({ SummaryMap: map }, ACCOUNT, REGION, fields);
  if (fields.unreadable.length > 0) record.unreadable = fields.unreadable;
  return record;
}
