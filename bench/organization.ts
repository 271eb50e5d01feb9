/**
 * An organization audited as the CLI's `audit --org` audits it: accounts
 * discovered with Organizations, each account's member role assumed, the
 * accounts fanned out by auditOrganization (at most maxAccounts at once),
 * each audited and recorded in a file store, one report joining them. All of
 * it against a synthetic organization on one in-process endpoint (each
 * account its own token buckets). Night 1 is the first audit; night 2, after
 * a night's changes in every account, the steady state.
 *
 * The minimum a run can take: discovery (GetCallerIdentity, then the
 * ListAccounts pages, one after another), then the accounts, no faster than
 * the slowest one alone, nor than their summed minimums spread over
 * maxAccounts at once. An account's minimum is its AssumeRole and then its
 * call plan's (test/support/synthetic/call-plan.ts).
 */
import { loadavg } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { AccountAssignment } from "../src/cli/organization-workers.js";
import { auditOnWorkers } from "../src/cli/organization-workers.js";
import type { MemberRole } from "../src/collect/member-credentials.js";
import type { Snapshot } from "../src/types/resource.js";
import type { EndpointCall } from "../test/support/synthetic/fake-endpoint.js";
import { allCollectors } from "../src/collect/index.js";
import type { Collector } from "../src/collect/collector.js";
import type { DriftwardenConfig } from "../src/config/config.js";
import { defaultConfig } from "../src/config/config.js";
import type { AuditReport } from "../src/publish/report/audit-report.js";
import type { AccountReport } from "../src/publish/report/organization-report.js";
import { organizationReport, reportedSkips } from "../src/publish/report/organization-report.js";
import { FileFindingsStore } from "../src/publish/store/file-store.js";
import { runAudit } from "../src/run-audit.js";
import { auditOrganization } from "../src/run-organization.js";
import type { AccountTarget, RunPlan } from "../src/run-plan.js";
import { accountTarget, collectPlanned, planRun } from "../src/run-plan.js";
import { allRules } from "../rules/index.js";
import { callPlan, timeBounds } from "../test/support/synthetic/call-plan.js";
import type { ThrottlingModel } from "../test/support/synthetic/fake-endpoint.js";
import type { SyntheticOrganization, SyntheticOrganizationEndpoint } from "../test/support/synthetic/organization.js";
import { activeMembers, driftMembers, syntheticOrganization, syntheticOrganizationEndpoint } from "../test/support/synthetic/organization.js";
import { PAGE_LIMITS } from "../test/support/synthetic/api-limits.js";
import type { NightlyCost } from "./organization-cost.js";
import { nightlyCost } from "./organization-cost.js";
import type { Measured } from "./worker.js";
import type { SdkCallCost } from "./sdk-floor.js";

export interface OrganizationJob {
  kind: "organization";
  /** ACTIVE accounts audited, the management account among them. */
  accounts: number;
  regions: number;
  seed: number;
  latencyMs: number;
  maxAccounts: number;
  night: 1 | 2;
  /** The state directory both nights record in. */
  directory: string;
  /** Worker threads the accounts are spread over, as `audit --org --workers` spreads them (absent: none). */
  workers?: number;
}

export interface OrganizationNightBench {
  night: 1 | 2;
  accounts: { listed: number; audited: number; unreadable: number; skipped: number };
  regions: number;
  latencyMs: number;
  maxAccounts: number;
  /** Worker threads (absent from results of earlier versions: none). */
  workers?: number;
  status: AuditReport["run"]["status"];
  wallMs: number;
  /** CPU the process spent: one thread runs the SDK, the audits and the endpoint; the garbage collector's helpers add theirs. */
  cpuMs: number;
  calls: {
    total: number;
    /** Calls to the accounts' own services (not STS, not Organizations), per audited account that could be read. */
    perAccount: number;
    /** GetCallerIdentity and ListAccounts. */
    discovery: number;
    assumeRole: number;
    throttled: number;
    /** Attempts after the first of a request (the SDK's amz-sdk-request attempt above 1). */
    retries: number;
    failed: number;
    /** SDK clients the calls came from, at least: one per account, service and region that answered (absent from results of earlier versions). */
    clients?: number;
  };
  minimum: OrganizationMinimum;
  /** Wall time ÷ the minimum. */
  ratio: number;
  /** One account's unit of work, from asking for its credentials to its run recorded. */
  accountDurations: { meanMs: number; maxMs: number; sumMs: number };
  findings: { total: number; failed: number };
  drift?: { added: number; removed: number; modified: number };
  transitions?: { new: number; resolved: number };
  collectionErrors: number;
  cost: NightlyCost;
  /** The machine's 1-minute load average before and after: above its core count, other work shared the CPU. */
  load: { before: number; after: number };
}

