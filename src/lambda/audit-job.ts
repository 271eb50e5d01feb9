/**
 * One audit invocation: config → claim the run id → collect (until the
 * deadline) → audit, alert and record. The Lambda handler supplies the
 * clients; tests supply fakes. An invocation for one account of an
 * organization run (the state machine's Map item) does the same for that
 * account, through its member role, and returns the account's outcome.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Pluggable } from "@smithy/types";
import { cloudTrailLookup } from "../attribute/lookup.js";
import { carryOverFor } from "../carry-over.js";
import type { ConnectionOptions } from "../collect/client-config.js";
import type { RunnableCollector } from "../collect/collector.js";
import { collectAccount } from "../collect/run.js";
import type { DriftwardenConfig } from "../config/config.js";
import { validateRegions } from "../config/regions.js";
import { buildAlert } from "../publish/notify/alert-message.js";
import type { AccountOutcome } from "../publish/notify/organization-digest.js";
import type { Notifier } from "../publish/notify/sns-notifier.js";
import type { AuditReport, RunSummary } from "../publish/report/audit-report.js";
import type { FindingsStore } from "../publish/store/findings-store.js";
import { runAudit } from "../run-audit.js";
import { transitionCounts } from "../diff/transitions.js";
import { memberRole } from "../organization-request.js";
import type { AccountTarget, RunPlan } from "../run-plan.js";
import { collectPlanned, planRun } from "../run-plan.js";
import { accountOutcome, compactError, outcomeBudget, recordedOutcome, RunInProgressError } from "./account-result.js";
import type { AuditEnvironment } from "./environment.js";
import { deployedConfig } from "./environment.js";
import type { AuditRequest } from "./payload.js";
import { leaseEnd, leaseHolder } from "./run-lease.js";

export interface AuditJobDeps {
  /** Opens the findings store with the config's retention. */
  openStore: (config: DriftwardenConfig) => FindingsStore;
  notifier?: Notifier;
  collectors: RunnableCollector[];
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Epoch ms after which no AWS request starts (the invocation's end less the reserve). */
  deadline?: number;
  /** Default run id: the Lambda request id, which async retries of one invocation share. */
  requestId: string;
  /**
   * Tells this delivery's claim on the run from another's with the same
   * request id (Lambda can deliver one async event twice). The handler passes
   * a random id per invocation; without one the request id alone holds it.
   */
  deliveryId?: string;
  defaultRegion?: string;
  /** The caller's account id, when known: it is not looked up. */
  accountId?: string;
  /** Middleware for every AWS client of the run, STS's (member roles) included. */
  plugins?: Pluggable<any, any>[];
  credentials?: Parameters<typeof collectAccount>[0]["credentials"];
  /** Attempts per AWS request (the SDK's default otherwise): tests of faults that outlast the retries keep them short. */
  maxAttempts?: number;
  /** The run's clock: run times, and the store's judgement of what has expired. */
  now: () => Date;
}

export interface AuditJobResult {
  runId: string;
  accountId: string;
  regions: string[];
  /** "in-progress": another delivery holds the run, and this one collected nothing. */
  status: "complete" | "partial" | "in-progress";
  recorded: "recorded" | "already-recorded" | "in-progress" | "dry-run";
  counts: { byStatus: Record<string, number>; bySeverity: Record<string, number> };
  transitions: { new: number; regressed: number; resolved: number; persisting: number };
  errors: { service: string; region: string; operation: string; code: string; message: string }[];
  notification: { status: "sent"; messageId: string } | { status: "skipped"; reason: string } | { status: "failed"; error: string };
  durationMs: number;
}

/** What the audit function does with a request: one account of an organization run, or the caller's account. */
export function runAuditRequest(request: AuditRequest, env: AuditEnvironment, deps: AuditJobDeps): Promise<AuditJobResult | AccountOutcome> {
  return request.account ? runAccountAuditJob({ ...request, account: request.account }, env, deps) : runAuditJob(request, env, deps);
}

export async function runAuditJob(request: AuditRequest, env: AuditEnvironment, deps: AuditJobDeps): Promise<AuditJobResult> {
  return (await auditJob(request, env, deps)).result;
}

/**
 * One account of an organization run: audited and recorded under the run's
 * id (a repeated Map item is recorded once), with no alert of its own unless
 * asked for (the run's digest tells of every account). Returns the account's
 * outcome; a failure is rethrown short, for the Map's Catch.
 */
