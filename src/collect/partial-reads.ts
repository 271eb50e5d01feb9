/**
 * Reads that keep what they got. A list operation that fails on a later page
 * keeps the records of the pages before it, and per-resource reads keep the
 * resources that answered; in both cases the failure becomes one
 * CollectionError naming the resource types it leaves incomplete, so later
 * stages never take the partial list as the whole account.
 */
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";
import type { ResourceType } from "../types/resource.js";
import type { CollectorContext } from "./collector.js";
import { errorCode, firstLine, unlessDeleted } from "./errors.js";

type ReadContext = Pick<CollectorContext<unknown>, "attempt">;

/** Every item of every page of one list operation; items before a failing page are kept. */
export async function listAllPages<P, T>(
  ctx: ReadContext,
  operation: string,
  resourceTypes: ResourceType[],
  paginator: AsyncIterable<P>,
  itemsOf: (page: P) => T[],
): Promise<T[]> {
  const items: T[] = [];
  await ctx.attempt(operation, resourceTypes, async () => {
    for await (const page of paginator) items.push(...itemsOf(page));
  });
  return items;
}

/**
 * Per-resource reads in flight at once per collector run. Tuned with `npm run bench`
 * (10k resources, 50 ms latency, EC2-style token buckets): 10 ran 1.1× the bucket-bound
 * minimum, 5 ran 1.35×, and 20 drew throttling. Route 53 keeps its own lower limit.
 */
export const PER_RESOURCE_CONCURRENCY = 10;

export interface EachRead<T> {
  operation: string;
  /** Types left incomplete when any read fails. */
  resourceTypes: ResourceType[];
  items: T[];
  /** Names an item in the error message (distribution id, zone id, …). */
  label: (item: T) => string;
  /** Reads one item and stores what it read (on the item's record). */
  read: (item: T) => Promise<void>;
  /** Shared by the reads of one collector so that all of them together stay under the service's rate. */
  limit: LimitFunction;
  /**
   * Set where one item's failure is its own (a bucket whose policy denies the
   * auditor): marks the attribute the read fills unreadable on the item's
   * record and returns the record's id. The error then names those records
   * (CollectionError.resourceIds) and leaves the types complete, unless the
   * service stopped answering and items went untried.
   */
  markUnreadable?: (item: T, field: string) => string;
}

/**
 * Runs one read per item with bounded concurrency. Every item is tried, so
 * that one resource deleted since it was listed does not cost the others
 * their details, nor one denied by a resource-level condition (IAM conditions
 * on tags, resource policies) the others' — until throttling outlasts the
 * retries: the service is saturated, and the reads not yet started would only
 * add to it. An item whose read fails or is not tried is left as it was,
 * and all failures of the operation become ONE CollectionError with the first
 * failure's code (a thousand distributions denied the same permission are one problem).
 */
export async function readEach<T>(ctx: Pick<CollectorContext<unknown>, "attempt">, each: EachRead<T>): Promise<void> {
  if (each.items.length === 0) return;
  await ctx.attempt(each.operation, each.resourceTypes, async () => {
    const failures: { label: string; error: unknown; id?: string }[] = [];
    let stopped = false;
    let untried = 0;
    await Promise.all(
      each.items.map((item) =>
        each.limit(async () => {
          if (stopped) return void untried++;
          try {
            await each.read(item);
          } catch (error) {
            failures.push({ label: each.label(item), error, id: each.markUnreadable?.(item, `${each.operation} answer (${errorCode(error)})`) });
            if (OPERATION_WIDE.test(errorCode(error))) stopped = true;
          }
        }),
      ),
    );
    if (failures.length === 0) return;
    const summary = summarize(failures, each.items.length, untried);
    const ids = failures.map((f) => f.id);
    if (untried > 0 || ids.some((id) => id === undefined)) throw summary;
    throw Object.assign(summary, { resourceIds: [...new Set(ids as string[])].sort() });
  });
}

/**
 * Codes that answer for the service in this region, whichever item it is asked about: the SDK's throttling codes
 * (Route 53's PriorRequestNotComplete among them) and the run's deadline. Not LimitExceededException: a quota, not a rate.
 */
const OPERATION_WIDE = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|PriorRequestNotComplete|BandwidthLimitExceeded|ProvisionedThroughputExceeded|Deadline/;

/** The same, as a function of (operation, types, items, read) sharing one limit, for collectors with several per-resource reads. */
export type PerResourceReads = <T>(operation: string, resourceTypes: ResourceType[], items: T[], read: (item: T) => Promise<void>) => Promise<void>;

export function perResourceReads(ctx: Pick<CollectorContext<unknown>, "attempt">, concurrency = PER_RESOURCE_CONCURRENCY): PerResourceReads {
  const limit = pLimit(concurrency);
  return (operation, resourceTypes, items, read) => readEach(ctx, { operation, resourceTypes, items, read, limit, label: labelOf });
}

function labelOf(item: unknown): string {
  if (Array.isArray(item)) return item.length > 0 ? `${labelOf(item[0])}…` : "[]";
  if (typeof item === "object" && item !== null && "id" in item) return String((item as { id: unknown }).id);
  return String(item);
}

const LABELS_SHOWN = 5;

/** Keeps the first failure's code; the message says how many items failed and which. */
function summarize(failures: { label: string; error: unknown }[], total: number, untried: number): Error {
  const first = failures[0]!.error;
  const labels = failures.map((f) => f.label).sort();
  const named = labels.slice(0, LABELS_SHOWN).join(", ") + (labels.length > LABELS_SHOWN ? `, … ${labels.length - LABELS_SHOWN} more` : "");
  const rest = untried > 0 ? `, ${untried} more not tried` : "";
  return Object.assign(new Error(`failed for ${failures.length} of ${total} (${named}${rest}): ${firstLine(first)}`), { name: errorCode(first) });
}

/** Splits `values` into runs of at most `size` (APIs that take a bounded list of ids). */
export function batchesOf<T>(values: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < values.length; i += size) batches.push(values.slice(i, i + size));
  return batches;
}

/**
 * The items read for each id, one request per id: EC2, RDS and ELB fail a
 * whole request when one of its ids does not exist, which would hide the
 * others. An id answered with one of `notFound` was deleted: it gives no item
 * and no error. Any other failure is one CollectionError naming
 * `resourceTypes` (see perResourceReads).
 */
export async function eachUnlessDeleted<T>(
  readEach: PerResourceReads,
  operation: string,
  resourceTypes: ResourceType[],
  ids: string[],
  notFound: readonly string[],
  read: (id: string) => Promise<T[]>,
): Promise<T[]> {
  const items: T[] = [];
  await readEach(operation, resourceTypes, ids, async (id) => {
    items.push(...((await unlessDeleted(() => read(id), notFound)) ?? []));
  });
  return items;
}
