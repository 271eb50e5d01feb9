/**
 * A run and the event path read the same resources: the record read last
 * stands. A run that listed a resource before an event re-read it (the event
 * path's records note when, observedAt) takes the stored record, so it
 * neither reports the event's change again nor puts back what it saw first.
 */
import { resourceKey } from "../types/canonical.js";
import type { Snapshot } from "../types/resource.js";
import { compareResources } from "../types/resource.js";

export function withFresherRecords(snapshot: Snapshot, stored: Snapshot | undefined): Snapshot {
  const fresher = (stored?.resources ?? []).filter((r) => r.observedAt !== undefined && r.observedAt > snapshot.takenAt);
  if (fresher.length === 0) return snapshot;
  const keys = new Set(fresher.map(resourceKey));
  return { ...snapshot, resources: [...snapshot.resources.filter((r) => !keys.has(resourceKey(r))), ...fresher].sort(compareResources) };
}
