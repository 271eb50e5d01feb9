/** The benchmark's terminal output. */
import type { LambdaBundles } from "./artifacts.js";
import type { CollectionBench } from "./collect-benchmark.js";
import type { EvaluationBench } from "./evaluate-benchmark.js";
import type { EventPathBench } from "./event-path.js";
import type { MirrorBench, MirrorNight } from "./mirror.js";
import type { StartupBench } from "./startup.js";
import type { TransportBench, TransportShape } from "./transport.js";
import { compareText } from "../src/types/order.js";
import type { Measured } from "./worker.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pad = (value: unknown, width: number) => String(value).padStart(width);

export function printCollection({ result: r, peakRssMb }: Measured<CollectionBench>, log: (line: string) => void): void {
  const { bounds } = r;
  log(`\ncollection: ${r.records} records (${r.size} asked, ${r.expectedRecords} expected) by ${r.collectors.join(", ")}; ${r.latencyMs} ms latency, concurrency ${r.concurrency}`);
  log(`  wall ${seconds(r.wallMs)}   CPU ${seconds(r.cpuMs)}   peak RSS ${peakRssMb} MB`);
  log(`  calls ${r.calls.total}: ${r.calls.pages} list pages, ${r.calls.perResource} per-resource, ${r.calls.throttled} throttled, ${r.calls.failed} failed`);
  log(`  throttling errors in the snapshot: ${r.throttlingErrors} (must be 0); collection errors: ${r.collectionErrors.length}`);
  for (const e of r.collectionErrors.slice(0, 5)) log(`    ${e.service}/${e.region} ${e.operation} ${e.code}: ${e.message}`);
  log(`  minimum by latency: ${seconds(bounds.latencyBoundMs)} (${bounds.longestChain.calls} sequential calls, ${bounds.longestChain.collector} in ${bounds.longestChain.region})`);
  log(`  minimum by token bucket: ${seconds(bounds.rateBoundMs)} (${bounds.busiestBucket.calls} calls to ${bounds.busiestBucket.service} in ${bounds.busiestBucket.region})`);
  log(`  measured / latency minimum = ${r.ratio.toLatencyBound}   measured / max(both minimums) = ${r.ratio.toLowerBound}`);
  if (r.buckets.count > 0) log(`  S3: ${r.buckets.count} buckets, ${r.buckets.perBucketCalls} per-bucket reads (${(r.buckets.perBucketCalls / r.buckets.count).toFixed(2)} per bucket)`);
  log(`  findings ${r.findings.total} (${Object.entries(r.findings.byStatus).map(([s, n]) => `${s} ${n}`).join(", ")}) in ${r.findings.evaluateMs} ms`);
  log(`  ${"operation".padEnd(58)} ${pad("kind", 12)} ${pad("planned", 8)} ${pad("made", 6)} ${pad("throttled", 9)} ${pad("failed", 6)}`);
  for (const o of r.operations) {
    log(`  ${`${o.service}.${o.operation}`.padEnd(58)} ${pad(o.kind, 12)} ${pad(o.planned, 8)} ${pad(o.made, 6)} ${pad(o.throttled, 9)} ${pad(o.failed, 6)}`);
  }
  log(`  busy periods (service/region: from – to, calls, throttled), by end:`);
  for (const s of [...r.spans].sort((a, b) => b.toMs - a.toMs).slice(0, 8)) {
    log(`    ${`${s.service}/${s.region}`.padEnd(40)} ${seconds(s.fromMs)} – ${seconds(s.toMs)}  ${pad(s.calls, 5)} calls ${pad(s.throttled, 4)} throttled`);
  }
}

export function printEvaluation({ result: r, peakRssMb }: Measured<EvaluationBench>, log: (line: string) => void): void {
  log(`\nevaluation: ${r.resources} resources (snapshot collected without latency in ${seconds(r.snapshotBuildMs)}), peak RSS ${peakRssMb} MB`);
  log(`  ${r.rules} rules, ${r.evaluations} rule × resource evaluations in ${r.evaluateMs} ms: ${r.evaluationsPerSecond.toLocaleString("en-US")} per second (index ${r.indexMs} ms); ${r.findings} findings`);
  log(`  rule logic alone (outcomes not kept): ${r.ruleLogicMs} ms, ${r.ruleLogicPerSecond.toLocaleString("en-US")} per second; the rest builds and keeps ${r.findings} findings with their ids`);
  log(`  slowest rules: ${r.slowestRules.map((s) => `${s.rule} ${s.ms} ms over ${s.resources}`).join("; ")}`);
  const d = r.diff;
  log(`  diff ${d.before} → ${d.after} resources in ${d.ms} ms: ${d.added} added, ${d.removed} removed, ${d.modified} modified`);
}

export function printBundles(bundles: LambdaBundles, log: (line: string) => void): void {
  if ("note" in bundles) return log(`\nLambda bundles: ${bundles.note}`);
  log(`\nLambda bundles:`);
  for (const b of bundles.bundles) log(`  ${b.file.padEnd(40)} ${pad((b.bytes / 1024).toFixed(0), 8)} KiB`);
}

