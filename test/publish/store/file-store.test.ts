import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { ACCOUNT } from "../../support/builders.js";
import { findingsStoreContract, recordThreeRuns } from "./store-contract.js";

const directories: string[] = [];
async function tempDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "driftwarden-store-"));
  directories.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

findingsStoreContract("file store", async (now) => new FileFindingsStore({ directory: await tempDirectory(), now }));

describe("file store layout", () => {
  it("keeps one folder per account with the latest snapshots only, and no temporary files", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(new FileFindingsStore({ directory, keepSnapshots: 2 }));
    expect((await readdir(join(directory, ACCOUNT))).sort()).toEqual(["findings.json", "history.json", "runs.json", "snapshots"]);
    expect((await readdir(join(directory, ACCOUNT, "snapshots"))).sort()).toEqual(["run-2.json", "run-3.json"]);
    const runs = JSON.parse(await readFile(join(directory, ACCOUNT, "runs.json"), "utf8")) as { run: { id: string }; snapshot?: string }[];
    expect(runs.map((r) => [r.run.id, r.snapshot])).toEqual([
      ["run-3", "run-3.json"],
      ["run-2", "run-2.json"],
      ["run-1", undefined],
    ]);
  });

  it("defaults to .driftwarden and names a corrupt file in its error", async () => {
    expect(new FileFindingsStore().directory).toBe(".driftwarden");
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory });
    await recordThreeRuns(store);
    await writeFile(join(directory, ACCOUNT, "findings.json"), '{"runId": "run-3", "findings": [');
    await expect(store.openFindings(ACCOUNT)).rejects.toThrow(new RegExp(`${ACCOUNT}/findings\\.json: not valid JSON`));
  });

  it("refuses an account id that would leave the store directory", async () => {
    const store = new FileFindingsStore({ directory: await tempDirectory() });
    await expect(store.listRuns("../elsewhere")).rejects.toThrow(/invalid account id/);
  });
});
