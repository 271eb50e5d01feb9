/**
 * Where the CLI writes: checked before the account is read, so that a path
 * that cannot be written costs one line, not a collection. Only the last
 * missing directory is created: a mistyped path must not grow a tree of
 * directories up from the filesystem root.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "./usage-error.js";

/** The state directory exists (created if only it was missing) and takes a file. */
export async function prepareStateDirectory(directory: string): Promise<void> {
  await ensureDirectory(directory, `--state-dir ${directory}`);
  await assertWritable(directory, (code) => `--state-dir ${directory}: cannot write there (${code}); pass a writable --state-dir, or --no-state`);
}

/** A state directory read but not written (a dry run): absent is fine, a file in its place is not. */
export async function checkStateDirectoryReadable(directory: string): Promise<void> {
  if ((await kindOf(directory)) === "file") throw new UsageError(`--state-dir ${directory}: not a directory`);
}

/** A file can be written at `file`: it is not a directory, and its directory exists (created when only it is missing). */
export async function prepareOutputFile(file: string): Promise<void> {
  if ((await kindOf(file)) === "directory") throw new UsageError(`${file} is a directory; name a file to write`);
  await ensureDirectory(dirname(resolve(file)), file);
}

/** --output-dir exists (created if only it was missing) and takes a file: reports written after the run is recorded must not fail there. */
export async function prepareOutputDirectory(directory: string): Promise<void> {
  await ensureDirectory(directory, `--output-dir ${directory}`);
  await assertWritable(directory, (code) => `--output-dir ${directory}: cannot write there (${code})`);
}

async function assertWritable(directory: string, message: (code: string) => string): Promise<void> {
  const probe = join(directory, `.write-test.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(probe, "");
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(message(codeOf(error)));
  }
}

async function ensureDirectory(directory: string, what: string): Promise<void> {
  const kind = await kindOf(directory);
  if (kind === "directory") return;
  if (kind === "file") throw new UsageError(`${what}: ${directory} is not a directory`);
  const parent = dirname(resolve(directory));
  const parentKind = await kindOf(parent);
  if (parentKind === "file") throw new UsageError(`${what}: ${parent} is not a directory`);
  if (parentKind === "missing") throw new UsageError(`${what}: ${parent} does not exist; create it first (driftwarden creates only the last directory of a path)`);
  try {
    await mkdir(directory);
  } catch (error) {
    if (codeOf(error) === "EEXIST") return; // another process made it meanwhile
    throw new UsageError(`${what}: cannot create ${directory} (${codeOf(error)})`);
  }
}

async function kindOf(path: string): Promise<"directory" | "file" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch (error) {
    // ENOTDIR: a component of the path is a file, so nothing is at the path itself.
    if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") return "missing";
    throw new UsageError(`${path}: cannot read (${codeOf(error)})`);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
