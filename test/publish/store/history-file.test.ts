/** The file store's finding history on its own: appending, pruning, the legacy history.json, and reading one finding's changes. */
import { describe, expect, it } from "@jest/globals";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FindingHistoryEntry } from "../../../src/types/run-state.js";
import { appendHistory, historyOf, type HistoryFiles, PRUNE_AFTER_DAYS } from "../../../src/publish/store/history-file.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-history-");
const DAY_MS = 24 * 60 * 60 * 1000;
/** Entries made before this time are past the retention period. */
const CUTOFF = Date.parse("2026-03-01T00:00:00.000Z");

const at = (daysAfterCutoff: number) => new Date(CUTOFF + daysAfterCutoff * DAY_MS).toISOString();

function entry(findingId: string, when: string, status: FindingHistoryEntry["status"] = "FAIL"): FindingHistoryEntry {
  return { findingId, runId: `run-${when}`, at: when, status, severity: "high", reason: `${findingId} ${status} at ${when}` };
}

async function historyFiles(): Promise<HistoryFiles> {
  const directory = await tempDirectory();
  return { log: join(directory, "history.jsonl"), legacy: join(directory, "history.json"), retained: (when) => Date.parse(when) > CUTOFF };
}

async function logOf(files: HistoryFiles): Promise<FindingHistoryEntry[]> {
  const text = await readFile(files.log, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((line) => JSON.parse(line) as FindingHistoryEntry);
}

const gone = (path: string) => expect(stat(path)).rejects.toThrow(/ENOENT/);

describe("appendHistory", () => {
  it("appends a run's entries after those already logged, expired ones included until the log is due for pruning", async () => {
    const files = await historyFiles();
    const expiredRecently = entry("a", at(-(PRUNE_AFTER_DAYS - 1)));
    await appendHistory(files, [expiredRecently]);
    const next = [entry("a", at(1), "PASS"), entry("b", at(1))];
    await appendHistory(files, next);
    expect(await logOf(files)).toEqual([expiredRecently, ...next]);
  });

  it("rewrites the log without its expired entries once the oldest has been expired for PRUNE_AFTER_DAYS", async () => {
    const files = await historyFiles();
    const old = entry("a", at(-(PRUNE_AFTER_DAYS + 1)));
    const kept = entry("b", at(2));
    await appendHistory(files, [old, kept]);
    const next = [entry("c", at(3)), entry("d", at(-400))];
    await appendHistory(files, next);
    expect(await logOf(files)).toEqual([kept, next[0]]);
  });

  it("leaves a log whose oldest entry is still retained as it is, and adds nothing for an empty run", async () => {
    const files = await historyFiles();
    const first = [entry("a", at(1)), entry("b", at(2))];
    await appendHistory(files, first);
    const before = await readFile(files.log, "utf8");
    await appendHistory(files, []);
    expect(await readFile(files.log, "utf8")).toBe(before);
  });

  it("converts a legacy history.json to the log, oldest first across findings, without what expired, and removes it", async () => {
    const files = await historyFiles();
    // The legacy lists are newest first.
    const legacy = {
      a: [entry("a", at(5), "PASS"), entry("a", at(1)), entry("a", at(-10))],
      b: [entry("b", at(4)), entry("b", at(2), "PASS")],
    };
    await writeFile(files.legacy, JSON.stringify(legacy));
    const run = [entry("c", at(6)), entry("a", at(6))];
    await appendHistory(files, run);
    expect(await logOf(files)).toEqual([legacy.a[1], legacy.b[1], legacy.b[0], legacy.a[0], ...run]);
    await gone(files.legacy);
  });

  it("keeps the order of one finding's legacy entries made at the same time", async () => {
    const files = await historyFiles();
    const when = at(3);
    const legacy = { a: [entry("a", when, "PASS"), entry("a", when, "FAIL")] };
    await writeFile(files.legacy, JSON.stringify(legacy));
    await appendHistory(files, []);
    expect((await logOf(files)).map((e) => e.status)).toEqual(["FAIL", "PASS"]);
  });

  it("appends to a log an interrupted run already converted, and removes the legacy file it left", async () => {
    const files = await historyFiles();
    const converted = entry("a", at(1));
    // The log is what counts once it exists: what it holds beyond the legacy file stays.
    const logged = [converted, entry("b", at(1))];
    await writeFile(files.log, logged.map((e) => `${JSON.stringify(e)}\n`).join(""));
    await writeFile(files.legacy, JSON.stringify({ a: [converted] }));
    const run = [entry("a", at(2), "PASS")];
    await appendHistory(files, run);
    expect(await logOf(files)).toEqual([...logged, ...run]);
    await gone(files.legacy);
  });

  it("names the log's line that is not a history entry when it decides whether to prune", async () => {
    const files = await historyFiles();
    await writeFile(files.log, `${JSON.stringify({ findingId: 7, at: at(1) })}\n`);
    await expect(appendHistory(files, [entry("a", at(2))])).rejects.toThrow(`${files.log}: line 1 is not a history entry`);
    await writeFile(files.log, `${JSON.stringify({ findingId: "a", at: 7 })}\n`);
    await expect(appendHistory(files, [entry("a", at(2))])).rejects.toThrow(`${files.log}: line 1 is not a history entry`);
  });
});

describe("historyOf", () => {
  it("gives one finding's retained entries, newest first, and none of a finding whose id another contains or whose entry names it", async () => {
    const files = await historyFiles();
    const namesA = { ...entry("b", at(2)), evidence: { related: "a" } };
    const entries = [entry("a", at(-1)), entry("a", at(1)), entry("ab", at(2)), namesA, entry("a", at(3), "PASS")];
    await appendHistory(files, entries);
    expect(await historyOf(files, "a")).toEqual([entries[4], entries[1]]);
    expect(await historyOf(files, "ab")).toEqual([entries[2]]);
    expect(await historyOf(files, "missing")).toEqual([]);
  });

  it("reads a legacy history.json as it is until a run converts it", async () => {
    const files = await historyFiles();
    const legacy = { a: [entry("a", at(5), "PASS"), entry("a", at(1)), entry("a", at(-3))] };
    await writeFile(files.legacy, JSON.stringify(legacy));
    expect(await historyOf(files, "a")).toEqual(legacy.a.slice(0, 2));
    expect(await historyOf(files, "b")).toEqual([]);
  });

  it("has nothing for an account without history", async () => {
    expect(await historyOf(await historyFiles(), "a")).toEqual([]);
  });

  it("names a damaged line that names the finding, and reads past damaged lines that do not", async () => {
    const files = await historyFiles();
    const good = entry("a", at(1));
    await writeFile(files.log, `not json\n${JSON.stringify(good)}\n{"findingId":"a",\n`);
    await expect(historyOf(files, "a")).rejects.toThrow(`${files.log}: line 3 is not a history entry`);
    await writeFile(files.log, `not json\n${JSON.stringify(good)}\n`);
    expect(await historyOf(files, "a")).toEqual([good]);
  });
});
