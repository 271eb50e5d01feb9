import * as z from "zod";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { Distribution } from "./distribution.js";
import { DISTRIBUTION } from "./distribution.js";

/** CloudFront's security policies (MinimumProtocolVersion), weakest first. */
const SECURITY_POLICIES = [
  "SSLv3",
  "TLSv1",
  "TLSv1_2016",
  "TLSv1.1_2016",
  "TLSv1.2_2018",
  "TLSv1.2_2019",
  "TLSv1.2_2021",
  "TLSv1.2_2025",
  "TLSv1.3_2025",
] as const;

export default defineRule({
  id: "cloudfront-tls-modern",
  title: "CloudFront uses a modern TLS security policy",
  service: "cloudfront",
  severity: "medium",
  resourceTypes: [DISTRIBUTION],
  rationale:
    "The security policy sets the oldest protocol and ciphers viewers may negotiate with the distribution's custom domain; policies older than TLSv1.2_2021 still accept TLS 1.0/1.1 or weak ciphers.",
  remediation:
    "Raise the viewer certificate's MinimumProtocolVersion to TLSv1.2_2021 or later:\n" +
    "aws cloudfront get-distribution-config --id E2QWRUHAPOMQZL > dist.json\n" +
    "# in DistributionConfig.ViewerCertificate: \"MinimumProtocolVersion\": \"TLSv1.2_2021\"\n" +
    "aws cloudfront update-distribution --id E2QWRUHAPOMQZL --if-match <ETag> --distribution-config file://dist-config.json",
  references: {},
  params: z.object({ minimumProtocolVersion: z.enum(SECURITY_POLICIES).default("TLSv1.2_2021") }).strict(),
  evaluate(distribution: Distribution, { params }) {
    const certificate = distribution.attributes.viewerCertificate;
    // With the *.cloudfront.net certificate CloudFront fixes the policy at TLSv1; only a custom certificate can choose one.
    if (certificate.cloudFrontDefaultCertificate) return notApplicable("uses the default CloudFront certificate, whose security policy cannot be chosen");
    const version = certificate.minimumProtocolVersion;
    if (!version) return cannotEvaluate("the viewer certificate's minimum protocol version was not collected");
    const rank = SECURITY_POLICIES.indexOf(version as (typeof SECURITY_POLICIES)[number]);
    if (rank < 0) return cannotEvaluate(`unknown security policy ${version}`);
    const evidence = { minimumProtocolVersion: version, required: params.minimumProtocolVersion, sslSupportMethod: certificate.sslSupportMethod };
    if (rank < SECURITY_POLICIES.indexOf(params.minimumProtocolVersion)) {
      return fail(`security policy ${version} is older than ${params.minimumProtocolVersion}`, evidence);
    }
    return pass(`security policy ${version} (at least ${params.minimumProtocolVersion})`, evidence);
  },
});
