/**
 * The file store at its edges: what a run reports it wrote, partial loads,
 * snapshots written whole or as overlays across unusual histories, findings
 * and their log across unchanged runs, retention at its boundary, the lock
 * and the run claims when the directory is not as they left it.
 */
import { describe, expect, it } from "@jest/globals";
import { mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileFindingsStore, StoreLockedError } from "../../../src/publish/store/file-store.js";
import { readOverlayChanges } from "../../../src/publish/store/stored-snapshot.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { ACCOUNT, sg, tcp } from "../../support/builders.js";
import { fixedClock } from "../../support/clock.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { evaluate, snapshotOf } from "../../diff/account-fixture.js";
import { auditRun, byId } from "./audit-run.js";
import { T1, T2, T3 } from "./store-contract.js";

const tempDirectory = temporaryDirectories("driftwarden-store-edges-");
const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const file = (directory: string, ...parts: string[]) => join(directory, ACCOUNT, ...parts);

/** Security groups numbered `numbers`, those in `open` open to SSH from anywhere: one finding each (the fixture's SSH rule). */
function groups(numbers: number[], open: number[] = []): ResourceRecord[] {
  return numbers.map((i) => sg({ id: `sg-0${String(i).padStart(16, "0")}`, ingress: [tcp(open.includes(i) ? 22 : 443, "0.0.0.0/0")] }) as unknown as ResourceRecord);
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const night = (takenAt: string, resources: ResourceRecord[]): Snapshot => ({ ...snapshotOf(resources), takenAt });
const audit = (store: FileFindingsStore, id: string, snapshot: Snapshot) => auditRun(store, id, snapshot, evaluate(snapshot));

interface RunsEntry {
  run: { id: string };
  snapshot?: string;
  resources?: string;
  records?: number;
  findingsBase?: string;
  findingChanges?: number;
}
const runsOf = async (directory: string) => JSON.parse(await readFile(file(directory, "runs.json"), "utf8")) as RunsEntry[];

describe("file store: what a run says it wrote", () => {
  it("counts puts and deletions alike, of resources and of findings", async () => {
    const directory = await tempDirectory();
    await audit(new FileFindingsStore({ directory, now: fixedClock(T1) }), "run-1", night(T1, groups(range(0, 40), [0])));
    // Group 0 (open to SSH) goes and group 40 comes: one record written, one deleted.
    const second = await audit(new FileFindingsStore({ directory, now: fixedClock(T2) }), "run-2", night(T2, groups(range(1, 41))));
    expect(second.input.changes.resources.put).toHaveLength(1);
    expect(second.input.changes.resources.deleteKeys).toHaveLength(1);
    expect(second.result).toMatchObject({ status: "recorded", written: { resources: 2 } });
    // A finding deleted counts as a write as much as one put (nextState deletes those it no longer keeps).
    const { put, deleteIds, history } = second.input.changes.findings;
    expect(put.length).toBeGreaterThan(0);
    expect(deleteIds).toEqual([]);
    const withDeletion = { ...second.input, run: { ...second.input.run, id: "run-3" }, changes: { ...second.input.changes, findings: { put, deleteIds: [put[0]!.id, "no-longer-kept"], history } } };
    expect(await new FileFindingsStore({ directory, now: fixedClock(T3) }).recordRun(withDeletion)).toEqual({
      status: "recorded",
      runId: "run-3",
      written: { resources: 2, findings: put.length + 2, history: history.length },
    });
  });
});

describe("file store: snapshots across unusual histories", () => {
  it("writes the snapshot whole after one an earlier version wrote without its record count", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T2) });
    await audit(store, "run-1", night(T1, groups(range(0, 40))));
    const [first] = await runsOf(directory);
    delete first!.records;
    await writeFile(file(directory, "runs.json"), JSON.stringify([first]));
    await audit(store, "run-2", night(T2, groups(range(0, 40), [3])));
    const [latest] = await runsOf(directory);
    expect(latest).toMatchObject({ snapshot: "run-2.json", records: 40 });
    expect(latest!.resources).toBeUndefined();
    const loaded = (await store.loadPrevious(ACCOUNT))!;
    expect(loaded.snapshot.resources.find((r) => r.id === "sg-00000000000000003")!.attributes).toMatchObject({ ingress: [{ fromPort: 22 }] });
  });

  it("keeps a record that one overlay deleted and the next put back", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T3) });
    await audit(store, "run-1", night(T1, groups(range(0, 40))));
    await audit(store, "run-2", night(T2, groups(range(0, 40).filter((i) => i !== 5))));
    await audit(store, "run-3", night(T3, groups(range(0, 40))));
    const [latest] = await runsOf(directory);
    // Run 3's records are an overlay on run 1's file: the case where a deleted key comes back.
    expect(latest).toMatchObject({ snapshot: "run-3.json", resources: "run-1.json" });
    const ids = (await store.loadPrevious(ACCOUNT))!.snapshot.resources.map((r) => r.id);
    expect(ids).toHaveLength(40);
    expect(ids).toContain("sg-00000000000000005");
    // The overlay lists the record as put, and no longer as deleted.
    const key = "AWS::EC2::SecurityGroup/us-east-1/sg-00000000000000005";
    const changes = await readOverlayChanges(file(directory, "snapshots", "run-3.json"));
    expect(changes.putKeys).toContain(key);
    expect(changes.deleteKeys).toEqual([]);
  });

  it("keeps in an overlay the observed state and unreadable attributes of records it does not put, and only theirs", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T2) });
    const stateless = (open: number[] = []) => groups(range(0, 40), open).map(({ state: _, ...record }) => record as ResourceRecord);
    await audit(store, "run-1", night(T1, stateless()));
    const second = stateless([0]);
    second[7] = { ...second[7]!, state: { attachmentCount: 3 } };
    second[8] = { ...second[8]!, unreadable: [{ attribute: "ingress", field: "IpPermissions" }] };
    await audit(store, "run-2", night(T2, second));
    const overlay = JSON.parse(await readFile(file(directory, "snapshots", "run-2.json"), "utf8")) as { store: { resourcesFrom?: string; extras: Record<string, unknown> } };
    expect(overlay.store.resourcesFrom).toBe("run-1.json");
    expect(overlay.store.extras).toEqual({
      "AWS::EC2::SecurityGroup/us-east-1/sg-00000000000000007": { state: { attachmentCount: 3 } },
      "AWS::EC2::SecurityGroup/us-east-1/sg-00000000000000008": { unreadable: [{ attribute: "ingress", field: "IpPermissions" }] },
    });
    const loaded = new Map((await store.loadPrevious(ACCOUNT))!.snapshot.resources.map((r) => [r.id, r]));
    expect(loaded.get("sg-00000000000000007")).toMatchObject({ state: { attachmentCount: 3 } });
    expect(loaded.get("sg-00000000000000007")!.unreadable).toBeUndefined();
    expect(loaded.get("sg-00000000000000008")).toMatchObject({ unreadable: [{ attribute: "ingress", field: "IpPermissions" }] });
    expect(loaded.get("sg-00000000000000008")!.state).toBeUndefined();
    expect(loaded.get("sg-00000000000000009")!.state).toBeUndefined();
  });

  it("records a run whose pruned snapshot is already gone (removed by hand, or by a prune cut short)", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T3), keepSnapshots: 2 });
    // More than a tenth changes each night: every snapshot is written whole.
    await audit(store, "run-1", night(T1, groups(range(0, 40))));
    await audit(store, "run-2", night(T2, groups(range(0, 40), range(0, 10))));
    await rm(file(directory, "snapshots", "run-1.json"));
    const third = await audit(store, "run-3", night(T3, groups(range(0, 40), range(10, 20))));
    expect(third.result.status).toBe("recorded");
    expect((await runsOf(directory)).map((entry) => entry.snapshot)).toEqual(["run-3.json", "run-2.json", undefined]);
  });
});

