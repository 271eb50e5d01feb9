/** Resource drift between two snapshots: added, removed and modified resources. */
import type { ResourceRecord, Snapshot } from "../types/resource.js";
import { compareResources, isIncomplete, refOf } from "../types/resource.js";
import { attributeChanges } from "./attribute-changes.js";
import { withLastKnown } from "./last-known.js";
import { resourceKey, sameConfiguration } from "../types/canonical.js";
import type { AttributeChange, Drift } from "./types.js";

/**
 * Resources of a (region, type) that `current` could not read completely are
 * never reported removed or modified: a collection error is not a deletion,
 * and a half-read record is not a change. They can still be reported added,
 * since what was read exists. An attribute unreadable in `current` keeps its
 * previous value (withLastKnown).
 */
export function diffResources(previous: Snapshot, current: Snapshot): Drift {
  const previousKeys = previous.resources.map(resourceKey);
  const before = new Map<string, ResourceRecord>();
  previous.resources.forEach((r, i) => before.set(previousKeys[i]!, r));
  const unread = (r: ResourceRecord) => isIncomplete(current.errors, r.region, r.type);
  const after = new Set<string>();
  const added: ResourceRecord[] = [];
  const modified: { resource: ResourceRecord; changes: AttributeChange[] }[] = [];
  for (const resource of current.resources) {
    const key = resourceKey(resource);
    after.add(key);
    const old = before.get(key);
    if (!old) {
      added.push(resource);
      continue;
    }
    const read = withLastKnown(old, resource);
    if (!unread(read) && !sameConfiguration(old, read)) {
      const changes = attributeChanges(old, read);
      if (changes.length > 0) modified.push({ resource, changes });
    }
  }
  const removed = previous.resources.filter((r, i) => !after.has(previousKeys[i]!) && !unread(r));
  // Only the changes are sorted, not the snapshots they were found in: a night's drift is a few of their records.
  return {
    added: added.sort(compareResources).map(refOf),
    removed: removed.sort(compareResources).map(refOf),
    modified: modified.sort((a, b) => compareResources(a.resource, b.resource)).map(({ resource, changes }) => ({ resource: refOf(resource), changes })),
  };
}
