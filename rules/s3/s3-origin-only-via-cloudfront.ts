import * as z from "zod";
import { collectionGap } from "../lib/collection-gap.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { AclGrant, DistributionAttributes, PolicyStatement } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Bucket } from "./bucket.js";
import { BUCKET, bucketArn, notRead } from "./bucket.js";
import { describeGrants, publicGrants } from "../lib/bucket-acl.js";
import type { BucketUser } from "../lib/bucket-origin.js";
import { distributionsUsing, originAccessIdentityId } from "../lib/bucket-origin.js";
import { accountOfPrincipal, admitsAnyone, conditionValues, coversAction, coversSomeObject, describeStatement, hasWildcard, principalsOf } from "../lib/bucket-policy.js";

const DISTRIBUTION = "AWS::CloudFront::Distribution";
/** CloudFront is global; its distributions are recorded in us-east-1. */
const DISTRIBUTION_REGION = "us-east-1";
const CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com";
const OAI_USER = /^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity (\w+)$/;
const SOURCE_ARN_OPERATORS = ["StringEquals", "StringLike", "ArnEquals", "ArnLike"];
const LIKE_OPERATORS = /Like(IfExists)?$/;

/** What one principal of one GetObject Allow amounts to. */
type Verdict = { grant: string } | { problem: string } | { sameAccount: string } | { unknownCanonical: string };

export default defineRule({
  id: "s3-origin-only-via-cloudfront",
  title: "S3 origin bucket is readable only through its CloudFront distribution",
  service: "s3",
  severity: "high",
  resourceTypes: [BUCKET],
  rationale:
    "A bucket that serves a CloudFront distribution should let only that distribution read its objects: through origin access control (the cloudfront.amazonaws.com service principal with an AWS:SourceArn condition naming the distribution) or its legacy origin access identity. " +
    "Any other grant of s3:GetObject to everyone or to another account, a public ACL or a public policy lets readers bypass the distribution's HTTPS policy, WAF, signed URLs and logging. " +
    "Principals of the bucket's own account are reported but allowed: they already reach the bucket through IAM.",
  remediation:
    "Grant s3:GetObject to the distribution alone and remove every other Allow of it to \"*\" or to other accounts:\n" +
    '{"Sid": "AllowCloudFrontServicePrincipalReadOnly", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, ' +
    '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", ' +
    '"Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"}}}\n' +
    "aws s3api put-bucket-policy --bucket amzn-s3-demo-bucket --policy file://policy.json\n" +
    "aws s3api put-bucket-acl --bucket amzn-s3-demo-bucket --acl private",
  references: {},
  needs: ["s3.bucketPolicy", "s3.bucketPolicyStatus", "s3.bucketAcl", "cloudfront.originAccessIdentities"],
  explainedBy: { attributes: ["policy", "policyIsPublic", "aclGrants"] },
  params: z.object({}).strict(),
  evaluate(bucket: Bucket, ctx) {
    const gap = collectionGap(ctx.snapshot, DISTRIBUTION, DISTRIBUTION_REGION);
    if (gap) return cannotEvaluate(`${gap}, so which distributions use the bucket is unknown`);
    const distributions = ctx.snapshot.all<DistributionAttributes>(DISTRIBUTION);
    const users = distributionsUsing(bucket.id, distributions);
    if (users.length === 0) return notApplicable("no CloudFront distribution in the account uses the bucket as an S3 origin");
    const { policy, policyIsPublic, aclGrants } = bucket.attributes;
    if (policy === undefined) return notRead("policy");
    if (policyIsPublic === undefined) return notRead("policyIsPublic");
    if (aclGrants === undefined) return notRead("aclGrants");
    return judgeReaders(bucket, users, distributions, policy, policyIsPublic, aclGrants);
  },
});

/** Who may read the objects of a bucket that distributions use; apart from evaluate, whose early answers need none of this. */
function judgeReaders(bucket: Bucket, users: BucketUser[], distributions: ResourceRecord<DistributionAttributes>[], policy: PolicyStatement[], policyIsPublic: boolean, aclGrants: AclGrant[]): Outcome {
  const arn = bucketArn(bucket);
  const verdicts = policy
    .filter((s) => s.effect === "Allow" && coversAction(s, "s3:GetObject") && coversSomeObject(s, arn))
    .flatMap((s) => {
      const statement = describeStatement(s);
      return judgeStatement(s, users, distributions, bucket.accountId).map((v) => ({ statement, ...v }));
    });
  const problems = verdicts.flatMap((v) => ("problem" in v ? [`${v.statement}: ${v.problem}`] : []));
  if (policyIsPublic) problems.push("the bucket policy is public (GetBucketPolicyStatus IsPublic)");
  const acl = publicGrants(aclGrants);
  if (acl.length > 0) problems.push(`the ACL grants ${describeGrants(acl)}`);

  const grants = verdicts.flatMap((v) => ("grant" in v ? [v.grant] : []));
  const sameAccount = verdicts.flatMap((v) => ("sameAccount" in v ? [v.sameAccount] : []));
  const evidence: Record<string, unknown> = { distributions: users.map((u) => ({ id: u.distribution.id, origins: u.origins.map((o) => o.id) })), grants };
  if (sameAccount.length > 0) evidence.sameAccount = sameAccount;
  if (problems.length > 0) evidence.problems = problems;
  if (problems.length > 0) return fail(`the bucket is readable other than through its distribution: ${problems.join("; ")}`, evidence);
  const unknown = verdicts.flatMap((v) => ("unknownCanonical" in v ? [v.unknownCanonical] : []));
  if (unknown.length > 0) {
    return cannotEvaluate(`s3:GetObject is granted to canonical user ${unknown.join(", ")}, and the origin access identities' canonical ids were not read (CloudFront ListCloudFrontOriginAccessIdentities)`);
  }
  const names = users.map((u) => u.distribution.id).join(", ");
  if (grants.length === 0) return fail(`no statement grants s3:GetObject to the distribution${users.length === 1 ? "" : "s"} using the bucket (${names})`, evidence);
  const same = sameAccount.length > 0 ? `; also to ${sameAccount.join(", ")} of the bucket's own account` : "";
  return pass(`s3:GetObject is granted only to CloudFront: ${grants.join(", ")}${same}`, evidence);
}

