import rule from "../../../rules/s3/s3-origin-only-via-cloudfront.js";
import { distribution, distributionConfigNotRead, s3Origin } from "../../support/cloudfront-builders.js";
import { collectionError } from "../../support/builders.js";
import type { DistributionOrigin } from "../../../src/types/attributes.js";
import { ALL_USERS, bucket, BUCKET_NAME, distributionArn, groupGrant, OTHER_ACCOUNT, OWNER_GRANT, oacStatement, oaiStatement, policy, publicReadStatement, tlsOnlyStatement, without } from "../../support/s3-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const B = BUCKET_NAME;
const SITE = "E2QWRUHAPOMQZL";
const OTHER = "EDFDVBD6EXAMPLE";
const OAI = "E15MNIMTCFKK4C";
const OAI_CANONICAL = "b970b42360b81c8ddbd79d2f5df0069ba9033c8a79655752abe380cd6d63ba8bcf23384d568fcf89fc49700b5e11a0fd";

const origin = (domainName: string, access: Partial<DistributionOrigin> = { originAccessControlId: "E1A2B3C4D5E6F7" }): DistributionOrigin => ({ id: "site-bucket", domainName, kind: "s3", ...access });
/** The distribution serving the bucket, by its regional REST endpoint, with OAC. */
const site = distribution({ id: SITE, origins: [origin(`${B}.s3.us-east-1.amazonaws.com`)] });
/** Another distribution of the account, serving another bucket. */
const other = distribution({ id: OTHER, origins: [s3Origin("amzn-s3-demo-assets", { oac: "E1A2B3C4D5E6F7" })] });
const legacy = distribution({ id: SITE, origins: [origin(`${B}.s3.amazonaws.com`, { originAccessIdentity: `origin-access-identity/cloudfront/${OAI}`, originAccessIdentityCanonicalUserId: OAI_CANONICAL })] });
const legacyUnread = distribution({ id: SITE, origins: [origin(`${B}.s3.amazonaws.com`, { originAccessIdentity: `origin-access-identity/cloudfront/${OAI}` })] });

const withPolicy = (...statements: object[]) => bucket({ policy: policy(...statements) });
const oac = withPolicy(oacStatement(B, distributionArn(SITE)), tlsOnlyStatement(B));

