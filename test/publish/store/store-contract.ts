/**
 * The access patterns every findings store serves, run against each
 * implementation: three audits of one account (a first run, one with drift,
 * one where RDS could not be read), then every read.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { carryForward } from "../../../src/diff/carry-forward.js";
import { resourceHashes, resourceKey } from "../../../src/types/canonical.js";
import type { FindingResource } from "../../../src/types/finding.js";
import { RESOURCE_GONE_REASON } from "../../../src/diff/transitions.js";
import type { FindingsStore } from "../../../src/publish/store/findings-store.js";
import type { ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { ACCOUNT, sg, tcp } from "../../support/builders.js";
import { accountA, accountB, dbInstance, evaluate, ids, rdsAccessDenied } from "../../diff/account-fixture.js";
import type { AuditRun } from "./audit-run.js";
import { auditRun, byId, withoutState } from "./audit-run.js";

export const T1 = "2026-11-01T02:00:00.000Z";
export const T2 = "2026-11-02T02:00:00.000Z";
export const T3 = "2026-11-03T02:00:00.000Z";
const DAY = 24 * 60 * 60 * 1000;

/**
 * Run 3: run B plus an unattached group open to SSH (a medium finding), with
 * RDS read only in part: orders-db came back (as Multi-AZ again, which cannot
 * be trusted), reporting-db did not.
 */
export function accountC(): Snapshot {
  const b = accountB();
  return {
    ...b,
    takenAt: T3,
    resources: [...b.resources.filter((r) => r.type !== "AWS::RDS::DBInstance"), dbInstance(ids.dbMain) as ResourceRecord<any>, sg({ id: "sg-0legacy0000000003", name: "legacy", ingress: [tcp(22, "0.0.0.0/0")], attachments: 0 }) as ResourceRecord<any>],
    errors: [rdsAccessDenied],
  };
}

/** Records runs 1–3 into a store. */
export async function recordThreeRuns(store: FindingsStore): Promise<AuditRun[]> {
  const a = { ...accountA(), takenAt: T1 };
  const b = { ...accountB(), takenAt: T2 };
  const c = accountC();
  const runs: AuditRun[] = [];
  for (const [id, snapshot] of [["run-1", a], ["run-2", b], ["run-3", c]] as const) runs.push(await auditRun(store, id, snapshot, evaluate(snapshot)));
  return runs;
}

const rdsFinding = (runs: AuditRun[], resourceId: string) => runs[0]!.comparison.findings.find((f) => f.resource.id === resourceId && f.ruleId === "rds-multi-az")!;

