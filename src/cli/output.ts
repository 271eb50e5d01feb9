import { writeFile } from "node:fs/promises";
import { prepareOutputFile } from "./directories.js";
import { writePaged } from "./pager.js";

/** Writes a command's result to --output, or to stdout. */
export async function emit(text: string, output?: string): Promise<void> {
  if (!output) {
    await writePaged(text.endsWith("\n") ? text : `${text}\n`);
    return;
  }
  await prepareOutputFile(output);
  await writeFile(output, text.endsWith("\n") ? text : `${text}\n`);
}

/** Colors only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(output?: string): boolean {
  return !output && Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "");
}