ruleTester.run(rule, {
  pass: [
    { name: "OAC policy naming the distribution (StringEquals, string)", resource: oac, related: [site, other], reason: /^s3:GetObject is granted only to CloudFront: distribution E2QWRUHAPOMQZL through origin access control$/ },
    { name: "OAC SourceArn as a list, ArnLike, lower-case aws:SourceArn", resource: withPolicy(oacStatement(B, [distributionArn(SITE)], "ArnLike", "aws:SourceArn")), related: [site], evidence: { grants: ["distribution E2QWRUHAPOMQZL through origin access control"] } },
    { name: "legacy OAI principal by its IAM user ARN", resource: withPolicy(oaiStatement(B, OAI)), related: [legacyUnread], reason: /through origin access identity E15MNIMTCFKK4C/ },
    { name: "legacy OAI principal as CanonicalUser (its S3CanonicalUserId)", resource: withPolicy({ ...oaiStatement(B, OAI), Principal: { CanonicalUser: OAI_CANONICAL } }), related: [legacy], reason: /through origin access identity E15MNIMTCFKK4C/ },
    {
      name: "a dual-stack origin domain, and a role of the bucket's own account reported beside",
      resource: withPolicy(oacStatement(B, distributionArn(SITE)), { ...oaiStatement(B, OAI), Sid: "Deploy", Principal: { AWS: "arn:aws:iam::123456789012:role/deploy" } }),
      related: [distribution({ id: SITE, origins: [origin(`${B}.s3.dualstack.us-east-1.amazonaws.com`)] })],
      reason: /also to arn:aws:iam::123456789012:role\/deploy of the bucket's own account/,
    },
    { name: "legacy s3-<region> endpoint", resource: oac, related: [distribution({ id: SITE, origins: [origin(`${B}.s3-us-west-2.amazonaws.com`)] })], reason: /through origin access control/ },
  ],
  fail: [
    { name: "OAC policy naming another distribution", resource: withPolicy(oacStatement(B, distributionArn(OTHER))), related: [site, other], reason: /AWS:SourceArn names distribution EDFDVBD6EXAMPLE, which does not use the bucket/ },
    { name: "public-read bucket behind an OAC distribution", resource: bucket({ policy: policy(oacStatement(B, distributionArn(SITE))), aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] }), related: [site], reason: /the ACL grants READ to AllUsers/ },
    {
      name: "public-read policy beside the OAC statement",
      resource: bucket({ policy: policy(oacStatement(B, distributionArn(SITE)), publicReadStatement(B)), policyIsPublic: true }),
      related: [site],
      reason: /Allow s3:GetObject to \*: anyone may read objects; the bucket policy is public/,
    },
    {
      name: "Principal * with only a SourceVpce condition",
      resource: withPolicy(oacStatement(B, distributionArn(SITE)), { ...publicReadStatement(B), Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }),
      related: [site],
      reason: /anyone who reaches S3 through VPC endpoint vpce-1a2b3c4d may read objects, not only CloudFront/,
    },
    { name: "s3:Get* to another account", resource: withPolicy(oacStatement(B, distributionArn(SITE)), { ...publicReadStatement(B, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }), Action: "s3:Get*" }), related: [site], reason: /another account \(111122223333\) may read objects/ },
    { name: "cloudfront.amazonaws.com without SourceArn", resource: withPolicy({ ...(oacStatement(B, "") as object), Condition: undefined }), related: [site], reason: /without an AWS:SourceArn condition admits every distribution/ },
    { name: "ArnLike with a wildcard distribution", resource: withPolicy(oacStatement(B, `arn:aws:cloudfront::${OTHER_ACCOUNT}:distribution/*`, "ArnLike")), related: [site], reason: /admits every distribution it matches/ },
    { name: "an OAI of no distribution using the bucket", resource: withPolicy(oaiStatement(B, "E3EXAMPLEOAI99")), related: [legacyUnread], reason: /origin access identity E3EXAMPLEOAI99 is not the OAI/ },
    { name: "a policy granting the distribution nothing", resource: withPolicy(tlsOnlyStatement(B)), related: [site], reason: /^no statement grants s3:GetObject to the distribution using the bucket \(E2QWRUHAPOMQZL\)$/ },
  ],
  notApplicable: [
    { name: "a bucket no distribution uses", resource: withPolicy(publicReadStatement(B)), related: [other], reason: /no CloudFront distribution in the account uses the bucket/ },
    { name: "a website endpoint origin is a custom origin, not this bucket's REST origin", resource: oac, related: [distribution({ id: SITE, origins: [{ id: "site", domainName: `${B}.s3-website-us-east-1.amazonaws.com`, kind: "s3-website" }] })] },
  ],
  error: [
    { name: "distributions not collected", resource: oac, errors: [collectionError("cloudfront", "cloudfront:ListDistributions", ["AWS::CloudFront::Distribution"])], reason: /AWS::CloudFront::Distribution in us-east-1 was not fully collected \(.*\), so which distributions use the bucket is unknown/ },
    { name: "distribution configs incomplete also leaves the users unknown", resource: oac, related: [site], errors: [distributionConfigNotRead()], reason: /not fully collected/ },
    { name: "policy not read", resource: without(oac, "policy"), related: [site], reason: /policy was not read/ },
    { name: "ACL not read", resource: without(oac, "aclGrants"), related: [site], reason: /GetBucketAcl/ },
    { name: "CanonicalUser principal while the OAIs' canonical ids were not read", resource: withPolicy({ ...oaiStatement(B, OAI), Principal: { CanonicalUser: OAI_CANONICAL } }), related: [legacyUnread], reason: /canonical ids were not read/ },
  ],
});
