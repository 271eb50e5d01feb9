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
  return hash("sha256", `${accountId}\u0000${region}\u0000${resourceType}\u0000${resourceId}`, "hex").slice(0, 24);
}

export function ruleDigest(ruleId: string): string {
  return hash("sha256", ruleId, "hex").slice(0, 8);
}
