import * as z from "zod";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { DistributionOrigin } from "../../src/types/attributes.js";
import type { Distribution } from "./distribution.js";
import { DISTRIBUTION } from "./distribution.js";

export default defineRule({
  id: "cloudfront-s3-origin-access-control",
  title: "CloudFront reaches S3 origins through origin access control",
  service: "cloudfront",
  severity: "medium",
  resourceTypes: [DISTRIBUTION],
  rationale:
    "Without origin access control CloudFront fetches from S3 anonymously, so the bucket must be public and anyone can bypass the distribution (its HTTPS policy, WAF and logging); OAC lets the bucket policy admit only this distribution. Legacy origin access identities still work but lack SSE-KMS and newer-region support.",
  remediation:
    "Create an origin access control, attach it to each S3 origin (removing any OAI), then allow only the distribution in the bucket policy:\n" +
    "aws cloudfront create-origin-access-control --origin-access-control-config " +
    "Name=static-site-oac,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3\n" +
    "aws cloudfront get-distribution-config --id E2QWRUHAPOMQZL > dist.json\n" +
    "# in each S3 origin: \"OriginAccessControlId\": \"<oac id>\", \"S3OriginConfig\": {\"OriginAccessIdentity\": \"\"}\n" +
    "aws cloudfront update-distribution --id E2QWRUHAPOMQZL --if-match <ETag> --distribution-config file://dist-config.json",
  references: { securityHub: "CloudFront.13" },
  params: z.object({}).strict(),
  evaluate(distribution: Distribution) {
    const origins = distribution.attributes.origins;
    const s3 = origins.filter((o) => o.kind === "s3");
    // An S3 website endpoint is a custom origin: it serves only public content and cannot sign requests with OAC.
    const websites = origins.filter((o) => o.kind === "s3-website");
    const websiteNote = websites.length > 0 ? `; S3 website origin${websites.length === 1 ? "" : "s"} ${websites.map((o) => o.id).join(", ")} not judged (custom origins cannot use OAC)` : "";
    if (s3.length === 0) return notApplicable(`no S3 REST origin${websiteNote}`);

    const evidence = { origins: s3.map((o) => ({ id: o.id, domainName: o.domainName, access: accessOf(o) })) };
    const open = s3.filter((o) => accessOf(o) === "none");
    if (open.length > 0) {
      return fail(`S3 origin${open.length === 1 ? "" : "s"} ${open.map((o) => o.id).join(", ")} without origin access control${websiteNote}`, evidence);
    }
    const legacy = s3.filter((o) => accessOf(o) === "oai");
    if (legacy.length > 0) {
      return pass(`S3 origin${legacy.length === 1 ? "" : "s"} ${legacy.map((o) => o.id).join(", ")} ${legacy.length === 1 ? "uses" : "use"} legacy OAI; migrate to OAC${websiteNote}`, evidence);
    }
    return pass(`every S3 origin uses origin access control${websiteNote}`, evidence);
  },
});

function accessOf(origin: DistributionOrigin): "oac" | "oai" | "none" {
  if (origin.originAccessControlId) return "oac";
  // CloudFront returns OriginAccessIdentity "" for an S3 origin without an OAI.
  if (origin.originAccessIdentity) return "oai";
  return "none";
}
