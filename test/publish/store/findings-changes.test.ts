/** The file store's log of finding changes on its own: which lines apply, in what order, and what a damaged or torn line does. */
import { describe, expect, it } from "@jest/globals";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { appendFindingChanges, FINDINGS_LOG, withFindingChanges } from "../../../src/publish/store/findings-changes.js";
import type { Finding } from "../../../src/types/finding.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-findings-changes-");

/** Only the id matters to the log: a finding's other fields are carried as they are. */
const finding = (id: string, status: Finding["status"] = "FAIL") => ({ id, status, reason: `${id} ${status}` }) as unknown as Finding;

async function logPath(): Promise<string> {
  return join(await tempDirectory(), FINDINGS_LOG);
}

describe("withFindingChanges", () => {
  it("applies the lines written on the given findings.json in order, deletions before additions within a line", async () => {
    const path = await logPath();
    const stored = [finding("a"), finding("b"), finding("c")];
    await appendFindingChanges(path, { base: "run-1", runId: "run-2", put: [finding("b", "PASS"), finding("d")], deleteIds: ["c"] });
    // Deleted and put again by one run: a finding that changed identity back.
    await appendFindingChanges(path, { base: "run-1", runId: "run-3", put: [finding("a", "PASS"), finding("c")], deleteIds: ["a", "d"] });
    expect(await withFindingChanges(path, "run-1", stored)).toEqual([finding("b", "PASS"), finding("a", "PASS"), finding("c")]);
    expect(stored).toEqual([finding("a"), finding("b"), finding("c")]);
  });

  it("passes over lines written on another findings.json", async () => {
    const path = await logPath();
    await appendFindingChanges(path, { base: "run-1", runId: "run-2", put: [finding("x")], deleteIds: ["a"] });
    await appendFindingChanges(path, { base: "run-3", runId: "run-4", put: [finding("b", "PASS")], deleteIds: [] });
    const stored = [finding("a"), finding("b")];
    expect(await withFindingChanges(path, "run-3", stored)).toEqual([finding("a"), finding("b", "PASS")]);
    expect(await withFindingChanges(path, "run-9", stored)).toBe(stored);
  });

  it("gives the findings as they are without a log", async () => {
    const stored = [finding("a")];
    expect(await withFindingChanges(await logPath(), "run-1", stored)).toBe(stored);
  });

  it("leaves out a last line cut short by an interrupted run, and the next append cuts it off", async () => {
    const path = await logPath();
    await appendFindingChanges(path, { base: "run-1", runId: "run-2", put: [finding("b")], deleteIds: [] });
    await appendFile(path, '{"base":"run-1","runId":"run-3","put":[{"id":"c"');
    expect(await withFindingChanges(path, "run-1", [finding("a")])).toEqual([finding("a"), finding("b")]);
    await appendFindingChanges(path, { base: "run-1", runId: "run-4", put: [], deleteIds: ["a"] });
    expect(await withFindingChanges(path, "run-1", [finding("a")])).toEqual([finding("b")]);
    expect((await readFile(path, "utf8")).trimEnd().split("\n").map((line) => (JSON.parse(line) as { runId: string }).runId)).toEqual(["run-2", "run-4"]);
  });

  const damaged: [string, string][] = [
    ["not JSON", "{run-2"],
    ["without a base", JSON.stringify({ runId: "run-2", put: [], deleteIds: [] })],
    ["with put not a list", JSON.stringify({ base: "run-1", runId: "run-2", put: {}, deleteIds: [] })],
    ["with deleteIds not a list", JSON.stringify({ base: "run-1", runId: "run-2", put: [], deleteIds: "a" })],
    ["null", "null"],
  ];
  it.each(damaged)("names a whole line %s, whichever findings.json it was for", async (_, line) => {
    const path = await logPath();
    await appendFindingChanges(path, { base: "run-0", runId: "run-1", put: [], deleteIds: [] });
    await appendFile(path, `${line}\n`);
    await expect(withFindingChanges(path, "run-1", [])).rejects.toThrow(`${path}: line 2 is not a run's finding changes`);
  });

  it("throws what the file system says about a log it cannot read", async () => {
    const directory = await tempDirectory();
    await writeFile(join(directory, "file"), "");
    await expect(withFindingChanges(join(directory, "file", FINDINGS_LOG), "run-1", [])).rejects.toMatchObject({ code: "ENOTDIR" });
  });
});
