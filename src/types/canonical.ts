/** Canonical JSON and content hashes: equal content gives equal text whatever the key order. */
import { hash } from "node:crypto";
import type { Finding, FindingResource } from "./finding.js";
import { FINDING_FIELDS, FINDING_RESOURCE_FIELDS, ownFieldsAmong } from "./finding.js";
import type { ResourceRecord, Snapshot } from "./resource.js";

/** JSON with object keys sorted at every level; undefined fields are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  // A sorted copy stringified natively: faster than writing the text out key by key in JavaScript.
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
    digest = sha256(canonicalJson(configuration(resource)));
    hashes.set(resource, digest);
  }
  return digest;
}

function configuration({ type, id, arn, name, tags, attributes }: ResourceRecord<object>): object {
  return { type, id, arn, name, tags, attributes };
}

/**
 * resourceHash(a) === resourceHash(b), hashing neither where it can: records
 * with the same configuration share one hash, so a record read again
 * unchanged takes the hash its stored one was kept under (rememberResourceHash).
 */
export function sameConfiguration(a: ResourceRecord<object>, b: ResourceRecord<object>): boolean {
  const [x, y] = [hashes.get(a), hashes.get(b)];
  if (x !== undefined && y !== undefined) return x === y;
  if (!sameCanonical(configuration(a), configuration(b))) return false;
  const known = x ?? y;
  if (known !== undefined) {
    hashes.set(a, known);
    hashes.set(b, known);
  }
  return true;
}

/**
 * The hash a store keeps a record under: its configuration and, for a record
 * kept from an earlier run, when it was read, so that a record becoming kept
 * (or read again) is written although its configuration is the same; so too
 * for the reads it carries over and its list entry's hash (carried-reads.ts).
 */
export function recordHash(resource: ResourceRecord<object>): string {
  const { observedAt, reads, listed } = resource;
  if (!observedAt && !reads && !listed) return resourceHash(resource);
  return sha256(`${resourceHash(resource)} ${observedAt ?? ""} ${reads ? canonicalJson(reads) : ""} ${listed ?? ""}`);
}

/**
 * A run hashes each record several times (drift, then the store's write plan);
 * records are not changed once collected, so each is hashed once.
 */
const hashes = new WeakMap<object, string>();

/** For a store that kept each record's resourceHash beside it: the record read back is not hashed again. */
export function rememberResourceHash(resource: ResourceRecord<object>, digest: string): void {
  hashes.set(resource, digest);
}

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

/** Whether two findings have the same findingHash, compared directly: no text is built and nothing hashed. */
export function sameFinding(a: Finding, b: Finding): boolean {
  // A finding kept as stored (out of the run's scope) is the stored object itself.
  if (a === b) return true;
  // Most findings of a run are as stored: those of the usual shape are compared field by field, and the rest in general.
  return (usualShape(a) && usualShape(b) && sameUsualFinding(a, b)) || sameFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, "lastSeen");
}

/**
 * Whether a finding and its resource are objects with no field beyond those a
 * Finding has: then their fields can be compared one by one, scalars with ===
 * (equal values write the same JSON; unequal ones are compared in general).
 */
function usualShape(finding: Finding): boolean {
  // canonicalJson leaves inherited fields out; === would not: ownFieldsAmong takes none.
  return ownFieldsAmong(finding, FINDING_FIELDS) >= 0 && ownFieldsAmong(finding.resource, FINDING_RESOURCE_FIELDS) >= 0;
}

function sameUsualFinding(a: Finding, b: Finding): boolean {
  return (
    a.id === b.id &&
    a.ruleId === b.ruleId &&
    a.status === b.status &&
    a.severity === b.severity &&
    a.reason === b.reason &&
    a.firstSeen === b.firstSeen &&
    sameResourceFields(a.resource, b.resource) &&
    sameCanonical(a.evidence, b.evidence) &&
    sameCanonical(a.suppression, b.suppression) &&
    sameCanonical(a.lifecycle, b.lifecycle)
  );
}