describe("file store: findings and their log", () => {
  it("leaves findings.json and the log as they are on an unchanged run, and logs the next changes on the same findings.json", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T3) });
    const findings = file(directory, "findings.json");
    const log = file(directory, "findings-changes.jsonl");
    await audit(store, "run-1", night(T1, groups(range(0, 40))));
    await audit(store, "run-2", night(T2, groups(range(0, 40), [0])));
    const [whole, logged] = [await readFile(findings, "utf8"), await readFile(log, "utf8")];
    expect(logged.trimEnd().split("\n")).toHaveLength(1);

    const unchanged = await audit(store, "run-3", night(T3, groups(range(0, 40), [0])));
    expect(unchanged.input.changes.findings.put).toEqual([]);
    expect([await readFile(findings, "utf8"), await readFile(log, "utf8")]).toEqual([whole, logged]);
    expect((await runsOf(directory))[0]).toMatchObject({ run: { id: "run-3" }, findingsBase: "run-1", findingChanges: 1 });

    await audit(store, "run-4", night(at(T3, DAY), groups(range(0, 40), [0, 1])));
    expect(await readFile(findings, "utf8")).toBe(whole);
    expect((await readFile(log, "utf8")).trimEnd().split("\n")).toHaveLength(2);
    expect((await runsOf(directory))[0]).toMatchObject({ findingsBase: "run-1", findingChanges: 2 });
  });

  it("reads findings.json as it is when the run that wrote it was never recorded", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T2) });
    await audit(store, "run-1", night(T1, groups(range(0, 40))));
    const runs = await readFile(file(directory, "runs.json"), "utf8");
    // Run 2 changes every finding (findings.json is written whole), then stops before runs.json.
    const second = await audit(store, "run-2", night(T2, groups(range(0, 40), range(0, 40))));
    await writeFile(file(directory, "runs.json"), runs);
    const loaded = (await store.loadPrevious(ACCOUNT))!;
    expect(loaded.run.id).toBe("run-1");
    expect(byId(loaded.findings)).toEqual(byId(second.input.findings));
    expect(new Set(loaded.findings.map((f) => f.lastSeen))).toEqual(new Set([T2]));
  });

  it("keeps a resolved finding of a resource that is gone until the retention period ends, to the millisecond", async () => {
    const directory = await tempDirectory();
    await audit(new FileFindingsStore({ directory, now: fixedClock(T2) }), "run-1", night(T1, groups(range(0, 2), [0])));
    await audit(new FileFindingsStore({ directory, now: fixedClock(T2) }), "run-2", night(T2, groups([1])));
    const goneAt = (await new FileFindingsStore({ directory, now: fixedClock(T2) }).loadPrevious(ACCOUNT))!.findings.find((f) => f.lifecycle?.gone)!.lifecycle!.gone!.at;
    const goneIds = async (now: string) =>
      (await new FileFindingsStore({ directory, now: fixedClock(now), retentionDays: 90 }).loadPrevious(ACCOUNT))!.findings.filter((f) => f.lifecycle?.gone).map((f) => f.resource.id);
    expect(await goneIds(at(goneAt, 90 * DAY - 1))).toEqual(["sg-00000000000000000"]);
    expect(await goneIds(at(goneAt, 90 * DAY))).toEqual([]);
  });
});

