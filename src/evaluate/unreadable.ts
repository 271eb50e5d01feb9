/**
 * Rules see a record whose unreadable attributes cannot be read by accident:
 * touching one throws, and the rule's verdict on that resource becomes ERROR
 * naming the missing field, while rules that never read it judge as usual.
 */
import type { ResourceRecord } from "../types/resource.js";

export class UnreadableAttributeError extends Error {
  override name = "UnreadableAttribute";
  constructor(readonly field: string) {
    super(`could not evaluate: ${field} missing`);
  }
}

/** The record itself when everything was read; otherwise a copy whose attributes guard the unreadable ones. */
export function guardUnreadable<R extends ResourceRecord<any>>(record: R): R {
  return record.unreadable?.length ? guarded(record) : record;
}

// Apart from guardUnreadable, so that the closures here cost nothing to the many records that need no guard.
function guarded<R extends ResourceRecord<any>>(record: R): R {
  const missing = new Map(record.unreadable!.map((u) => [u.attribute, u.field]));
  const attributes = new Proxy(record.attributes as object, {
    get(target, key, receiver) {
      const field = typeof key === "string" ? missing.get(key) : undefined;
      if (field !== undefined) throw new UnreadableAttributeError(field);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const field = typeof key === "string" ? missing.get(key) : undefined;
      if (field !== undefined) throw new UnreadableAttributeError(field);
      return Reflect.has(target, key);
    },
  });
  return { ...record, attributes };
}