export async function runAccountAuditJob(request: AuditRequest & Required<Pick<AuditRequest, "account">>, env: AuditEnvironment, deps: AuditJobDeps): Promise<AccountOutcome> {
  const { account } = request;
  try {
    const { result, report, config } = await auditJob({ ...request, notify: request.notify ?? false }, env, deps);
    if (result.status === "in-progress") throw new RunInProgressError(`account ${account.id}: run ${result.runId} is in progress in another delivery`);
    return report ? accountOutcome(account, report, config.alerts.minSeverity, outcomeBudget(request.accountCount)) : recordedOutcome(account, { status: result.status, counts: result.counts });
  } catch (error) {
    if (error instanceof RunInProgressError) throw error;
    deps.logger.error("account audit failed", { runId: request.runId, accountId: account.id, error: error as Error });
    throw compactError(error);
  }
}

interface JobOutcome {
  result: AuditJobResult;
  /** The audit's report, when this delivery audited. */
  report?: AuditReport;
  config: DriftwardenConfig;
}

async function auditJob(request: AuditRequest, env: AuditEnvironment, deps: AuditJobDeps): Promise<JobOutcome> {
  const { now } = deps;
  const startedAt = now();
  const config = requestedConfig(request, env);
  const runId = request.runId ?? deps.requestId;
  const connection: ConnectionOptions = { ...(deps.credentials && { credentials: deps.credentials }), ...(deps.plugins && { plugins: deps.plugins }), ...(deps.maxAttempts && { maxAttempts: deps.maxAttempts }) };
  const plan = await planRun({
    config,
    ...(request.rules && { rules: { ids: request.rules, where: "invalid payload at rules" } }),
    connection,
    ...(deps.accountId && { accountId: deps.accountId }),
    ...(deps.defaultRegion && { defaultRegion: deps.defaultRegion }),
    // Named, the account is taken as given, not looked up in Organizations: the plan decides only how to reach it.
    ...(request.account && { organization: { selection: { accounts: [request.account.id] }, role: memberRole({}, config), now } }),
  });
  const [planned] = plan.accounts;
  const account: AccountTarget = { ...planned!, ...(request.account?.name && { name: request.account.name }) };
  const store = deps.openStore(config);
  const run: JobRun = { runId, plan, account, startedAt };
  const { accountId } = account;
  const outcome = (result: AuditJobResult, report?: AuditReport): JobOutcome => ({ result, ...(report && { report }), config });
  if (request.dryRun) return auditAndAlert(request, config, store, run, deps);

  // A redelivered schedule event or async retry of a recorded run stops here, before reading anything.
  const recordedBefore = await store.getRun(accountId, runId);
  if (recordedBefore) return outcome(stopRecorded(recordedBefore, run, deps));

  // Two deliveries of one run can both get this far; the claim lets one through, before anything is read.
  const holder = leaseHolder(deps.requestId, deps.deliveryId);
  const claim = await store.claimRun(accountId, runId, { holder, until: leaseEnd(startedAt, deps.deadline, env.reserveMs), now: now() });
  if (claim.status === "held") {
    deps.logger.info("run in progress in another delivery", { runId, accountId, holder: claim.holder, leaseUntil: claim.until.toISOString() });
    return outcome(inProgress(run, now().getTime() - startedAt.getTime()));
  }
  if (claim.previous) {
    // Taken over from an earlier holder, which may have recorded the run before letting go.
    const recordedMeanwhile = await store.getRun(accountId, runId);
    if (recordedMeanwhile) return outcome(stopRecorded(recordedMeanwhile, run, deps));
  }
  // Once recorded the claim stands until its lease ends: any later delivery stops at the run record before claiming.
  try {
    return await auditAndAlert(request, config, store, run, deps);
  } catch (error) {
    // Lambda retries a failed invocation as a new delivery: released, the retry need not wait out this lease.
    await store.releaseClaim(accountId, runId, { holder, now: now() }).catch((releaseError: unknown) => deps.logger.warn("run claim not released", { runId, accountId, error: releaseError as Error }));
    throw error;
  }
}

interface JobRun {
  runId: string;
  plan: RunPlan;
  account: AccountTarget;
  startedAt: Date;
}

