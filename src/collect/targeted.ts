/**
 * A targeted read for the event path: the resources CloudTrail says were
 * changed, read again by id, each with what the run learned about it: read
 * (its record, as a full collection builds it), gone (the read found nothing),
 * or unknown (the read failed: never taken for a deletion).
 */
import type { CollectionError, ResourceRecord, ResourceType } from "../types/resource.js";
import { GLOBAL_RESOURCE_TYPES } from "../types/resource.js";
import type { ReadTargets } from "./collector.js";
import { isTarget } from "./collector.js";
import type { CollectOptions } from "./run.js";
import { collectAccount, GLOBAL_REGION } from "./run.js";

/** A resource to read: its type, region, and id or ARN (an EventTarget in a region). */
export interface ReadTarget {
  type: ResourceType;
  region: string;
  id?: string;
  arn?: string;
}

export type TargetOutcome = { target: ReadTarget; status: "read"; record: ResourceRecord } | { target: ReadTarget; status: "gone" } | { target: ReadTarget; status: "unknown"; error: CollectionError };

export interface TargetedRead {
  outcomes: TargetOutcome[];
  /** Every record the reads returned (one per read target). */
  records: ResourceRecord[];
  errors: CollectionError[];
}

/**
 * Reads `targets` in one account. A collector that can read the targets' types
 * by id reads only them; one that cannot is run whole in the target's region
 * and its other records dropped, so every type is handled, the cheap way where
 * there is one.
 */
export async function readTargets(options: Omit<CollectOptions, "regions" | "targets"> & { targets: ReadTarget[] }): Promise<TargetedRead> {
  const targets = options.targets.map((t) => ({ ...t, region: recordRegion(t.type, t.region) }));
  const records: ResourceRecord[] = [];
  const errors: CollectionError[] = [];
  const jobs = [...groupBy(targets, (t) => t.region)].flatMap(([region, inRegion]) =>
    options.collectors.flatMap((collector) => {
      const mine = inRegion.filter((t) => collector.resourceTypes.includes(t.type));
      return mine.length > 0 ? [{ collector, region, targets: mine }] : [];
    }),
  );
  const { targets: _, ...connection } = options;
  await Promise.all(
    jobs.map(async ({ collector, region, targets: mine }) => {
      const named = readTargetsOf(mine);
      const byId = mine.every((t) => collector.targetedTypes?.includes(t.type));
      const snapshot = await collectAccount({
        ...connection,
        collectors: [collector],
        regions: [region],
        // An account-scope collector (S3) runs in us-east-1 for the region asked.
        ...(byId && { targets: new Map([[region, named], [GLOBAL_REGION, named]]) }),
      });
      const types = new Set(mine.map((t) => t.type));
      records.push(...snapshot.resources.filter((r) => isTarget(named, r)));
      errors.push(...snapshot.errors.filter((e) => e.resourceTypes.some((type) => types.has(type))));
    }),
  );
  const outcomes = targets.map((target): TargetOutcome => {
    const record = records.find((r) => namesRecord(target, r));
    if (record) return { target, status: "read", record };
    const error = errors.find((e) => e.region === target.region && e.resourceTypes.includes(target.type) && (!e.resourceIds || e.resourceIds.some((id) => id === target.id || id === target.arn)));
    return error ? { target, status: "unknown", error } : { target, status: "gone" };
  });
  return { outcomes, records, errors };
}

/** Whether `target` names `record`: its type and region, and its id or ARN. */
export function namesRecord(target: ReadTarget, record: Pick<ResourceRecord, "type" | "region" | "id" | "arn">): boolean {
  return record.type === target.type && record.region === target.region && (record.id === target.id || (target.arn !== undefined && record.arn === target.arn));
}

/** Where a record of `type` touched by a call in `region` is: a global service's in us-east-1, whatever region took the call. */
export function recordRegion(type: ResourceType, region: string): string {
  return GLOBAL_RESOURCE_TYPES.includes(type) ? GLOBAL_REGION : region;
}

function readTargetsOf(targets: ReadTarget[]): ReadTargets {
  const named = new Map<ResourceType, string[]>();
  for (const t of targets) {
    const list = named.get(t.type) ?? [];
    for (const name of [t.id, t.arn]) if (name !== undefined && !list.includes(name)) list.push(name);
    named.set(t.type, list);
  }
  return named;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
