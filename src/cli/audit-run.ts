import { randomUUID } from "node:crypto";
import type { CloudTrailEvent } from "../attribute/events.js";
import type { EventLookup } from "../attribute/lookup.js";
import { cloudTrailLookup } from "../attribute/lookup.js";
import type { RunCarryOver } from "../carry-over.js";
import { carryOverFor } from "../carry-over.js";
import type { AuditReport, RunSummary } from "../publish/report/audit-report.js";
import { TREND_RUNS } from "../publish/report/html.js";
import { FileFindingsStore } from "../publish/store/file-store.js";
import { systemClock } from "../types/clock.js";
import type { AuditOutcome } from "../run-audit.js";
import { runAudit } from "../run-audit.js";
import type { DriftwardenConfig } from "../config/config.js";
import { accountSnapshot } from "./account-snapshot.js";
import { checkStateDirectoryReadable, prepareStateDirectory } from "./directories.js";
import { readEventFiles } from "./events-file.js";
import type { ConnectionFlags } from "./shared-options.js";
import type { AccountTarget, RunPlan } from "../run-plan.js";
import type { Snapshot } from "../types/resource.js";
import type { OrganizationFlags } from "./organization-audit.js";
import { auditOrganizationFromFlags, organizationRequest } from "./organization-audit.js";
import { loadConfig } from "./shared-options.js";
import { UsageError } from "./usage-error.js";

export interface AuditRunFlags extends ConnectionFlags, OrganizationFlags {
  snapshot?: string;
  stateDir: string;
  state: boolean;
  against?: "previous" | "baseline";
  /** Seconds to wait for another run that holds the state directory. */
  lockWait?: number;
  /** CloudTrail log files that name who made each change (offline: with --snapshot only). */
  events?: string[];
  /** false (--no-attribution): a live run reads no CloudTrail events. */
  attribution?: boolean;
  /** --full: every per-resource read is made, none carried over from the previous run. */
  full?: boolean;
}

export interface AuditRunOptions {
  /** Evaluate and compare, record nothing. */
  dryRun?: boolean;
  /** Prepares the command's own outputs once the input checks out, before the account is read. */
  beforeCollect?: () => Promise<void>;
  /** The caller's account alone, whatever the config's `organization` key says. */
  callerOnly?: boolean;
}

export interface CliAuditOutcome extends AuditOutcome {
  config: DriftwardenConfig;
  /** Set when the report was built but the run could not be recorded: the report stands, the state directory holds the previous run. */
  notRecorded?: string;
  /** The account's recorded runs, newest first, for the HTML report's trend; absent without state. */
  history?: RunSummary[];
}

/** What `audit` and `export` share: config, snapshot (live or file), and the audit recorded in the state directory. */
export async function auditFromFlags(flags: AuditRunFlags, options: AuditRunOptions = {}): Promise<CliAuditOutcome> {
  const startedAt = systemClock();
  const config = await loadConfig(flags);
  const organization = options.callerOnly ? undefined : organizationRequest(flags, config);
  if (organization) return auditOrganizationFromFlags(flags, config, organization, startedAt, options);
  const dryRun = Boolean(options.dryRun);
  // Read before anything is prepared or collected: a bad file costs nothing and writes nothing.
  const events = flags.events ? await eventsFor(flags.events, flags) : undefined;
  let carried: RunCarryOver | undefined;
  const { plan, snapshot } = await accountSnapshot(flags, config, {
    beforeCollect: async () => {
      await options.beforeCollect?.();
      if (flags.state) await (dryRun ? checkStateDirectoryReadable(flags.stateDir) : prepareStateDirectory(flags.stateDir));
    },
    carryOver: (plan) => (carried = carryOverOf(flags, config, plan.accounts[0]!, plan))?.carryOver,
  });
  const planned = { ...config, rules: plan.rules };
  const lookupEvents = carried?.lookupEvents;
  const audited = await recordedAudit(snapshot, { flags, config: planned, plan, account: plan.accounts[0]!, startedAt, dryRun, ...(events && { events }), ...(lookupEvents && { lookupEvents }) });
  return { ...audited, config: planned };
}

