/**
 * The account's audit settings, as CloudTrail and IAM return them. The
 * account is a member of an organization: it sees the organization's
 * multi-region trail, owned by the management account, logging, whose
 * status it may read but whose event selectors it is refused
 * (TrailNotFoundException). Its own trails: a multi-region trail that records
 * only read-only management events, and regional trails over its regions,
 * every other one without log file validation, one of them stopped, their
 * selectors basic or advanced. About 0.2 % of the records are trails (20 at
 * 10,000), and at least six, so that a small account has every kind. The
 * root user has MFA and, left over from the account's early days, an access key.
 *
 * Drawn by position, not at random, so that the other generators' draws are as they were.
 */
import type { AdvancedEventSelector, EventSelector, Trail } from "@aws-sdk/client-cloudtrail";
import type { AuditData, SyntheticAccount } from "./account.js";
import { summaryMap } from "../audit-builders.js";

/** The organization's management account, owner of the organization trail. */
export const MANAGEMENT_ACCOUNT_ID = "111122223333";

const TRAIL_SHARE = 0.002;
const MIN_TRAILS = 6;

const ALL: { EventSelectors: EventSelector[] } = { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
const READS_ONLY: { AdvancedEventSelectors: AdvancedEventSelector[] } = {
  AdvancedEventSelectors: [{ Name: "Read-only management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, { Field: "readOnly", Equals: ["true"] }] }],
};
const WRITES: { AdvancedEventSelectors: AdvancedEventSelector[] } = {
  AdvancedEventSelectors: [{ Name: "Write management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, { Field: "readOnly", Equals: ["false"] }] }],
};

export function addAuditTrail(account: SyntheticAccount, resources: number): void {
  const audit = account.global.audit;
  const regions = account.regions.map((r) => r.region);
  const count = Math.max(MIN_TRAILS, Math.round(resources * TRAIL_SHARE));

  const org = trail("aws-controltower-BaselineCloudTrail", "us-east-1", MANAGEMENT_ACCOUNT_ID, { IsMultiRegionTrail: true, IsOrganizationTrail: true });
  add(audit, org, true);
  add(audit, trail("management-events", "us-east-1", account.accountId, { IsMultiRegionTrail: true }), true, READS_ONLY);
  for (let n = 0; audit.trails.length < count; n++) {
    const home = regions[n % regions.length]!;
    const settings = { LogFileValidationEnabled: n % 2 === 0, ...(n % 3 === 1 && { CloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${account.accountId}:log-group:CloudTrail/app-audit-${n}:*` }) };
    add(audit, trail(`app-audit-${n}`, home, account.accountId, settings), n !== 1, n % 2 === 0 ? ALL : WRITES);
  }

  // The root user has MFA and an access key: iam-root-no-access-keys fails.
  audit.accountSummary = summaryMap({ AccountAccessKeysPresent: 1, Groups: 3, InstanceProfiles: 4, MFADevices: 2, MFADevicesInUse: 2, Policies: 9, PolicyVersionsInUse: 17, Roles: 23, Users: 5 });
}

/** A trail as DescribeTrails returns it. */
function trail(name: string, home: string, owner: string, settings: Partial<Trail>): Trail {
  return {
    Name: name,
    S3BucketName: `aws-cloudtrail-logs-${owner}-${home}`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: home,
    TrailARN: `arn:aws:cloudtrail:${home}:${owner}:trail/${name}`,
    LogFileValidationEnabled: true,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
    ...settings,
  };
}

/** A trail with its status and, unless another account owns it, its event selectors. */
function add(audit: AuditData, t: Trail, logging: boolean, selectors?: { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }): void {
  audit.trails.push({ ...t, HasCustomEventSelectors: selectors?.AdvancedEventSelectors !== undefined });
  const at = new Date("2026-10-30T14:05:00Z");
  audit.trailStatus.set(t.TrailARN!, {
    IsLogging: logging,
    LatestDeliveryTime: at,
    StartLoggingTime: new Date("2025-06-01T09:00:00Z"),
    ...(!logging && { StopLoggingTime: new Date("2026-09-14T08:30:00Z") }),
    LatestDeliveryAttemptTime: "2026-10-30T14:05:00Z",
    LatestNotificationAttemptTime: "",
    LatestNotificationAttemptSucceeded: "",
    LatestDeliveryAttemptSucceeded: "2026-10-30T14:05:00Z",
    TimeLoggingStarted: "2025-06-01T09:00:00Z",
    TimeLoggingStopped: logging ? "" : "2026-09-14T08:30:00Z",
  });
  if (selectors) audit.eventSelectors.set(t.TrailARN!, selectors);
}