export interface OrganizationMinimum {
  /** GetCallerIdentity and the ListAccounts pages, one after another. */
  discoveryMs: number;
  slowestAccountMs: number;
  sumOfAccountsMs: number;
  /** max(slowest account, sum of accounts ÷ maxAccounts). */
  fanOutMs: number;
  minimumMs: number;
}

/** What the organization case records in the results file. */
export interface OrganizationBench {
  /** Night 1 (first audit) and night 2 (steady state), at the CLI's default max accounts. */
  nights: Measured<OrganizationNightBench>[];
  /** The SDK's own CPU per call, measured alone (absent from results of earlier versions). */
  sdkCallCost?: SdkCallCost;
  /** Night 2 at each --org-sweep max accounts. */
  sweep: Measured<OrganizationNightBench>[];
}

/** Benchmarks time the work, not the date: each night is stamped from a fixed day. */
export const NIGHTS: Record<1 | 2, Date> = { 1: new Date("2026-11-01T02:00:00.000Z"), 2: new Date("2026-11-02T02:00:00.000Z") };

export interface SyntheticOrganizationAudit {
  organization: SyntheticOrganization;
  endpoint: SyntheticOrganizationEndpoint;
  maxAccounts: number;
  /** The state directory: one file store for every account, as the CLI's. */
  directory: string;
  /** When the run happens, for every clock of it. */
  at: Date;
  config?: DriftwardenConfig;
  collectors?: Collector<any>[];
  /** Spreads the accounts over this many worker threads (organization-workers.ts), each with its own copy of the organization and endpoint, made from the job. */
  workers?: { count: number; job: OrganizationJob };
}

export interface OrganizationAuditResult {
  plan: RunPlan;
  reports: AccountReport[];
  report: AuditReport;
  /** By account id: from asking for its credentials to its run recorded. */
  durations: Map<string, number>;
  /** The calls the workers' endpoints answered (the main thread's own endpoint has the rest). */
  workerCalls: EndpointCall[];
}

/** The fan-out of `audit --org`, end to end, against the synthetic organization. */
export async function auditSyntheticOrganization(run: SyntheticOrganizationAudit): Promise<OrganizationAuditResult> {
  const now = () => run.at;
  const { organization, endpoint } = run;
  const config = run.config ?? defaultConfig(allRules);
  const connection = { credentials: async () => organization.callerCredentials, plugins: [endpoint.plugin] };
  const role = memberRole(organization);
  const plan = await planRun({ config, connection, regions: organization.regions, organization: { selection: { organization: true }, role, now } });
  const started = new Map<string, number>();
  const durations = new Map<string, number>();
  const store = new FileFindingsStore({ directory: run.directory, retentionDays: config.retentionDays, now });
  const planned = { ...config, rules: plan.rules };
  const audit = syntheticAccountAudit(store, planned, run.at);
  const inProcess = (accounts: AccountTarget[]) =>
    auditOrganization({
      plan: { ...plan, accounts: accounts.map((account) => withStartNoted(account, started)) },
      maxAccounts: run.maxAccounts,
      collectors: run.collectors ?? allCollectors,
      now,
      audit: async (account, snapshot) => {
        try {
          return await audit(account, snapshot);
        } finally {
          durations.set(account.accountId, performance.now() - started.get(account.accountId)!);
        }
      },
    });
  const workerCalls: EndpointCall[] = [];
  const reports = run.workers
    ? await auditOnWorkers(
        { flags: {} as never, plan, dryRun: false, role },
        {
          workers: run.workers.count,
          maxAccounts: run.maxAccounts,
          onReport: (account, report) => {
            // What the worker measured travels with the report, and is taken off it here.
            const { calls, durationMs } = (report as WorkerAccountReport).bench;
            delete (report as Partial<WorkerAccountReport>).bench;
            workerCalls.push(...calls);
            durations.set(account.accountId, durationMs);
          },
          inProcess,
          onFallback: (why) => {
            throw new Error(`the organization bench's worker failed: ${why}`);
          },
          start: (data) => new Worker(process.argv[1]!, { workerData: { [ORGANIZATION_WORKER]: { job: run.workers!.job, callerAccountId: data.plan.callerAccountId } } }),
        },
      )
    : await inProcess(plan.accounts);
  const report = organizationReport(reports, {
    runId: `${run.at.toISOString().slice(0, 10)}-organization`,
    callerAccountId: plan.callerAccountId,
    startedAt: run.at.toISOString(),
    finishedAt: run.at.toISOString(),
    skipped: reportedSkips(plan.skipped),
  });
  return { plan, reports, report, durations, workerCalls };
}

