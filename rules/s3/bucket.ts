/** What the S3 rules share: the bucket record, and saying which per-bucket read a verdict lacks. */
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate } from "../../src/evaluate/rule.js";
import type { BucketAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const BUCKET = "AWS::S3::Bucket";

export type Bucket = ResourceRecord<BucketAttributes>;

/** Each per-bucket attribute and the S3 call that reads it, for ERROR reasons. */
const READ_BY: Record<keyof BucketAttributes, string> = {
  publicAccessBlock: "GetPublicAccessBlock",
  policy: "GetBucketPolicy",
  policyIsPublic: "GetBucketPolicyStatus",
  aclGrants: "GetBucketAcl",
  versioning: "GetBucketVersioning",
};

/** An attribute absent because its read was not made: the rule says ERROR rather than guess. */
export function notRead(attribute: keyof BucketAttributes): Outcome {
  return cannotEvaluate(`the bucket's ${attribute} was not read (S3 ${READ_BY[attribute]})`);
}

/** The ARN policies name the bucket by; built from the name when a record lacks it. */
export function bucketArn(bucket: Bucket): string {
  return bucket.arn ?? `arn:aws:s3:::${bucket.id}`;
}
