/**
 * How the file store writes: whole files to a temporary name and renamed (an
 * interrupted write leaves the previous version), built from many small
 * pieces so that a large file is never one string in memory; and lines
 * appended to a log, whose torn last line (a write cut short) is cut off
 * before the next append.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { inChunks } from "../text-chunks.js";
import { StateFileError } from "./state-file-error.js";

/** A JSON state file read whole, or `empty` when there is none; one that does not parse is named, with what to do about it. */
export async function readJsonFile<T>(path: string, empty: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StateFileError(`${path}: not valid JSON (${(error as Error).message}); restore it or remove it to start the account's history afresh`);
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Writes `pieces` in order to a temporary file beside `path`, then renames it into place. */
export async function writeFileAtomically(path: string, pieces: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temp, "w");
  try {
    await writePieces(handle, pieces);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

/**
 * Appends lines (each without its newline) to the log at `path`, creating it.
 * A last line without its newline was cut short by an interrupted append, of
 * a run that was then not recorded: it is cut off first, so that it cannot
 * run into the next line.
 */
export async function appendLines(path: string, lines: Iterable<string>): Promise<void> {
  // Lines are taken as they are written (a first run's history is 120,000 of them): only the first is looked at before.
  const rest = lines[Symbol.iterator]();
  const first = rest.next();
  if (first.done) return;
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, "a+");
  try {
    const { size } = await handle.stat();
    if (size > 0) {
      const whole = await completeLength(handle, size);
      if (whole < size) await handle.truncate(whole);
    }
    await writePieces(handle, terminated(first.value, rest));
  } finally {
    await handle.close();
  }
}

function* terminated(first: string, rest: Iterator<string>): Iterable<string> {
  yield `${first}\n`;
  for (let next = rest.next(); !next.done; next = rest.next()) yield `${next.value}\n`;
}

/** The length of the file up to and including its last newline. */
async function completeLength(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<number> {
  const buffer = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

async function writePieces(handle: Awaited<ReturnType<typeof open>>, pieces: Iterable<string>): Promise<void> {
  for (const chunk of inChunks(pieces)) await handle.write(chunk);
}

/** The file's first line, without its newline; undefined when the file is missing, has no whole line, or its first is longer than `maxBytes`. */
export async function firstLine(path: string, maxBytes = 1 << 20): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(16 * 1024);
    for (let position = 0; position < maxBytes; position += buffer.length) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      const at = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (at >= 0) return Buffer.concat([...chunks, buffer.subarray(0, at)]).toString("utf8");
      // A first line without its newline is a torn write: no whole line yet.
      if (bytesRead < buffer.length) return undefined;
      chunks.push(Buffer.from(buffer));
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Calls `visit` with each line of the file (without its newline, numbered
 * from 1) until it returns false; false then, true once every line was
 * visited. A last line without its newline is visited too, as not
 * `terminated`: a log's torn append, which readers of a log leave out.
 * Throws ENOENT as readFile does.
 */
export async function forEachLine(path: string, visit: (line: string, number: number, terminated: boolean) => boolean): Promise<boolean> {
  const handle = await open(path);
  try {
    const buffer = Buffer.allocUnsafe(1 << 18);
    let rest: Buffer | undefined;
    let number = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const data = rest ? Buffer.concat([rest, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      rest = undefined;
      let start = 0;
      for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a, start)) {
        if (!visit(data.toString("utf8", start, end), ++number, true)) return false;
        start = end + 1;
      }
      // The buffer is read into again: keep a copy of the unfinished line.
      if (start < data.length) rest = Buffer.from(data.subarray(start));
    }
    return rest ? visit(rest.toString("utf8"), ++number, false) : true;
  } finally {
    await handle.close();
  }
}

/**
 * The entries of a log of one JSON value a line: `entry` turns each whole line
 * into one (undefined: none); a last line cut short by an interrupted append
 * is none (the next append cuts it off). A missing log has none.
 */
export async function logEntries<T>(path: string, entry: (line: string, number: number) => T | undefined): Promise<T[]> {
  const entries: T[] = [];
  try {
    await forEachLine(path, (line, number, terminated) => {
      const found = terminated ? entry(line, number) : undefined;
      if (found !== undefined) entries.push(found);
      return true;
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries;
}
