import type { ResourceRecord } from "../types/resource.js";

/**
 * `current` with each unreadable attribute (see ResourceRecord.unreadable)
 * taken from `previous`: a field missing from one response is neither drift
 * nor lost. Attributes the previous record did not have either stay marked.
 */
export function withLastKnown<R extends ResourceRecord<any>>(previous: ResourceRecord<any> | undefined, current: R): R {
  if (!current.unreadable?.length || !previous) return current;
  const attributes = { ...current.attributes };
  const unreadable = current.unreadable.filter(({ attribute }) => {
    if (!(attribute in previous.attributes)) return true;
    attributes[attribute] = previous.attributes[attribute];
    return false;
  });
  const filled = { ...current, attributes };
  if (unreadable.length > 0) filled.unreadable = unreadable;
  else delete filled.unreadable;
  return filled;
}