/** As the CLI records one account: under the account's lock, the report built before anything is written. Without attribution (a live run's LookupEvents in the drifted regions): the attribution case measures that. */
function syntheticAccountAudit(store: FileFindingsStore, config: DriftwardenConfig, at: Date): (account: AccountTarget, snapshot: Snapshot) => Promise<AccountReport> {
  return async (account, snapshot) => {
    const lock = await store.lock(snapshot.accountId);
    try {
      const outcome = await runAudit({
        snapshot,
        config,
        runId: `${at.toISOString().slice(0, 10)}-${account.accountId}`,
        startedAt: at,
        now: at,
        store,
        against: "previous",
        beforeRecord: async () => lock.assertHeld(),
      });
      return { accountId: account.accountId, ...(account.name && { name: account.name }), report: outcome.report };
    } finally {
      await lock.release();
    }
  };
}

/** The key of a bench worker thread's workerData: the job it rebuilds the organization from. */
const ORGANIZATION_WORKER = "driftwardenOrganizationBench";

type WorkerAccountReport = AccountReport & { bench: { calls: EndpointCall[]; durationMs: number } };

/**
 * In a worker thread of the organization case: the job's organization and endpoint made again (the same seed
 * makes the same accounts), and each account given audited as the main thread would, its report carrying the
 * calls the endpoint answered since the last and how long the account took. Returns false elsewhere.
 */
export async function serveIfOrganizationWorker(): Promise<boolean> {
  const given = isMainThread ? undefined : (workerData as Record<string, { job: OrganizationJob; callerAccountId: string }> | undefined)?.[ORGANIZATION_WORKER];
  if (!given) return false;
  const { job, callerAccountId } = given;
  const at = NIGHTS[job.night];
  const now = () => at;
  const organization = syntheticOrganization({ accounts: job.accounts, regions: job.regions, seed: job.seed });
  if (job.night === 2) driftMembers(organization);
  const endpoint = syntheticOrganizationEndpoint(organization, { latencyMs: job.latencyMs, now });
  const connection = { credentials: async () => organization.callerCredentials, plugins: [endpoint.plugin] };
  const config = defaultConfig(allRules);
  const plan = await planRun({ config, connection, regions: organization.regions, accountId: callerAccountId });
  const audit = syntheticAccountAudit(new FileFindingsStore({ directory: job.directory, retentionDays: config.retentionDays, now }), { ...config, rules: plan.rules }, at);
  const role = memberRole(organization);
  let answered = 0;
  parentPort!.on("message", async (assigned: AccountAssignment) => {
    const started = performance.now();
    const account = accountTarget(assigned, { role, now }, connection, callerAccountId);
    const snapshot = await collectPlanned(plan, account, { collectors: allCollectors, now });
    const report = await audit(account, snapshot);
    const calls = endpoint.calls.slice(answered);
    answered = endpoint.calls.length;
    parentPort!.postMessage({ accountId: account.accountId, report: { ...report, bench: { calls, durationMs: performance.now() - started } } satisfies WorkerAccountReport });
  });
  return true;
}

function memberRole(organization: SyntheticOrganization): MemberRole {
  return { roleName: organization.roleName, ...(organization.externalId && { externalId: organization.externalId }) };
}

/** The account's credentials, noting when they are first asked for: where its unit of work starts. */
function withStartNoted(account: AccountTarget, started: Map<string, number>): AccountTarget {
  const credentials = account.connection.credentials!;
  return {
    ...account,
    connection: {
      ...account.connection,
      credentials: (options) => {
        if (!started.has(account.accountId)) started.set(account.accountId, performance.now());
        return credentials(options);
      },
    },
  };
}

