/**
 * An organization run's accounts spread over worker threads: the AWS SDK's
 * per-request work keeps one JavaScript thread busy long before the accounts'
 * own limits are reached (`npm run bench`, the organization case), so the
 * accounts run on several. Each worker (account-worker.ts) loads the config
 * and plans as this thread did; accounts go to the worker holding the fewest,
 * --max-accounts at once over them all, and their reports come back here. A worker
 * that fails leaves its accounts to this thread, which audits them as a run
 * without workers would (an error an account meets there keeps its type, and
 * so its exit code): no account is dropped.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { MemberRole } from "../collect/member-credentials.js";
import type { AccountReport } from "../publish/report/organization-report.js";
import type { AccountTarget, RunPlan } from "../run-plan.js";
import type { AuditRunFlags } from "./audit-run.js";

/** What a worker is started with: the run as this thread planned it. */
export interface WorkerRun {
  flags: AuditRunFlags;
  plan: Pick<RunPlan, "callerAccountId" | "regions">;
  dryRun: boolean;
  role: MemberRole;
}

/** The run to spread: the plan with its accounts. */
export type PooledRun = Omit<WorkerRun, "plan"> & { plan: RunPlan };

/** An account as it travels to a worker. */
export type AccountAssignment = Pick<AccountTarget, "accountId" | "name">;

/** What a worker answers for an account: its report, or the error it stopped at. */
export type AccountOutcome = { accountId: string; report: AccountReport } | { accountId: string; error: string };

/** The bundled CLI's worker script, beside its other chunks; a run of the sources (the tests) has none. */
const WORKER_SCRIPT = new URL("./account-worker.js", import.meta.url);

/**
 * Workers asked for (--workers, the config's organization.workers); 1, the default: none.
 * Not more by default: on the 2-core machine the benchmarks run on, two workers took the same wall time as none
 * for half again the CPU (200 accounts against a local endpoint, itself on those cores); more cores are what they
 * are for, and only the user knows how many the run may take.
 */
export function workerCount({ workers = 1 }: { workers?: number }): number {
  return workers > 1 && existsSync(fileURLToPath(WORKER_SCRIPT)) ? workers : 1;
}

export interface WorkerPool {
  workers: number;
  maxAccounts: number;
  onReport: (account: AccountTarget, report: AccountReport) => void;
  /** Audits in this thread the accounts a failed worker left. */
  inProcess: (accounts: AccountTarget[]) => Promise<AccountReport[]>;
  /** Told why, when accounts fall to this thread: a worker failed, or could not audit an account. */
  onFallback?: (why: string) => void;
  /** Starts a worker (default: the bundle's worker script). */
  start?: (workerData: WorkerRun) => Worker;
}

interface Thread {
  worker: Worker;
  /** The accounts it is auditing. */
  inFlight: Set<string>;
  done: () => void;
}

export async function auditOnWorkers(run: PooledRun, pool: WorkerPool): Promise<AccountReport[]> {
  const { plan } = run;
  const byId = new Map(plan.accounts.map((account) => [account.accountId, account]));
  const queue = [...plan.accounts];
  const reports = new Map<string, AccountReport>();
  const left: AccountTarget[] = [];
  const workerData: WorkerRun = { flags: run.flags, plan: { callerAccountId: plan.callerAccountId, regions: plan.regions }, dryRun: run.dryRun, role: run.role };
  const start = pool.start ?? ((data: WorkerRun) => new Worker(WORKER_SCRIPT, { workerData: data }));
  const threads: Thread[] = [];
  const running = () => threads.reduce((n, t) => n + t.inFlight.size, 0);

  // --max-accounts over them all: each account goes to the worker holding the fewest, as a slot frees.
  const dispatch = () => {
    while (running() < pool.maxAccounts && queue.length > 0 && threads.length > 0) {
      const thread = threads.reduce((least, t) => (t.inFlight.size < least.inFlight.size ? t : least));
      const { accountId, name } = queue.shift()!;
      thread.inFlight.add(accountId);
      thread.worker.postMessage({ accountId, ...(name && { name }) } satisfies AccountAssignment);
    }
    if (queue.length === 0) for (const thread of threads.filter((t) => t.inFlight.size === 0)) stop(thread);
  };
  // Out of the pool: its unfinished accounts fall to this thread, and it takes no more.
  const stop = (thread: Thread) => {
    threads.splice(threads.indexOf(thread), 1);
    for (const accountId of thread.inFlight) left.push(byId.get(accountId)!);
    thread.inFlight.clear();
    void thread.worker.terminate().then(thread.done);
  };

  // No more workers than accounts that may run at once: another would only wait.
  const finished = Array.from(
    { length: Math.min(pool.workers, pool.maxAccounts, plan.accounts.length) },
    () =>
      new Promise<void>((done) => {
        const thread: Thread = { worker: start(workerData), inFlight: new Set(), done };
        threads.push(thread);
        thread.worker.on("message", (outcome: AccountOutcome) => {
          thread.inFlight.delete(outcome.accountId);
          const account = byId.get(outcome.accountId)!;
          if ("report" in outcome) {
            reports.set(outcome.accountId, outcome.report);
            pool.onReport(account, outcome.report);
          } else {
            pool.onFallback?.(`a worker thread could not audit account ${outcome.accountId} (${outcome.error}); the main thread audits it`);
            left.push(account);
          }
          dispatch();
        });
        thread.worker.on("error", (error) => {
          pool.onFallback?.(`a worker thread failed (${error.message}); the main thread audits its accounts`);
          stop(thread);
          dispatch();
        });
        thread.worker.on("exit", (code) => {
          // Stopped here, or failed with an error already said.
          if (!threads.includes(thread)) return done();
          if (thread.inFlight.size > 0) pool.onFallback?.(`a worker thread stopped (exit code ${code}); the main thread audits its accounts`);
          stop(thread);
          dispatch();
        });
      }),
  );
  dispatch();
  await Promise.all(finished);
  // The accounts no worker took, once every worker failed, and those failed workers left.
  const rest = [...left, ...queue];
  if (rest.length > 0) for (const report of await pool.inProcess(rest)) reports.set(report.accountId, report);
  return plan.accounts.map((account) => reports.get(account.accountId)!);
}
