/**
 * What the file store writes and reads back beyond the shared contract: the
 * history log (appended, pruned now and then, upgraded from history.json),
 * findings.json left alone by a run that changed no finding, and snapshots
 * read back with their records' hashes.
 */
import { describe, expect, it } from "@jest/globals";
import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileFindingsStore, StateFileError } from "../../../src/publish/store/file-store.js";
import { PRUNE_AFTER_DAYS } from "../../../src/publish/store/history-file.js";
import { readStoredSnapshot, writeSnapshotOverlay, writeStoredSnapshot } from "../../../src/publish/store/stored-snapshot.js";
import { readSnapshot, SnapshotError, writeSnapshot } from "../../../src/snapshot/snapshot-file.js";
import { resourceHash, resourceHashes, resourceKey } from "../../../src/types/canonical.js";
import type { Finding } from "../../../src/types/finding.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { compareResources } from "../../../src/types/resource.js";
import { ACCOUNT, sg, tcp } from "../../support/builders.js";
import { fixedClock } from "../../support/clock.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { accountA, accountB, evaluate, snapshotOf } from "../../diff/account-fixture.js";
import { auditRun, byId, runSummary, withoutState } from "./audit-run.js";
import { nextState } from "../../../src/diff/next-state.js";
import { evaluateSnapshot, withDefaults } from "../../../src/evaluate/evaluate.js";
import { allRules } from "../../../rules/index.js";
import { recordThreeRuns, T1, T2, T3 } from "./store-contract.js";

const tempDirectory = temporaryDirectories("driftwarden-store-writes-");
const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY).toISOString();
const store = (directory: string, now = T3) => new FileFindingsStore({ directory, now: fixedClock(now) });
const file = (directory: string, name: string) => join(directory, ACCOUNT, name);

/** Run A again at `takenAt`: nothing drifted, no finding changed. */
const unchanged = (takenAt: string): Snapshot => ({ ...accountA(), takenAt });