export function printEventPath({ result: r, peakRssMb }: Measured<EventPathBench>, log: (line: string) => void): void {
  const ops = Object.entries(r.awsCallsByOperation)
    .map(([op, n]) => `${op} ${n}`)
    .join(", ");
  log("");
  log(
    `event path: ${r.events.toLocaleString("en-US")} events, one SQS message each, on ${r.size.toLocaleString("en-US")} resources in ${r.regions} regions, ${r.latencyMs} ms latency: ` +
      `event to alert ${r.toAlertMs.median} ms median, ${r.toAlertMs.p99} ms 99th percentile (handler ${r.handlerMs.median} / ${r.handlerMs.p99} ms with the store's writes); ` +
      `${r.alerts} alerts; ${r.awsCallsPerEvent} AWS calls an event (${ops}), ${r.dynamodbCallsPerEvent} DynamoDB requests; peak RSS ${peakRssMb} MB`,
  );
}

export function printMirror({ result: r, peakRssMb }: Measured<MirrorBench>, log: (line: string) => void): void {
  const { account: a, cold, second } = r;
  const count = (n: number) => n.toLocaleString("en-US");
  const errors = (n: MirrorNight) => Object.values(n.errorAnswers).reduce((total, k) => total + k, 0);
  const night = (n: MirrorNight) =>
    `wall ${seconds(n.wallMs)} (collect ${seconds(n.collectMs)}, audit ${seconds(n.auditMs)}), CPU ${seconds(n.cpuMs)}; ${count(n.calls)} requests (${errors(n)} answered with an error), ${n.collectionErrors} collection errors; ${count(n.findings)} findings`;
  log("");
  log(
    `mirror: ${count(a.resources)} resources in ${a.regions} regions, ${a.standaloneInstances} stand-alone instances, ${a.distributions} distributions; ` +
      `\`audit\` with every rule and state, ${r.latencyMs} ms latency, no throttling; peak RSS ${peakRssMb} MB`,
  );
  log(`  cold (empty state):          ${night(cold)}`);
  log(`  second (${r.changed > 0 ? `${r.changed} changed` : "unchanged"}, state):`.padEnd(31) + `${night(second)}; drift ${second.drift ?? "not compared"}`);
  // Each per-resource read on a row of its own, busiest first: they are what a second night could spare; the list pages in one.
  const listed = new Set(r.listOperations);
  const operations = [...new Set([...Object.keys(cold.operations), ...Object.keys(second.operations)])];
  const perResource = operations.filter((op) => !listed.has(op)).sort((x, y) => (cold.operations[y] ?? 0) - (cold.operations[x] ?? 0) || compareText(x, y));
  const lists = operations.filter((op) => listed.has(op));
  const sumOf = (n: MirrorNight) => lists.reduce((total, op) => total + (n.operations[op] ?? 0), 0);
  log(`  ${"operation".padEnd(54)} ${pad("cold", 6)} ${pad("second", 6)}`);
  for (const op of perResource) log(`  ${op.padEnd(54)} ${pad(cold.operations[op] ?? 0, 6)} ${pad(second.operations[op] ?? 0, 6)}`);
  log(`  ${`list pages of ${lists.length} operations`.padEnd(54)} ${pad(sumOf(cold), 6)} ${pad(sumOf(second), 6)}`);
  log(`  ${"total".padEnd(54)} ${pad(cold.calls, 6)} ${pad(second.calls, 6)}   second ÷ cold ${(second.calls / cold.calls).toFixed(2)}`);
}

export function printStartup(r: StartupBench, log: (line: string) => void): void {
  log("");
  log(`start-up (median of ${r.spawns} spawns of bin/driftwarden.js):`);
  log(`  --version: ${r.versionMs} ms   (each: ${r.samples.versionMs.join(", ")} ms)`);
  log(`  audit, spawn to first AWS request (${r.firstAction}): ${r.firstRequestMs} ms   (each: ${r.samples.firstRequestMs.join(", ")} ms)`);
}

export function printTransport(shape: TransportShape, runs: Measured<TransportBench>[], log: (line: string) => void): void {
  const tls = runs[0]?.result.tls;
  log("");
  log(`transport: ${shape.accounts} accounts × ${shape.hosts} hosts, a client each making ${shape.callsPerClient} calls, ${shape.accountsAtOnce} accounts at once, ${shape.latencyMs} ms latency, ${tls ? "over TLS" : "over plain HTTP (no openssl for a certificate)"}`);
  const label = { "per-client": "a transport per client (the SDK's own):", shared: "one transport for the run:" } as const;
  for (const { result: r } of runs) {
    log(`  ${label[r.transport].padEnd(40)} ${r.connections} ${tls ? "TLS " : ""}connections for ${r.requests} requests of ${r.clients} clients, wall ${(r.wallMs / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s`);
  }
}
