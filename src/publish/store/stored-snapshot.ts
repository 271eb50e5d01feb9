/**
 * The file store's snapshots: a snapshot file as `collect` writes one (any
 * snapshot reader takes it), a record a line (line-json.ts), with the
 * resourceHash of each record beside it under STORE_KEY, so that the next run
 * reads the records back a line at a time, without checking each field again
 * (the store wrote them) or hashing them again. Files of another shape
 * (written by earlier versions) are read whole, checked and hashed as any
 * snapshot file.
 *
 * A run whose records differ little from a stored snapshot's (a night's
 * drift) writes a small overlay on it instead: its own snapshot fields, the
 * name of the file holding the records, the records that differ from it
 * (changed or new, with their hashes) and the keys of those gone, and what
 * the hashes leave out of the others (observed state, unreadable attributes).
 */
import { rememberResourceHash, resourceHash } from "../../types/canonical.js";
import type { ResourceRecord, Snapshot } from "../../types/resource.js";
import { open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { resourceKey } from "../../types/canonical.js";
import { checkSnapshotFile, parseSnapshotJson, readSnapshotText, SnapshotError, validateSnapshot, validateSnapshotHeader } from "../../snapshot/snapshot-file.js";
import { elementLines, readLinedFile } from "./line-json.js";
import { writeFileAtomically } from "./state-files.js";

/** The key of a stored snapshot's own fields; snapshot readers ignore it. */
export const STORE_KEY = "store";
/** Changes whenever what the store keeps under STORE_KEY changes: other files are read as plain snapshots. */
export const STORED_SNAPSHOT_FORMAT = "driftwarden-stored-snapshot/1";

export const SNAPSHOT_OVERLAY_FORMAT = "driftwarden-stored-snapshot-overlay/1";

const HASH = /^[0-9a-f]{64}$/;

/** Per record key, what resourceHash leaves out; records with neither are not listed. */
type Extras = Record<string, Pick<ResourceRecord, "state" | "unreadable">>;

interface OverlayFields extends OverlayChanges {
  format: typeof SNAPSHOT_OVERLAY_FORMAT;
  /** A stored snapshot's file name, in the same folder. */
  resourcesFrom: string;
  /** How many records it holds: a check that it is still the file meant. */
  records: number;
  /** The records whose keys are in putKeys, in that order, and their resourceHash. */
  put: ResourceRecord[];
  putHashes: string[];
  /** Of the records not put. */
  extras: Extras;
}

/** How an overlay's records differ from those of the file it is on. */
export interface OverlayChanges {
  /** Keys of the records new or changed since. */
  putKeys: string[];
  /** Keys of its records no longer there. */
  deleteKeys: string[];
}

/** Writes the snapshot a record at a time, so that no text of the whole file is built. */
export function writeStoredSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  const { resources, ...header } = snapshot;
  const fields: Omit<Snapshot, "resources"> = { schemaVersion: header.schemaVersion, accountId: header.accountId, takenAt: header.takenAt, regions: header.regions, errors: header.errors };
  // A generator, not an array: each line is built as it is written.
  function* text(): Iterable<string> {
    yield `${JSON.stringify(fields).slice(0, -1)},"resources":[`;
    yield* elementLines(resources);
    yield HASHES_LINE;
    yield* elementLines(resources.map((r) => resourceHash(r)));
    yield "]}}\n";
  }
  return writeFileAtomically(path, text());
}

/** The line between the records and their hashes. */
const HASHES_LINE = `],${JSON.stringify(STORE_KEY)}:{"format":${JSON.stringify(STORED_SNAPSHOT_FORMAT)},"resourceHashes":[`;

/**
 * Writes `snapshot` as an overlay on the stored snapshot `resourcesFrom` (a
 * file name beside `path`) of `records` records, from which its records differ
 * by `changes`. Not a snapshot file: it holds only those records.
 */
export function writeSnapshotOverlay(path: string, snapshot: Snapshot, on: { resourcesFrom: string; records: number }, changes: OverlayChanges): Promise<void> {
  const { resources, schemaVersion, accountId, takenAt, regions, errors } = snapshot;
  const putKeys = new Set(changes.putKeys);
  const put: ResourceRecord[] = [];
  const extras: Extras = {};
  for (const r of resources) {
    const key = resourceKey(r);
    if (putKeys.has(key)) put.push(r);
    else if (r.state !== undefined || r.unreadable !== undefined) extras[key] = { ...(r.state && { state: r.state }), ...(r.unreadable && { unreadable: r.unreadable }) };
  }
  const store: OverlayFields = { format: SNAPSHOT_OVERLAY_FORMAT, ...on, putKeys: put.map(resourceKey), deleteKeys: changes.deleteKeys, put, putHashes: put.map((r) => resourceHash(r)), extras };
  // Its own fields first: readOverlay tells an overlay from a snapshot by the file's first bytes.
  return writeFileAtomically(path, [`${JSON.stringify({ [STORE_KEY]: store, schemaVersion, accountId, takenAt, regions, errors })}\n`]);
}

