/** Trails as records: listed by ListTrails, their settings from DescribeTrails. */
import type { Trail, TrailInfo } from "@aws-sdk/client-cloudtrail";
import type { TrailAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { MalformedResponseError, required } from "../errors.js";
import { ItemFields } from "../listed-items.js";
import { compact } from "../normalize.js";

export const TRAIL = "AWS::CloudTrail::Trail";

export type TrailRecord = ResourceRecord<TrailAttributes>;

// arn:aws:cloudtrail:us-east-2:123456789012:trail/management-events
const TRAIL_ARN = /^arn:[a-z-]+:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/**
 * A trail as ListTrails lists it, once per trail whatever its regions: the
 * id is its ARN, which names its home region and the account that owns it
 * (the management account, for an organization trail seen from a member).
 * Its settings are filled in from DescribeTrails.
 */
export function listedTrail(info: TrailInfo, accountId: string, region: string): TrailRecord {
  const arn = required(info.TrailARN, "TrailInfo.TrailARN");
  const parts = TRAIL_ARN.exec(arn);
  if (!parts) throw new MalformedResponseError("TrailInfo.TrailARN");
  const [, arnRegion, owner, arnName] = parts;
  return {
    type: TRAIL,
    id: arn,
    arn,
    accountId,
    region,
    name: info.Name ?? arnName,
    tags: {},
    // The ARN's region is the home region: a trail keeps the ARN it was created with.
    attributes: { homeRegion: info.HomeRegion ?? arnRegion!, ownerAccountId: owner! } as TrailAttributes,
  };
}

/** The settings DescribeTrails returns for one trail; `trail` undefined: the trail was not in its answer (deleted since it was listed). */
export function trailSettings(trail: Trail | undefined, arn: string, fields = new ItemFields()): Partial<TrailAttributes> {
  const setting = <T>(attribute: string, build: (t: Trail) => T) => fields.read(attribute, () => build(required(trail, `DescribeTrails trailList entry for ${arn}`)));
  return compact({
    isMultiRegionTrail: setting("isMultiRegionTrail", (t) => required(t.IsMultiRegionTrail, "Trail.IsMultiRegionTrail")),
    isOrganizationTrail: setting("isOrganizationTrail", (t) => required(t.IsOrganizationTrail, "Trail.IsOrganizationTrail")),
    logFileValidationEnabled: setting("logFileValidationEnabled", (t) => required(t.LogFileValidationEnabled, "Trail.LogFileValidationEnabled")),
    includeGlobalServiceEvents: trail?.IncludeGlobalServiceEvents,
    s3BucketName: trail?.S3BucketName,
    kmsKeyId: trail?.KmsKeyId,
    cloudWatchLogsLogGroupArn: trail?.CloudWatchLogsLogGroupArn,
  });
}
