import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Distribution } from "./distribution.js";
import { configNotRead, DISTRIBUTION } from "./distribution.js";

export default defineRule({
  id: "cloudfront-logging",
  title: "CloudFront access logging is on",
  service: "cloudfront",
  severity: "low",
  resourceTypes: [DISTRIBUTION],
  rationale:
    "Access logs are the only record of who requested what through the distribution; without them an incident or abuse of the site cannot be investigated.",
  remediation:
    "Turn on standard logging to an S3 bucket that has ACLs enabled:\n" +
    "aws cloudfront get-distribution-config --id E2QWRUHAPOMQZL > dist.json\n" +
    "# in DistributionConfig: \"Logging\": {\"Enabled\": true, \"IncludeCookies\": false, \"Bucket\": \"example-logs.s3.amazonaws.com\", \"Prefix\": \"cloudfront/\"}\n" +
    "aws cloudfront update-distribution --id E2QWRUHAPOMQZL --if-match <ETag> --distribution-config file://dist-config.json",
  references: { securityHub: "CloudFront.5" },
  needs: ["cloudfront.distributionConfig"],
  params: z.object({}).strict(),
  evaluate(distribution: Distribution, ctx) {
    const logging = distribution.attributes.logging;
    if (!logging) return configNotRead(distribution, ctx);
    // Standard logging v2 (CloudWatch Logs delivery) is configured outside the distribution config and is not seen here.
    if (!logging.enabled) return fail("standard access logging is off (the distribution config's Logging.Enabled is false)", { logging });
    const target = logging.bucket ? ` to ${logging.bucket}${logging.prefix ? `/${logging.prefix}` : ""}` : "";
    return pass(`access logging is on${target}`, { logging });
  },
});
