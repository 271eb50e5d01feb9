import { mkdir, open, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import type { Snapshot } from "../types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../types/resource.js";
import { issuePath } from "../config/errors.js";
import { snapshotHeaderSchema, snapshotSchema } from "./schema.js";

/** A snapshot file that cannot be used; the message is one line naming the file and the problem. */
export class SnapshotError extends Error {
  override name = "SnapshotError";
}

/** Larger files are refused before parsing: a 50k-resource account is about 60 MB. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export async function readSnapshot(path: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<Snapshot> {
  return parseSnapshot(await readSnapshotText(path, maxBytes), path);
}

/** The text of a snapshot file, refused when it is a directory, unreadable or over `maxBytes`. */
export async function readSnapshotText(path: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<string> {
  await checkSnapshotFile(path, maxBytes);
  const handle = await open(path);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/** Throws SnapshotError when `path` is a directory, unreadable or over `maxBytes`. */
export async function checkSnapshotFile(path: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<void> {
  let size: number;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new SnapshotError(`${path} is a directory, not a snapshot file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(`${path}: cannot read snapshot (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (size > maxBytes) {
    throw new SnapshotError(`${path}: snapshot is ${mb(size)}, over the ${mb(maxBytes)} limit; collect fewer regions per snapshot`);
  }
}

export function parseSnapshot(text: string, path = "<snapshot>"): Snapshot {
  return validateSnapshot(parseSnapshotJson(text, path), path);
}

export function parseSnapshotJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${path}: not valid JSON (${(error as Error).message}); is the file truncated?`);
  }
}

/** Every field of every record checked, with an error naming the first problem; what the schema does not know is dropped. */
export function validateSnapshot(json: unknown, path: string): Snapshot {
  checkVersion(json, path);
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) throw new SnapshotError(`${path}: ${firstIssue(parsed.error, json)}`);
  return parsed.data as Snapshot;
}

/** The snapshot without its records: for files driftwarden wrote itself, whose records need no checking. */
export function validateSnapshotHeader(json: unknown, path: string): Omit<Snapshot, "resources"> {
  checkVersion(json, path);
  const parsed = snapshotHeaderSchema.safeParse(json);
  if (!parsed.success) throw new SnapshotError(`${path}: ${firstIssue(parsed.error, json)}`);
  return parsed.data as Omit<Snapshot, "resources">;
}

function checkVersion(json: unknown, path: string): void {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotError(
      `${path}: schemaVersion ${JSON.stringify(version)} is not supported (this driftwarden reads schemaVersion ${SNAPSHOT_SCHEMA_VERSION}); re-collect it with \`driftwarden collect\``,
    );
  }
}

function firstIssue(error: z.ZodError, json: unknown): string {
  const issue = error.issues[0]!;
  const where = issuePath(issue.path) || "(root)";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  // Name the resource by id when the problem is inside one, so it can be found in a large file.
  const resourceIndex = issue.path[0] === "resources" && typeof issue.path[1] === "number" ? issue.path[1] : undefined;
  const resourceId = resourceIndex !== undefined ? (json as { resources: { id?: unknown }[] }).resources[resourceIndex]?.id : undefined;
  const hint = typeof resourceId === "string" ? ` (resource ${resourceId})` : "";
  return `invalid snapshot at ${where}${hint}: ${issue.message}${more}`;
}

/** Writes atomically so an interrupted run never leaves a half-written snapshot behind. */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(snapshot, null, 1)}\n`);
  await rename(temp, path);
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
