/**
 * JSON files written one array element a line: still one JSON document any
 * reader takes, but read back a line at a time, so that a large state file
 * is never one string in memory (nor its whole text at once in the heap).
 */
import { forEachLine } from "./state-files.js";

/** The elements of a JSON array, each on a line of its own, between the `[` and the `]` the caller writes. */
export function* elementLines(values: Iterable<unknown>): Iterable<string> {
  let first = true;
  for (const value of values) {
    yield first ? "\n" : ",\n";
    yield JSON.stringify(value) ?? "null";
    first = false;
  }
  yield "\n";
}

export interface LinedFile {
  /** The first line, up to and including the first array's `[`. */
  head: string;
  /** The elements of each array. */
  arrays: unknown[][];
}

/**
 * Reads a file written as `head`, elements, `closers[0]`, elements, … the
 * last closer: the arrays' elements one a line. Undefined when the file is
 * not of that shape (written otherwise, or damaged): parse it whole then,
 * for its content or for the parser's error. Throws ENOENT as readFile does.
 */
export async function readLinedFile(path: string, isHead: (line: string) => boolean, closers: readonly string[]): Promise<LinedFile | undefined> {
  let head: string | undefined;
  const arrays: unknown[][] = [[]];
  let pending: string | undefined;
  let closed = false;
  const shaped = await forEachLine(path, (line) => {
    if (head === undefined) {
      if (!isHead(line)) return false;
      head = line;
      return true;
    }
    if (closed) return false;
    if (line === closers[arrays.length - 1]) {
      // The last element before a closer has no comma after it.
      if (pending !== undefined && !take(pending, arrays.at(-1)!)) return false;
      pending = undefined;
      if (arrays.length === closers.length) closed = true;
      else arrays.push([]);
      return true;
    }
    if (pending !== undefined && !(pending.endsWith(",") && take(pending.slice(0, -1), arrays.at(-1)!))) return false;
    pending = line;
    return true;
  });
  return shaped && closed && head !== undefined ? { head, arrays } : undefined;
}

function take(text: string, into: unknown[]): boolean {
  try {
    into.push(JSON.parse(text));
    return true;
  } catch {
    return false;
  }
}
