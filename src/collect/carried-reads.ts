/**
 * Pay for change, not for size: a per-resource read with no batch form (one
 * request per resource) is carried over from the previous run instead of made
 * again when nothing says its value may have changed. It is made again when
 * the resource is new, when its list entry changed, when a CloudTrail write
 * event named it since the previous run, when the previous run's read failed,
 * when the region's events could not all be read, and in any case once the
 * value is older than the maximum age: each resource at its own fraction of it
 * (between half and all of it), so the refreshes spread over the nights rather
 * than fall on one. A carried value keeps the time it was really read
 * (ResourceRecord.reads), which the findings it judges show.
 */
import { canonicalJson, resourceKey, sha256 } from "../types/canonical.js";
import type { CarriedRead } from "../types/reads.js";
import { CARRIED_READS } from "../types/reads.js";
import type { ResourceRecord } from "../types/resource.js";

export interface CarryOver {
  /** What the previous run read, and what changed since: loaded while the lists are read, awaited by the first read that could carry. */
  previous: Promise<PreviousReads>;
  /** The oldest a carried value may be. */
  maxAgeMs: number;
  now: Date;
}

export interface PreviousReads {
  /** The previous run's records of the types whose reads carry, by resourceKey. */
  records: ReadonlyMap<string, ResourceRecord>;
  /** When the previous run read them (its takenAt): the time of a value it read itself. */
  takenAt: string;
  /** The operations that failed in the previous run, in any region (an account-wide collector names its own): what they left absent is no value to carry. */
  failed: ReadonlySet<string>;
  /** What the write events since the previous run named. */
  changes: WrittenResources;
}

export interface WrittenResources {
  /** The regions whose write events were all read: no value is carried in the others. */
  regions: ReadonlySet<string>;
  /** The resource keys (resourceKey) and ARNs the events named. */
  named: ReadonlySet<string>;
}

/**
 * The records whose read must be made; the others get the previous run's
 * values of `fields` (attributes, or "tags" for the record's tags) and the
 * time those were read (`reads`). Called with the records as their list read
 * them, before any per-resource read: each is stamped with the hash of that
 * (`listed`), which the next run compares its own with.
 */
export async function recordsToRead<R extends ResourceRecord<object>>(carryOver: CarryOver | undefined, read: CarriedRead, operation: string, records: R[], fields: readonly string[]): Promise<R[]> {
  if (!carryOver || records.length === 0) return records;
  const plain = records as unknown as ResourceRecord[];
  for (const record of plain) {
    // A programming error, not an input one: each read carries for the one type it fills.
    if (record.type !== CARRIED_READS[read]) throw new Error(`${read} is carried for ${CARRIED_READS[read]}, not ${record.type}`);
    record.listed ??= listedHash(record);
  }
  const previous = await carryOver.previous;
  return records.filter((_, i) => {
    const record = plain[i]!;
    const readAt = carriedReadAt(carryOver, previous, read, operation, record, fields);
    if (readAt === undefined) return true;
    carry(previous.records.get(resourceKey(record))!, record, read, readAt, fields);
    return false;
  });
}

/** When the previous run's value of `read` was read, if it can stand for this run's; undefined: read it again. */
export function carriedReadAt(
  carryOver: Pick<CarryOver, "maxAgeMs" | "now">,
  { records, takenAt, failed, changes }: PreviousReads,
  read: CarriedRead,
  operation: string,
  record: ResourceRecord,
  fields: readonly string[],
): string | undefined {
  const key = resourceKey(record);
  const previous = records.get(key);
  if (!previous || previous.listed === undefined || previous.listed !== record.listed) return undefined;
  if (!changes.regions.has(record.region)) return undefined;
  if (changes.named.has(key) || (record.arn !== undefined && changes.named.has(record.arn))) return undefined;
  if (failed.has(operation) || previous.unreadable?.some((u) => fields.includes(u.attribute))) return undefined;
  // A read that succeeded filled at least one of its fields (tags are always there).
  if (!fields.some((field) => field === "tags" || Object.hasOwn(previous.attributes, field))) return undefined;
  // A record the previous run kept from an earlier one was read when that one says.
  const readAt = previous.reads?.[read] ?? previous.observedAt ?? takenAt;
  return carryOver.now.getTime() - Date.parse(readAt) < carryOver.maxAgeMs * refreshFraction(key) ? readAt : undefined;
}

/** Between 0.5 and 1, fixed for a resource: the share of the maximum age its values are carried for. */
export function refreshFraction(key: string): number {
  // FNV-1a: cheap, and the same on every run and machine.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return 0.5 + (hash >>> 0) / 2 ** 33;
}

/** The record as its list read it: what a change of its list entry changes. */
function listedHash({ arn, name, tags, attributes }: ResourceRecord): string {
  return sha256(canonicalJson({ arn, name, tags, attributes })).slice(0, 32);
}

function carry(previous: ResourceRecord, record: ResourceRecord, read: CarriedRead, readAt: string, fields: readonly string[]): void {
  for (const field of fields) {
    if (field === "tags") record.tags = { ...previous.tags };
    else if (Object.hasOwn(previous.attributes, field)) record.attributes[field] = previous.attributes[field];
  }
  record.reads = { ...record.reads, [read]: readAt };
}
