/** Canonical JSON and content hashes: equal content gives equal text whatever the key order. */
import { hash } from "node:crypto";
import type { Finding } from "./finding.js";
import type { ResourceRecord, Snapshot } from "./resource.js";

/** JSON with object keys sorted at every level; undefined fields are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = sortKeys(field);
  }
  return out;
}

export function sha256(text: string): string {
  return hash("sha256", text, "hex");
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The configuration hash of a resource. `state` (attachment counts, running
 * instances, desired capacity) is left out by design: an ASG scaling out is
 * not drift.
 */
export function resourceHash(resource: ResourceRecord<object>): string {
  let digest = hashes.get(resource);
  if (digest === undefined) {
    const { type, id, arn, name, tags, attributes } = resource;
    digest = sha256(canonicalJson({ type, id, arn, name, tags, attributes }));
    hashes.set(resource, digest);
  }
  return digest;
}

/**
 * The hash a store keeps a record under: its configuration and, for a record
 * kept from an earlier run, when it was read, so that a record becoming kept
 * (or read again) is written although its configuration is the same.
 */
export function recordHash(resource: ResourceRecord<object>): string {
  return resource.observedAt ? sha256(`${resourceHash(resource)} ${resource.observedAt}`) : resourceHash(resource);
}

/**
 * A run hashes each record several times (drift, then the store's write plan);
 * records are not changed once collected, so each is hashed once.
 */
const hashes = new WeakMap<object, string>();

/** "type/region/id": types and regions contain no "/", so everything after the second one is the id. */
export function resourceKey(resource: { type: string; region: string; id: string }): string {
  return `${resource.type}/${resource.region}/${resource.id}`;
}

/** Resource key → the hash a store keeps it under (recordHash), for every resource of the snapshot. */
export function resourceHashes(snapshot: Pick<Snapshot, "resources">): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const resource of snapshot.resources) hashes[resourceKey(resource)] = recordHash(resource);
  return hashes;
}

export function parseResourceKey(key: string): { type: string; region: string; id: string } {
  const [type = "", region = ""] = key.split("/", 2);
  return { type, region, id: key.slice(type.length + region.length + 2) };
}

/** Content hash of a finding without lastSeen, which moves every run: an unchanged finding is not rewritten. */
export function findingHash(finding: Finding): string {
  return sha256(canonicalJson({ ...finding, lastSeen: undefined }));
}

/** The writes that turn stored records (key → hash) into `resources`: those new or changed, and the keys no longer there. */
export function resourceChanges(stored: Map<string, string>, resources: ResourceRecord[]): { put: ResourceRecord[]; deleteKeys: string[] } {
  const current = new Map(resources.map((r) => [resourceKey(r), r]));
  return {
    put: [...current].filter(([key, r]) => stored.get(key) !== recordHash(r)).map(([, r]) => r),
    deleteKeys: [...stored.keys()].filter((key) => !current.has(key)),
  };
}
