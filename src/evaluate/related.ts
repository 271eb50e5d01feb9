/**
 * Which resources a change touches besides the changed one: those whose
 * configuration names it (an ASG names its target groups, a load balancer its
 * security groups, a record set its load balancer's DNS name). Their rules
 * read the changed resource, so they are judged again with it.
 */
import { resourceKey } from "../types/canonical.js";
import type { ResourceRecord } from "../types/resource.js";

/** Keys of the records of `snapshot` whose attributes name one of `changed` by id, ARN or DNS name, the changed ones excluded. */
export function relatedKeys(resources: readonly ResourceRecord[], changed: readonly Pick<ResourceRecord, "type" | "region" | "id" | "arn" | "attributes">[]): Set<string> {
  const names = changed.flatMap((r) => [r.id, r.arn, dnsName(r)]).filter((name): name is string => typeof name === "string" && name.length >= MIN_NAME);
  const own = new Set(changed.map(resourceKey));
  const related = new Set<string>();
  if (names.length === 0) return related;
  // Whole JSON values; an alias target names a load balancer as "dualstack.<dns name>." as often as not.
  const needles = names.map((n) => n.toLowerCase()).flatMap((n) => [`"${n}"`, `"${n}."`, `"dualstack.${n}`]);
  for (const record of resources) {
    const key = resourceKey(record);
    if (own.has(key)) continue;
    const text = JSON.stringify(record.attributes).toLowerCase();
    if (needles.some((needle) => text.includes(needle))) related.add(key);
  }
  return related;
}

/** Shorter names (an ASG called "web") would be found inside unrelated values by chance. */
const MIN_NAME = 6;

function dnsName(record: Pick<ResourceRecord, "attributes">): string | undefined {
  const value = (record.attributes as Record<string, unknown>).dnsName;
  return typeof value === "string" ? value : undefined;
}
