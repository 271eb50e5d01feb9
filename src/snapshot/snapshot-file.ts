import { mkdir, open, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import type { Snapshot } from "../types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../types/resource.js";
import { issuePath } from "../config/errors.js";
import { snapshotSchema } from "./schema.js";

/** A snapshot file that cannot be used; the message is one line naming the file and the problem. */
export class SnapshotError extends Error {
  override name = "SnapshotError";
}

/** Larger files are refused before parsing: a 50k-resource account is about 60 MB. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export async function readSnapshot(path: string, maxBytes = MAX_SNAPSHOT_BYTES): Promise<Snapshot> {
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
  const handle = await open(path);
  let text: string;
  try {
    text = await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
  return parseSnapshot(text, path);
}

export function parseSnapshot(text: string, path = "<snapshot>"): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${path}: not valid JSON (${(error as Error).message}); is the file truncated?`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotError(
      `${path}: schemaVersion ${JSON.stringify(version)} is not supported (this driftwarden reads schemaVersion ${SNAPSHOT_SCHEMA_VERSION}); re-collect it with \`driftwarden collect\``,
    );
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) throw new SnapshotError(`${path}: ${firstIssue(parsed.error, json)}`);
  return parsed.data as Snapshot;
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
