/**
 * A worker thread of an organization run (organization-workers.ts): plans as
 * the main thread did, from the same flags and config file, then audits the
 * accounts it is given and records each in the state directory, answering
 * each with its report (or the error it stopped at, for the main thread to
 * meet again itself).
 */
import { parentPort, workerData } from "node:worker_threads";
import { accountTarget, planRun } from "../run-plan.js";
import { systemClock } from "../types/clock.js";
import { liveConnection } from "./account-snapshot.js";
import { auditInProcess } from "./organization-audit.js";
import type { AccountAssignment, AccountOutcome, WorkerRun } from "./organization-workers.js";
import { loadConfig, requestedScope } from "./shared-options.js";

const run = workerData as WorkerRun;
const port = parentPort!;

const planned = (async () => {
  const { flags } = run;
  const config = await loadConfig(flags);
  const connection = liveConnection(flags);
  // The caller's account and the regions as the main thread found them: no request is made here.
  const plan = await planRun({ config, ...requestedScope(flags), connection, accountId: run.plan.callerAccountId, regions: run.plan.regions });
  return { context: { flags, config: { ...config, rules: plan.rules }, plan, dryRun: run.dryRun }, connection };
})();

port.on("message", async (account: AccountAssignment) => {
  let outcome: AccountOutcome;
  try {
    const { context, connection } = await planned;
    const target = accountTarget(account, { role: run.role, now: systemClock }, connection, run.plan.callerAccountId);
    const [report] = await auditInProcess(context, [target], 1);
    outcome = { accountId: account.accountId, report: report! };
  } catch (error) {
    outcome = { accountId: account.accountId, error: (error as Error).message };
  }
  port.postMessage(outcome);
});