export function findingsStoreContract(name: string, makeStore: (now: () => Date) => Promise<FindingsStore>): void {
  describe(`${name}: the findings store access patterns`, () => {
    let store: FindingsStore;
    let runs: AuditRun[];

    // Each test records the three runs itself rather than sharing a beforeAll's: the writes are part of what each
    // test checks, which a mutation run (perTest coverage) sees only for code run inside a test.
    beforeEach(async () => {
      store = await makeStore(() => new Date(T3));
      runs = await recordThreeRuns(store);
    });

    it("has no previous run, no runs and no open findings before the first", async () => {
      const empty = await makeStore(() => new Date(T3));
      expect(await empty.loadPrevious(ACCOUNT)).toBeUndefined();
      expect(await empty.listRuns(ACCOUNT)).toEqual([]);
      expect(await empty.openFindings(ACCOUNT)).toEqual([]);
    });

    it("records each run once", () => {
      expect(runs.map((r) => r.result.status)).toEqual(["recorded", "recorded", "recorded"]);
    });

    it("lists runs newest first, with a limit, and finds one by id", async () => {
      expect(await store.listRuns(ACCOUNT)).toEqual(runs.map((r) => r.input.run).reverse());
      expect((await store.listRuns(ACCOUNT, { limit: 2 })).map((r) => r.id)).toEqual(["run-3", "run-2"]);
      expect((await store.listRuns(ACCOUNT))[0]!.status).toBe("partial");
      expect(await store.getRun(ACCOUNT, "run-2")).toEqual(runs[1]!.input.run);
      expect(await store.getRun(ACCOUNT, "run-9")).toBeUndefined();
      expect(await store.getRun("210987654321", "run-2")).toBeUndefined();
    });

    it("loads the previous run: its findings, resource hashes and last known snapshot", async () => {
      const previous = (await store.loadPrevious(ACCOUNT))!;
      const last = runs[2]!;
      expect(previous.run).toEqual(last.input.run);
      expect(byId(previous.findings)).toEqual(byId([...last.comparison.findings, ...last.comparison.gone]));
      // RDS could not be read completely in run 3: its records are those of run 2.
      const known = carryForward(runs[1]!.input.snapshot, last.input.snapshot);
      expect(known.resources.filter((r) => r.type === "AWS::RDS::DBInstance").map((r) => [r.id, r.attributes.multiAZ])).toEqual([
        [ids.dbMain, false],
        [ids.dbReporting, false],
      ]);
      expect(previous.resourceHashes).toEqual(resourceHashes(known));
      expect(withoutState(previous.snapshot)).toEqual(withoutState(known));
    });

    it("loads the findings of one resource with one resource object between them, as evaluation makes them", async () => {
      // Every finding of the fourth run has a twin of another rule, as a resource has findings of several.
      const snapshot = { ...accountC(), takenAt: "2026-11-03T03:00:00.000Z", errors: [] };
      const evaluated = evaluate(snapshot);
      await auditRun(store, "run-4", snapshot, [...evaluated, ...evaluated.map((f) => ({ ...f, id: `${f.id}-twin`, ruleId: `${f.ruleId}-twin` }))]);
      const { findings } = (await store.loadPrevious(ACCOUNT))!;
      // Each finding against the first of its resource: the same object, and some findings have a first before them.
      const first = new Map<string, FindingResource>();
      let after = 0;
      for (const { resource } of findings) {
        const seen = first.get(resourceKey(resource));
        if (seen === undefined) {
          first.set(resourceKey(resource), resource);
        } else {
          expect(resource).toBe(seen);
          after += 1;
        }
      }
      expect(after).toBeGreaterThan(0);
    });

    it("loads the records of the types asked for alone, and no findings when asked for none", async () => {
      const whole = (await store.loadPrevious(ACCOUNT))!;
      const databases = (await store.loadPrevious(ACCOUNT, { types: ["AWS::RDS::DBInstance"] }))!;
      expect(databases.snapshot.resources.map((r) => r.id).sort()).toEqual([ids.dbMain, ids.dbReporting]);
      expect(databases.snapshot.resources).toEqual(whole.snapshot.resources.filter((r) => r.type === "AWS::RDS::DBInstance"));
      expect(Object.keys(databases.resourceHashes).sort()).toEqual([ids.dbMain, ids.dbReporting].map((id) => `AWS::RDS::DBInstance/us-east-1/${id}`));
      expect(byId(databases.findings)).toEqual(byId(whole.findings));
      const withoutFindings = (await store.loadPrevious(ACCOUNT, { findings: false }))!;
      expect(withoutFindings.findings).toEqual([]);
      expect(withoutFindings.snapshot.resources).toHaveLength(whole.snapshot.resources.length);
    });

    it("returns open findings, stale ones included, most severe first, filtered by severity", async () => {
      const open = await store.openFindings(ACCOUNT);
      const expected = runs[2]!.comparison.findings.filter((f) => f.status === "FAIL");
      expect(byId(open)).toEqual(byId(expected));
      expect(open.map((f) => f.severity)).toEqual(["high", "high", "high", "high", "medium"]);
      expect(open.filter((f) => f.lifecycle?.stale).map((f) => f.resource.id)).toEqual([ids.dbMain, ids.dbReporting]);
      expect((await store.openFindings(ACCOUNT, { severity: "medium" })).map((f) => f.resource.id)).toEqual(["sg-0legacy0000000003"]);
      expect(await store.openFindings(ACCOUNT, { atLeast: "high" })).toEqual(open.slice(0, 4));
      expect(await store.openFindings(ACCOUNT, { severity: "critical" })).toEqual([]);
    });

    it("keeps the history of a finding: one entry per change, newest first", async () => {
      const main = rdsFinding(runs, ids.dbMain);
      expect((await store.findingHistory(ACCOUNT, main.id)).map((e) => [e.runId, e.at, e.status, e.transition, e.lifecycle?.stale !== undefined || undefined])).toEqual([
        ["run-3", T3, "FAIL", undefined, true],
        ["run-2", T2, "FAIL", "REGRESSED", undefined],
        ["run-1", T1, "PASS", undefined, undefined],
      ]);
      // Unchanged in run 3, so no entry for it.
      const app = runs[2]!.comparison.findings.find((f) => f.resource.id === ids.app && f.ruleId === "ec2-ssh-restricted")!;
      expect((await store.findingHistory(ACCOUNT, app.id)).map((e) => [e.runId, e.status, e.transition])).toEqual([
        ["run-2", "FAIL", "REGRESSED"],
        ["run-1", "PASS", undefined],
      ]);
      const batch = runs[1]!.comparison.gone[0]!;
      expect((await store.findingHistory(ACCOUNT, batch.id)).map((e) => [e.runId, e.status, e.transition, e.reason])).toEqual([
        ["run-2", "PASS", "RESOLVED", RESOURCE_GONE_REASON],
        ["run-1", "FAIL", "NEW", "only us-east-1a"],
      ]);
    });

    it("writes nothing for a run id recorded before", async () => {
      const before = { previous: await store.loadPrevious(ACCOUNT), runs: await store.listRuns(ACCOUNT) };
      const again = await store.recordRun({ ...runs[1]!.input });
      expect(again).toEqual({ status: "already-recorded", runId: "run-2" });
      expect({ previous: await store.loadPrevious(ACCOUNT), runs: await store.listRuns(ACCOUNT) }).toEqual(before);
    });

    it("refuses a run whose snapshot is of another account", async () => {
      const input = runs[0]!.input;
      await expect(store.recordRun({ ...input, run: { ...input.run, id: "run-x", accountId: "210987654321" } })).rejects.toThrow(/account 210987654321 but its snapshot is of 123456789012/);
    });

    it("forgets history and resolved-gone findings after the retention period", async () => {
      const later = await makeStore(() => new Date(Date.parse(T2) + 90 * DAY + 1000));
      await recordThreeRuns(later);
      const batch = runs[1]!.comparison.gone[0]!;
      expect(await later.findingHistory(ACCOUNT, batch.id)).toEqual([]);
      expect((await later.loadPrevious(ACCOUNT))!.findings.map((f) => f.id)).not.toContain(batch.id);
      expect((await later.findingHistory(ACCOUNT, rdsFinding(runs, ids.dbMain).id)).map((e) => e.runId)).toEqual(["run-3"]);
    });

    it("pins a baseline and replaces it", async () => {
      expect(await store.getBaseline(ACCOUNT)).toBeUndefined();
      const a = runs[0]!.input.snapshot;
      const b = runs[1]!.input.snapshot;
      await store.setBaseline(ACCOUNT, a);
      expect(withoutState((await store.getBaseline(ACCOUNT))!)).toEqual(withoutState(a));
      await store.setBaseline(ACCOUNT, b);
      expect(withoutState((await store.getBaseline(ACCOUNT))!)).toEqual(withoutState(b));
      await expect(store.setBaseline("210987654321", b)).rejects.toThrow(/baseline snapshot is of account 123456789012/);
    });
  });
}
