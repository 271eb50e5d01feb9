/**
 * A side-by-side measurement mirrored: an emulator account of 2,605 resources
 * in two regions with about 300 stand-alone EC2 instances and 33 CloudFront
 * distributions, where `driftwarden audit` with every rule made 433 requests,
 * 305 of them DescribeInstanceAttribute (one per instance outside an Auto
 * Scaling group: AWS has no batch form). Two nights as the CLI runs them, in
 * one child process, each collected through the synthetic endpoint and audited
 * with state: the cold one into an empty file store, the second against it,
 * carrying over the per-resource reads nothing says changed
 * (src/collect/carried-reads.ts). With `changed`, that many stand-alone
 * instances have their termination protection turned on between the nights,
 * each change in CloudTrail, as the second night's LookupEvents reads it.
 */
import { allRules } from "../rules/index.js";
import { cloudTrailLookup } from "../src/attribute/lookup.js";
import { carryOverFor } from "../src/carry-over.js";
import { allCollectors } from "../src/collect/index.js";
import { defaultConfig } from "../src/config/config.js";
import { FileFindingsStore } from "../src/publish/store/file-store.js";
import { runAudit } from "../src/run-audit.js";
import { collectPlanned, planRun } from "../src/run-plan.js";
import type { Clock } from "../src/types/clock.js";
import { compareText } from "../src/types/order.js";
import { testCredentials } from "../test/support/collect.js";
import type { SyntheticAccount } from "../test/support/synthetic/account.js";
import { standaloneInstanceCount, syntheticAccount, totalRecords } from "../test/support/synthetic/account.js";
import { callPlan } from "../test/support/synthetic/call-plan.js";
import { syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";
import { withAuditDirectory } from "./audit-with-state.js";
import { countBy } from "./collect-benchmark.js";

/** The measured account's shape: 2,600 resources asked of the generator for its 2,605. */
export const MIRROR_ACCOUNT = { resources: 2600, regions: 2, standaloneInstances: 300, distributions: 33 } as const;

export interface MirrorJob {
  kind: "mirror";
  resources: number;
  regions: number;
  standaloneInstances: number;
  /** Default: one for every other application. */
  distributions?: number;
  seed: number;
  latencyMs: number;
  /** Stand-alone instances changed between the nights (ModifyInstanceAttribute, in CloudTrail); default none. */
  changed?: number;
}

export interface MirrorNight {
  /** Collection and audit (evaluate, compare with the state, record). */
  wallMs: number;
  cpuMs: number;
  collectMs: number;
  auditMs: number;
  /** Requests the endpoint received, those answered with an error included. */
  calls: number;
  /** Error answers by code: most are expected (a bucket without a policy answers NoSuchBucketPolicy). */
  errorAnswers: Record<string, number>;
  /** Requests by "service.operation". */
  operations: Record<string, number>;
  findings: number;
  /** Resources added, removed or modified since the night before; absent the cold night, which has none before it. */
  drift?: number;
  collectionErrors: number;
}

export interface MirrorBench {
  latencyMs: number;
  /** What the generator made, counted from its data. */
  account: { resources: number; regions: number; standaloneInstances: number; distributions: number };
  /** Resources changed between the nights. */
  changed: number;
  /** The operations that page through lists (by the call plan); the others read one resource each, what re-use could spare. */
  listOperations: string[];
  cold: MirrorNight;
  second: MirrorNight;
}

// Benchmarks time the work, not the date: each night starts on a fixed day.
const NIGHTS = { 1: new Date("2026-11-01T02:00:00.000Z"), 2: new Date("2026-11-02T02:00:00.000Z") } as const;

export async function benchMirror(job: MirrorJob): Promise<MirrorBench> {
  const account = syntheticAccount({ resources: job.resources, regions: job.regions, seed: job.seed, standaloneInstances: job.standaloneInstances, ...(job.distributions !== undefined && { distributions: job.distributions }) });
  return withAuditDirectory(async (directory) => {
    const cold = await night(1, account, directory, job.latencyMs);
    const changed = changeInstances(account, job.changed ?? 0);
    const second = await night(2, account, directory, job.latencyMs);
    return {
      latencyMs: job.latencyMs,
      account: { resources: totalRecords(account), regions: account.regions.length, standaloneInstances: standaloneInstanceCount(account), distributions: account.global.distributions.length },
      changed,
      listOperations: [...new Set(callPlan(account, allCollectors.map((c) => c.service)).flatMap((p) => p.operations.filter((o) => o.kind === "list").map((o) => `${o.service}.${o.operation}`)))].sort(compareText),
      cold,
      second,
    };
  });
}

/** One `driftwarden audit` of the account: plan, collect, audit against the state directory and record. */
async function night(n: 1 | 2, account: SyntheticAccount, directory: string, latencyMs: number): Promise<MirrorNight> {
  // The emulator measured does not throttle, and retries would make the two nights' counts differ by timing.
  const endpoint = syntheticEndpoint(account, { latencyMs, throttling: false });
  const now = movingFrom(NIGHTS[n]);
  const config = defaultConfig(allRules);
  const connection = { credentials: testCredentials };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const plan = await planRun({ config, connection, accountId: account.accountId, regions: account.regions.map((r) => r.region) });
  const store = new FileFindingsStore({ directory, retentionDays: config.retentionDays, now });
  // As a live run with state: CloudTrail's write events since the previous night say which reads to make again, and name who made the drift.
  const carried = await carryOverFor({
    store,
    accountId: account.accountId,
    regions: plan.regions,
    lookupEvents: cloudTrailLookup({ ...connection, plugins: [endpoint.plugin], now }),
    now: now(),
    maxAgeDays: config.carryOverDays,
  });
  const snapshot = await collectPlanned(plan, plan.accounts[0]!, { collectors: allCollectors, now, plugins: [endpoint.plugin], carryOver: carried.carryOver });
  const collected = performance.now();
  const { report } = await runAudit({
    snapshot,
    config: { ...config, rules: plan.rules },
    runId: `night-${n}`,
    startedAt: NIGHTS[n],
    now: now(),
    store,
    against: "previous",
    ...(carried.lookupEvents && { lookupEvents: carried.lookupEvents }),
  });
  const finished = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const operations: Record<string, number> = {};
  for (const call of endpoint.calls) operations[`${call.service}.${call.operation}`] = (operations[`${call.service}.${call.operation}`] ?? 0) + 1;
  const { drift } = report;
  return {
    wallMs: Math.round(finished - started),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    collectMs: Math.round(collected - started),
    auditMs: Math.round(finished - collected),
    calls: endpoint.calls.length,
    errorAnswers: countBy(endpoint.calls.filter((c) => c.outcome !== "ok").map((c) => c.code ?? "unknown")),
    operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => compareText(a, b))),
    findings: report.findings.length,
    ...(drift && { drift: drift.added.length + drift.removed.length + drift.modified.length }),
    collectionErrors: snapshot.errors.length,
  };
}

