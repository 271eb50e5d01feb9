/**
 * The fault suite's bench: a synthetic account behind the synthetic endpoint,
 * a local DynamoDB table holding one clean audit of it (recorded by the audit
 * job), and a CLI state directory holding one clean audit too. Each fault case
 * audits the account a second time with the fault injected, through the job
 * and through `driftwarden audit`, and checks what the failure left behind:
 * a named collection error, a partial run, and the failed part's findings
 * kept exactly as the clean audit left them. The table is then put back as
 * the clean audit left it, so every case follows a clean first run.
 */
import { expect } from "@jest/globals";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CollectorSpec, RunnableCollector } from "../../src/collect/collector.js";
import { allCollectors } from "../../src/collect/index.js";
import { collectAccount } from "../../src/collect/run.js";
import { resourceKey, sameValue } from "../../src/types/canonical.js";
import { diffResources } from "../../src/diff/resource-drift.js";
import { runAuditJob } from "../../src/lambda/audit-job.js";
import type { AuditJobDeps, AuditJobResult } from "../../src/lambda/audit-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import type { AuditReport, RunSummary } from "../../src/publish/report/audit-report.js";
import { batchWrite } from "../../src/publish/store/batch-writer.js";
import type { WriteRequest } from "../../src/publish/store/batch-writer.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import { FileFindingsStore } from "../../src/publish/store/file-store.js";
import type { FindingHistoryEntry, FindingsStore, PreviousRun, RecordRunInput } from "../../src/publish/store/findings-store.js";
import { writeSnapshot } from "../../src/snapshot/snapshot-file.js";
import type { Finding } from "../../src/types/finding.js";
import type { ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { compareResources, isIncomplete } from "../../src/types/resource.js";
import { testCredentials, whenLoaded } from "../support/collect.js";
import { startDynalite } from "../support/dynalite.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import type { EndpointRequest, Fault } from "../support/faults.js";
import { mainList, pagesAsked, withFaults, withRetries } from "../support/faults.js";
import { runCli } from "../support/run-cli.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import type { SyntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";
import { steppingClock, testClock } from "../support/clock.js";

/** Attempts per request: one retry, so a fault that persists is seen retried and given up on. */
const MAX_ATTEMPTS = 2;

export const CLEAN_RUN = "clean-1";

const silent = { info() {}, warn() {}, error() {} };
const collectors = withRetries(allCollectors, MAX_ATTEMPTS);

export interface BenchOptions {
  resources: number;
  seed: number;
  regions: string[];
  /** Faults in every audit, the clean one included (a list re-paged, say); a case's own faults take precedence. */
  always?: Fault[];
}

/** What an audit job run needs: the account, its regions, and the table it records into. */
export interface JobTarget {
  account: SyntheticAccount;
  regions: string[];
  client: DynamoDBClient;
  table: string;
  env: AuditEnvironment;
}

export interface Bench extends JobTarget {
  always: Fault[];
  dynamo: LocalDynamoDb;
  /** After the clean job run: every item of the table, the open findings read back, the stored snapshot, and the faulted commands' attempts. */
  clean: { items: Record<string, unknown>[]; open: Finding[]; previous: PreviousRun; attempts: EndpointRequest[] };
  /** After the clean CLI audit: its state directory, its report and the file store's open findings. */
  cli: { stateDir: string; report: AuditReport; open: Finding[] };
  close(): Promise<void>;
}

export interface FaultCase {
  collector: RunnableCollector;
  region: string;
  faults: Fault[];
  /** The collection error the fault must cause, and what its message must say, if anything in particular. */
  error: { operation: string; code: string; saying?: string };
  /** Pages of the collector's main list asked for in one collection, retries included (1 is the first page). */
  pagesAsked: number[];
}

export async function openBench(options: BenchOptions): Promise<Bench> {
  const account = syntheticAccount({ resources: options.resources, seed: options.seed, regions: options.regions });
  const always = options.always ?? [];
  const dynamo = await startDynalite();
  const client = dynamo.client();
  const table = await dynamo.createTable();
  const target: JobTarget = { account, regions: options.regions, client, table, env: { tableName: table, configText: "", reserveMs: 0 } };

  const { job, recorded, attempts } = await runJob(target, CLEAN_RUN, always);
  expect(job).toMatchObject({ status: "complete", recorded: "recorded", errors: [] });
  const store = dynamoStore(target);
  const [items, open, previous] = await Promise.all([dynamo.items(table), store.openFindings(account.accountId), store.loadPrevious(account.accountId)]);

  const stateDir = await mkdtemp(join(tmpdir(), "driftwarden-faults-clean-"));
  try {
    const { code, report } = await auditWithCli(stateDir, recorded[0]!.snapshot);
    // The clean account has failing findings (exit 1), and nothing left uncollected (which would be 3).
    expect(code).toBe(1);

    return {
      ...target,
      always,
      dynamo,
      clean: { items, open, previous: previous!, attempts },
      cli: { stateDir, report, open: await new FileFindingsStore({ directory: stateDir, now: testClock }).openFindings(account.accountId) },
      async close() {
        await rm(stateDir, { recursive: true, force: true });
        await dynamo.stop();
      },
    };
  } catch (error) {
    // No bench to close(): the state directory goes now.
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}

function dynamoStore(target: Pick<JobTarget, "client" | "table">): DynamoDbFindingsStore {
  return new DynamoDbFindingsStore({ client: target.client, tableName: target.table, batch: { baseDelayMs: 1 }, now: testClock });
}

/** Runs the audit job once against the bench's table, with these faults, keeping what it asked the store to record (its snapshot among it). */
export async function runJob(
  target: JobTarget,
  runId: string,
  faults: Fault[],
  extra: Partial<AuditJobDeps> = {},
): Promise<{ job: AuditJobResult; recorded: RecordRunInput[]; collected: ResourceRecord[]; attempts: EndpointRequest[] }> {
  const endpoint = withFaults(syntheticEndpoint(target.account, { latencyMs: 0, throttling: false }), faults);
  const recorded: RecordRunInput[] = [];
  // What the collectors read, before the previous state fills what they could not.
  const collected: ResourceRecord[] = [];
  const deps: AuditJobDeps = {
    openStore: () => recording(dynamoStore(target), recorded),
    collectors: whenLoaded(collectors, (c) => ({ ...c, collect: async (ctx) => { const records = await c.collect(ctx); collected.push(...records); return records; } })),
    logger: silent,
    requestId: runId,
    accountId: target.account.accountId,
    defaultRegion: "us-east-1",
    plugins: [endpoint.plugin],
    credentials: testCredentials,
    now: steppingClock("2026-11-22T02:00:00.000Z"),
    ...extra,
  };
  const job = await runAuditJob({ trigger: "on-demand", runId, regions: target.regions }, target.env, deps);
  return { job, recorded, collected: collected.sort(compareResources), attempts: endpoint.attempts };
}

/** The store, keeping every input it is asked to record. */
function recording(store: FindingsStore, inputs: RecordRunInput[]): FindingsStore {
  // Everything else is the store's own method, through the prototype.
  const wrapped: FindingsStore = Object.create(store);
  wrapped.recordRun = (input) => (inputs.push(input), store.recordRun(input));
  return wrapped;
}

async function auditWithCli(stateDir: string, snapshot: Snapshot): Promise<{ code: number; report: AuditReport; stderr: string }> {
  const file = `${stateDir}.snapshot.json`;
  try {
    await writeSnapshot(file, snapshot);
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", file, "--state-dir", stateDir, "--format", "json");
    return { code, report: JSON.parse(stdout) as AuditReport, stderr };
  } finally {
    await rm(file, { force: true });
  }
}

/** Findings as the suite compares them across runs: id, status and severity (with rule and resource, to read a difference). */
export function statuses(findings: Finding[]): string[] {
  return findings.map((f) => `${f.id} ${f.status} ${f.severity} ${f.ruleId} ${resourceKey(f.resource)}`).sort();
}

const itemKey = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;

/** Whether two items hold the same values; a table read twice gives identical text for an item not rewritten, so that is tried first. */
const sameItem = (a: Record<string, unknown>, b: Record<string, unknown> | undefined) => b !== undefined && (JSON.stringify(a) === JSON.stringify(b) || sameValue(a, b));

/**
 * The fault case through the audit job: the run completes as partial with
 * the error named, resolves nothing, removes nothing, and the table changes
 * only by the run item, the failed part's findings marked stale (same status),
 * and one history entry for each finding rewritten.
 */
export async function expectJobKeepsFailedPart(bench: Bench, c: FaultCase, runId: string): Promise<Snapshot> {
  const list = mainList(c.collector);
  const { job, recorded, collected, attempts } = await runJob(bench, runId, [...c.faults, ...bench.always]);
  let items: Record<string, unknown>[] | undefined;
  try {
    expect(job).toMatchObject({ runId, status: "partial", recorded: "recorded" });
    expect(job.errors).toEqual(namedErrors(c, bench.regions).map((e) => ({ ...e, message: c.error.saying ? expect.stringContaining(c.error.saying) : expect.any(String) })));
    expect(pagesAsked(attempts, list, c.region)).toEqual(c.pagesAsked);

    expect(recorded).toHaveLength(1);
    const input = recorded[0]!;
    // The run's own collection: the recorded snapshot holds the previous records where this one could not read.
    const read: Snapshot = { ...input.snapshot, resources: collected };
    const unread = (f: Finding) => isIncomplete(input.snapshot.errors, f.resource.region, f.resource.type);
    const atRisk = failingNotRead(bench.clean.open, read);
    // What the case is about: failing findings whose resources this run did not read, all in the part it names as failed.
    expect(atRisk.length).toBeGreaterThan(0);
    expect(atRisk.filter((f) => !unread(f)).map((f) => f.id)).toEqual([]);

    expect(job.transitions.resolved).toBe(0);
    expect(input.changes.findings.history.filter((h) => h.transition === "RESOLVED")).toEqual([]);
    expect(input.gone).toEqual([]);
    // The drift the run computed: from the stored previous snapshot to this one; and the state it keeps is the stored one.
    expect(diffResources(bench.clean.previous.snapshot, read)).toEqual({ added: [], removed: [], modified: [] });
    expect(diffResources(bench.clean.previous.snapshot, input.snapshot)).toEqual({ added: [], removed: [], modified: [] });

    const store = dynamoStore(bench);
    const [open, runs] = await Promise.all([store.openFindings(bench.account.accountId), store.listRuns(bench.account.accountId)]);
    expect(statuses(open)).toEqual(statuses(bench.clean.open));
    const openById = new Map(open.map((f) => [f.id, f]));
    expect(atRisk.filter((f) => openById.get(f.id)?.lifecycle?.stale === undefined).map((f) => f.id)).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual([runId, CLEAN_RUN]);
    items = await bench.dynamo.items(bench.table);
    expectTableChange(bench.clean.items, items, runId, (f) => unread(f) || judgedFromUnread(input, f), {
      takenAt: bench.clean.previous.snapshot.takenAt,
      unread: (r) => isIncomplete(input.snapshot.errors, r.region, r.type),
    });
    return read;
  } finally {
    await restoreTable(bench, items);
  }
}

/**
 * The errors as a run reports them: service, region, operation and code. An
 * account-wide list's failure is reported in every audited region, which it
 * leaves incomplete (in the snapshot's order of regions).
 */
function namedErrors(c: FaultCase, regions: string[]) {
  const where = c.collector.scope === "account" ? [...regions].sort() : [c.region];
  return where.map((region) => ({ service: c.collector.service, region, operation: c.error.operation, code: c.error.code }));
}

/**
 * Whether a finding outside the failed part was kept stale because its rule
 * reads the failed part (an account's CloudTrail rule reads its trails): the
 * rule says ERROR naming the type and region not fully collected, as a
 * finding of the failed part itself is kept stale.
 */
function judgedFromUnread(input: RecordRunInput, finding: Finding): boolean {
  const reason = input.findings.find((f) => f.id === finding.id)?.lifecycle?.stale?.reason ?? "";
  return input.snapshot.errors.some((e) => !e.resourceIds && e.resourceTypes.some((type) => reason.includes(`${type} in ${e.region} not fully collected`) || reason.includes(`${type} in ${e.region} was not fully collected`)));
}

/** Failing findings whose resources `snapshot` does not hold. */
function failingNotRead(open: Finding[], snapshot: Snapshot): Finding[] {
  const read = new Set(snapshot.resources.map(resourceKey));
  return open.filter((f) => !read.has(resourceKey(f.resource)));
}

const findingOf = (item: Record<string, unknown>) => item.finding as Finding;

/** A finding whose evidence dates, for the first time, values carried over from an earlier run. */
function newlyDated(was: Finding, is: Finding): boolean {
  return was.evidence?.readAt === undefined && is.evidence?.readAt !== undefined;
}

/** `is` is `was` with its per-resource reads carried over from the run at `takenAt`: only `reads` is new, each read then. */
function carriedFrom(was: ResourceRecord, is: ResourceRecord, takenAt: string): boolean {
  const { reads, ...rest } = is;
  return was.reads === undefined && reads !== undefined && Object.values(reads).every((at) => at === takenAt) && sameValue(rest, was);
}

/**
 * Nothing lost, nothing stored twice: every item is still there; the only
 * items changed are findings, with their status and severity, those of the
 * failed part marked stale (the ones of other parts may word a reason
 * differently when a related part is missing); the only items added are the
 * run, its claim and one history entry per finding rewritten.
 */
function expectTableChange(
  before: Record<string, unknown>[],
  after: Record<string, unknown>[],
  runId: string,
  inFailedPart: (f: Finding) => boolean,
  kept: { takenAt: string; unread: (r: ResourceRecord) => boolean },
): void {
  const old = new Map(before.map((item) => [itemKey(item), item]));
  const now = new Set(after.map(itemKey));
  expect(before.filter((item) => !now.has(itemKey(item))).map(itemKey)).toEqual([]);

  const changed = after.filter((item) => old.has(itemKey(item)) && !sameItem(item, old.get(itemKey(item))));
  const change = (item: Record<string, unknown>) => {
    if (item.kind === "resource") {
      // A record kept from the clean run notes when it was read, and nothing else of it changes.
      const [was, is] = [old.get(itemKey(item))!.resource as ResourceRecord, item.resource as ResourceRecord];
      const { observedAt, ...rest } = is;
      if (sameValue(rest, was) && observedAt === kept.takenAt) return `resource ${resourceKey(is)} kept`;
      // A record whose per-resource reads were carried over from the clean run notes when they were read, and nothing else of it changes.
      return carriedFrom(was, is, kept.takenAt) ? `resource ${resourceKey(is)} carried` : `resource ${itemKey(item)} changed`;
    }
    if (item.kind !== "finding") return `${String(item.kind)} ${itemKey(item)} changed`;
    const [was, is] = [findingOf(old.get(itemKey(item))!), findingOf(item)];
    // Judged afresh from values carried over from the clean run, which the evidence now dates.
    if (newlyDated(was, is) && is.lifecycle?.stale === undefined) return `finding ${is.id} ${was.status}/${was.severity} judged from carried reads`;
    return `finding ${is.id} ${was.status}/${was.severity} -> ${is.status}/${is.severity} stale=${is.lifecycle?.stale !== undefined}`;
  };
  const newlyDatedIds = new Set(changed.filter((item) => item.kind === "finding" && newlyDated(findingOf(old.get(itemKey(item))!), findingOf(item)) && findingOf(item).lifecycle?.stale === undefined).map((item) => findingOf(item).id));
  const expectedFinding = (f: Finding) =>
    newlyDatedIds.has(f.id) ? `finding ${f.id} ${f.status}/${f.severity} judged from carried reads` : `finding ${f.id} ${f.status}/${f.severity} -> ${f.status}/${f.severity} stale=${inFailedPart(f)}`;
  const rewritten = changed.filter((item) => item.kind === "finding").map(findingOf);
  const keptRecords = before.filter((item) => item.kind === "resource" && kept.unread(item.resource as ResourceRecord)).map((item) => `resource ${resourceKey(item.resource as ResourceRecord)} kept`);
  const carriedRecords = changed
    .filter((item) => item.kind === "resource" && (item.resource as ResourceRecord).reads !== undefined && !kept.unread(item.resource as ResourceRecord))
    .map((item) => `resource ${resourceKey(item.resource as ResourceRecord)} carried`);
  expect(changed.map(change).sort()).toEqual([...rewritten.map(expectedFinding), ...keptRecords, ...carriedRecords].sort());

  const added = after.filter((item) => !old.has(itemKey(item)));
  const addition = (item: Record<string, unknown>) =>
    item.kind === "run" || item.kind === "claim"
      ? `${item.kind} ${String(item.kind === "run" ? (item.run as RunSummary).id : item.runId)}`
      : item.kind === "history"
        ? `history ${(item.entry as FindingHistoryEntry).findingId} ${(item.entry as FindingHistoryEntry).runId}`
        : `${String(item.kind)} ${itemKey(item)}`;
  expect(added.map(addition).sort()).toEqual([`run ${runId}`, `claim ${runId}`, ...rewritten.map((f) => `history ${f.id} ${runId}`)].sort());

  // One finding per (rule, resource): none stored twice under two ids.
  const findings = after.filter((item) => item.kind === "finding").map(findingOf);
  expect(new Set(findings.map((f) => `${f.ruleId} ${resourceKey(f.resource)}`)).size).toBe(findings.length);
}

/** Collects the account with these faults, as the CLI's `collect` would, reading only with `only`. */
export function collectWithFaults(bench: Bench, faults: Fault[], only: RunnableCollector[] = allCollectors): Promise<Snapshot> {
  const endpoint = withFaults(syntheticEndpoint(bench.account, { latencyMs: 0, throttling: false }), faults);
  return collectAccount({ accountId: bench.account.accountId, regions: bench.regions, collectors: withRetries(only, MAX_ATTEMPTS), plugins: [endpoint.plugin], credentials: testCredentials, now: testClock });
}

/** Puts the table back as the clean audit left it: deletes what was added, rewrites what changed. */
async function restoreTable(bench: Bench, items?: Record<string, unknown>[]): Promise<void> {
  const now = new Map((items ?? (await bench.dynamo.items(bench.table))).map((item) => [itemKey(item), item]));
  const clean = new Set(bench.clean.items.map(itemKey));
  const requests: WriteRequest[] = [
    ...[...now.values()].filter((item) => !clean.has(itemKey(item))).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
    ...bench.clean.items.filter((item) => !sameItem(item, now.get(itemKey(item)))).map((item) => ({ PutRequest: { Item: item } })),
  ];
  await batchWrite(DynamoDBDocumentClient.from(bench.client), bench.table, requests);
}

/**
 * The fault case through the CLI: the snapshot collected with the fault (by
 * the job's collectAccount), written to a file and audited against a state
 * directory holding the clean audit, exits 3 and reports the error, no
 * drift, nothing resolved, and the failed part's findings as they were.
 */
export async function expectCliKeepsFailedPart(bench: Bench, c: FaultCase, snapshot: Snapshot): Promise<void> {
  expect(snapshot.errors.length).toBeGreaterThan(0);
  const stateDir = await mkdtemp(join(tmpdir(), "driftwarden-faults-"));
  try {
    await cp(bench.cli.stateDir, stateDir, { recursive: true });
    const { code, report, stderr } = await auditWithCli(stateDir, snapshot);
    expect({ code, stderr }).toEqual({ code: 3, stderr: "" });
    expect(report.run.status).toBe("partial");
    expect(report.errors).toEqual(namedErrors(c, bench.regions).map((e) => expect.objectContaining(e)));
    expect(report.drift).toEqual({ added: [], removed: [], modified: [] });
    expect((report.transitions ?? []).filter((t) => t.kind === "RESOLVED")).toEqual([]);

    const atRisk = failingNotRead(bench.cli.open, snapshot);
    expect(atRisk.length).toBeGreaterThan(0);
    const reported = new Map(report.findings.map((f) => [f.id, f]));
    expect(atRisk.filter((f) => reported.get(f.id)?.lifecycle?.stale === undefined).map((f) => f.id)).toEqual([]);
    // Every finding of the clean audit is reported, with its status and severity.
    expect(statuses(report.findings)).toEqual(statuses(bench.cli.report.findings));

    const store = new FileFindingsStore({ directory: stateDir, now: testClock });
    const [open, runs] = await Promise.all([store.openFindings(bench.account.accountId), store.listRuns(bench.account.accountId)]);
    expect(statuses(open)).toEqual(statuses(bench.cli.open));
    expect(runs.map((r) => r.id)).toEqual([report.run.id, bench.cli.report.run.id]);
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Failing findings of the clean audit of a collector's types in `region`. */
export function cleanFailures(bench: Bench, collector: CollectorSpec, region: string): Finding[] {
  return bench.clean.open.filter((f) => f.resource.region === region && collector.resourceTypes.includes(f.resource.type) && f.status === "FAIL");
}