function judgeStatement(statement: PolicyStatement, users: BucketUser[], distributions: ResourceRecord<DistributionAttributes>[], accountId: string): Verdict[] {
  if (statement.notPrincipal) return [{ problem: "NotPrincipal admits everyone but the principals it names" }];
  if (!statement.principal) return [{ problem: "no principal" }];
  if (admitsAnyone(statement.principal)) return [{ problem: anyoneProblem(statement) }];
  return principalsOf(statement.principal).map(({ kind, value }): Verdict => {
    if (kind === "Service" && value === CLOUDFRONT_SERVICE) return judgeSourceArn(statement, users, distributions);
    if (kind === "Service") return { problem: `service ${value} may read objects` };
    if (kind === "CanonicalUser") return judgeCanonicalUser(value, users);
    if (kind === "Federated") return { problem: `federated users of ${value} may read objects` };
    const oai = OAI_USER.exec(value)?.[1];
    if (oai) {
      const user = users.find((u) => u.origins.some((o) => originAccessIdentityId(o) === oai));
      return user ? { grant: `distribution ${user.distribution.id} through origin access identity ${oai}` } : { problem: `origin access identity ${oai} is not the OAI of a distribution using the bucket` };
    }
    const account = accountOfPrincipal(kind, value);
    if (account === accountId) return { sameAccount: value };
    return { problem: account ? `another account (${account}) may read objects` : `principal ${value} may read objects` };
  });
}

/** Anyone, whatever narrows it: a VPC endpoint or an IP range is still not CloudFront. */
function anyoneProblem(statement: PolicyStatement): string {
  const vpce = conditionValues(statement, ["StringEquals", "StringLike"], "aws:SourceVpce").flatMap((c) => c.values);
  if (vpce.length > 0) return `anyone who reaches S3 through VPC endpoint ${vpce.join(", ")} may read objects, not only CloudFront`;
  return statement.condition ? "anyone meeting the condition may read objects, not only CloudFront" : "anyone may read objects";
}

/** OAC: cloudfront.amazonaws.com with an AWS:SourceArn condition; every distribution it names must use the bucket. */
function judgeSourceArn(statement: PolicyStatement, users: BucketUser[], distributions: ResourceRecord<DistributionAttributes>[]): Verdict {
  const conditions = conditionValues(statement, SOURCE_ARN_OPERATORS, "aws:SourceArn");
  if (conditions.length === 0) return { problem: `${CLOUDFRONT_SERVICE} without an AWS:SourceArn condition admits every distribution, in any account` };
  const named: string[] = [];
  for (const { operator, values } of conditions) {
    for (const value of values) {
      if (LIKE_OPERATORS.test(operator) && hasWildcard(value)) return { problem: `AWS:SourceArn ${value} admits every distribution it matches, not one that uses the bucket` };
      const user = users.find((u) => u.distribution.arn === value);
      if (!user) {
        const other = distributions.find((d) => d.arn === value);
        return { problem: other ? `AWS:SourceArn names distribution ${other.id}, which does not use the bucket` : `AWS:SourceArn names ${value}, not a distribution of this account that uses the bucket` };
      }
      named.push(user.distribution.id);
    }
  }
  return { grant: `distribution ${named.join(", ")} through origin access control` };
}

function judgeCanonicalUser(value: string, users: BucketUser[]): Verdict {
  const origins = users.flatMap((u) => u.origins.map((origin) => ({ user: u, origin })));
  const match = origins.find(({ origin }) => origin.originAccessIdentityCanonicalUserId === value);
  if (match) return { grant: `distribution ${match.user.distribution.id} through origin access identity ${originAccessIdentityId(match.origin)}` };
  // An OAI whose canonical id was not read may be this one.
  if (origins.some(({ origin }) => origin.originAccessIdentity && origin.originAccessIdentityCanonicalUserId === undefined)) return { unknownCanonical: value };
  return { problem: `canonical user ${value} is not the origin access identity of a distribution using the bucket` };
}
