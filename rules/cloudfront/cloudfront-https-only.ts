import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Distribution } from "./distribution.js";
import { behaviorsOf, DISTRIBUTION } from "./distribution.js";

/** allow-all is the only other ViewerProtocolPolicy. */
const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

export default defineRule({
  id: "cloudfront-https-only",
  title: "CloudFront requires HTTPS from viewers",
  service: "cloudfront",
  severity: "high",
  resourceTypes: [DISTRIBUTION],
  rationale:
    "Each cache behavior has its own viewer protocol policy, so one path pattern left at allow-all serves that part of the site, and any cookies sent with it, over plain HTTP even when the default behavior redirects.",
  remediation:
    "Set ViewerProtocolPolicy to redirect-to-https (or https-only) in the default and every cache behavior: fetch the config, edit it, and update with its ETag:\n" +
    "aws cloudfront get-distribution-config --id E2QWRUHAPOMQZL > dist.json\n" +
    "# in DistributionConfig.DefaultCacheBehavior and each CacheBehaviors.Items[]: \"ViewerProtocolPolicy\": \"redirect-to-https\"\n" +
    "aws cloudfront update-distribution --id E2QWRUHAPOMQZL --if-match <ETag> --distribution-config file://dist-config.json",
  references: { awsConfig: "cloudfront-viewer-policy-https", securityHub: "CloudFront.3" },
  params: z.object({}).strict(),
  evaluate(distribution: Distribution) {
    const behaviors = behaviorsOf(distribution.attributes);
    const offending = behaviors.filter(({ behavior }) => !HTTPS_POLICIES.includes(behavior.viewerProtocolPolicy));
    if (offending.length === 0) return pass(`all ${behaviors.length} cache behaviors require HTTPS`);
    return fail(
      `${offending.length === 1 ? "cache behavior" : "cache behaviors"} ${offending.map((o) => `${o.label} (${o.behavior.viewerProtocolPolicy})`).join(", ")} allow HTTP`,
      {
        pathPatterns: offending.map((o) => o.label),
        behaviors: offending.map((o) => ({ pathPattern: o.label, viewerProtocolPolicy: o.behavior.viewerProtocolPolicy, targetOriginId: o.behavior.targetOriginId })),
      },
    );
  },
});
