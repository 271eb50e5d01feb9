/**
 * `npm run bench`: driftwarden's speed at scale, on synthetic accounts served
 * by an in-process fake AWS endpoint (test/support/synthetic).
 *
 *   npm run bench                                   1k and 10k resources, and the organization case (about 4 minutes in all on 2 cores)
 *   npm run bench -- --sizes 1000,10000,50000       or BENCH_SIZES=1000,10000,50000
 *   npm run bench -- --latency 50 --concurrency 8   collectAccount's concurrency (default: its own)
 *   npm run bench -- --skip evaluate,store,audit    skip the 50k evaluation/diff, the DynamoDB writes, the 50k audit with state
 *                                                   (or attribution: LookupEvents and matching at 1k and 10k, 1 % changed;
 *                                                   or organization, events, mirror)
 *   npm run bench -- --only audit --out /tmp/b.json run these cases only (collect, evaluate, store, audit, attribution,
 *                                                   organization, events, mirror, startup, transport): one case in a minute rather than all in seven
 *   npm run bench -- --org-accounts 500 --org-regions 4 --org-max-accounts 10
 *                                                   the organization: `audit --org`'s fan-out over 500 accounts × 4 regions,
 *                                                   two nights (the defaults; max accounts: the CLI's default)
 *   npm run bench -- --org-sweep 2,5,10,20,40        and night 2 again at each of these max accounts (one to two minutes each)
 *   npm run bench -- --org-workers 2                 the organization's accounts spread over worker threads, as `audit --org --workers 2`
 *   npm run bench -- --events 1000 --event-size 2600 the event path: events one at a time through the react job, each
 *                                                   after a change (skip: events)
 *   npm run bench -- --only mirror                  a measurement users compare: 2,600 resources in 2 regions, 300 stand-alone
 *                                                   instances, 33 distributions; two nights of `audit` with every rule and state,
 *                                                   cold and unchanged, requests per operation (bench/mirror.ts)
 *   npm run bench -- --only startup                 the CLI's start-up: `--version`, and `audit` from spawn to its first
 *                                                   AWS request, each the median of 5 spawns (bench/startup.ts)
 *   npm run bench -- --only transport               200 accounts' clients against a local HTTPS endpoint of 8 hosts, each client
 *                                                   with a transport of its own, then all through the run's (bench/transport.ts)
 *
 * Every measurement runs in its own child process (clean peak RSS); the
 * results go to bench/results.json, or --out: the README's figures are
 * generated (npm run docs) from the run committed as bench/results/2-core.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import { dirname, join } from "node:path";

import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { lambdaBundleSizes } from "./artifacts.js";
import type { CollectionBench, CollectJob } from "./collect-benchmark.js";
import { benchCollection } from "./collect-benchmark.js";
import type { EvaluateJob, EvaluationBench } from "./evaluate-benchmark.js";
import { benchEvaluation } from "./evaluate-benchmark.js";
import { printBundles, printCollection, printEvaluation, printEventPath, printMirror, printStartup, printTransport } from "./report.js";
import type { AuditBench, AuditJob, AuditNights } from "./audit-with-state.js";
import { benchAuditNight, withAuditDirectory } from "./audit-with-state.js";
import type { AttributionBench, AttributionJob } from "./attribution.js";
import { benchAttribution } from "./attribution.js";
import type { StoreWriteBench } from "./store-writes.js";
import { benchStoreWrites } from "./store-writes.js";
import type { Measured } from "./worker.js";
import { inChild, serveIfWorker } from "./worker.js";
import type { OrganizationBench, OrganizationJob, OrganizationNightBench } from "./organization.js";
import { benchOrganizationNight, serveIfOrganizationWorker } from "./organization.js";
import { printOrganizationCost, printOrganizationNight, printOrganizationSweep } from "./organization-report.js";
import { DEFAULT_MAX_ACCOUNTS } from "../src/cli/organization-audit.js";
import type { EventPathBench, EventPathJob } from "./event-path.js";
import { benchEventPath } from "./event-path.js";
import type { MirrorBench, MirrorJob } from "./mirror.js";
import { benchMirror, MIRROR_ACCOUNT } from "./mirror.js";
import type { StartupBench } from "./startup.js";
import { benchStartup } from "./startup.js";
import type { SdkCallCost } from "./sdk-floor.js";
import { sdkCallCost } from "./sdk-floor.js";
import type { TransportBench, TransportJob } from "./transport.js";
import { benchTransport, endpointCertificate, serveIfTransportEndpoint, TRANSPORT_SHAPE, transportWorkerEnv } from "./transport.js";

// Workers inherit it: the SDK's Node 20 support notice would otherwise interleave with the numbers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

type Job = CollectJob | EvaluateJob | AuditJob | AttributionJob | OrganizationJob | EventPathJob | MirrorJob | TransportJob | { kind: "store-writes" } | { kind: "sdk-call-cost" };

async function runJob(job: Job): Promise<unknown> {
  switch (job.kind) {
    case "collect":
      return benchCollection(job);
    case "evaluate":
      return benchEvaluation(job);
    case "store-writes":
      return benchStoreWrites();
    case "attribution":
      return benchAttribution(job);
    case "audit-prepare":
    case "audit-night":
    case "audit-previous":
      return benchAuditNight(job);
    case "organization":
      return benchOrganizationNight(job);
    case "event-path":
      return benchEventPath(job);
    case "mirror":
      return benchMirror(job);
    case "transport":
      return benchTransport(job);
    case "sdk-call-cost":
      return sdkCallCost();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: process.env.BENCH_SIZES ?? "1000,10000" },
      latency: { type: "string", default: process.env.BENCH_LATENCY_MS ?? "50" },
      concurrency: { type: "string" },
      "eval-size": { type: "string", default: "50000" },
      seed: { type: "string", default: "1" },
      skip: { type: "string", default: "" },
      only: { type: "string", default: "" },
      out: { type: "string", default: "bench/results.json" },
      "org-accounts": { type: "string", default: "500" },
      "org-regions": { type: "string", default: "4" },
      "org-max-accounts": { type: "string", default: String(DEFAULT_MAX_ACCOUNTS) },
      "org-workers": { type: "string", default: "1" },
      "org-sweep": { type: "string", default: "" },
      events: { type: "string", default: "1000" },
      "event-size": { type: "string", default: "2600" },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const seed = Number(values.seed);
  const skip = new Set(values.skip.split(",").filter(Boolean));
  const only = new Set(values.only.split(",").filter(Boolean));
  // --only names the cases to run; without it every case runs but those --skip names.
  const runs = (name: string) => (only.size > 0 ? only.has(name) : !skip.has(name));
  const log = (line: string) => console.log(line);
  // Checked before anything runs: a bad value fails now, not after the other measurements.
  const shape = { accounts: positive(values["org-accounts"], "--org-accounts"), regions: positive(values["org-regions"], "--org-regions"), seed, latencyMs: Number(values.latency) };
  const maxAccounts = positive(values["org-max-accounts"], "--org-max-accounts");
  const orgWorkers = positive(values["org-workers"], "--org-workers");
  const sweepAt = values["org-sweep"].split(",").filter(Boolean).map((v) => positive(v, "--org-sweep"));
  const organizationOptions = { accounts: shape.accounts, regions: shape.regions, maxAccounts, sweep: sweepAt, ...(orgWorkers > 1 && { workers: orgWorkers }) };
  const started = performance.now();

  const collection: Measured<CollectionBench>[] = [];
  for (const size of runs("collect") ? sizes : []) {
    const job: CollectJob = { kind: "collect", size, seed, latencyMs: Number(values.latency), ...(values.concurrency && { concurrency: Number(values.concurrency) }) };
    const measured = await inChild<CollectionBench>(job);
    printCollection(measured, log);
    collection.push(measured);
  }

  let evaluation: Measured<EvaluationBench> | { skipped: true } = { skipped: true };
  if (runs("evaluate")) {
    evaluation = await inChild<EvaluationBench>({ kind: "evaluate", size: Number(values["eval-size"]), seed } satisfies EvaluateJob);
    printEvaluation(evaluation, log);
  }

  const lambdaBundles = lambdaBundleSizes();
  printBundles(lambdaBundles, log);

  let storeWrites: Measured<StoreWriteBench> | { skipped: true } = { skipped: true };
  if (runs("store")) {
    log("");
    storeWrites = await inChild<StoreWriteBench>({ kind: "store-writes" });
  }

  let auditWithState: Measured<AuditBench> | { skipped: true } = { skipped: true };
  let auditNights: AuditNights<Measured<AuditBench>> | { skipped: true } = { skipped: true };
  if (runs("audit")) {
    const size = Number(values["eval-size"]);
    const nights = await withAuditDirectory(async (directory) => {
      await inChild<AuditBench>({ kind: "audit-prepare", size, seed, directory } satisfies AuditJob);
      const firstRun = await inChild<AuditBench>({ kind: "audit-night", night: 1, state: true, directory } satisfies AuditJob);
      const previousRead = await inChild<AuditBench>({ kind: "audit-previous", directory } satisfies AuditJob);
      const second = await inChild<AuditBench>({ kind: "audit-night", night: 2, state: true, directory } satisfies AuditJob);
      const secondWithoutState = await inChild<AuditBench>({ kind: "audit-night", night: 2, state: false, directory } satisfies AuditJob);
      return { second, firstRun, secondWithoutState, previousRead };
    });
    auditWithState = nights.second;
    const { firstRun, secondWithoutState, previousRead } = nights;
    auditNights = { firstRun, secondWithoutState, previousRead };
    log("");
    log(`audit with state (file store): ${auditWithState.result.resources} resources, night 2 against night 1 in ${(auditWithState.result.auditMs / 1000).toFixed(1)} s, peak RSS ${auditWithState.peakRssMb} MB; written ${JSON.stringify(auditWithState.result.written)}`);
    log(`  night 1, the first run (empty file store): ${(firstRun.result.auditMs / 1000).toFixed(1)} s, peak RSS ${firstRun.peakRssMb} MB`);
    log(
      `  night 2 without state (no store): ${(secondWithoutState.result.auditMs / 1000).toFixed(1)} s, peak RSS ${secondWithoutState.peakRssMb} MB; ` +
        `with state ÷ without: ${(auditWithState.result.auditMs / secondWithoutState.result.auditMs).toFixed(2)}× the time, ${(auditWithState.peakRssMb / secondWithoutState.peakRssMb).toFixed(2)}× the RSS`,
    );
    // What any run with state pays before comparing anything: without state plus this is its floor.
    log(
      `  night 1's state read back alone, as night 2 reads it first: ${(previousRead.result.auditMs / 1000).toFixed(1)} s, peak RSS ${previousRead.peakRssMb} MB; ` +
        `without state + that: ${((secondWithoutState.result.auditMs + previousRead.result.auditMs) / secondWithoutState.result.auditMs).toFixed(2)}× the time without`,
    );
  }

  const attribution: Measured<AttributionBench>[] = [];
  if (runs("attribution")) {
    log("");
    for (const size of [1000, 10000]) {
      const measured = await inChild<AttributionBench>({ kind: "attribution", size, seed, latencyMs: Number(values.latency) } satisfies AttributionJob);
      const r = measured.result;
      log(
        `attribution at ${size} resources, ${r.changed} changed: ${r.events} write events in the window over ${r.regions} regions read in ${r.calls} LookupEvents calls, ` +
          `${(r.lookupMs / 1000).toFixed(2)} s (2 requests a second per region); matched ${r.matched} of ${r.changed} in ${r.matchMs} ms; ${r.unavailable} regions unavailable`,
      );
      attribution.push(measured);
    }
  }

  let organization: OrganizationBench | { skipped: true } = { skipped: true };
  if (runs("organization")) {
    log(`\norganization: ${shape.accounts} accounts × ${shape.regions} regions, ${shape.latencyMs} ms latency, each account its own token buckets; \`audit --org\`'s fan-out, max ${maxAccounts} accounts at once`);
    organization = await withAuditDirectory(async (directory) => {
      // In a process of its own: the floor is the SDK's work on a fresh heap, not on one holding an organization's reports.
      const { result: callCost } = await inChild<SdkCallCost>({ kind: "sdk-call-cost" });
      const night = (n: 1 | 2, max: number, state: string) => inChild<OrganizationNightBench>({ kind: "organization", ...shape, maxAccounts: max, night: n, directory: state, ...(orgWorkers > 1 && { workers: orgWorkers }) } satisfies OrganizationJob);
      const first = await night(1, maxAccounts, join(directory, "state"));
      printOrganizationNight(first, log, callCost);
      // Every sweep point audits night 2 against its own copy of night 1's state.
      await cp(join(directory, "state"), join(directory, "night-1"), { recursive: true });
      const second = await night(2, maxAccounts, join(directory, "state"));
      printOrganizationNight(second, log, callCost);
      printOrganizationCost(second.result.cost, second.result.accounts.audited, log);
      const sweep: Measured<OrganizationNightBench>[] = [];
      for (const max of sweepAt) {
        const state = join(directory, `sweep-${max}`);
        await cp(join(directory, "night-1"), state, { recursive: true });
        sweep.push(await night(2, max, state));
      }
      printOrganizationSweep(sweep, log);
      return { nights: [first, second], sweep, sdkCallCost: callCost };
    });
  }

  let eventPath: Measured<EventPathBench> | { skipped: true } = { skipped: true };
  if (runs("events")) {
    const job: EventPathJob = { kind: "event-path", size: positive(values["event-size"], "--event-size"), regions: 2, events: positive(values.events, "--events"), seed, latencyMs: Number(values.latency) };
    eventPath = await inChild<EventPathBench>(job);
    printEventPath(eventPath, log);
  }

  let mirror: Measured<MirrorBench> | { skipped: true } = { skipped: true };
  let mirrorAtScale: Measured<MirrorBench> | { skipped: true } = { skipped: true };
  if (runs("mirror")) {
    mirror = await inChild<MirrorBench>({ kind: "mirror", ...MIRROR_ACCOUNT, seed, latencyMs: Number(values.latency) } satisfies MirrorJob);
    printMirror(mirror, log);
    // The collection case's 10k account, 1 % of it changed between the nights: what a second night pays for.
    mirrorAtScale = await inChild<MirrorBench>({ kind: "mirror", resources: 10000, regions: 4, standaloneInstances: 0, changed: 100, seed, latencyMs: Number(values.latency) } satisfies MirrorJob);
    printMirror(mirrorAtScale, log);
  }

  let startup: StartupBench | { skipped: true } = { skipped: true };
  if (runs("startup")) {
    // Spawns the CLI itself: a worker would only add a process between it and the clock.
    startup = await benchStartup();
    printStartup(startup, log);
  }

  const transport: Measured<TransportBench>[] = [];
  if (runs("transport")) {
    const certificate = await endpointCertificate();
    try {
      for (const kind of ["per-client", "shared"] as const) {
        const job: TransportJob = { kind: "transport", ...TRANSPORT_SHAPE, transport: kind, ...(certificate.tls && { tls: certificate.tls }) };
        transport.push(await inChild<TransportBench>(job, transportWorkerEnv(job)));
      }
    } finally {
      await certificate.remove();
    }
    printTransport(TRANSPORT_SHAPE, transport, log);
  }

  const results = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: availableParallelism() },
    options: { sizes, latencyMs: Number(values.latency), concurrency: values.concurrency ?? "default", seed, ...("nights" in organization && { organization: organizationOptions }) },
    collection,
    evaluation,
    lambdaBundles,
    storeWrites,
    auditWithState,
    auditNights,
    attribution,
    organization,
    eventPath,
    mirror,
    mirrorAtScale,
    startup,
    ...(transport.length > 0 && { transport }),
    totalMs: Math.round(performance.now() - started),
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nbenchmark finished in ${(results.totalMs / 1000).toFixed(0)} s; results in ${values.out}`);
  if (collection.some((c) => c.result.throttlingErrors > 0)) {
    console.error("throttling outlasted the SDK's retries and became collection errors");
    process.exitCode = 1;
  }
  const nights = "nights" in organization ? [...organization.nights, ...organization.sweep] : [];
  if (nights.some((n) => n.result.collectionErrors > 0 || n.result.accounts.unreadable > 0)) {
    console.error("the organization run left accounts or parts of them unread");
    process.exitCode = 1;
  }
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number of at least 1, got "${value}"`);
  return n;
}

if (!(await serveIfOrganizationWorker()) && !(await serveIfTransportEndpoint()) && !(await serveIfWorker((job: Job) => runJob(job)))) await main();
