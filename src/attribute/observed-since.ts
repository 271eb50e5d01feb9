/**
 * Since when each drifted resource's changes are to be looked for: when the
 * state it is compared with was really read. That is the previous run for
 * most, but earlier for a record the previous run kept because it could not
 * read it (observedAt): a change made before the failed run is part of this
 * drift, and its event must be in the window.
 */
import { resourceKey } from "../types/canonical.js";
import type { ResourceRef, Snapshot } from "../types/resource.js";
import { isIncomplete, observedAt } from "../types/resource.js";
import type { Drift } from "../diff/types.js";

export interface ObservedSince {
  /** The earliest of the times below, and of the reference's takenAt: where the lookup window starts. */
  from: string;
  /** Resource key → since when its events count, for each drifted resource read before the reference's takenAt. */
  since: Map<string, string>;
}

export function observedSince(reference: Snapshot, drift: Drift): ObservedSince {
  const records = new Map(reference.resources.map((r) => [resourceKey(r), r]));
  const since = new Map<string, string>();
  const note = (ref: ResourceRef) => {
    const key = resourceKey(ref);
    const record = records.get(key);
    const time = record ? observedAt(record, reference) : typeReadAt(reference, ref);
    if (before(time, reference.takenAt)) since.set(key, time);
  };
  for (const ref of [...drift.added, ...drift.removed, ...drift.modified.map((m) => m.resource)]) note(ref);
  const from = [...since.values()].reduce(earliest, reference.takenAt);
  return { from, since };
}

/**
 * For a resource the reference does not hold: when its region and type were
 * last read in full, the earliest time a record of theirs was kept from when
 * the reference could not read them (it may have been created unseen since).
 */
function typeReadAt(reference: Snapshot, ref: ResourceRef): string {
  if (!isIncomplete(reference.errors, ref.region, ref.type)) return reference.takenAt;
  return reference.resources
    .filter((r) => r.type === ref.type && r.region === ref.region)
    .map((r) => observedAt(r, reference))
    .reduce(earliest, reference.takenAt);
}

/** Times as ISO 8601 strings, with or without milliseconds: compared as times, not as text. */
function before(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

function earliest(a: string, b: string): string {
  return before(b, a) ? b : a;
}
