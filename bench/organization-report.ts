/** The organization case's terminal output. */
import type { NightlyCost } from "./organization-cost.js";
import { costAssumptions } from "./organization-cost.js";
import type { OrganizationNightBench } from "./organization.js";
import type { Measured } from "./worker.js";
import type { SdkCallCost } from "./sdk-floor.js";
import { sdkFloorMs } from "./sdk-floor.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const count = (n: number) => n.toLocaleString("en-US");
const pad = (value: unknown, width: number) => String(value).padStart(width);
const usd = (n: number) => `$${n < 0.1 ? n.toFixed(4) : n.toFixed(2)}`;

export function printOrganizationNight({ result: r, peakRssMb }: Measured<OrganizationNightBench>, log: (line: string) => void, callCost?: SdkCallCost): void {
  const { minimum: m, calls: c } = r;
  const label = r.night === 1 ? "night 1 (first audit)" : "night 2 (steady state, every account drifted)";
  log(`  ${label}: wall ${seconds(r.wallMs)}, run ${r.status}; ${count(r.accounts.audited)} accounts audited (${r.accounts.unreadable} unreadable), ${r.accounts.skipped} skipped; peak RSS ${count(peakRssMb)} MB`);
  log(`    calls ${count(c.total)}: ${c.perAccount} per account, ${c.discovery} discovery, ${count(c.assumeRole)} AssumeRole; ${count(c.throttled)} throttled, ${count(c.retries)} retries, ${count(c.failed)} failed (AWS's answers for absent settings, as NoSuchBucketPolicy)`);
  log(`    minimum ${seconds(m.minimumMs)} = discovery ${seconds(m.discoveryMs)} + max(slowest account ${seconds(m.slowestAccountMs)}, Σ accounts ${seconds(m.sumOfAccountsMs)} ÷ ${r.maxAccounts}); wall ÷ minimum = ${r.ratio}`);
  log(`    CPU ${seconds(r.cpuMs)} in the process, whose JavaScript runs on one thread (${Math.round(r.cpuMs / Math.max(1, r.accounts.audited))} ms an account): wall ÷ CPU = ${(r.wallMs / Math.max(1, r.cpuMs)).toFixed(2)}; machine load ${r.load.before} → ${r.load.after}`);
  if (callCost && c.clients !== undefined) {
    const floorMs = sdkFloorMs(callCost, { clients: c.clients, calls: c.total });
    log(`    the SDK's own work for them, measured alone (bench/sdk-floor.ts): ${callCost.callMs} ms a call, ${callCost.firstCallMs} ms more for a client's first; ${count(c.clients)} clients: ${seconds(floorMs)} on one thread, ${(floorMs / m.minimumMs).toFixed(2)}× the minimum`);
  }
  log(`    one account's unit of work (credentials to recorded run): mean ${seconds(r.accountDurations.meanMs)}, longest ${seconds(r.accountDurations.maxMs)}, ${r.maxAccounts} at once`);
  const drift = r.drift ? `; drift +${count(r.drift.added)} −${count(r.drift.removed)} ~${count(r.drift.modified)}` : "";
  const transitions = r.transitions ? `; NEW ${count(r.transitions.new)}, RESOLVED ${count(r.transitions.resolved)}` : "";
  log(`    findings ${count(r.findings.total)} (${count(r.findings.failed)} FAIL)${drift}${transitions}; collection errors ${r.collectionErrors}`);
}

export function printOrganizationCost(cost: NightlyCost, accounts: number, log: (line: string) => void): void {
  const { lambdaAlone: alone, lambdaMeasured: measured } = cost;
  log(`  one nightly run of ${count(accounts)} accounts on Step Functions and Lambda (estimated from night 2):`);
  log(`    Step Functions: ${count(cost.transitions)} state transitions, ${usd(cost.stepFunctionsUsd)}`);
  log(`    Lambda: ${count(cost.invocations)} invocations; an account alone on its function ${seconds(alone.perAccountMs)} (its CPU + its minimum): ${count(alone.gbSeconds)} GB-s, ${usd(alone.usd)}`);
  log(`            at most, with the durations measured here (accounts sharing one CPU) ${seconds(measured.perAccountMs)}: ${count(measured.gbSeconds)} GB-s, ${usd(measured.usd)}`);
  log(`    one night ${usd(cost.totalUsd)}, 30 nights ${usd(cost.totalUsd * 30)}`);
  log(`    (${costAssumptions()})`);
}

export function printOrganizationSweep(sweep: Measured<OrganizationNightBench>[], log: (line: string) => void): void {
  if (sweep.length === 0) return;
  log(`  accounts at once (night 2, ${count(sweep[0]!.result.accounts.audited)} accounts):`);
  log(`    ${pad("max", 4)} ${pad("wall", 9)} ${pad("minimum", 9)} ${pad("ratio", 6)} ${pad("CPU", 9)} ${pad("wall÷CPU", 8)} ${pad("account mean", 12)} ${pad("peak RSS", 9)} ${pad("throttled", 9)} ${pad("retries", 7)} ${pad("load", 12)}`);
  for (const { result: r, peakRssMb } of sweep) {
    log(
      `    ${pad(r.maxAccounts, 4)} ${pad(seconds(r.wallMs), 9)} ${pad(seconds(r.minimum.minimumMs), 9)} ${pad(r.ratio, 6)} ${pad(seconds(r.cpuMs), 9)} ${pad((r.wallMs / Math.max(1, r.cpuMs)).toFixed(2), 8)} ${pad(seconds(r.accountDurations.meanMs), 12)} ${pad(`${peakRssMb} MB`, 9)} ${pad(r.calls.throttled, 9)} ${pad(r.calls.retries, 7)} ${pad(`${r.load.before} → ${r.load.after}`, 12)}`,
    );
  }
}
