/**
 * `audit --org` (or --accounts, --ou, or the config's `organization`): every
 * selected account audited as its own unit of work, with its own assumed
 * credentials, throttles, lock and state, a bounded number at once, and one
 * report joining them. An account that cannot be entered is a named error
 * (the run is partial), never left out.
 */
import { randomUUID } from "node:crypto";
import { allCollectors } from "../collect/index.js";
import type { MemberRole } from "../collect/member-credentials.js";
import type { AccountSelection } from "../collect/organizations.js";
import type { DriftwardenConfig } from "../config/config.js";
import type { OrganizationOptions } from "../organization-request.js";
import { organizationSelection } from "../organization-request.js";
import { organizationReport, reportedSkips } from "../publish/report/organization-report.js";
import { auditOrganization } from "../run-organization.js";
import { systemClock } from "../types/clock.js";
import type { AuditRunFlags, AuditRunOptions, CliAuditOutcome } from "./audit-run.js";
import type { EventLookup } from "../attribute/lookup.js";
import { carryOverOf, recordedAudit } from "./audit-run.js";
import { livePlan } from "./account-snapshot.js";
import { accountProgress } from "./progress.js";
import { checkStateDirectoryReadable, prepareStateDirectory } from "./directories.js";
import { requestedScope } from "./shared-options.js";
import { UsageError } from "./usage-error.js";
import { auditOnWorkers, workerCount } from "./organization-workers.js";
import type { AccountReport } from "../publish/report/organization-report.js";
import type { AccountTarget, RunPlan } from "../run-plan.js";

export interface OrganizationFlags extends OrganizationOptions {
  maxAccounts?: number;
  workers?: number;
}

export { DEFAULT_MEMBER_ROLE } from "../organization-request.js";

/**
 * Accounts audited at once when neither --max-accounts nor the config say.
 * Each account has its own throttles, so what bounds the fan-out is the
 * process's CPU (the SDK's per-request work): at 500 accounts and 50 ms
 * latency (npm run bench, the organization case) 2 at once took 116 s, 5 took
 * 90 s, 10 took 81 s with the CPU busy throughout, 20 and 40 little less
 * (80 s, 75 s) for more memory and each account's unit of work 2-4 times
 * longer. Over slower links each account waits longer, so more must be in
 * flight to keep the CPU busy: 10 leaves that margin, 5 lacks it even at 50 ms.
 */
export const DEFAULT_MAX_ACCOUNTS = 10;

export interface OrganizationRequest {
  selection: AccountSelection;
  role: MemberRole;
  maxAccounts: number;
  /** Worker threads the accounts are spread over, when asked for (organization-workers.ts). */
  workers?: number;
}

/** The organization run the flags and config ask for (flags over config keys); undefined for a run of the caller's account. */
export function organizationRequest(flags: OrganizationFlags, config: DriftwardenConfig): OrganizationRequest | undefined {
  const selected = organizationSelection(flags, config);
  if (!selected) {
    const stray = (["excludeAccounts", "roleName", "externalId", "maxAccounts", "workers"] as const).find((key) => flags[key] !== undefined);
    if (stray) throw new UsageError(`--${kebab(stray)} goes with an organization run: add --org, --ou or --accounts`);
    return undefined;
  }
  const workers = flags.workers ?? config.organization?.workers;
  return { ...selected, maxAccounts: flags.maxAccounts ?? config.organization?.maxAccounts ?? DEFAULT_MAX_ACCOUNTS, ...(workers !== undefined && { workers }) };
}

export async function auditOrganizationFromFlags(flags: AuditRunFlags, config: DriftwardenConfig, request: OrganizationRequest, startedAt: Date, options: AuditRunOptions): Promise<CliAuditOutcome> {
  if (flags.snapshot) throw new UsageError("--snapshot holds one account: audit it without --org, --ou and --accounts");
  if (flags.events) throw new UsageError("--events goes with a saved snapshot of one account; an organization run reads each account's CloudTrail itself");
  const dryRun = Boolean(options.dryRun);
  const plan = await livePlan(flags, config, {
    ...requestedScope(flags),
    organization: { selection: request.selection, role: request.role, now: systemClock },
    beforeAccount: async () => {
      await options.beforeCollect?.();
      if (flags.state) await (dryRun ? checkStateDirectoryReadable(flags.stateDir) : prepareStateDirectory(flags.stateDir));
    },
  });
  const planned = { ...config, rules: plan.rules };
  // The bar would redraw over --debug's lines.
  const progress = flags.debug ? { stop() {} } : accountProgress(plan.accounts.length);
  const done = (account: AccountTarget, report: AccountReport) => progress.onAccount?.(account, report.report.run.status === "complete");
  const run: AccountRunContext = { flags, config: planned, plan, dryRun };
  const workers = workerCount(request);
  const reports = await (workers > 1
    ? auditOnWorkers(
        { flags, plan, dryRun, role: request.role },
        {
          workers,
          maxAccounts: request.maxAccounts,
          onReport: done,
          inProcess: (accounts) => auditInProcess(run, accounts, request.maxAccounts, done),
          onFallback: (why) => process.stderr.write(`driftwarden: ${why}\n`),
        },
      )
    : auditInProcess(run, plan.accounts, request.maxAccounts, done)
  ).finally(() => progress.stop());
  const report = organizationReport(reports, {
    runId: randomUUID(),
    callerAccountId: plan.callerAccountId,
    startedAt: startedAt.toISOString(),
    finishedAt: systemClock().toISOString(),
    skipped: reportedSkips(plan.skipped),
  });
  const notRecorded = reports.filter((r) => r.notRecorded).map((r) => `account ${r.accountId}: ${r.notRecorded}`);
  return { report, config: planned, ...(notRecorded.length > 0 && { notRecorded: notRecorded.join("; ") }) };
}

/** What one account's unit of work needs of the run, in this thread or a worker's (account-worker.ts). */
export interface AccountRunContext {
  flags: AuditRunFlags;
  /** The config with the plan's rules. */
  config: DriftwardenConfig;
  plan: RunPlan;
  dryRun: boolean;
}

/** `accounts` audited in this thread, at most maxAccounts at once, each recorded in the state directory as it finishes. */
export function auditInProcess(run: AccountRunContext, accounts: AccountTarget[], maxAccounts: number, onReport?: (account: AccountTarget, report: AccountReport) => void): Promise<AccountReport[]> {
  const { flags, config, plan, dryRun } = run;
  // Each account's CloudTrail lookup, made by its carry-over, serves its attribution.
  const lookups = new Map<string, EventLookup>();
  return auditOrganization({
    plan: { ...plan, accounts },
    maxAccounts,
    collectors: allCollectors,
    now: systemClock,
    carryOver: (account) => {
      const carried = carryOverOf(flags, config, account, plan);
      if (carried?.lookupEvents) lookups.set(account.accountId, carried.lookupEvents);
      return carried?.carryOver;
    },
    audit: async (account, snapshot) => {
      const lookupEvents = lookups.get(account.accountId);
      const audited = await recordedAudit(snapshot, { flags, config, plan, account, startedAt: new Date(snapshot.takenAt), dryRun, ...(lookupEvents && { lookupEvents }) });
      const report: AccountReport = { accountId: account.accountId, ...(account.name && { name: account.name }), report: audited.report, ...(audited.notRecorded && { notRecorded: audited.notRecorded }) };
      onReport?.(account, report);
      return report;
    },
  });
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
