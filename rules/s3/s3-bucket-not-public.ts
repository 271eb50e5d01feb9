import * as z from "zod";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Bucket } from "./bucket.js";
import { BUCKET, notRead } from "./bucket.js";
import { describeGrants, publicGrants } from "../lib/bucket-acl.js";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK, effectiveBlock, levelsOf, levelWords } from "../lib/public-access-block.js";

export default defineRule({
  id: "s3-bucket-not-public",
  title: "S3 bucket is not public",
  service: "s3",
  severity: "critical",
  resourceTypes: [BUCKET],
  rationale:
    "Static content is served through CloudFront, not from the bucket: a public bucket policy or an ACL grant to AllUsers or AuthenticatedUsers lets anyone read (or write) the objects directly, bypassing the distribution. " +
    "As AWS Config and Security Hub judge it, Block Public Access makes such a grant ineffective: RestrictPublicBuckets for a public policy, IgnorePublicAcls for public ACL grants; the verdict says so when it is what keeps the bucket private.",
  remediation:
    "Remove the public statements from the bucket policy and the public ACL grants, then block public access:\n" +
    "aws s3api get-bucket-policy --bucket amzn-s3-demo-bucket --query Policy --output text > policy.json\n" +
    "aws s3api put-bucket-policy --bucket amzn-s3-demo-bucket --policy file://policy.json\n" +
    "aws s3api put-bucket-acl --bucket amzn-s3-demo-bucket --acl private\n" +
    "aws s3api put-public-access-block --bucket amzn-s3-demo-bucket --public-access-block-configuration " +
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
  references: { awsConfig: "s3-bucket-public-read-prohibited, s3-bucket-public-write-prohibited", securityHub: "S3.2, S3.3" },
  needs: ["s3.bucketPolicyStatus", "s3.bucketAcl", "s3.publicAccessBlock"],
  explainedBy: { attributes: ["policy", "policyIsPublic", "aclGrants", "publicAccessBlock"], related: [ACCOUNT_PUBLIC_ACCESS_BLOCK] },
  params: z.object({}).strict(),
  evaluate(bucket: Bucket, ctx) {
    const { policyIsPublic, aclGrants } = bucket.attributes;
    if (policyIsPublic === undefined) return notRead("policyIsPublic");
    if (aclGrants === undefined) return notRead("aclGrants");
    const grants = publicGrants(aclGrants);
    if (!policyIsPublic && grants.length === 0) return pass("the bucket policy is not public and no ACL grant goes to AllUsers or AuthenticatedUsers");

    // Something public was written: whether it takes effect depends on Block Public Access.
    const block = effectiveBlock(bucket, ctx);
    const exposures: string[] = [];
    const neutralized: string[] = [];
    const unknown: string[] = [];
    const judge = (what: string, setting: "restrictPublicBuckets" | "ignorePublicAcls") => {
      const levels = levelsOf(block, setting);
      if (levels === undefined) unknown.push(`${what} (${setting} not collected)`);
      else if (levels.length === 0) exposures.push(what);
      else neutralized.push(`${what}, made ineffective by ${setting} at the ${levelWords(levels)} level`);
    };
    if (policyIsPublic) judge("the bucket policy is public (GetBucketPolicyStatus IsPublic)", "restrictPublicBuckets");
    if (grants.length > 0) judge(`the ACL grants ${describeGrants(grants)}`, "ignorePublicAcls");
    const evidence = { policyIsPublic, publicAclGrants: grants, publicAccessBlock: { bucket: block.bucket, account: block.account } };

    if (exposures.length > 0) return fail([...exposures, ...neutralized].join("; "), evidence);
    if (unknown.length > 0) return cannotEvaluate(`${unknown.join("; ")}: whether Block Public Access makes it ineffective is unknown`);
    return pass(neutralized.join("; "), evidence);
  },
});
