/**
 * Mapping listed items to records so that one malformed item costs only its
 * own verdicts. An item without its id cannot become a record: it is skipped,
 * and named in one collection error that leaves its type incomplete (it may
 * be a resource the last run knew). An attribute built from a missing field
 * is left out and marked unreadable on its record: only the rules that read
 * it say ERROR, for that resource alone.
 */
import type { CollectionError, ResourceRecord, ResourceType, UnreadableAttribute } from "../types/resource.js";
import type { CollectorContext } from "./collector.js";
import { MalformedResponseError } from "./errors.js";

/** What one item's mapping could not read. */
export class ItemFields {
  readonly unreadable: UnreadableAttribute[] = [];
  /** Fields missing from observed state: rules read `state` unguarded, so they are only left out and reported. */
  readonly missingState: string[] = [];

  /** The attribute `build` returns; undefined, and marked unreadable, when a field it needs is missing. */
  read<T>(attribute: string, build: () => T): T | undefined {
    return orMissing(build, (field) => this.unreadable.push({ attribute, field }));
  }

  /** A value of the record's `state`; undefined, and reported, when a field it needs is missing. */
  readState<T>(build: () => T): T | undefined {
    return orMissing(build, (field) => this.missingState.push(field));
  }

  /** Every missing field, once each. */
  get missing(): string[] {
    return [...new Set([...this.unreadable.map((u) => u.field), ...this.missingState])];
  }
}

/** What `build` returns, or undefined after telling `missing` which field it lacked. */
function orMissing<T>(build: () => T, missing: (field: string) => void): T | undefined {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw error;
    missing(error.field);
    return undefined;
  }
}

/**
 * A malformed item, as a collector reports it: skipped (no id), or kept with
 * unreadable attributes. A skipped item may leave other types incomplete too:
 * those read through it (a hosted zone's record sets) or counted from it.
 */
export type MalformedItem = { skipped: true; field: string; alsoIncomplete?: ResourceType[] } | { skipped: false; id: string; fields: string[] };

export type ItemReport = Pick<CollectorContext<unknown>, "malformed">;

/** Maps the items of one page; see the module comment for what a malformed item costs. */
export function recordsOf<T, R extends ResourceRecord<any>>(
  ctx: ItemReport,
  operation: string,
  type: ResourceType,
  items: T[],
  toRecord: (item: T, fields: ItemFields) => R,
  whenSkipped: { alsoIncomplete?: ResourceType[] } = {},
): R[] {
  const records: R[] = [];
  for (const item of items) {
    const fields = new ItemFields();
    let record: R;
    try {
      record = toRecord(item, fields);
    } catch (error) {
      if (!(error instanceof MalformedResponseError)) throw error;
      ctx.malformed(operation, type, { skipped: true, field: error.field, ...whenSkipped });
      continue;
    }
    keepWhatWasRead(ctx, operation, record, fields);
    records.push(record);
  }
  return records;
}

/**
 * Sets attributes of a record already listed from a later read of it (a load
 * balancer's listeners): an attribute `build` could not read is left out and
 * marked unreadable on the record, and reported as for a listed item.
 */
export function fillAttributes<R extends ResourceRecord<any>>(
  ctx: ItemReport,
  operation: string,
  record: R,
  build: (fields: ItemFields) => Partial<R["attributes"]>,
): void {
  const fields = new ItemFields();
  const attributes: Record<string, unknown> = record.attributes;
  for (const [key, value] of Object.entries(build(fields))) if (value !== undefined) attributes[key] = value;
  for (const { attribute } of fields.unreadable) delete attributes[attribute];
  keepWhatWasRead(ctx, operation, record, fields);
}

/** Marks the record's unreadable attributes and reports every missing field of it, once. */
function keepWhatWasRead(ctx: ItemReport, operation: string, record: ResourceRecord<any>, fields: ItemFields): void {
  if (fields.unreadable.length > 0) record.unreadable = [...(record.unreadable ?? []), ...fields.unreadable];
  if (fields.missing.length > 0) ctx.malformed(operation, record.type, { skipped: false, id: record.id, fields: fields.missing });
}

const NAMED = 5;

/** One CollectionError per (operation, type) for the skipped items, and one for the items kept with unreadable attributes. */
export function malformedItemErrors(
  reports: { operation: string; type: ResourceType; item: MalformedItem }[],
  where: { service: string; region: string },
): CollectionError[] {
  const groups = new Map<string, { operation: string; type: ResourceType; items: MalformedItem[] }>();
  for (const { operation, type, item } of reports) {
    const key = `${operation}\u0000${type}\u0000${item.skipped}`;
    const group = groups.get(key) ?? groups.set(key, { operation, type, items: [] }).get(key)!;
    group.items.push(item);
  }
  return [...groups.values()].map(({ operation, type, items }) => {
    const base = { ...where, operation, code: "MalformedResponse", resourceTypes: [type] };
    const kept = items.flatMap((i) => (i.skipped ? [] : [i]));
    if (kept.length === 0) {
      const fields = [...new Set(items.map((i) => (i.skipped ? i.field : "")))].sort().join(", ");
      const also = items.flatMap((i) => (i.skipped ? (i.alsoIncomplete ?? []) : []));
      const resourceTypes = [...new Set([type, ...also])];
      return { ...base, resourceTypes, message: `${items.length} ${type} item${items.length === 1 ? "" : "s"} skipped: no ${fields}` };
    }
    const named = kept.slice(0, NAMED).map((i) => `${i.id} (${i.fields.join(", ")} missing)`).join(", ");
    const more = kept.length > NAMED ? `, … ${kept.length - NAMED} more` : "";
    return { ...base, resourceIds: kept.map((i) => i.id).sort(), message: `read with attributes missing: ${named}${more}` };
  });
}

/** Marks one attribute of a record unreadable (its read failed or was refused), for the record's rules to say ERROR and drift to keep its last value. */
export function markUnreadable(record: Pick<ResourceRecord, "id" | "unreadable">, attribute: string, field: string): string {
  record.unreadable = [...(record.unreadable ?? []), { attribute, field }];
  return record.id;
}
