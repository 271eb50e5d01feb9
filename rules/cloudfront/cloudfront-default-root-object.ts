import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Distribution } from "./distribution.js";
import { configNotRead, DISTRIBUTION } from "./distribution.js";

export default defineRule({
  id: "cloudfront-default-root-object",
  title: "CloudFront has a default root object",
  service: "cloudfront",
  severity: "low",
  resourceTypes: [DISTRIBUTION],
  rationale:
    "Without a default root object a request for the bare domain is passed to the origin as \"/\", which for an S3 origin can list the bucket or expose an error from the origin instead of the site's index page.",
  remediation:
    "Set DefaultRootObject (usually index.html):\n" +
    "aws cloudfront get-distribution-config --id E2QWRUHAPOMQZL > dist.json\n" +
    "# in DistributionConfig: \"DefaultRootObject\": \"index.html\"\n" +
    "aws cloudfront update-distribution --id E2QWRUHAPOMQZL --if-match <ETag> --distribution-config file://dist-config.json",
  references: { securityHub: "CloudFront.1" },
  needs: ["cloudfront.distributionConfig"],
  params: z.object({}).strict(),
  evaluate(distribution: Distribution, ctx) {
    if (!distribution.attributes.logging) return configNotRead(distribution, ctx);
    const root = distribution.attributes.defaultRootObject;
    // CloudFront returns DefaultRootObject "" when none is set.
    if (!root) return fail("no default root object is set", { defaultRootObject: root ?? null });
    return pass(`default root object is ${root}`, { defaultRootObject: root });
  },
});
