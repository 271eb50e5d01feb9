/** Small pure helpers that turn SDK shapes into stable, hashable records. */
import { compareText } from "../types/order.js";

export function tagsOf(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of [...(tags ?? [])].sort((a, b) => compareText((a.Key ?? ""), b.Key ?? ""))) {
    if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? "";
  }
  return out;
}

/** Drops undefined fields so that records compare and hash by what AWS actually returned. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function sortedStrings(values: (string | undefined)[] | undefined): string[] {
  return [...new Set((values ?? []).filter((v): v is string => typeof v === "string"))].sort();
}

/** Sorts records by their canonical JSON so that list order returned by AWS never looks like drift. */
export function sortedByJson<T>(values: T[]): T[] {
  return values
    .map((v) => [JSON.stringify(v), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
}

// ARNs built by the collectors name the partition of their region.
export { partitionOf } from "../types/partition.js";
