/**
 * One collection of a synthetic account through the fake endpoint: the
 * registered collectors, run by collectAccount with the SDK's own retries
 * and paginators, then every rule over the snapshot.
 */
import { allCollectors } from "../src/collect/index.js";
import { evaluateSnapshot, withDefaults } from "../src/evaluate/evaluate.js";
import type { CollectionError, ResourceType } from "../src/types/resource.js";
import { allRules } from "../rules/index.js";
import { recordCounts, syntheticAccount } from "../test/support/synthetic/account.js";
import { callPlan, timeBounds } from "../test/support/synthetic/call-plan.js";
import type { TimeBounds } from "../test/support/synthetic/call-plan.js";
import { collectSynthetic, syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";
import type { EndpointCall, ThrottlingModel } from "../test/support/synthetic/fake-endpoint.js";
import { compareText } from "../src/types/order.js";

export interface CollectJob {
  kind: "collect";
  size: number;
  seed: number;
  latencyMs: number;
  /** collectAccount's concurrency; absent: its default. */
  concurrency?: number;
  /** Absent: the endpoint's default bucket. */
  throttling?: ThrottlingModel | false;
}

export interface OperationCount {
  service: string;
  operation: string;
  /** "unplanned": a call the call plan does not know of, so the minimum times leave it out. */
  kind: "list" | "per-resource" | "unplanned";
  /** Calls the call plan needs. */
  planned: number;
  /** Calls answered. */
  made: number;
  throttled: number;
  failed: number;
}

/** When one (service, region) was busy, from its first request to its last answer. */
export interface BucketSpan {
  service: string;
  region: string;
  fromMs: number;
  toMs: number;
  calls: number;
  throttled: number;
}

export interface CollectionBench {
  size: number;
  records: number;
  expectedRecords: number;
  collectors: string[];
  latencyMs: number;
  concurrency: number | "default";
  wallMs: number;
  /** CPU the process spent collecting (the SDK's per-call work: serializing, signing, paginating). */
  cpuMs: number;
  calls: { total: number; answered: number; throttled: number; failed: number; pages: number; perResource: number };
  operations: OperationCount[];
  /** Throttling that outlasted the SDK's retries and became a collection error: must be none. */
  throttlingErrors: number;
  collectionErrors: CollectionError[];
  bounds: TimeBounds;
  ratio: { toLatencyBound: number; toLowerBound: number };
  spans: BucketSpan[];
  findings: { total: number; byStatus: Record<string, number>; evaluateMs: number };
  /** S3's per-bucket reads: each costs one request per bucket, the reason they are read only when a rule needs them. */
  buckets: { count: number; perBucketCalls: number };
}

const THROTTLING_CODES = ["Throttling", "RequestLimitExceeded"];

export async function benchCollection(job: CollectJob): Promise<CollectionBench> {
  const account = syntheticAccount({ resources: job.size, seed: job.seed });
  const endpoint = syntheticEndpoint(account, { latencyMs: job.latencyMs, ...(job.throttling !== undefined && { throttling: job.throttling }) });
  const collectors = allCollectors.map((c) => c.service);
  const plans = callPlan(account, collectors);

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const snapshot = await collectSynthetic(account, endpoint, job.concurrency !== undefined ? { concurrency: job.concurrency } : {});
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const evaluated = performance.now();
  const findings = evaluateSnapshot(snapshot, withDefaults(allRules));
  const evaluateMs = performance.now() - evaluated;

  const operations = countOperations(endpoint.calls, plans.flatMap((p) => p.operations));
  const bounds = timeBounds(plans, job.latencyMs, endpoint.throttling);
  const expectedTypes = new Set(allCollectors.flatMap((c) => c.resourceTypes));
  return {
    size: job.size,
    records: snapshot.resources.length,
    // Only the types of the registered collectors.
    expectedRecords: sum(Object.entries(recordCounts(account)).map(([type, count]) => (expectedTypes.has(type as ResourceType) ? count : 0))),
    collectors,
    latencyMs: job.latencyMs,
    concurrency: job.concurrency ?? "default",
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    calls: {
      total: endpoint.calls.length,
      answered: endpoint.calls.filter((c) => c.outcome === "ok").length,
      throttled: endpoint.throttles(),
      failed: endpoint.calls.filter((c) => c.outcome === "error").length,
      pages: sum(operations.filter((o) => o.kind === "list").map((o) => o.made)),
      perResource: sum(operations.filter((o) => o.kind === "per-resource").map((o) => o.made)),
    },
    operations,
    throttlingErrors: snapshot.errors.filter((e) => THROTTLING_CODES.includes(e.code)).length,
    collectionErrors: snapshot.errors,
    bounds,
    ratio: { toLatencyBound: round2(wallMs / bounds.latencyBoundMs), toLowerBound: round2(wallMs / bounds.lowerBoundMs) },
    spans: bucketSpans(endpoint.calls, started),
    findings: { total: findings.length, byStatus: countBy(findings.map((f) => f.status)), evaluateMs: Math.round(evaluateMs) },
    buckets: { count: account.global.storage.buckets.length, perBucketCalls: endpoint.calls.filter((c) => c.service === "S3" && c.operation !== "ListBuckets").length },
  };
}

function countOperations(calls: EndpointCall[], planned: { service: string; operation: string; kind: "list" | "per-resource"; calls: number }[]): OperationCount[] {
  const byKey = new Map<string, OperationCount>();
  const entry = (service: string, operation: string, kind: OperationCount["kind"]) => {
    const key = `${service}.${operation}`;
    let count = byKey.get(key);
    if (!count) byKey.set(key, (count = { service, operation, kind, planned: 0, made: 0, throttled: 0, failed: 0 }));
    return count;
  };
  for (const p of planned) entry(p.service, p.operation, p.kind).planned += p.calls;
  for (const call of calls) {
    const count = entry(call.service, call.operation, "unplanned");
    if (call.outcome === "ok") count.made += 1;
    else if (call.outcome === "throttled") count.throttled += 1;
    else count.failed += 1;
  }
  return [...byKey.values()].sort((a, b) => compareText(a.service, b.service) || compareText(a.operation, b.operation));
}

function bucketSpans(calls: EndpointCall[], origin: number): BucketSpan[] {
  const spans = new Map<string, BucketSpan>();
  for (const call of calls) {
    const key = `${call.service}/${call.region}`;
    const span = spans.get(key) ?? { service: call.service, region: call.region, fromMs: Infinity, toMs: 0, calls: 0, throttled: 0 };
    span.fromMs = Math.min(span.fromMs, call.start - origin);
    span.toMs = Math.max(span.toMs, call.end - origin);
    span.calls += 1;
    if (call.outcome === "throttled") span.throttled += 1;
    spans.set(key, span);
  }
  return [...spans.values()].map((s) => ({ ...s, fromMs: Math.round(s.fromMs), toMs: Math.round(s.toMs) })).sort((a, b) => a.fromMs - b.fromMs);
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;