describe("file store: the lock and the claims when the directory is not as they left it", () => {
  it("refuses an account id that reaches out of the store directory, even after a valid start", async () => {
    const store = new FileFindingsStore({ directory: await tempDirectory(), now: fixedClock(T1) });
    await expect(store.lock(`${ACCOUNT}/../elsewhere`)).rejects.toThrow(`invalid account id "${ACCOUNT}/../elsewhere"`);
    await expect(store.loadPrevious(`${ACCOUNT}/../elsewhere`)).rejects.toThrow(/invalid account id/);
  });

  it("reports a lock path it cannot use as the filesystem's error, not as another run holding the account", async () => {
    const directory = await tempDirectory();
    // A stale plain file where the lock directory goes: taking it over fails, and no other run is to blame.
    await writeFile(join(directory, `${ACCOUNT}.lock`), "");
    const longAgo = new Date("2000-01-01T00:00:00Z");
    await utimes(join(directory, `${ACCOUNT}.lock`), longAgo, longAgo);
    const locking = new FileFindingsStore({ directory, now: fixedClock(T1), lockWaitMs: 0 }).lock(ACCOUNT);
    await expect(locking).rejects.toThrow(/ENOTDIR/);
    await expect(locking).rejects.not.toThrow(StoreLockedError);
  });

  it("says the lock was lost once its directory went away, and then records nothing", async () => {
    const directory = await tempDirectory();
    const held = await new FileFindingsStore({ directory, now: fixedClock(T1) }).lock(ACCOUNT);
    await rm(join(directory, `${ACCOUNT}.lock`), { recursive: true });
    // The lock is refreshed every 5 s: the refresh finds it gone.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(() => held.assertHeld()).toThrow(`lost the lock on ${join(directory, ACCOUNT)}.lock`);
    await held.release();
  }, 15_000);

  it("fails a claim or a release when the claims cannot be listed, rather than reading them as none", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T1) });
    await mkdir(file(directory), { recursive: true });
    await writeFile(file(directory, "claims"), "not a directory");
    const claim = { holder: "delivery-1", until: new Date(at(T1, 60_000)), now: new Date(T1) };
    await expect(store.claimRun(ACCOUNT, "run-1", claim)).rejects.toThrow(/ENOTDIR/);
    await expect(store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-1", now: new Date(T1) })).rejects.toThrow(/ENOTDIR/);
  });

  it("fails a claim whose latest generation cannot be read", async () => {
    const directory = await tempDirectory();
    await mkdir(file(directory, "claims", "run-1.1.json"), { recursive: true });
    const store = new FileFindingsStore({ directory, now: fixedClock(T1) });
    await expect(store.claimRun(ACCOUNT, "run-1", { holder: "delivery-1", until: new Date(at(T1, 60_000)), now: new Date(T1) })).rejects.toThrow(/EISDIR/);
  });

  it("judges by the latest generation past the ninth, and passes over files that only start like one", async () => {
    const directory = await tempDirectory();
    const store = new FileFindingsStore({ directory, now: fixedClock(T1) });
    const now = new Date(T1);
    const until = new Date(at(T1, 60_000));
    // Claimed and released by turns: generations 1 to 12, each claim taking over the release before it.
    for (let i = 0; i < 6; i++) {
      const previous = i === 0 ? {} : { previous: { holder: `delivery-${i - 1}`, until: new Date(0) } };
      expect(await store.claimRun(ACCOUNT, "run-1", { holder: `delivery-${i}`, until, now })).toEqual({ status: "claimed", ...previous });
      await store.releaseClaim(ACCOUNT, "run-1", { holder: `delivery-${i}`, now });
    }
    expect(await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-6", until, now })).toEqual({ status: "claimed", previous: { holder: "delivery-5", until: new Date(0) } });
    // A temporary file an interrupted claim left behind names no generation.
    await writeFile(file(directory, "claims", "run-1.99.json.4242.0a0b0c0d.tmp"), "{}");
    expect(await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-7", until, now })).toEqual({ status: "held", holder: "delivery-6", until });
  });
});
