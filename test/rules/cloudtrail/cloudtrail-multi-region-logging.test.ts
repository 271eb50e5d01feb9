import rule from "../../../rules/cloudtrail/cloudtrail-multi-region-logging.js";
import {
  account,
  dataSelector,
  describedTrail,
  eventSelector,
  managementSelector,
  organizationTrail,
  trail,
  trailStatus,
} from "../../support/audit-builders.js";
import { collectionError } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const logging = trailStatus(true);
const stopped = trailStatus(false);
const allEvents = { EventSelectors: [eventSelector("All")] };
const multiRegion = describedTrail("management-events", { IsMultiRegionTrail: true });
const regional = describedTrail("app-audit-eu", { HomeRegion: "eu-west-1" });
const org = organizationTrail("aws-controltower-BaselineCloudTrail");
const trailsDenied = collectionError("cloudtrail", "cloudtrail:ListTrails", ["AWS::CloudTrail::Trail"], { code: "AccessDeniedException" });

ruleTester.run(rule, {
  pass: [
    {
      name: "multi-region trail logging all management events (basic selector)",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: allEvents })],
      reason: /management-events \(home us-east-1\) applies to all regions, is logging and records management write events \(all\)/,
    },
    {
      name: "advanced selectors recording only writes (readOnly Equals false)",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { AdvancedEventSelectors: [managementSelector("false"), dataSelector()] } })],
      reason: /\(write-only\)/,
    },
    {
      name: "advanced selector without readOnly records reads and writes",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { AdvancedEventSelectors: [managementSelector()] } })],
      reason: /\(all\)/,
    },
    {
      name: "basic WriteOnly selector, beside a stopped trail",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { EventSelectors: [eventSelector("WriteOnly")] } }), trail(regional, { status: stopped, selectors: allEvents })],
      reason: /\(write-only\)/,
    },
    {
      name: "organization trail seen from a member: logging, its selectors refused (TrailNotFoundException)",
      resource: account(),
      related: [trail(org, { status: logging, selectors: { refused: "TrailNotFoundException" } })],
      reason: /organization trail aws-controltower-BaselineCloudTrail \(home us-east-1\) of management account 111122223333 applies to all regions and is logging; its event selectors .* cannot be read from this account \(GetEventSelectors answer \(TrailNotFoundException/,
      evidence: { trails: [{ isMultiRegionTrail: true, isOrganizationTrail: true, isLogging: true }] },
    },
    {
      name: "organization trail seen from a member, selectors readable",
      resource: account(),
      related: [trail(org, { status: logging, selectors: allEvents })],
      reason: /aws-controltower-BaselineCloudTrail .* records management write events/,
    },
    {
      name: "trails incomplete, but a trail read is proof enough",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: allEvents })],
      errors: [trailsDenied],
    },
  ],
  fail: [
    { name: "no trail at all", resource: account(), reason: /the account has no CloudTrail trail/ },
    {
      name: "the only multi-region trail is not logging",
      resource: account(),
      related: [trail(multiRegion, { status: stopped, selectors: allEvents })],
      reason: /management-events \(home us-east-1\) applies to all regions but is not logging/,
      evidence: { trails: [{ arn: multiRegion.TrailARN, isMultiRegionTrail: true, isLogging: false, managementEvents: "all" }] },
    },
    {
      name: "multi-region trail records only read events (basic ReadOnly)",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { EventSelectors: [eventSelector("ReadOnly")] } })],
      reason: /is logging but records only read-only management events/,
    },
    {
      name: "multi-region trail records only read events (advanced readOnly Equals true)",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { AdvancedEventSelectors: [managementSelector("true")] } })],
      reason: /records only read-only management events/,
    },
    {
      name: "multi-region trail with management events excluded, data events only",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { AdvancedEventSelectors: [dataSelector()] } })],
      reason: /records no management events/,
    },
    {
      name: "basic selector with IncludeManagementEvents false",
      resource: account(),
      related: [trail(multiRegion, { status: logging, selectors: { EventSelectors: [eventSelector("All", false)] } })],
      reason: /records no management events/,
    },
    {
      name: "only single-region trails log",
      resource: account(),
      related: [trail(regional, { status: logging, selectors: allEvents }), trail(describedTrail("app-audit"), { status: logging, selectors: allEvents })],
      reason: /app-audit-eu \(home eu-west-1\) applies to its home region only; app-audit \(home us-east-1\) applies to its home region only/,
    },
    {
      name: "organization trail that is not logging",
      resource: account(),
      related: [trail(org, { status: stopped, selectors: { refused: "TrailNotFoundException" } })],
      reason: /applies to all regions but is not logging/,
    },
  ],
  notApplicable: [],
  error: [
    { name: "trails not fully collected and none read records", resource: account(), errors: [trailsDenied], reason: /AWS::CloudTrail::Trail in us-east-1 not fully collected in this run/ },
    { name: "status not read (the plan skipped GetTrailStatus)", resource: account(), related: [trail(multiRegion, { selectors: allEvents })], reason: /its status was not read/ },
    { name: "selectors not read", resource: account(), related: [trail(multiRegion, { status: logging })], reason: /its event selectors were not read/ },
    {
      name: "organization trail whose status the member is refused",
      resource: account(),
      related: [trail(org, { status: { refused: "CloudTrailARNInvalidException" }, selectors: { refused: "CloudTrailARNInvalidException" } })],
      reason: /its status could not be read \(GetTrailStatus answer \(CloudTrailARNInvalidException for a trail of account 111122223333\)\)/,
    },
  ],
});
