/** The last known state of an account when a run could not read all of it. */
import type { Snapshot } from "../types/resource.js";
import { compareResources, isIncomplete } from "../types/resource.js";
import { resourceKey } from "./canonical.js";

/**
 * `current`, except that in every (region, type) `current` left incomplete the
 * records of `previous` stand: those `current` did not return, and those it
 * returned perhaps half read. Only resources new there are taken from
 * `current`. Stores keep this as the run's snapshot, so that the next run
 * compares with the last state read completely, the same state diffResources
 * compared with, rather than with a gap (which would show every resource of a
 * failed service as added once it reads again).
 */
export function carryForward(previous: Snapshot | undefined, current: Snapshot): Snapshot {
  if (!previous || current.errors.length === 0) return current;
  const unread = (r: { region: string; type: Snapshot["resources"][number]["type"] }) => isIncomplete(current.errors, r.region, r.type);
  const kept = previous.resources.filter(unread);
  if (kept.length === 0) return current;
  const keptKeys = new Set(kept.map(resourceKey));
  const resources = [...current.resources.filter((r) => !unread(r) || !keptKeys.has(resourceKey(r))), ...kept];
  return { ...current, resources: resources.sort(compareResources) };
}
