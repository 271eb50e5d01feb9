/**
 * `npm run soak -- --nights 100 --seed 7 [--accounts 20] [--regions 2]`: the
 * soak of test/soak/soak.ts, its figures printed; exit 1 with the first
 * failing night's replay command when an invariant is violated.
 */
import { parseArgs } from "node:util";
import type { SoakFigures } from "./soak.js";
import { runSoak } from "./soak.js";

// The SDK's Node version notice would interleave with the nights.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values } = parseArgs({
  options: {
    nights: { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    accounts: { type: "string", default: "20" },
    regions: { type: "string", default: "2" },
    quiet: { type: "boolean", default: false },
  },
});
const number = (value: string, flag: string, min: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number of at least ${min}, got "${value}"`);
  return n;
};
const options = { nights: number(values.nights, "--nights", 1), seed: number(values.seed, "--seed", 0), accounts: number(values.accounts, "--accounts", 1), regions: number(values.regions, "--regions", 1) };
const started = performance.now();
const figures = await runSoak({ ...options, ...(!values.quiet && { log: (line: string) => console.log(line) }) });
print(figures, performance.now() - started);

function print(f: SoakFigures, ms: number): void {
  const faults = Object.entries(f.faults).filter(([, n]) => n > 0);
  console.log("");
  console.log(`soak: ${f.nights} nights, seed ${f.seed}, ${f.accounts} accounts × ${options.regions} regions, ${f.resources.toLocaleString("en-US")} resources, in ${(ms / 1000).toFixed(1)} s (${f.msPerNight.median} ms a night median, ${f.msPerNight.max} max)`);
  console.log(`  runs: ${f.runs.nightly} nightly deliveries, ${f.runs.eventBatches} event batches; ${f.changes} changes`);
  console.log(`  faults injected: ${faults.reduce((n, [, k]) => n + k, 0)} (${faults.map(([kind, n]) => `${kind} ${n}`).join(", ")})`);
  console.log(`  transitions checked: ${f.transitionsChecked.toLocaleString("en-US")}`);
  console.log(`  alerts: ${f.alerts.sent} sent, ${f.alerts.expected} expected, ${f.alerts.repeatedAfterKill} repeated by the redelivery of a run killed after its alert, ${f.alerts.lostToSns} lost to a failing SNS`);
  console.log(`  invariant violations: ${f.violations.length}`);
  const first = f.violations[0];
  if (!first) return;
  for (const v of f.violations.slice(0, 10)) console.log(`    night ${v.night}: ${v.invariant}: ${v.detail}`);
  console.log(`  replay the first failing night: npm run soak -- --seed ${first.seed} --nights ${first.night} --accounts ${options.accounts} --regions ${options.regions}`);
  process.exitCode = 1;
}