/** What an overlay changes of the file it is on, and which file that is. */
export async function readOverlayChanges(path: string): Promise<OverlayChanges & { resourcesFrom: string; records: number }> {
  const { putKeys, deleteKeys, resourcesFrom, records } = await readOverlayFields(path);
  return { putKeys, deleteKeys, resourcesFrom, records };
}

/** The stored snapshot (or overlay), its records' hashes remembered (see rememberResourceHash). */
export async function readStoredSnapshot(path: string): Promise<Snapshot> {
  await checkSnapshotFile(path);
  return (await readOverlay(path)) ?? readWhole(path);
}

/** A stored snapshot with its records (not an overlay). */
async function readWhole(path: string): Promise<Snapshot> {
  const lined = await readLinedFile(path, (line) => line.startsWith('{"schemaVersion":') && line.endsWith(',"resources":['), [HASHES_LINE, "]}}"]);
  if (!lined) return validateSnapshot(parseSnapshotJson(await readSnapshotText(path), path), path);
  const header = validateSnapshotHeader(parseSnapshotJson(`${lined.head}]}`, path), path);
  const [resources, hashes] = lined.arrays as [ResourceRecord[], unknown[]];
  if (hashes.length !== resources.length || !resources.every((r, i) => typeof r === "object" && r !== null && typeof hashes[i] === "string" && HASH.test(hashes[i]))) {
    throw new SnapshotError(`${path}: its records or their hashes are damaged; restore the file, or remove the state directory's account folder to start its history afresh`);
  }
  resources.forEach((record, i) => rememberResourceHash(record, hashes[i] as string));
  return { ...header, resources };
}

/** The snapshot an overlay stands for; undefined when the file is not an overlay (its first bytes tell). */
async function readOverlay(path: string): Promise<Snapshot | undefined> {
  if (!(await startsWith(path, OVERLAY_START))) return undefined;
  const { header, fields } = await readOverlayFile(path);
  const basePath = join(dirname(path), fields.resourcesFrom);
  await checkSnapshotFile(basePath);
  const base = await readWhole(basePath);
  if (base.resources.length !== fields.records) {
    throw new SnapshotError(`${path}: ${fields.resourcesFrom} no longer holds its ${fields.records} records; restore the files, or remove the state directory's account folder to start its history afresh`);
  }
  const put = new Map(fields.put.map((record, i) => [fields.putKeys[i]!, record]));
  fields.put.forEach((record, i) => rememberResourceHash(record, fields.putHashes[i]!));
  const gone = new Set(fields.deleteKeys);
  const resources: ResourceRecord[] = [];
  for (const record of base.resources) {
    const key = resourceKey(record);
    const changed = put.get(key);
    if (changed) {
      resources.push(changed);
      put.delete(key);
    } else if (!gone.has(key)) {
      // The records are this read's own: state and unreadable attributes are set in place, which keeps their remembered hashes.
      const extra = fields.extras[key];
      delete record.state;
      delete record.unreadable;
      if (extra?.state) record.state = extra.state;
      if (extra?.unreadable) record.unreadable = extra.unreadable;
      resources.push(record);
    }
  }
  return { ...header, resources: [...resources, ...put.values()] };
}

async function readOverlayFields(path: string): Promise<OverlayFields> {
  await checkSnapshotFile(path);
  return (await readOverlayFile(path)).fields;
}

async function readOverlayFile(path: string): Promise<{ header: Omit<Snapshot, "resources">; fields: OverlayFields }> {
  const json = parseSnapshotJson(await readSnapshotText(path), path) as Record<string, unknown>;
  const fields = json[STORE_KEY] as OverlayFields | undefined;
  const header = validateSnapshotHeader(json, path);
  const from = fields?.resourcesFrom;
  const whole =
    fields?.format === SNAPSHOT_OVERLAY_FORMAT &&
    typeof from === "string" &&
    from === basename(from) &&
    !from.startsWith(".") &&
    typeof fields.records === "number" &&
    typeof fields.extras === "object" &&
    fields.extras !== null &&
    [fields.putKeys, fields.put, fields.putHashes, fields.deleteKeys].every(Array.isArray) &&
    fields.put.length === fields.putKeys.length &&
    fields.putHashes.length === fields.put.length &&
    fields.put.every((r, i) => typeof r === "object" && r !== null && typeof fields.putHashes[i] === "string" && HASH.test(fields.putHashes[i]));
  if (!whole) throw new SnapshotError(`${path}: the overlay is damaged; restore the file, or remove the state directory's account folder to start its history afresh`);
  return { header, fields };
}

const OVERLAY_START = `{${JSON.stringify(STORE_KEY)}:{"format":${JSON.stringify(SNAPSHOT_OVERLAY_FORMAT)},`;

async function startsWith(path: string, start: string): Promise<boolean> {
  const expected = Buffer.from(start);
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(expected.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === expected.length && buffer.equals(expected);
  } finally {
    await handle.close();
  }
}
