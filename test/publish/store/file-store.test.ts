import { describe, expect, it } from "@jest/globals";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { ACCOUNT } from "../../support/builders.js";
import { findingsStoreContract, recordThreeRuns } from "./store-contract.js";
import { runClaimContract } from "./claim-contract.js";
import { testClock } from "../../support/clock.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-store-");

findingsStoreContract("file store", async (now) => new FileFindingsStore({ directory: await tempDirectory(), now }));

runClaimContract("file store", async () => new FileFindingsStore({ directory: await tempDirectory(), now: testClock }));

describe("file store layout", () => {
  it("keeps one folder per account with the latest snapshots only, and no temporary files", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(new FileFindingsStore({ directory, keepSnapshots: 2, now: testClock }));
    expect((await readdir(join(directory, ACCOUNT))).sort()).toEqual(["findings.json", "history.jsonl", "runs.json", "snapshots"]);
    expect((await readdir(join(directory, ACCOUNT, "snapshots"))).sort()).toEqual(["run-2.json", "run-3.json"]);
    const runs = JSON.parse(await readFile(join(directory, ACCOUNT, "runs.json"), "utf8")) as { run: { id: string }; snapshot?: string }[];
    expect(runs.map((r) => [r.run.id, r.snapshot])).toEqual([
      ["run-3", "run-3.json"],
      ["run-2", "run-2.json"],
      ["run-1", undefined],
    ]);
  });

  it("defaults to .driftwarden and names a corrupt file in its error", async () => {
    expect(new FileFindingsStore({ now: testClock }).directory).toBe(".driftwarden");
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: testClock });
    await recordThreeRuns(store);
    await writeFile(join(directory, ACCOUNT, "findings.json"), '{"runId": "run-3", "findings": [');
    await expect(store.openFindings(ACCOUNT)).rejects.toThrow(new RegExp(`${ACCOUNT}/findings\\.json: not valid JSON`));
  });

  it("refuses an account id that would leave the store directory", async () => {
    const store = new FileFindingsStore({ directory: await tempDirectory(), now: testClock });
    await expect(store.listRuns("../elsewhere")).rejects.toThrow(/invalid account id/);
  });
});

describe("file store claims", () => {
  const claim = (holder: string, now: string) => ({ holder, until: new Date("2026-11-22T02:15:00.000Z"), now: new Date(now) });

  it("keeps a run's claim as one file of its latest generation, with no temporary files", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: testClock });
    await store.claimRun(ACCOUNT, "scheduled-a.b:1", claim("delivery-a", "2026-11-22T02:00:00.000Z"));
    await store.claimRun(ACCOUNT, "scheduled-a.b:1", claim("delivery-b", "2026-11-22T02:16:00.000Z"));
    await store.claimRun(ACCOUNT, "scheduled-a", claim("delivery-c", "2026-11-22T02:00:00.000Z"));
    expect((await readdir(join(directory, ACCOUNT, "claims"))).sort()).toEqual(["scheduled-a.1.json", "scheduled-a.b%3A1.2.json"]);
    expect(JSON.parse(await readFile(join(directory, ACCOUNT, "claims", "scheduled-a.b%3A1.2.json"), "utf8"))).toEqual({ holder: "delivery-b", until: "2026-11-22T02:15:00.000Z" });
    // A run id that starts like another's is a claim of its own.
    expect(await store.claimRun(ACCOUNT, "scheduled-a", claim("delivery-d", "2026-11-22T02:01:00.000Z"))).toMatchObject({ status: "held", holder: "delivery-c" });
  });

  it("is shared by two stores on one directory, as by two processes", async () => {
    const directory = await tempDirectory();
    const [first, second] = [new FileFindingsStore({ directory, now: testClock }), new FileFindingsStore({ directory, now: testClock })];
    const results = await Promise.all([first.claimRun(ACCOUNT, "run-1", claim("delivery-a", "2026-11-22T02:00:00.000Z")), second.claimRun(ACCOUNT, "run-1", claim("delivery-b", "2026-11-22T02:00:00.000Z"))]);
    expect(results.map((r) => r.status).sort()).toEqual(["claimed", "held"]);
  });
});