export interface AccountAuditContext {
  flags: AuditRunFlags;
  /** The config with the plan's rules. */
  config: DriftwardenConfig;
  plan: RunPlan;
  account: AccountTarget;
  startedAt: Date;
  dryRun: boolean;
  events?: CloudTrailEvent[];
  /** The run's CloudTrail lookup when the carry-over made it (it serves attribution from the events it read); default: the live one. */
  lookupEvents?: EventLookup;
}

/** One account's audit of its snapshot, recorded in the state directory under the account's lock (unless a dry run or --no-state). */
export async function recordedAudit(snapshot: Snapshot, { flags, config, plan, account, startedAt, dryRun, events, lookupEvents = liveLookup(flags, config, account) }: AccountAuditContext): Promise<Omit<CliAuditOutcome, "config">> {
  const store = stateStore(flags, config);
  // A dry run writes nothing, so it takes no lock.
  const lock = store && !dryRun ? await store.lock(snapshot.accountId) : undefined;
  let built: AuditReport | undefined;
  try {
    const outcome = await runAudit({
      snapshot,
      config,
      runId: randomUUID(),
      startedAt,
      now: systemClock(),
      ...(store && { store }),
      against: flags.against ?? "previous",
      dryRun,
      ...(plan.resourceTypes && { resourceTypes: plan.resourceTypes }),
      ...(events && { events }),
      // A live run reads the events of the regions with drift itself, once there is a run to compare with.
      ...(lookupEvents && { lookupEvents }),
      beforeRecord: async (report) => {
        built = report;
        lock?.assertHeld();
      },
    });
    // Only the HTML trend chart reads it: a history that cannot be read leaves the chart out rather than failing the audit.
    const history = store ? await store.listRuns(snapshot.accountId, { limit: TREND_RUNS }).catch(() => undefined) : undefined;
    return { ...outcome, ...(history && { history }) };
  } catch (error) {
    // Only recording follows beforeRecord: the report is whole, the run is just not recorded.
    if (!built) throw error;
    const reason = String((error as Error).message ?? error).split("\n")[0];
    return { report: built, notRecorded: `the run was not recorded in ${flags.stateDir} (${reason}); the next audit compares with the last recorded run` };
  } finally {
    await lock?.release();
  }
}

function stateStore(flags: AuditRunFlags, config: DriftwardenConfig): FileFindingsStore | undefined {
  if (!flags.state) return undefined;
  return new FileFindingsStore({ directory: flags.stateDir, retentionDays: config.retentionDays, now: systemClock, ...(flags.lockWait !== undefined && { lockWaitMs: flags.lockWait * 1000 }) });
}

/** CloudTrail's LookupEvents, for a live run that names who made each change (and carries reads over). */
function liveLookup(flags: AuditRunFlags, config: DriftwardenConfig, account: AccountTarget): EventLookup | undefined {
  return !flags.snapshot && flags.attribution !== false && config.attribution ? cloudTrailLookup({ ...account.connection, now: systemClock }) : undefined;
}

/** What a live run with state may carry over from the account's previous run (none with --full, or `store.carryOverDays: 0`). */
export function carryOverOf(flags: AuditRunFlags, config: DriftwardenConfig, account: AccountTarget, plan: RunPlan): RunCarryOver | undefined {
  const store = stateStore(flags, config);
  if (!store || flags.full) return undefined;
  const lookupEvents = liveLookup(flags, config, account);
  return carryOverFor({ store, accountId: account.accountId, regions: plan.regions, ...(lookupEvents && { lookupEvents }), now: systemClock(), maxAgeDays: config.carryOverDays });
}

async function eventsFor(files: string[], flags: AuditRunFlags): Promise<CloudTrailEvent[]> {
  // A live run reads CloudTrail's LookupEvents itself; a file is matched only with the snapshot it goes with.
  if (!flags.snapshot) throw new UsageError("--events: a live run reads CloudTrail's events itself (--no-attribution turns that off); --events goes with a saved snapshot: --snapshot FILE --events FILE");
  if (!flags.state) throw new UsageError("--events names who made the changes since the previous run, and --no-state compares with none; drop one of them");
  return readEventFiles(files);
}