/** Whether two findings' resources have the same canonical JSON: field by field first where both have a FindingResource's fields alone. */
export function sameFindingResource(x: FindingResource, y: FindingResource): boolean {
  if (x === y) return true;
  const usual = ownFieldsAmong(x, FINDING_RESOURCE_FIELDS) >= 0 && ownFieldsAmong(y, FINDING_RESOURCE_FIELDS) >= 0;
  return (usual && sameResourceFields(x, y)) || sameCanonical(x, y);
}

/** For resources with a FindingResource's fields alone: true means the same JSON; false is for the general comparison to confirm (a tag of no value). */
function sameResourceFields(x: FindingResource, y: FindingResource): boolean {
  return x.type === y.type && x.id === y.id && x.region === y.region && x.accountId === y.accountId && x.arn === y.arn && x.name === y.name && sameTags(x.tags, y.tags);
}

/** Tags as collectors make them (string values), compared directly; anything else in general. */
function sameTags(x: Record<string, string>, y: Record<string, string>): boolean {
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return sameCanonical(x, y);
  let count = 0;
  for (const key in x) {
    const value = x[key];
    if (typeof value !== "string" || !Object.hasOwn(x, key)) return sameCanonical(x, y);
    // A key y has only by inheritance is caught by the count.
    if (value !== y[key]) return false;
    count += 1;
  }
  for (const key in y) if (Object.hasOwn(y, key)) count -= 1;
  return count === 0;
}

/**
 * canonicalJson(a) === canonicalJson(b), without building either (nor any
 * array of keys: this runs over every finding of a run): key order does not
 * count, undefined (and function) fields are absent, in arrays they and
 * non-finite numbers are null, as JSON.stringify has them.
 */
export function sameCanonical(a: unknown, b: unknown): boolean {
  const x = jsonValue(a);
  const y = jsonValue(b);
  if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return x === y;
  const isArray = Array.isArray(x);
  if (isArray !== Array.isArray(y)) return false;
  if (isArray) {
    const [p, q] = [x as unknown[], y as unknown[]];
    if (p.length !== q.length) return false;
    for (let i = 0; i < p.length; i++) if (!sameCanonical(jsonValue(p[i]) ?? null, jsonValue(q[i]) ?? null)) return false;
    return true;
  }
  return sameFields(x as Record<string, unknown>, y as Record<string, unknown>);
}

function sameFields(x: Record<string, unknown>, y: Record<string, unknown>, except?: string): boolean {
  let count = 0;
  for (const key in x) {
    if (skipped(x, key, except)) continue;
    if (!Object.hasOwn(y, key) || !sameCanonical(x[key], y[key])) return false;
    count += 1;
  }
  for (const key in y) if (!skipped(y, key, except)) count -= 1;
  return count === 0;
}

/** Keys canonicalJson leaves out: inherited, undefined or function valued, and "__proto__" (which sets a sorted copy's prototype rather than a key). */
function skipped(value: Record<string, unknown>, key: string, except: string | undefined): boolean {
  return key === except || key === "__proto__" || !Object.hasOwn(value, key) || jsonValue(value[key]) === undefined;
}

/** What JSON.stringify writes for a value: absent (undefined) for undefined, functions and symbols, null for non-finite numbers. */
function jsonValue(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}

/** The writes that turn stored records (key → hash) into `resources`: those new or changed, and the keys no longer there. */
export function resourceChanges(stored: ReadonlyMap<string, string>, resources: ResourceRecord[]): { put: ResourceRecord[]; deleteKeys: string[] } {
  // Loops rather than chained arrays: this runs over every record of an account, and writes a few.
  const current = new Map<string, ResourceRecord>();
  for (const record of resources) current.set(resourceKey(record), record);
  const put: ResourceRecord[] = [];
  for (const [key, record] of current) if (stored.get(key) !== recordHash(record)) put.push(record);
  const deleteKeys: string[] = [];
  for (const key of stored.keys()) if (!current.has(key)) deleteKeys.push(key);
  return { put, deleteKeys };
}