describe("file store: the history log", () => {
  it("appends each run's changes as lines, and a run that changed nothing leaves it untouched", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const first = await auditRun(s, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
    const log = file(directory, "history.jsonl");
    const lines = (await readFile(log, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(first.input.changes.findings.history.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(first.input.changes.findings.history);
    const before = await stat(log);
    const again = await auditRun(s, "run-2", unchanged(T2), evaluate(unchanged(T2)));
    expect(again.input.changes.findings.history).toEqual([]);
    const after = await stat(log);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  });

  it("reads an earlier version's history.json, and turns it into the log when the next run records", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(store(directory));
    const id = (await store(directory).loadPrevious(ACCOUNT))!.findings.find((f) => f.resource.id === "orders-db" && f.ruleId === "rds-multi-az")!.id;
    const expected = await store(directory).findingHistory(ACCOUNT, id);
    expect(expected.map((e) => e.runId)).toEqual(["run-3", "run-2", "run-1"]);
    // The same history as history.json held it: finding id → entries, newest first.
    const entries = (await readFile(file(directory, "history.jsonl"), "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as { findingId: string });
    const legacy: Record<string, unknown[]> = {};
    for (const entry of entries) (legacy[entry.findingId] ??= []).unshift(entry);
    await writeFile(file(directory, "history.json"), JSON.stringify(legacy));
    await rm(file(directory, "history.jsonl"));

    expect(await store(directory).findingHistory(ACCOUNT, id)).toEqual(expected);
    await auditRun(store(directory), "run-4", { ...accountB(), takenAt: at(T3, 1) }, evaluate(accountB()));
    expect((await readdir(join(directory, ACCOUNT))).sort()).toEqual(["findings.json", "history.jsonl", "runs.json", "snapshots"]);
    expect((await store(directory).findingHistory(ACCOUNT, id)).slice(-3)).toEqual(expected);
  });

  it("ignores a last line cut short by an interrupted run, and cuts it off before the next append", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(store(directory));
    const log = file(directory, "history.jsonl");
    const whole = await readFile(log, "utf8");
    await appendFile(log, '{"findingId":"torn","runId":"run-x","at":"2026-11-0');
    expect(await store(directory).findingHistory(ACCOUNT, "torn")).toEqual([]);
    const fourth = await auditRun(store(directory), "run-4", { ...accountA(), takenAt: at(T3, 1) }, evaluate(accountA()));
    const appended = fourth.input.changes.findings.history.map((e) => `${JSON.stringify(e)}\n`).join("");
    expect(fourth.input.changes.findings.history.length).toBeGreaterThan(0);
    expect(await readFile(log, "utf8")).toBe(whole + appended);
  });

  it("names a damaged line of the finding asked about, with what to do", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(store(directory));
    await appendFile(file(directory, "history.jsonl"), '{"findingId":"any","runId":\n');
    const failure = store(directory).findingHistory(ACCOUNT, "any");
    await expect(failure).rejects.toThrow(StateFileError);
    await expect(failure).rejects.toThrow(/history\.jsonl: line \d+ is not a history entry; restore the file or remove it/);
  });

  it("rewrites the log without expired entries only once the oldest has been expired for a while", async () => {
    const directory = await tempDirectory();
    await recordThreeRuns(store(directory));
    const log = file(directory, "history.jsonl");
    const lineCount = async () => (await readFile(log, "utf8")).trimEnd().split("\n").length;
    const initial = await lineCount();
    // Run 1's entries expired a day ago: read past, still in the file.
    const soon = at(T1, 91);
    const fourth = await auditRun(store(directory, soon), "run-4", { ...accountB(), takenAt: soon }, evaluate(accountB()));
    expect(await lineCount()).toBe(initial + fourth.input.changes.findings.history.length);
    // A while later the next run rewrites the log once, without them.
    const later = at(T1, 90 + PRUNE_AFTER_DAYS + 1);
    await auditRun(store(directory, later), "run-5", { ...accountA(), takenAt: later }, evaluate(accountA()));
    const entries = (await readFile(log, "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as { runId: string });
    expect(entries.some((e) => e.runId === "run-1")).toBe(false);
    expect(entries.some((e) => e.runId === "run-4")).toBe(true);
  });
});

describe("file store: findings.json", () => {
  /** An account of 40 security groups, those numbered in `open` with SSH open to the internet. */
  const groups = (open: number[]) => Array.from({ length: 40 }, (_, i) => sg({ id: `sg-0${String(i).padStart(16, "0")}`, ingress: [tcp(open.includes(i) ? 22 : 443, "0.0.0.0/0")] }) as unknown as ResourceRecord);
  const night = (takenAt: string, open: number[]): Snapshot => ({ ...snapshotOf(groups(open)), takenAt });

  it("is not rewritten by a run that changed no finding; the next run still loads every finding as seen by the latest run", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    await auditRun(s, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
    const findings = file(directory, "findings.json");
    const before = await stat(findings);
    const second = await auditRun(s, "run-2", unchanged(T2), evaluate(unchanged(T2)));
    expect(second.input.changes.findings).toEqual({ put: [], deleteIds: [], history: [] });
    expect((await stat(findings)).mtimeMs).toBe(before.mtimeMs);
    const loaded = (await s.loadPrevious(ACCOUNT))!;
    expect(byId(loaded.findings)).toEqual(byId([...second.input.findings, ...second.input.gone]));
    expect(new Set(loaded.findings.map((f) => f.lastSeen))).toEqual(new Set([T2]));
    expect(byId(await s.openFindings(ACCOUNT))).toEqual(byId(second.input.findings.filter((f) => f.status === "FAIL")));
  });

  it("is rewritten when a run kept findings it did not look at, so that they keep their own lastSeen", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const first = await auditRun(s, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
    // Run 2 evaluates one rule only: the other rules' findings are kept as they were.
    const oneRule = evaluate(unchanged(T2)).filter((f) => f.ruleId === "rds-multi-az");
    const previous = (await s.loadPrevious(ACCOUNT))!;
    const { state, ...comparison } = nextState({ stored: previous, snapshot: unchanged(T2), findings: oneRule, scope: { regions: [unchanged(T2).regions[0]!], ruleIds: ["rds-multi-az"] }, runId: "run-2", now: T2 });
    expect(state.changes.findings.put).toEqual([]);
    await s.recordRun({ run: runSummary("run-2", unchanged(T2), comparison.findings), ...state });
    const loaded = (await s.loadPrevious(ACCOUNT))!;
    const kept = loaded.findings.filter((f) => f.ruleId !== "rds-multi-az");
    expect(kept.length).toBeGreaterThan(0);
    expect(new Set(kept.map((f) => f.lastSeen))).toEqual(new Set([T1]));
    expect(new Set(loaded.findings.filter((f) => f.ruleId === "rds-multi-az").map((f) => f.lastSeen))).toEqual(new Set([T2]));
    expect(first.result.status).toBe("recorded");
  });

  it("logs a run's few finding changes instead of rewriting findings.json, until they are more than a tenth since it was written", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const findings = file(directory, "findings.json");
    const log = file(directory, "findings-changes.jsonl");
    const audit = async (id: string, snapshot: Snapshot) => {
      const audited = await auditRun(s, id, snapshot, evaluate(snapshot));
      const loaded = (await s.loadPrevious(ACCOUNT))!;
      expect(byId(loaded.findings)).toEqual(byId([...audited.input.findings, ...audited.input.gone]));
      return audited;
    };
    await audit("run-1", night(T1, []));
    const whole = await readFile(findings, "utf8");
    // One group of 40 opened to SSH: its finding is logged, findings.json left as run 1 wrote it.
    const second = await audit("run-2", night(T2, [0]));
    expect(second.input.changes.findings.put).toHaveLength(1);
    expect(await readFile(findings, "utf8")).toBe(whole);
    expect((await readFile(log, "utf8")).trimEnd().split("\n")).toHaveLength(1);
    // A line cut short by an interrupted run is no change.
    await appendFile(log, '{"base":"run-1","runId":"run-x","put":[');
    await audit("run-3", night(T3, [0, 1]));
    expect((await readFile(log, "utf8")).trimEnd().split("\n").map((line) => (JSON.parse(line) as { runId: string }).runId)).toEqual(["run-2", "run-3"]);
    expect(byId(await s.openFindings(ACCOUNT)).map((f) => f.resource.id)).toEqual(byId((await s.loadPrevious(ACCOUNT))!.findings.filter((f) => f.status === "FAIL")).map((f) => f.resource.id));
    // Three more: over a tenth since run 1's findings.json, which is written whole again, and the log goes.
    await audit("run-4", night(at(T3, 1), [0, 1, 2, 3, 4]));
    expect(await readFile(findings, "utf8")).not.toBe(whole);
    await expect(stat(log)).rejects.toThrow(/ENOENT/);
  });

  it("passes over logged changes to an earlier findings.json, as an interrupted rewrite leaves them", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const [, , third] = await recordThreeRuns(s);
    await writeFile(file(directory, "findings-changes.jsonl"), `${JSON.stringify({ base: "run-1", runId: "run-2", put: [], deleteIds: third!.input.findings.map((f) => f.id) })}\n`);
    expect(byId((await s.loadPrevious(ACCOUNT))!.findings)).toEqual(byId([...third!.comparison.findings, ...third!.comparison.gone]));
  });

  it("names each resource once, with the findings of every rule about it, and reads them back sharing it", async () => {
    const directory = await tempDirectory();
    const snapshot = { ...accountA(), takenAt: T1 };
    const first = await auditRun(store(directory), "run-1", snapshot, evaluateSnapshot(snapshot, withDefaults(allRules)));
    const written = [...first.input.findings, ...first.input.gone];
    const lines = (await readFile(file(directory, "findings.json"), "utf8")).trimEnd().split("\n");
    expect(lines[0]).toBe('{"runId":"run-1","resources":[');
    const groups = lines.slice(1, -1).map((line) => JSON.parse(line.replace(/,$/, "")) as { resource: { id: string }; findings: { id: string; resource?: unknown }[] });
    // Every rule's finding of a resource under it, none naming the resource again.
    expect(groups.map((g) => g.resource.id).sort()).toEqual([...new Set(written.map((f) => f.resource.id))].sort());
    expect(groups.flatMap((g) => g.findings.map((f) => f.id)).sort()).toEqual(written.map((f) => f.id).sort());
    expect(groups.flatMap((g) => g.findings).some((f) => "resource" in f)).toBe(false);
    expect(groups.some((g) => g.findings.length > 1)).toBe(true);

    const loaded = (await store(directory).loadPrevious(ACCOUNT))!.findings;
    expect(byId(loaded)).toEqual(byId(written));
    const resourceOf = new Map(loaded.map((f) => [f.resource.id, f.resource]));
    expect(loaded.every((f) => f.resource === resourceOf.get(f.resource.id))).toBe(true);
  });

  it("reads the findings.json of earlier versions, a finding a line with its resource, and logs the next changes on it", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const first = await auditRun(s, "run-1", night(T1, []), evaluate(night(T1, [])));
    const findings = [...first.input.findings, ...first.input.gone];
    const path = file(directory, "findings.json");
    const earlier = `{"runId":"run-1","findings":[\n${findings.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
    await writeFile(path, earlier);
    expect(byId((await s.loadPrevious(ACCOUNT))!.findings)).toEqual(byId(findings));
    // The run that wrote it is still known from its first line: the next run's one change goes to the log, the file stays.
    const second = await auditRun(s, "run-2", night(T2, [0]), evaluate(night(T2, [0])));
    expect(second.input.changes.findings.put).toHaveLength(1);
    expect(await readFile(path, "utf8")).toBe(earlier);
    expect(byId((await s.loadPrevious(ACCOUNT))!.findings)).toEqual(byId([...second.input.findings, ...second.input.gone]));
    // And written whole, the same findings as the earlier layout.
    await writeFile(path, `${JSON.stringify({ runId: "run-1", findings }, null, 2)}\n`);
    await rm(file(directory, "findings-changes.jsonl"));
    expect(byId((await s.loadPrevious(ACCOUNT))!.findings)).toEqual(byId(findings.map((f) => ({ ...f, lastSeen: T2 }))));
  });

  it.each([
    ["no list of findings", '{"runId":"run-3"}'],
    ["an entry without its resource", '{"runId":"run-3","resources":[{"findings":[]}]}'],
    ["a finding that is not an object", '{"runId":"run-3","resources":[\n{"resource":{"id":"x"},"findings":[{"id":"a"},null]}\n]}'],
    ["nothing but null", "null"],
  ])("names a findings.json with %s", async (_, text) => {
    const directory = await tempDirectory();
    const s = store(directory);
    await recordThreeRuns(s);
    await writeFile(file(directory, "findings.json"), `${text}\n`);
    const loading = s.loadPrevious(ACCOUNT);
    await expect(loading).rejects.toThrow(StateFileError);
    await expect(loading).rejects.toThrow(`${file(directory, "findings.json")}: `);
  });

  it("refuses a findings.json it cannot read rather than taking the account for one without findings", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    await recordThreeRuns(s);
    await rm(file(directory, "findings.json"));
    await mkdir(file(directory, "findings.json"));
    await expect(s.loadPrevious(ACCOUNT)).rejects.toThrow(/EISDIR/);
  });

  it("keeps every field of a finding of another shape: evidence without lastSeen, a lifecycle", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    await recordThreeRuns(s);
    const resource = { type: "AWS::EC2::SecurityGroup", id: "sg-1", region: "us-east-1", accountId: ACCOUNT, tags: {} };
    const unusual = [
      { id: "f1", ruleId: "ec2-ssh-restricted", status: "FAIL", severity: "high", reason: "open", evidence: { ports: [22] }, firstSeen: T1 },
      { id: "f2", ruleId: "ec2-rdp-restricted", status: "PASS", severity: "high", reason: "closed", firstSeen: T1, lastSeen: T2, lifecycle: { stale: { reason: "not read" } } },
    ];
    await writeFile(file(directory, "findings.json"), `{"runId":"run-3","resources":[\n${JSON.stringify({ resource, findings: unusual })}\n]}\n`);
    const loaded = (await s.loadPrevious(ACCOUNT))!.findings;
    expect(byId(loaded)).toEqual(byId(unusual.map((f) => ({ ...f, resource }) as unknown as Finding)));
    expect(loaded.find((f) => f.id === "f1")).not.toHaveProperty("lastSeen");
  });

  it("reads a findings.json written whole by an earlier version", async () => {
    const directory = await tempDirectory();
    const s = store(directory);
    const [, , third] = await recordThreeRuns(s);
    const path = file(directory, "findings.json");
    const written = JSON.parse(await readFile(path, "utf8")) as unknown;
    await writeFile(path, `${JSON.stringify(written, null, 2)}\n`);
    expect(byId((await s.loadPrevious(ACCOUNT))!.findings)).toEqual(byId([...third!.comparison.findings, ...third!.comparison.gone]));
  });
});

describe("file store: snapshots", () => {
  it("keeps each record's hash beside it, and reads the records back without checking or hashing them again", async () => {
    const directory = await tempDirectory();
    const snapshot = { ...accountB(), takenAt: T2 };
    const path = join(directory, "stored.json");
    await writeStoredSnapshot(path, snapshot);
    // Still a snapshot file any reader takes.
    expect(withoutState(await readSnapshot(path))).toEqual(withoutState(snapshot));
    const stored = await readStoredSnapshot(path);
    expect(stored).toEqual(snapshot);
    expect(resourceHashes(stored)).toEqual(resourceHashes(snapshot));
  });

  it("takes each record's hash from the file, and puts an overlay's changed records where the records they replace were, new ones last", async () => {
    const directory = await tempDirectory();
    const base = { ...accountA(), takenAt: T1 };
    const [changedFrom, deleted, kept] = base.resources as [ResourceRecord, ResourceRecord, ResourceRecord, ...ResourceRecord[]];
    const basePath = join(directory, "run-1.json");
    await writeStoredSnapshot(basePath, base);
    // A hash the records do not have: read from the file, it shows that nothing was hashed again.
    const keptHash = "a".repeat(64);
    const text = await readFile(basePath, "utf8");
    await writeFile(basePath, text.replace(`"${resourceHash(kept)}"`, `"${keptHash}"`));
    expect((await readStoredSnapshot(basePath)).resources.map((r) => resourceHash(r))).toContain(keptHash);

    const changed = { ...changedFrom, tags: { ...changedFrom.tags, Owner: "night-2" } };
    const added = { ...kept, id: `${kept.id}-new`, arn: `${kept.arn}-new` };
    const night = { ...base, takenAt: T2, resources: base.resources.filter((r) => r !== deleted).map((r) => (r === changedFrom ? changed : r)).concat(added) };
    const overlayPath = join(directory, "run-2.json");
    await writeSnapshotOverlay(overlayPath, night, { resourcesFrom: "run-1.json", records: base.resources.length }, { putKeys: [resourceKey(changed), resourceKey(added)], deleteKeys: [resourceKey(deleted)] });
    const changedHash = "b".repeat(64);
    const overlay = await readFile(overlayPath, "utf8");
    await writeFile(overlayPath, overlay.replace(`"${resourceHash(changed)}"`, `"${changedHash}"`));
    const read = await readStoredSnapshot(overlayPath);
    expect(read.resources.map(resourceKey)).toEqual(night.resources.map(resourceKey));
    expect(withoutState(read)).toEqual(withoutState(night));
    expect(read.resources.map((r) => resourceHash(r)).filter((hash) => hash === keptHash || hash === changedHash)).toEqual([changedHash, keptHash]);
  });

  it("writes a run whose records are the previous run's as an overlay on that run's file, kept while an overlay needs it", async () => {
    const directory = await tempDirectory();
    const s = new FileFindingsStore({ directory, keepSnapshots: 1, now: fixedClock(T3) });
    const snapshots = () => readdir(join(directory, ACCOUNT, "snapshots")).then((names) => names.sort());
    await auditRun(s, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
    // Not drift: the web ASG scaled out (observed state), and the run reads one more time.
    const scaled = (takenAt: string, desiredCapacity: number): Snapshot => ({ ...accountA(), takenAt, resources: accountA().resources.map((r) => (r.id === "web-asg" ? { ...r, state: { desiredCapacity, instances: [] } } : r)) });
    const second = await auditRun(s, "run-2", scaled(T2, 4), evaluate(scaled(T2, 4)));
    expect(second.input.changes.resources).toEqual({ put: [], deleteKeys: [] });
    expect(await snapshots()).toEqual(["run-1.json", "run-2.json"]);
    expect((await stat(join(directory, ACCOUNT, "snapshots", "run-2.json"))).size).toBeLessThan((await stat(join(directory, ACCOUNT, "snapshots", "run-1.json"))).size);
    expect((await s.loadPrevious(ACCOUNT))!.snapshot).toEqual(second.input.snapshot);
    const third = await auditRun(s, "run-3", scaled(T3, 2), evaluate(scaled(T3, 2)));
    expect(await snapshots()).toEqual(["run-1.json", "run-3.json"]);
    const loaded = (await s.loadPrevious(ACCOUNT))!;
    expect(loaded.snapshot).toEqual(third.input.snapshot);
    expect(loaded.resourceHashes).toEqual(resourceHashes(third.input.snapshot));
    // A run with drift writes its records; the file the overlays took theirs from goes with them.
    await auditRun(s, "run-4", { ...accountB(), takenAt: at(T3, 1) }, evaluate(accountB()));
    expect(await snapshots()).toEqual(["run-4.json"]);
  });

  it("writes a night's drift as an overlay of the records changed since the file it is on, until they are more than a tenth", async () => {
    const directory = await tempDirectory();
    const s = new FileFindingsStore({ directory, keepSnapshots: 2, now: fixedClock(T3) });
    const group = (n: number, port = 443) => sg({ id: `sg-0${String(n).padStart(16, "0")}`, name: `group-${n}`, ingress: [tcp(port, "0.0.0.0/0")] }) as unknown as ResourceRecord;
    const night = (takenAt: string, resources: ResourceRecord[]): Snapshot => ({ ...snapshotOf([]), takenAt, resources });
    const all = Array.from({ length: 40 }, (_, i) => group(i));
    const sorted = (snapshot: Snapshot) => [...snapshot.resources].sort(compareResources);
    const entries = async () => (JSON.parse(await readFile(file(directory, "runs.json"), "utf8")) as { snapshot?: string; resources?: string }[]).map((e) => [e.snapshot, e.resources]);
    const audit = async (id: string, snapshot: Snapshot) => {
      await auditRun(s, id, snapshot, evaluate(snapshot));
      const loaded = (await s.loadPrevious(ACCOUNT))!;
      expect(sorted(loaded.snapshot)).toEqual(sorted(snapshot));
      expect(loaded.resourceHashes).toEqual(resourceHashes(snapshot));
    };
    await audit("run-1", night(T1, all));
    // Night 2: one group opened to SSH, one deleted, one created: 3 of 40.
    const second = [group(0, 22), ...all.slice(2), group(40)];
    await audit("run-2", night(T2, second));
    expect((await entries())[0]).toEqual(["run-2.json", "run-1.json"]);
    // Night 3: one more change, 4 of 40 since run 1's file: still an overlay on it, which is kept while needed.
    const third = [group(0, 22), group(2, 22), ...all.slice(3), group(40)];
    await audit("run-3", night(T3, third));
    expect((await entries()).slice(0, 2)).toEqual([
      ["run-3.json", "run-1.json"],
      ["run-2.json", "run-1.json"],
    ]);
    expect((await readdir(join(directory, ACCOUNT, "snapshots"))).sort()).toEqual(["run-1.json", "run-2.json", "run-3.json"]);
    // Night 4: two more, over a tenth: written whole; the files no kept run needs go.
    const fourth = [group(0, 22), group(2, 22), group(3, 22), group(4, 22), ...all.slice(5), group(40)];
    await audit("run-4", night(at(T3, 1), fourth));
    expect((await entries())[0]).toEqual(["run-4.json", undefined]);
    expect((await readdir(join(directory, ACCOUNT, "snapshots"))).sort()).toEqual(["run-1.json", "run-3.json", "run-4.json"]);
    await audit("run-5", night(at(T3, 2), fourth));
    expect((await readdir(join(directory, ACCOUNT, "snapshots"))).sort()).toEqual(["run-4.json", "run-5.json"]);
  });

  it("reads an earlier version's snapshot, checking it as any snapshot file", async () => {
    const directory = await tempDirectory();
    const path = join(directory, "old.json");
    await writeSnapshot(path, { ...accountA(), takenAt: T1 });
    expect(withoutState(await readStoredSnapshot(path))).toEqual(withoutState({ ...accountA(), takenAt: T1 }));
    await writeFile(path, (await readFile(path, "utf8")).replace('"accountId": "123456789012"', '"accountId": "1234"'));
    await expect(readStoredSnapshot(path)).rejects.toThrow(SnapshotError);
  });

  it("refuses a stored snapshot whose hashes are damaged, naming the file", async () => {
    const directory = await tempDirectory();
    const path = join(directory, "stored.json");
    await writeStoredSnapshot(path, { ...accountA(), takenAt: T1 });
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace(/\n"[0-9a-f]{64}",\n/, '\n"not-a-hash",\n'));
    await expect(readStoredSnapshot(path)).rejects.toThrow(`${path}: its records or their hashes are damaged`);
  });
});
