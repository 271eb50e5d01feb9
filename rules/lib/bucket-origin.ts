/** Which CloudFront distributions read a bucket as their S3 origin, by the origin's REST endpoint domain. */
import type { DistributionAttributes, DistributionOrigin } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

// name.s3.amazonaws.com, name.s3.us-west-2.amazonaws.com, name.s3.dualstack.us-west-2.amazonaws.com,
// legacy name.s3-us-west-2.amazonaws.com and name.s3-external-1.amazonaws.com. Greedy, so a bucket
// name that itself contains ".s3-" keeps it.
const S3_REST_ENDPOINT = /^(.+)\.s3(?:[.-](?:dualstack|external-1|[a-z]{2}(?:-[a-z]+)+-\d+))*\.amazonaws\.com(?:\.cn)?$/;

/** The bucket an S3 REST origin reads; undefined for any other domain (website endpoints are custom origins). */
export function bucketOfOrigin(origin: DistributionOrigin): string | undefined {
  if (origin.kind !== "s3") return undefined;
  return S3_REST_ENDPOINT.exec(origin.domainName.toLowerCase())?.[1];
}

export interface BucketUser {
  distribution: ResourceRecord<DistributionAttributes>;
  /** The distribution's origins that read the bucket (one distribution may have several). */
  origins: DistributionOrigin[];
}

export function distributionsUsing(bucket: string, distributions: ResourceRecord<DistributionAttributes>[]): BucketUser[] {
  return usersByBucket(distributions).get(bucket) ?? [];
}

/**
 * Every bucket's users, built once per list of distributions (the snapshot
 * index hands every bucket the same list): matching each bucket against every
 * origin would cost buckets × distributions.
 */
const built = new WeakMap<ResourceRecord<DistributionAttributes>[], Map<string, BucketUser[]>>();

function usersByBucket(distributions: ResourceRecord<DistributionAttributes>[]): Map<string, BucketUser[]> {
  let users = built.get(distributions);
  if (users) return users;
  users = new Map();
  for (const distribution of distributions) {
    const byBucket = new Map<string, DistributionOrigin[]>();
    for (const origin of distribution.attributes.origins) {
      const bucket = bucketOfOrigin(origin);
      if (bucket !== undefined) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), origin]);
    }
    for (const [bucket, origins] of byBucket) users.set(bucket, [...(users.get(bucket) ?? []), { distribution, origins }]);
  }
  built.set(distributions, users);
  return users;
}

/** The OAI id of an origin's "origin-access-identity/cloudfront/E…". */
export function originAccessIdentityId(origin: DistributionOrigin): string | undefined {
  return origin.originAccessIdentity?.split("/").pop() || undefined;
}
