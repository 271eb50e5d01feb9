/**
 * State files damaged by hand or by a disk: each is refused with an error
 * naming the file and what to do, never read as some other state.
 */
import { describe, expect, it } from "@jest/globals";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileFindingsStore, StateFileError } from "../../../src/publish/store/file-store.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { ACCOUNT, sg, tcp } from "../../support/builders.js";
import { fixedClock } from "../../support/clock.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { evaluate, snapshotOf } from "../../diff/account-fixture.js";
import { auditRun } from "./audit-run.js";
import { T1, T2 } from "./store-contract.js";

const tempDirectory = temporaryDirectories("driftwarden-damaged-state-");
const file = (directory: string, ...parts: string[]) => join(directory, ACCOUNT, ...parts);
const groups = (open: number[]): ResourceRecord[] =>
  Array.from({ length: 40 }, (_, i) => sg({ id: `sg-0${String(i).padStart(16, "0")}`, ingress: [tcp(open.includes(i) ? 22 : 443, "0.0.0.0/0")] }) as unknown as ResourceRecord);
const night = (takenAt: string, open: number[]): Snapshot => ({ ...snapshotOf(groups(open)), takenAt });

/** Two runs: run 1's snapshot written whole, run 2's (one group opened) an overlay on it, its finding change logged. */
async function twoRuns(): Promise<{ directory: string; store: FileFindingsStore }> {
  const directory = await tempDirectory();
  const store = new FileFindingsStore({ directory, now: fixedClock(T2) });
  await auditRun(store, "run-1", night(T1, []), evaluate(night(T1, [])));
  await auditRun(store, "run-2", night(T2, [0]), evaluate(night(T2, [0])));
  return { directory, store };
}

describe("damaged state files", () => {
  it.each<[string, (fields: Record<string, unknown>) => void]>([
    ["a record count that is not a number", (f) => void (f.records = "40")],
    ["no extras", (f) => void (f.extras = null)],
    ["extras that are not an object", (f) => void (f.extras = "none")],
    ["put keys that are not a list", (f) => void (f.putKeys = {})],
    ["fewer records put than keys", (f) => void (f.put = [])],
    ["more keys than records put", (f) => void (f.putKeys = [...(f.putKeys as string[]), "AWS::EC2::SecurityGroup/us-east-1/sg-extra"])],
    ["deleted keys that are not a list", (f) => void (f.deleteKeys = "none")],
    ["fewer hashes than records put", (f) => void (f.putHashes = [])],
    ["a record put that is null", (f) => void ((f.put as unknown[])[0] = null)],
    ["a hash that is not a SHA-256", (f) => void ((f.putHashes as unknown[])[0] = "abc")],
    ["a hash that is a number", (f) => void ((f.putHashes as unknown[])[0] = 7)],
    ["a base file outside the folder", (f) => void (f.resourcesFrom = "../run-1.json")],
    ["a base file hidden by its name", (f) => void (f.resourcesFrom = ".run-1.json")],
    ["a base file in a folder below", (f) => void (f.resourcesFrom = "older/run-1.json")],
    ["more hashes than records put", (f) => void (f.putHashes = [...(f.putHashes as string[]), "a".repeat(64)])],
    ["a record put that is a string", (f) => void ((f.put as unknown[])[0] = "sg-0")],
  ])("refuses an overlay with %s", async (_name, damage) => {
    const { directory, store } = await twoRuns();
    const path = file(directory, "snapshots", "run-2.json");
    const overlay = JSON.parse(await readFile(path, "utf8")) as { store: Record<string, unknown> };
    expect(overlay.store.resourcesFrom).toBe("run-1.json");
    damage(overlay.store);
    await writeFile(path, JSON.stringify(overlay));
    await expect(store.loadPrevious(ACCOUNT)).rejects.toThrow(`${path}: the overlay is damaged; restore the file, or remove the state directory's account folder to start its history afresh`);
  });

  it("refuses an overlay whose base file no longer holds as many records", async () => {
    const { directory, store } = await twoRuns();
    const path = file(directory, "snapshots", "run-2.json");
    const overlay = JSON.parse(await readFile(path, "utf8")) as { store: { records: number } };
    overlay.store.records = 41;
    await writeFile(path, JSON.stringify(overlay));
    await expect(store.loadPrevious(ACCOUNT)).rejects.toThrow(`${path}: run-1.json no longer holds its 41 records`);
  });

  it.each<[string, (lines: string[], hashesAt: number) => void]>([
    ["a hash that is not a SHA-256", (lines, at) => void (lines[at + 1] = '"not-a-hash",')],
    ["a record that is null", (lines) => void (lines[1] = "null,")],
    ["a record that is a number", (lines) => void (lines[1] = "7,")],
  ])("refuses a stored snapshot with %s", async (_name, damage) => {
    const { directory, store } = await twoRuns();
    const path = file(directory, "snapshots", "run-1.json");
    const lines = (await readFile(path, "utf8")).split("\n");
    const hashesAt = lines.findIndex((line) => line.includes('"resourceHashes":['));
    expect(hashesAt).toBeGreaterThan(1);
    damage(lines, hashesAt);
    await writeFile(path, lines.join("\n"));
    await expect(store.loadPrevious(ACCOUNT)).rejects.toThrow(`${path}: its records or their hashes are damaged`);
  });

  it.each([
    ["a base that is not a run id", { base: 1, runId: "run-3", put: [], deleteIds: [] }],
    ["put that is not a list", { base: "run-1", runId: "run-3", put: {}, deleteIds: [] }],
    ["deletions that are not a list", { base: "run-1", runId: "run-3", put: [], deleteIds: null }],
  ])("refuses a log of finding changes with a line of %s", async (_name, line) => {
    const { directory, store } = await twoRuns();
    const path = file(directory, "findings-changes.jsonl");
    await writeFile(path, `${await readFile(path, "utf8")}${JSON.stringify(line)}\n`);
    const loading = store.loadPrevious(ACCOUNT);
    await expect(loading).rejects.toThrow(StateFileError);
    await expect(loading).rejects.toThrow(`${path}: line 2 is not a run's finding changes; restore the file, or remove it and findings.json to start the account's findings afresh`);
  });

  it.each<[string, (findingId: string) => unknown]>([
    ["a finding id that is not a string", (findingId) => ({ findingId: [findingId], at: T2 })],
    ["no time", (findingId) => ({ findingId })],
    ["a list", (findingId) => [findingId, T2]],
  ])("refuses a history line of %s", async (_name, line) => {
    const { directory, store } = await twoRuns();
    const path = file(directory, "history.jsonl");
    const findingId = (await store.loadPrevious(ACCOUNT))!.findings[0]!.id;
    await writeFile(path, `${await readFile(path, "utf8")}${JSON.stringify(line(findingId))}\n`);
    await expect(store.findingHistory(ACCOUNT, findingId)).rejects.toThrow(StateFileError);
    await expect(store.findingHistory(ACCOUNT, findingId)).rejects.toThrow(/history\.jsonl: line \d+ is not a history entry; restore the file or remove it/);
  });
});
