/**
 * Run claims of the file store, one file per claim generation:
 * <directory>/<runId>.<generation>.json. A generation is created with
 * link(), which fails if the name exists, so of two processes claiming or
 * taking over at once exactly one creates the next generation; the other
 * reads that one and is refused. The highest generation is the claim.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClaimRunResult, HeldClaim, RunClaim } from "./findings-store.js";

interface ClaimFile {
  holder: string;
  /** ISO time the lease ends. */
  until: string;
}

interface Generation extends HeldClaim {
  generation: number;
}

export async function claimByFile(directory: string, runId: string, claim: RunClaim): Promise<ClaimRunResult> {
  for (;;) {
    const latest = await latestGeneration(directory, runId);
    if (latest && latest.holder !== claim.holder && latest.until.getTime() >= claim.now.getTime()) return { status: "held", holder: latest.holder, until: latest.until };
    if (await createGeneration(directory, runId, (latest?.generation ?? 0) + 1, { holder: claim.holder, until: claim.until.toISOString() })) {
      return { status: "claimed", ...(latest && { previous: { holder: latest.holder, until: latest.until } }) };
    }
    // Another process created that generation first: judge its claim.
  }
}

/** Ends the holder's lease with a generation that has already ended; another holder's claim is left alone. */
export async function releaseByFile(directory: string, runId: string, holder: string): Promise<void> {
  const latest = await latestGeneration(directory, runId);
  if (latest?.holder !== holder) return;
  // If this fails, another process has just taken the ended lease over: nothing left to release.
  await createGeneration(directory, runId, latest.generation + 1, { holder, until: new Date(0).toISOString() });
}

async function latestGeneration(directory: string, runId: string): Promise<Generation | undefined> {
  const prefix = `${encodeURIComponent(runId)}.`;
  for (;;) {
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    // Digits hold no dot, so "<runId>.<n>.json" names one run id only, whatever dots the id has.
    const generations = names.map((name) => (name.startsWith(prefix) ? /^(\d+)\.json$/.exec(name.slice(prefix.length))?.[1] : undefined)).filter((n) => n !== undefined).map(Number);
    if (generations.length === 0) return undefined;
    const generation = Math.max(...generations);
    try {
      const file = JSON.parse(await readFile(join(directory, `${prefix}${generation}.json`), "utf8")) as ClaimFile;
      return { generation, holder: file.holder, until: new Date(file.until) };
    } catch (error) {
      // Pruned by the holder of a newer generation since the listing: list again.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** Writes the generation whole under a temporary name, then links it into place: false if that generation exists. */
async function createGeneration(directory: string, runId: string, generation: number, claim: ClaimFile): Promise<boolean> {
  await mkdir(directory, { recursive: true });
  const name = `${encodeURIComponent(runId)}.${generation}.json`;
  const temp = join(directory, `${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temp, `${JSON.stringify(claim)}\n`);
  try {
    await link(temp, join(directory, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
  // Each generation removes the one it replaced; only the highest decides, so one left by a crash is harmless.
  if (generation > 1) await rm(join(directory, `${encodeURIComponent(runId)}.${generation - 1}.json`), { force: true });
  return true;
}
