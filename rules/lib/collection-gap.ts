import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import type { ResourceType } from "../../src/types/resource.js";

/**
 * Why `type` in `region` may be missing data ("DescribeSubnets: AccessDenied"),
 * or undefined when it was fully collected. A rule that would otherwise judge
 * on absent data says ERROR with this instead of guessing.
 */
export function collectionGap(snapshot: SnapshotIndex, type: ResourceType, region: string): string | undefined {
  if (snapshot.complete(type, region)) return undefined;
  // A failure that left only some resources' attributes unreadable (resourceIds) leaves the type complete: not a cause.
  const causes = snapshot.errors.filter((e) => e.region === region && e.resourceTypes.includes(type) && !e.resourceIds).map((e) => `${e.operation}: ${e.code}`);
  return `${type} in ${region} was not fully collected (${[...new Set(causes)].join(", ")})`;
}
