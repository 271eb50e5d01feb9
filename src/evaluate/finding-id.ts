import { hash } from "node:crypto";

/**
 * Stable across runs: the same rule on the same resource always has the same
 * id. It is a digest of the resource's keys (account, region, type, id; 96
 * bits) followed by a digest of the rule id (32 bits), so evaluation hashes
 * each resource and each rule once rather than every pair.
 */
export function findingId(accountId: string, region: string, ruleId: string, resourceType: string, resourceId: string): string {
  return resourceDigest(accountId, region, resourceType, resourceId) + ruleDigest(ruleId);
}

export function resourceDigest(accountId: string, region: string, resourceType: string, resourceId: string): string {
  return resourceDigestAfter(resourcePrefix(accountId, region, resourceType), resourceId);
}

/**
 * What a resource digest hashes before the resource's id, the same for every
 * resource of a type in a region: evaluation makes it once for them all.
 * Joined rather than concatenated, so that it is one flat string.
 */
export function resourcePrefix(accountId: string, region: string, resourceType: string): string {
  return [accountId, region, resourceType, ""].join("\u0000");
}

/** Hex digits of a resource digest: 96 bits. */
const RESOURCE_DIGEST_LENGTH = 24;

/** The digest of the resource `resourceId` of the type and region `prefix` (from resourcePrefix) names. */
export function resourceDigestAfter(prefix: string, resourceId: string): string {
  return hash("sha256", prefix + resourceId, "hex").slice(0, RESOURCE_DIGEST_LENGTH);
}

/** What a finding id says of its resource: the same for every rule's finding of it (an id of another form gives no such promise). */
export function resourcePartOf(findingId: string): string {
  return findingId.slice(0, RESOURCE_DIGEST_LENGTH);
}

export function ruleDigest(ruleId: string): string {
  return hash("sha256", ruleId, "hex").slice(0, 8);
}