/** A clock that starts at `from` and moves as time does (the lookup paces on it), without reading the date. */
function movingFrom(from: Date): Clock {
  const origin = performance.now();
  return () => new Date(from.getTime() + Math.round(performance.now() - origin));
}

/** Turns termination protection on for `count` stand-alone instances that have it off, each with its ModifyInstanceAttribute in CloudTrail. */
function changeInstances(account: SyntheticAccount, count: number): number {
  const at = new Date(NIGHTS[1].getTime() + 6 * 60 * 60 * 1000).toISOString();
  let changed = 0;
  for (const data of account.regions) {
    for (const [id, on] of data.terminationProtection) {
      if (changed === count) return changed;
      if (on) continue;
      data.terminationProtection.set(id, true);
      account.global.audit.lookupEvents.push({
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${account.accountId}:user/ops`, accountId: account.accountId, userName: "ops" },
        eventTime: at,
        eventSource: "ec2.amazonaws.com",
        eventName: "ModifyInstanceAttribute",
        awsRegion: data.region,
        requestParameters: { instanceId: id, disableApiTermination: { value: true } },
        responseElements: { _return: true },
        eventID: `mirror-${changed}`,
        readOnly: false,
        recipientAccountId: account.accountId,
      } as (typeof account.global.audit.lookupEvents)[number]);
      changed += 1;
    }
  }
  return changed;
}
