import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { inChunks } from "../publish/text-chunks.js";
import { prepareOutputFile } from "./directories.js";
import { writePaged } from "./pager.js";

/** A command's result: text, or text in pieces (a large report) written as they come. */
export type Output = string | Iterable<string>;

/** Writes a command's result to --output, or to stdout (through the pager when it is a terminal). */
export async function emit(output: Output, file?: string): Promise<void> {
  if (typeof output === "string") {
    const text = output.endsWith("\n") ? output : `${output}\n`;
    if (!file) return writePaged(text);
    await prepareOutputFile(file);
    await writeFile(file, text);
    return;
  }
  // The pager takes the whole text; anything else is written a chunk at a time.
  if (!file && process.stdout.isTTY) return writePaged([...output].join(""));
  if (file) await prepareOutputFile(file);
  await pipeline(Readable.from(inChunks(output)), file ? createWriteStream(file, { highWaterMark: WRITE_AHEAD }) : stdoutKeptOpen());
}

/** Text a file takes before the next pieces wait for it: enough that making them and writing them overlap. */
const WRITE_AHEAD = 4 * 1024 * 1024;

/** stdout as a pipeline's end, left open when the pipeline ends (more may follow, and it cannot be reopened). */
function stdoutKeptOpen(): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      if (process.stdout.write(chunk)) return done();
      // A reader that stopped early (`| head`) never drains: the pipe's error ends the wait, and what is left goes nowhere.
      const go = () => {
        process.stdout.off("drain", go).off("error", go);
        done();
      };
      process.stdout.on("drain", go).on("error", go);
    },
  });
}

/** Colors only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(output?: string): boolean {
  return !output && Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "");
}