export async function benchOrganizationNight(job: OrganizationJob): Promise<OrganizationNightBench> {
  const organization = syntheticOrganization({ accounts: job.accounts, regions: job.regions, seed: job.seed });
  if (job.night === 2) driftMembers(organization);
  const endpoint = syntheticOrganizationEndpoint(organization, { latencyMs: job.latencyMs, now: () => NIGHTS[job.night] });

  const loadBefore = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const workers = job.workers && job.workers > 1 ? { count: job.workers, job } : undefined;
  const result = await auditSyntheticOrganization({ organization, endpoint, maxAccounts: job.maxAccounts, directory: job.directory, at: NIGHTS[job.night], ...(workers && { workers }) });
  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);

  const calls = [...endpoint.calls, ...result.workerCalls];
  const accountRuns = result.report.accounts ?? [];
  const readable = accountRuns.filter((a) => a.status !== "unreadable");
  const ownServices = calls.filter((c) => c.service !== "STS" && c.service !== "Organizations");
  const minimum = organizationMinimum(organization, result.plan, new Set(readable.map((a) => a.accountId)), { latencyMs: job.latencyMs, throttling: endpoint.throttling, maxAccounts: job.maxAccounts });
  const durations = [...result.durations.values()];
  const transitions = result.report.transitions;
  return {
    night: job.night,
    accounts: { listed: organization.members.length, audited: accountRuns.length, unreadable: accountRuns.length - readable.length, skipped: result.report.skippedAccounts?.length ?? 0 },
    regions: organization.regions.length,
    latencyMs: job.latencyMs,
    maxAccounts: job.maxAccounts,
    ...(workers && { workers: workers.count }),
    status: result.report.run.status,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    calls: {
      total: calls.length,
      perAccount: round1(ownServices.length / Math.max(1, readable.length)),
      discovery: calls.filter((c) => c.operation === "GetCallerIdentity" || c.operation === "ListAccounts").length,
      assumeRole: calls.filter((c) => c.operation === "AssumeRole").length,
      throttled: calls.filter((c) => c.outcome === "throttled").length,
      retries: calls.filter((c) => c.attempt > 1).length,
      failed: calls.filter((c) => c.outcome === "error").length,
      clients: new Set(calls.map((c) => `${c.accountId}/${c.service}/${c.region}`)).size,
    },
    minimum,
    ratio: round2(wallMs / minimum.minimumMs),
    accountDurations: { meanMs: Math.round(sum(durations) / Math.max(1, durations.length)), maxMs: Math.round(Math.max(0, ...durations)), sumMs: Math.round(sum(durations)) },
    findings: { total: result.report.findings.length, failed: result.report.findings.filter((f) => f.status === "FAIL").length },
    ...(result.report.drift && { drift: { added: result.report.drift.added.length, removed: result.report.drift.removed.length, modified: result.report.drift.modified.length } }),
    ...(transitions && { transitions: { new: transitions.filter((t) => t.kind === "NEW").length, resolved: transitions.filter((t) => t.kind === "RESOLVED").length } }),
    collectionErrors: result.report.errors.length,
    load: { before: round2(loadBefore), after: round2(loadavg()[0]!) },
    cost: nightlyCost({ accounts: accountRuns.length, accountDurationsMs: durations, cpuMs: (cpu.user + cpu.system) / 1000, minimum, maxAccounts: job.maxAccounts }),
  };
}

/** See the file's comment. */
export function organizationMinimum(
  organization: SyntheticOrganization,
  plan: RunPlan,
  readable: Set<string>,
  { latencyMs, throttling, maxAccounts }: { latencyMs: number; throttling: ThrottlingModel | false; maxAccounts: number },
): OrganizationMinimum {
  const members = new Map(activeMembers(organization).map((m) => [m.id, m]));
  const collectors = allCollectors.map((c) => c.service);
  const listPages = Math.max(1, Math.ceil(organization.members.length / PAGE_LIMITS.Organizations!.ListAccounts!.max));
  const discoveryMs = (1 + listPages) * latencyMs;
  const accountMs = plan.accounts.map((target) => {
    const assume = target.role ? latencyMs : 0;
    // An account whose role is refused costs its one AssumeRole.
    if (!readable.has(target.accountId)) return assume;
    return assume + timeBounds(callPlan(members.get(target.accountId)!.account, collectors), latencyMs, throttling).lowerBoundMs;
  });
  const slowestAccountMs = Math.max(0, ...accountMs);
  const sumOfAccountsMs = sum(accountMs);
  const fanOutMs = Math.max(slowestAccountMs, sumOfAccountsMs / maxAccounts);
  return { discoveryMs, slowestAccountMs, sumOfAccountsMs, fanOutMs: Math.round(fanOutMs), minimumMs: Math.round(discoveryMs + fanOutMs) };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
