import * as z from "zod";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { Trail } from "./trails.js";
import { ownedElsewhere, TRAIL } from "./trails.js";

export default defineRule({
  id: "cloudtrail-log-file-validation",
  title: "CloudTrail log file validation is on",
  service: "cloudtrail",
  severity: "low",
  resourceTypes: [TRAIL],
  rationale:
    "With log file validation on, CloudTrail delivers a signed digest file every hour, so that a log file changed or deleted after delivery is detected (aws cloudtrail validate-logs); without it, the audit log of every API call cannot be shown to be intact.",
  remediation:
    "Turn on log file validation, in the trail's home region (the region its ARN names; add --region with it):\n" +
    "aws cloudtrail update-trail --name management-events --enable-log-file-validation\n" +
    "Digests cover the logs delivered from then on; aws cloudtrail validate-logs checks them.",
  references: { awsConfig: "cloud-trail-log-file-validation-enabled", securityHub: "CloudTrail.4" },
  params: z.object({}).strict(),
  // Each trail is one record (ListTrails lists a multi-region trail once, not its shadow copies), judged once.
  evaluate(trail: Trail) {
    // A member account can neither change nor delete its organization's trail: the management account's audit judges it.
    if (ownedElsewhere(trail)) return notApplicable(`organization trail of account ${trail.attributes.ownerAccountId}, managed by the organization's management account`);
    const evidence = { homeRegion: trail.attributes.homeRegion, logFileValidationEnabled: trail.attributes.logFileValidationEnabled };
    if (trail.attributes.logFileValidationEnabled) return pass("log file validation is on: CloudTrail delivers signed digest files", evidence);
    return fail("log file validation is off (LogFileValidationEnabled false): changes to delivered log files cannot be detected", evidence);
  },
});
