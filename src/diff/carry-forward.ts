/** The last known state of an account when a run could not read all of it. */
import type { Snapshot } from "../types/resource.js";
import { compareResources, isIncomplete, keptFrom } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import { withLastKnown } from "./last-known.js";

/**
 * `current`, except that in every (region, type) `current` left incomplete the
 * records of `previous` stand: those `current` did not return, and those it
 * returned perhaps half read. Only resources new there are taken from
 * `current`. Stores keep this as the run's snapshot, so that the next run
 * compares with the last state read completely, the same state diffResources
 * compared with, rather than with a gap (which would show every resource of a
 * failed service as added once it reads again). A kept record notes when it
 * was really read (observedAt), so that the events which may have changed it
 * are looked for from then, not from the last run. Unreadable attributes of
 * records read keep their last known values.
 */
export function carryForward(previous: Snapshot | undefined, current: Snapshot): Snapshot {
  // Stryker disable next-line ConditionalExpression: a fast path; the general case gives the same snapshot
  if (!previous || current.errors.length === 0) return current;
  const unread = (r: { region: string; type: Snapshot["resources"][number]["type"] }) => isIncomplete(current.errors, r.region, r.type);
  const kept = previous.resources.filter(unread).map((r) => keptFrom(r, previous.takenAt));
  const read = lastKnownAttributes(previous, current.resources);
  // Stryker disable next-line ConditionalExpression: fast paths; the general case gives the same records
  if (kept.length === 0) return read === current.resources ? current : { ...current, resources: read };
  const keptKeys = new Set(kept.map(resourceKey));
  const resources = [...read.filter((r) => !unread(r) || !keptKeys.has(resourceKey(r))), ...kept];
  return { ...current, resources: resources.sort(compareResources) };
}

/** Records with unreadable attributes get those attributes' last known values; the array itself when there are none. */
function lastKnownAttributes(previous: Snapshot, resources: Snapshot["resources"]): Snapshot["resources"] {
  // Stryker disable next-line ConditionalExpression: a fast path; mapping gives the same records
  if (!resources.some((r) => r.unreadable)) return resources;
  const before = new Map(previous.resources.map((r) => [resourceKey(r), r]));
  return resources.map((r) => (r.unreadable ? withLastKnown(before.get(resourceKey(r)), r) : r));
}
