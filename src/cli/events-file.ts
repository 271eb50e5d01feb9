/** CloudTrail log files for `audit --events`, as users have them: the JSON CloudTrail delivers to S3, gzipped or not. */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { CloudTrailEvent } from "../attribute/events.js";
import { EventsFileError, readEvents } from "../attribute/events.js";

/** The write events of the files (read-only and failed calls are dropped as they are read), in the order given. */
export async function readEventFiles(paths: readonly string[]): Promise<CloudTrailEvent[]> {
  const events: CloudTrailEvent[] = [];
  for (const path of paths) events.push(...readEvents(await textOf(path), path));
  return events;
}

/** CloudTrail writes its log files to S3 as .json.gz: a file starting with the gzip magic bytes is unzipped whatever its name. */
async function textOf(path: string): Promise<string> {
  const bytes = await readFile(path);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString("utf8");
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch (error) {
    throw new EventsFileError(`${path}: not a readable gzip file (${(error as Error).message}); is it truncated?`);
  }
}
