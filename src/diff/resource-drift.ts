/** Resource drift between two snapshots: added, removed and modified resources. */
import type { ResourceRecord, Snapshot } from "../types/resource.js";
import { compareResources, isIncomplete, refOf } from "../types/resource.js";
import { attributeChanges } from "./attribute-changes.js";
import { withLastKnown } from "./last-known.js";
import { resourceKey, sameConfiguration } from "../types/canonical.js";
import type { Drift } from "./types.js";

/**
 * Resources of a (region, type) that `current` could not read completely are
 * never reported removed or modified: a collection error is not a deletion,
 * and a half-read record is not a change. They can still be reported added,
 * since what was read exists. An attribute unreadable in `current` keeps its
 * previous value (withLastKnown).
 */
export function diffResources(previous: Snapshot, current: Snapshot): Drift {
  const before = byKey(previous.resources);
  const after = byKey(current.resources);
  const unread = (r: ResourceRecord) => isIncomplete(current.errors, r.region, r.type);
  const drift: Drift = { added: [], removed: [], modified: [] };

  for (const resource of [...current.resources].sort(compareResources)) {
    const old = before.get(resourceKey(resource));
    if (!old) {
      drift.added.push(refOf(resource));
      continue;
    }
    const read = withLastKnown(old, resource);
    if (!unread(read) && !sameConfiguration(old, read)) {
      const changes = attributeChanges(old, read);
      if (changes.length > 0) drift.modified.push({ resource: refOf(resource), changes });
    }
  }
  for (const resource of [...previous.resources].sort(compareResources)) {
    if (!after.has(resourceKey(resource)) && !unread(resource)) drift.removed.push(refOf(resource));
  }
  return drift;
}

function byKey(resources: ResourceRecord[]): Map<string, ResourceRecord> {
  return new Map(resources.map((r) => [resourceKey(r), r]));
}
