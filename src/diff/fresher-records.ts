/**
 * A run and the event path read the same resources: the record read last
 * stands (a run reads each resource at or after its takenAt, so a tie goes
 * to the event path, which never puts back an older state). A run that listed a resource before an event re-read it (the event
 * path's records note when, observedAt) takes the stored record, so it
 * neither reports the event's change again nor puts back what it saw first.
 */
import { resourceKey } from "../types/canonical.js";
import type { Snapshot } from "../types/resource.js";
import { compareResources } from "../types/resource.js";

export function withFresherRecords(snapshot: Snapshot, stored: Snapshot | undefined): Snapshot {
  const fresher = new Map((stored?.resources ?? []).filter((r) => r.observedAt !== undefined && r.observedAt >= snapshot.takenAt).map((r) => [resourceKey(r), r]));
  if (fresher.size === 0) return snapshot;
  const resources = snapshot.resources.map((record) => {
    const later = fresher.get(resourceKey(record));
    if (!later) return record;
    fresher.delete(resourceKey(record));
    // Stores keep configuration, not observed state (a parameter group's pending reboot): this run's is the latest known.
    return later.state === undefined && record.state !== undefined ? { ...later, state: record.state } : later;
  });
  return { ...snapshot, resources: [...resources, ...fresher.values()].sort(compareResources) };
}
