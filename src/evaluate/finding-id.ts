import { createHash } from "node:crypto";

/** Stable across runs: the same rule on the same resource always has the same id. */
export function findingId(accountId: string, region: string, ruleId: string, resourceType: string, resourceId: string): string {
  return createHash("sha256").update([accountId, region, ruleId, resourceType, resourceId].join("\u0000")).digest("hex").slice(0, 32);
}
