/**
 * Builders for S3 bucket and account Block Public Access records in the
 * normalized shape the S3 collector produces. Bucket policies are written as
 * the JSON documents GetBucketPolicy returns and normalized by the collector's
 * own policyStatements().
 */
import { policyStatements } from "../../src/collect/s3/policy.js";
import type { AccountPublicAccessBlockAttributes, AclGrant, BucketAttributes, PolicyStatement, PublicAccessBlock } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, collectionError, record } from "./builders.js";

export const BUCKET_NAME = "amzn-s3-demo-bucket";
export const OTHER_ACCOUNT = "111122223333";

/** A whole policy document, as GetBucketPolicy's Policy string, normalized. */
export function policy(...statements: object[]): PolicyStatement[] {
  return policyStatements(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
}

/** The AWS documentation's OAC statement: cloudfront.amazonaws.com limited to one distribution (or a list of them). */
export function oacStatement(bucket: string, sourceArn: string | string[], operator = "StringEquals", key = "AWS:SourceArn"): object {
  return {
    Sid: "AllowCloudFrontServicePrincipalReadOnly",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: { [operator]: { [key]: sourceArn } },
  };
}

/** The documentation's legacy OAI statement, by the OAI's IAM user ARN. */
export function oaiStatement(bucket: string, oaiId: string): object {
  return {
    Sid: "AllowLegacyOAIReadOnly",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${oaiId}` },
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${bucket}/*`,
  };
}

/** The documentation's public-read statement ("Granting read-only permission to a public anonymous user"). */
export function publicReadStatement(bucket: string, principal: unknown = "*"): object {
  return { Sid: "PublicReadGetObject", Effect: "Allow", Principal: principal, Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${bucket}/*`] };
}

/** The documentation's TLS-only statement (s3-bucket-ssl-requests-only). */
export function tlsOnlyStatement(bucket: string, operator = "Bool"): object {
  return {
    Sid: "RestrictToTLSRequestsOnly",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { [operator]: { "aws:SecureTransport": "false" } },
  };
}

export const distributionArn = (id: string) => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/** The owner's FULL_CONTROL grant GetBucketAcl always returns. */
export const OWNER_GRANT: AclGrant = { granteeType: "CanonicalUser", grantee: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", permission: "FULL_CONTROL" };

export function groupGrant(uri: string, permission = "READ"): AclGrant {
  return { granteeType: "Group", grantee: uri, permission };
}

export function block(on: Partial<PublicAccessBlock> | boolean): PublicAccessBlock {
  const all = typeof on === "boolean" ? on : false;
  const settings = { blockPublicAcls: all, ignorePublicAcls: all, blockPublicPolicy: all, restrictPublicBuckets: all };
  return typeof on === "boolean" ? settings : { ...settings, ...on };
}

/** A private, versioned bucket with every optional read made; override what a case is about. */
export function bucket(options: Partial<BucketAttributes> & { name?: string; region?: string } = {}): ResourceRecord<BucketAttributes> {
  const { name = BUCKET_NAME, region = "us-east-1", ...overrides } = options;
  const attributes: BucketAttributes = {
    publicAccessBlock: block(true),
    policy: [],
    policyIsPublic: false,
    aclGrants: [OWNER_GRANT],
    versioning: "Enabled",
    ...overrides,
  };
  return record<BucketAttributes>("AWS::S3::Bucket", name, attributes, { arn: `arn:aws:s3:::${name}`, region, name });
}

/** The same bucket with `attribute` absent: its read was not made. */
export function without(resource: ResourceRecord<BucketAttributes>, attribute: keyof BucketAttributes): ResourceRecord<BucketAttributes> {
  const { [attribute]: _, ...rest } = resource.attributes;
  return { ...resource, attributes: rest };
}

/** The same bucket with `attribute` unreadable, as the collector marks a failed per-bucket read. */
export function unreadable(resource: ResourceRecord<BucketAttributes>, attribute: keyof BucketAttributes, field: string): ResourceRecord<BucketAttributes> {
  return { ...without(resource, attribute), unreadable: [{ attribute, field }] };
}

export function accountBlock(settings: PublicAccessBlock | null): ResourceRecord<AccountPublicAccessBlockAttributes> {
  return record<AccountPublicAccessBlockAttributes>("AWS::S3::AccountPublicAccessBlock", ACCOUNT, { publicAccessBlock: settings }, { region: "us-east-1", name: ACCOUNT });
}

/** S3 Control's GetPublicAccessBlock was denied: the account's settings are unknown. */
export function accountBlockNotRead(): CollectionError {
  return collectionError("s3", "s3:GetAccountPublicAccessBlock", ["AWS::S3::AccountPublicAccessBlock"]);
}
