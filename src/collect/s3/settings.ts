/**
 * S3 answers as records and attributes: a bucket as ListBuckets lists it, and
 * each per-bucket setting as its Get* call returns it, with the "none" answers
 * (NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration) as values.
 */
import type { Bucket, GetBucketAclCommandOutput, PublicAccessBlockConfiguration } from "@aws-sdk/client-s3";
import type { AccountPublicAccessBlockAttributes, AclGrant, BucketAttributes, PublicAccessBlock } from "../../types/attributes.js";
import { compareText } from "../../types/order.js";
import type { ResourceRecord } from "../../types/resource.js";
import { errorCode, MalformedResponseError, required } from "../errors.js";
import { partitionOf } from "../normalize.js";

export const BUCKET = "AWS::S3::Bucket";
export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "AWS::S3::AccountPublicAccessBlock";

export type BucketRecord = ResourceRecord<BucketAttributes>;
export type AccountPublicAccessBlockRecord = ResourceRecord<AccountPublicAccessBlockAttributes>;

/**
 * A bucket in its own region, its settings not yet read. ListBuckets returns
 * BucketRegion only to a request with a parameter (MaxBuckets): without it the
 * bucket cannot be placed, and is skipped.
 */
export function bucketRecord(bucket: Bucket, accountId: string): BucketRecord {
  const name = required(bucket.Name, "Bucket.Name");
  const region = required(bucket.BucketRegion, "Bucket.BucketRegion");
  return { type: BUCKET, id: name, arn: `arn:${partitionOf(region)}:s3:::${name}`, accountId, region, name, tags: {}, attributes: {} };
}

/** The account-level settings, recorded in us-east-1 under the account id. */
export function accountPublicAccessBlockRecord(accountId: string, publicAccessBlock: PublicAccessBlock | null): AccountPublicAccessBlockRecord {
  return { type: ACCOUNT_PUBLIC_ACCESS_BLOCK, id: accountId, accountId, region: "us-east-1", tags: {}, attributes: { publicAccessBlock } };
}

/** A setting PutPublicAccessBlock was not given is off, and GetPublicAccessBlock then reports it false. */
export function publicAccessBlockOf(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlock {
  const c = required(config, "PublicAccessBlockConfiguration");
  return {
    blockPublicAcls: c.BlockPublicAcls ?? false,
    ignorePublicAcls: c.IgnorePublicAcls ?? false,
    blockPublicPolicy: c.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  };
}

/** What names a grantee of each type: a group's URI, a canonical user's ID, otherwise (AmazonCustomerByEmail) an email address. */
const GRANTEE_FIELD = { Group: "URI", CanonicalUser: "ID" } as const;

export function aclGrantsOf(acl: Pick<GetBucketAclCommandOutput, "Grants">): AclGrant[] {
  return (acl.Grants ?? [])
    .map((grant) => {
      const grantee = required(grant.Grantee, "Grant.Grantee");
      const granteeType = required(grantee.Type, "Grant.Grantee.Type");
      const field = GRANTEE_FIELD[granteeType as keyof typeof GRANTEE_FIELD] ?? "EmailAddress";
      return { granteeType, grantee: required(grantee[field], `Grant.Grantee.${field}`), permission: required(grant.Permission, "Grant.Permission") };
    })
    .sort((a, b) => compareText(a.granteeType, b.granteeType) || compareText(a.grantee, b.grantee) || compareText(a.permission, b.permission));
}

/** A bucket whose versioning was never enabled has no Status at all. */
export function versioningOf(status: string | undefined): NonNullable<BucketAttributes["versioning"]> {
  if (status === undefined) return "Off";
  if (status === "Enabled" || status === "Suspended") return status;
  throw new MalformedResponseError(`Status (${status} is none of Enabled, Suspended)`);
}

/** The answer S3 gives for a setting the bucket (or account) does not have, as the value it stands for; other errors rethrown. */
export async function orWhenAbsent<T>(read: () => Promise<T>, code: string, absent: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (errorCode(error) === code) return absent;
    throw error;
  }
}