/** Collect (until the deadline), audit, alert and record. */
async function auditAndAlert(request: AuditRequest, config: DriftwardenConfig, store: FindingsStore, { runId, plan, account, startedAt }: JobRun, deps: AuditJobDeps): Promise<JobOutcome> {
  const { now } = deps;
  const { accountId } = account;
  const { regions } = plan;
  const collectStart = now().getTime();
  // As the CLI's live run: who made each change, from CloudTrail, unless the config says `attribution: false`.
  const live = config.attribution ? cloudTrailLookup({ ...account.connection, now, ...(deps.deadline !== undefined && { deadline: deps.deadline }) }) : undefined;
  const carried = request.full ? undefined : carryOverFor({ store, accountId, regions, ...(live && { lookupEvents: live }), now: now(), maxAgeDays: config.carryOverDays });
  const carryOver = carried?.carryOver;
  // The carry-over's lookup serves attribution from the events it read.
  const lookupEvents = carried ? carried.lookupEvents : live;
  // The account's connection carries the run's plugins already.
  const snapshot = await collectPlanned(plan, account, { collectors: deps.collectors, now, ...(deps.deadline !== undefined && { deadline: deps.deadline }), ...(carryOver && { carryOver }) });
  deps.logger.info("collected", { runId, accountId, regions, resources: snapshot.resources.length, errors: snapshot.errors.length, durationMs: now().getTime() - collectStart });
  for (const e of snapshot.errors) deps.logger.warn("not collected", { runId, accountId, region: e.region, service: e.service, operation: e.operation, code: e.code, message: e.message });

  let notification: AuditJobResult["notification"] = { status: "skipped", reason: "dry run" };
  const { report, recorded } = await runAudit({
    snapshot,
    config: { ...config, rules: plan.rules },
    runId,
    startedAt,
    now: now(),
    store,
    dryRun: Boolean(request.dryRun),
    ...(lookupEvents && { lookupEvents }),
    // The alert goes out before the run is recorded: a crash in between repeats the alert rather than losing it.
    beforeRecord: async (built) => {
      notification = await notify(request, built, config, deps);
    },
  });
  const state = recorded?.status ?? "dry-run";
  deps.logger.info("audited", { runId, accountId, recorded: state, counts: report.run.counts, transitions: report.transitions?.length ?? 0 });

  const transitions = report.transitions ?? [];
  const result: AuditJobResult = {
    runId,
    accountId,
    regions,
    status: report.run.status,
    recorded: state,
    counts: report.run.counts,
    transitions: { ...transitionCounts(transitions), persisting: transitions.filter((t) => t.kind === "PERSISTING").length },
    errors: report.errors.map(({ service, region, operation, code, message }) => ({ service, region, operation, code, message })),
    notification,
    durationMs: now().getTime() - startedAt.getTime(),
  };
  return { result, report, config };
}

function stopRecorded(recorded: RunSummary, run: JobRun, deps: AuditJobDeps): AuditJobResult {
  deps.logger.info("run already recorded", { runId: run.runId, accountId: run.account.accountId });
  return alreadyRecorded(recorded, deps.now().getTime() - run.startedAt.getTime());
}

/** Another delivery holds the run: this one read nothing and sends nothing. */
function inProgress({ runId, account, plan }: JobRun, durationMs: number): AuditJobResult {
  const status = "in-progress";
  return stopped({ id: runId, accountId: account.accountId, regions: plan.regions, status, counts: { byStatus: {}, bySeverity: {} } }, status, "run in progress in another delivery", durationMs);
}

/** The summary of a run recorded by an earlier delivery of the same invocation. */
function alreadyRecorded(run: RunSummary, durationMs: number): AuditJobResult {
  return stopped(run, "already-recorded", "run already recorded", durationMs);
}

/** The result of a delivery that stopped before collecting: no transitions, no errors, no alert. */
function stopped(
  run: { id: string; accountId: string; regions: string[]; status: AuditJobResult["status"]; counts: AuditJobResult["counts"] },
  recorded: AuditJobResult["recorded"],
  reason: string,
  durationMs: number,
): AuditJobResult {
  return {
    runId: run.id,
    accountId: run.accountId,
    regions: run.regions,
    status: run.status,
    recorded,
    counts: run.counts,
    transitions: { new: 0, regressed: 0, resolved: 0, persisting: 0 },
    errors: [],
    notification: { status: "skipped", reason },
    durationMs,
  };
}

async function notify(request: AuditRequest, report: AuditReport, config: DriftwardenConfig, deps: AuditJobDeps): Promise<AuditJobResult["notification"]> {
  if (request.notify === false) return { status: "skipped", reason: "notify: false" };
  if (!deps.notifier) return { status: "skipped", reason: "no alert topic configured" };
  const alert = buildAlert(report, config.alerts.minSeverity);
  if (!alert) return { status: "skipped", reason: `no new, regressed or resolved findings at or above ${config.alerts.minSeverity}` };
  try {
    const messageId = await deps.notifier.send(alert);
    deps.logger.info("alert sent", { runId: report.run.id, messageId, subject: alert.subject });
    return { status: "sent", messageId };
  } catch (error) {
    // Reported, and the run recorded all the same: a topic that refuses (a missing permission, a deleted key) would otherwise keep every run unrecorded.
    deps.logger.error("alert not sent", { runId: report.run.id, error: error as Error });
    return { status: "failed", error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function requestedConfig(request: AuditRequest, env: AuditEnvironment): DriftwardenConfig {
  const config = deployedConfig(env);
  if (request.regions) config.regions = validateRegions(request.regions, "payload.regions");
  return config;
}
