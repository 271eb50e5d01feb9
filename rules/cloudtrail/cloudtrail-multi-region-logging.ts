import * as z from "zod";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import type { AccountAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import { compareText } from "../../src/types/order.js";
import type { Trail } from "./trails.js";
import { homeOf, ownedElsewhere, TRAIL, unreadableMark } from "./trails.js";

/** What the rule makes of one trail. */
type Verdict =
  | { kind: "records"; trail: Trail }
  /** An organization trail, multi-region and logging, whose event selectors its member account is refused. */
  | { kind: "organization"; trail: Trail; refused: string }
  | { kind: "unknown"; trail: Trail; why: string }
  | { kind: "falls-short"; trail: Trail; why: string };

export default defineRule({
  id: "cloudtrail-multi-region-logging",
  title: "A multi-region CloudTrail trail is logging management write events",
  service: "cloudtrail",
  severity: "high",
  resourceTypes: ["AWS::::Account"],
  rationale:
    "CloudTrail keeps the record of every API call made in the account: who changed a security group, stopped logging or created an access key. Only a trail that applies to all regions covers a region nobody watches, and it must be logging and record the management write events, the calls that change something.",
  remediation:
    "Create a multi-region trail delivering to an S3 bucket whose policy lets CloudTrail write to it, and start it:\n" +
    "aws cloudtrail create-trail --name management-events --s3-bucket-name amzn-s3-demo-bucket --is-multi-region-trail --enable-log-file-validation --region us-east-1\n" +
    "aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events --region us-east-1\n" +
    "Record all management events (a trail that records only read events misses every change):\n" +
    "aws cloudtrail put-event-selectors --trail-name arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]' --region us-east-1\n" +
    "For an existing single-region trail, in its home region:\n" +
    "aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events --is-multi-region-trail --region us-east-1",
  references: { awsConfig: "multi-region-cloudtrail-enabled", securityHub: "CloudTrail.1" },
  needs: ["cloudtrail.trailStatus", "cloudtrail.eventSelectors"],
  // Judged from the trails, never from the account record's own (root user) attributes.
  explainedBy: { attributes: [], related: [TRAIL] },
  params: z.object({}).strict(),
  evaluate(account: ResourceRecord<AccountAttributes>, { snapshot }) {
    return judge(account, snapshot);
  },
});

function judge(account: ResourceRecord<AccountAttributes>, snapshot: SnapshotIndex): Outcome {
  // Trails are recorded where the account record is: us-east-1, whatever their home regions.
  const trails = (snapshot.inRegion<Trail["attributes"]>(TRAIL, account.region) as Trail[]).sort((a, b) => compareText(a.id, b.id));
  const verdicts = trails.map(verdictOf);
  const evidence = { trails: trails.map(evidenceOf) };
  const recording = verdicts.find((v) => v.kind === "records");
  if (recording) return pass(`trail ${homeOf(recording.trail)} applies to all regions, is logging and records management write events (${recording.trail.attributes.managementEvents})`, evidence);
  const organization = verdicts.find((v) => v.kind === "organization");
  if (organization?.kind === "organization") {
    // The member can read the organization trail's status but is refused its selectors; it cannot change them either.
    return pass(
      `organization trail ${homeOf(organization.trail)} of management account ${organization.trail.attributes.ownerAccountId} applies to all regions and is logging; its event selectors are the management account's to set and cannot be read from this account (${organization.refused})`,
      evidence,
    );
  }
  // A trail not seen may be the one that records: only a complete list can fail the account.
  if (!snapshot.complete(TRAIL, account.region)) {
    return cannotEvaluate(`${TRAIL} in ${account.region} not fully collected in this run, and none of the trails read records management write events in all regions`);
  }
  const unknown = verdicts.flatMap((v) => (v.kind === "unknown" ? [`${homeOf(v.trail)}: ${v.why}`] : []));
  if (unknown.length > 0) return cannotEvaluate(`could not tell whether these trails record management write events in all regions: ${unknown.join("; ")}`);
  if (trails.length === 0) return fail("the account has no CloudTrail trail: API calls are kept only in the 90-day event history", evidence);
  const shortfalls = verdicts.map((v) => (v.kind === "falls-short" ? `${homeOf(v.trail)} ${v.why}` : ""));
  return fail(`no multi-region trail is logging management write events: ${shortfalls.join("; ")}`, evidence);
}

function verdictOf(trail: Trail): Verdict {
  if (unreadableMark(trail, "isMultiRegionTrail")) return { kind: "unknown", trail, why: "its settings could not be read" };
  const { isMultiRegionTrail } = trail.attributes;
  if (!isMultiRegionTrail) return { kind: "falls-short", trail, why: "applies to its home region only" };
  const statusRefused = unreadableMark(trail, "isLogging");
  if (statusRefused) return { kind: "unknown", trail, why: `its status could not be read (${statusRefused})` };
  const { isLogging } = trail.attributes;
  if (isLogging === undefined) return { kind: "unknown", trail, why: "its status was not read" };
  if (!isLogging) return { kind: "falls-short", trail, why: "applies to all regions but is not logging" };
  const selectorsRefused = unreadableMark(trail, "managementEvents");
  if (selectorsRefused) {
    return ownedElsewhere(trail) ? { kind: "organization", trail, refused: selectorsRefused } : { kind: "unknown", trail, why: `its event selectors could not be read (${selectorsRefused})` };
  }
  const { managementEvents } = trail.attributes;
  if (managementEvents === undefined) return { kind: "unknown", trail, why: "its event selectors were not read" };
  if (managementEvents === "all" || managementEvents === "write-only") return { kind: "records", trail };
  return { kind: "falls-short", trail, why: managementEvents === "read-only" ? "is logging but records only read-only management events" : "is logging but records no management events" };
}

/** What the rule saw of a trail, leaving out what could not be read. */
function evidenceOf(trail: Trail): Record<string, unknown> {
  const readable = (attribute: keyof Trail["attributes"]) => (unreadableMark(trail, attribute) ? undefined : trail.attributes[attribute]);
  return Object.fromEntries(
    Object.entries({
      arn: trail.id,
      homeRegion: trail.attributes.homeRegion,
      isMultiRegionTrail: readable("isMultiRegionTrail"),
      isOrganizationTrail: readable("isOrganizationTrail"),
      isLogging: readable("isLogging"),
      managementEvents: readable("managementEvents"),
    }).filter(([, v]) => v !== undefined),
  );
}
