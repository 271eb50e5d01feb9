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

/** Regions outside the commercial partition, by name prefix (most specific first). */
const PARTITIONS: [prefix: string, partition: string][] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["us-iso-", "aws-iso"],
  ["eu-isoe-", "aws-iso-e"],
];

/** The partition an ARN in `region` names ("aws" for commercial regions). */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}
