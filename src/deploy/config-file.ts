/**
 * The deployed config file, parsed at packaging time (deploy/config-check.cjs)
 * as the function parses it when it runs: the same rules, the same messages.
 */
import { readFile } from "node:fs/promises";
import { allRules } from "../../rules/index.js";
import type { DriftwardenConfig } from "../config/config.js";
import { parseConfig } from "../config/config.js";

/** `source` is the file's path in the package, which the function's messages name too. */
export async function checkConfigFile(path: string, source: string): Promise<DriftwardenConfig> {
  return parseConfig(await readFile(path, "utf8"), source, allRules);
}
