/**
 * The organization run's worker pool (src/cli/organization-workers.ts), with
 * small workers of the tests' own in place of the bundle's: accounts handed
 * out a share at a time, reports back in the plan's order, and what a failed
 * worker leaves audited in this thread and said so. The bundled CLI's own
 * workers are run end to end in organization.test.ts.
 */
import { describe, expect, it, jest } from "@jest/globals";
import { Worker } from "node:worker_threads";
import type { AccountReport } from "../../src/publish/report/organization-report.js";
import type { AccountTarget, RunPlan } from "../../src/run-plan.js";
import type { WorkerRun } from "../../src/cli/organization-workers.js";
import { auditOnWorkers } from "../../src/cli/organization-workers.js";

const ids = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
const plan = { accounts: ids.map((accountId, i) => ({ accountId, ...(i === 1 && { name: "web-prod" }), connection: {} })), callerAccountId: ids[0]!, regions: ["us-east-1"], rules: [], reads: [] } as unknown as RunPlan;
const run = { flags: { stateDir: ".driftwarden", state: true } as never, plan, dryRun: false, role: { roleName: "driftwarden-audit" } };

/**
 * Answers each account holdMs later with a report naming the caller the run planned for, and counts the
 * accounts being audited across all the workers (counter[0]) and the most at once (counter[1]).
 */
const WORKER = `
  const { parentPort, workerData, threadId } = require("node:worker_threads");
  const counter = new Int32Array(workerData.counter);
  parentPort.on("message", ({ accountId, name }) => {
    const now = Atomics.add(counter, 0, 1) + 1;
    for (let most = Atomics.load(counter, 1); now > most; most = Atomics.load(counter, 1)) Atomics.compareExchange(counter, 1, most, now);
    setTimeout(() => {
      Atomics.sub(counter, 0, 1);
      if (workerData.refuse === accountId) parentPort.postMessage({ accountId, error: "store locked" });
      else parentPort.postMessage({ accountId, report: { accountId, report: { run: { status: "complete" } }, caller: workerData.plan.callerAccountId, threadId, ...(name && { name }) } });
    }, workerData.holdMs);
  });`;

const counted = () => new SharedArrayBuffer(8);

const auditedHere = (accounts: AccountTarget[]) => Promise.resolve(accounts.map((a) => ({ accountId: a.accountId, report: { run: { status: "complete" } }, here: true }) as unknown as AccountReport));

/** The pool over `start`'s workers, with what fell to this thread and what was said of it. */
async function pooled(workers: number, maxAccounts: number, start: (data: WorkerRun) => Worker) {
  const inProcess = jest.fn(auditedHere);
  const said: string[] = [];
  const reported: string[] = [];
  const reports = await auditOnWorkers(run, { workers, maxAccounts, onReport: (account) => reported.push(account.accountId), inProcess, onFallback: (why) => said.push(why), start });
  const here = reports.map((r) => (r as unknown as { here?: boolean }).here ?? false);
  // The workers that audited an account, in the order of their first.
  const threads = [...new Set(reports.map((r) => (r as unknown as { threadId?: number }).threadId).filter((id) => id !== undefined))];
  return { reports, reported, here, threads, inThisThread: inProcess.mock.calls.map(([accounts]) => accounts.map((a) => a.accountId)), said };
}

describe("auditOnWorkers", () => {
  it("audits at most max accounts at once over all the workers, and returns the reports in the plan's order", async () => {
    const counter = counted();
    const { reports, reported, threads, inThisThread, said } = await pooled(3, 4, (data) => new Worker(WORKER, { eval: true, workerData: { ...data, counter, holdMs: 200 } }));
    // Each to the worker holding the fewest: all three have some.
    expect(threads).toHaveLength(3);
    expect(reports.map((r) => r.accountId)).toEqual(ids);
    // Held long enough for every worker to be up: four at once, as --max-accounts says, not two each of three.
    expect(new Int32Array(counter)[1]).toBe(4);
    expect([inThisThread, said]).toEqual([[], []]);
    // An account's name in Organizations travels with it.
    expect(reports.map((r) => r.name)).toEqual([undefined, "web-prod", undefined, undefined, undefined]);
    // Each worker planned from what this thread found: the caller's account travels with the run.
    expect(reports.every((r) => (r as unknown as { caller: string }).caller === ids[0])).toBe(true);
    expect(reported.sort()).toEqual(ids);
  });

  it("audits in this thread the accounts a worker could not start for, and says why", async () => {
    const { here, inThisThread, said } = await pooled(2, 2, () => new Worker("throw new Error('config file unreadable')", { eval: true }));
    expect(here).toEqual(ids.map(() => true));
    expect(inThisThread.flat().sort()).toEqual(ids);
    expect(said).toEqual(Array(2).fill("a worker thread failed (config file unreadable); the main thread audits its accounts"));
  });

  it("starts no more workers than accounts may run at once, nor than there are accounts", async () => {
    let started = 0;
    const start = (data: WorkerRun) => (started++, new Worker(WORKER, { eval: true, workerData: { ...data, counter: counted(), holdMs: 20 } }));
    const { threads, here } = await pooled(3, 2, start);
    expect([started, threads.length]).toEqual([2, 2]);
    expect(here).toEqual(ids.map(() => false));
    started = 0;
    await auditOnWorkers({ ...run, plan: { ...plan, accounts: plan.accounts.slice(0, 2) } }, { workers: 4, maxAccounts: 10, onReport: () => {}, inProcess: auditedHere, start });
    expect(started).toBe(2);
  });

  it("goes on with the other workers when one fails: only what the failed one held falls to this thread", async () => {
    let started = 0;
    const { here, inThisThread, said } = await pooled(2, 2, (data) =>
      started++ === 0
        ? new Worker("require('node:worker_threads').parentPort.once('message', () => { throw new Error('out of memory'); })", { eval: true })
        : new Worker(WORKER, { eval: true, workerData: { ...data, counter: counted(), holdMs: 20 } }),
    );
    expect(inThisThread).toEqual([[ids[0]]]);
    expect(here).toEqual([true, false, false, false, false]);
    expect(said).toEqual(["a worker thread failed (out of memory); the main thread audits its accounts"]);
  });

  it("audits in this thread what a worker held when it stopped without an error, and says with which exit code", async () => {
    const { here, said } = await pooled(1, 2, () => new Worker("require('node:worker_threads').parentPort.once('message', () => process.exit(3))", { eval: true }));
    expect(here).toEqual(ids.map(() => true));
    expect(said).toEqual(["a worker thread stopped (exit code 3); the main thread audits its accounts"]);
  });

  it("audits in this thread an account a worker could not audit, and only that one", async () => {
    const { here, inThisThread, said } = await pooled(1, 3, (data) => new Worker(WORKER, { eval: true, workerData: { ...data, refuse: ids[2], counter: counted(), holdMs: 5 } }));
    expect(here).toEqual([false, false, true, false, false]);
    expect(inThisThread).toEqual([[ids[2]]]);
    expect(said).toEqual([`a worker thread could not audit account ${ids[2]} (store locked); the main thread audits it`]);
  });
});
