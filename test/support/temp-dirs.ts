import { afterAll } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Temporary directories named after `prefix`, all removed once the test file is done. */
export function temporaryDirectories(prefix: string): () => Promise<string> {
  const directories: string[] = [];
  afterAll(async () => {
    for (const dir of directories) await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    directories.push(dir);
    return dir;
  };
}
