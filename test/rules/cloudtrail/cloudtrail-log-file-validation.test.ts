import rule from "../../../rules/cloudtrail/cloudtrail-log-file-validation.js";
import { describedTrail, organizationTrail, trail } from "../../support/audit-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "multi-region trail with validation", resource: trail(describedTrail("management-events", { IsMultiRegionTrail: true })), reason: /signed digest files/, evidence: { logFileValidationEnabled: true } },
    { name: "single-region trail in another home region", resource: trail(describedTrail("app-audit-eu", { HomeRegion: "eu-west-1", KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789" })), evidence: { homeRegion: "eu-west-1" } },
  ],
  fail: [
    { name: "multi-region trail without validation", resource: trail(describedTrail("management-events", { IsMultiRegionTrail: true, LogFileValidationEnabled: false })), reason: /LogFileValidationEnabled false/ },
    { name: "regional trail without validation", resource: trail(describedTrail("app-audit", { LogFileValidationEnabled: false })), evidence: { homeRegion: "us-east-1", logFileValidationEnabled: false } },
    {
      name: "trail with CloudWatch Logs delivery but no validation, home eu-west-1",
      resource: trail(
        describedTrail("app-audit-eu", {
          HomeRegion: "eu-west-1",
          LogFileValidationEnabled: false,
          CloudWatchLogsLogGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:CloudTrail/app-audit:*",
          CloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role",
        }),
      ),
      evidence: { homeRegion: "eu-west-1" },
    },
  ],
  notApplicable: [
    { name: "organization trail seen from a member account", resource: trail(organizationTrail("aws-controltower-BaselineCloudTrail", { LogFileValidationEnabled: false })), reason: /organization trail of account 111122223333/ },
  ],
  error: [
    {
      name: "trail the collector could not describe",
      resource: trail(describedTrail("management-events", { LogFileValidationEnabled: undefined })),
      reason: /Trail\.LogFileValidationEnabled missing/,
    },
  ],
});
