import { CredentialsError } from "../collect/account.js";
import type { CarryOver } from "../collect/carried-reads.js";
import type { ConnectionOptions } from "../collect/client-config.js";
import { allCollectors } from "../collect/index.js";
import type { DriftwardenConfig } from "../config/config.js";
import { didYouMean } from "../config/errors.js";
import { knownRegions } from "../config/regions.js";
import { resourceInScope } from "../diff/scope.js";
import { readSnapshot } from "../snapshot/snapshot-file.js";
import type { ResourceType, Snapshot } from "../types/resource.js";
import { GLOBAL_RESOURCE_TYPES } from "../types/resource.js";
import { debugPlugins } from "./debug.js";
import { assertProfileExists } from "./aws-profiles.js";
import { collectionProgress } from "./progress.js";
import type { ConnectionFlags } from "./shared-options.js";
import { requestedScope } from "./shared-options.js";
import type { PlanRequest, RunPlan } from "../run-plan.js";
import { collectPlanned, planRun } from "../run-plan.js";
import { UsageError } from "./usage-error.js";
import { systemClock } from "../types/clock.js";

export interface AccountSnapshotOptions {
  /**
   * Runs once the input checks out and before the account is read (after a
   * snapshot file is read): where a command prepares what it will write, so a
   * bad output path fails before a collection rather than after it.
   */
  beforeCollect?: () => Promise<void>;
  /** The previous run's reads a live collection may carry over (a run with state), asked for once the account is planned. */
  carryOver?: (plan: RunPlan) => CarryOver | undefined;
}

/** The run plan of a command and the snapshot it works on: a saved file (narrowed to --region, if given), or a live collection of the account. */
export async function accountSnapshot(flags: ConnectionFlags & { snapshot?: string }, config: DriftwardenConfig, options: AccountSnapshotOptions = {}): Promise<{ plan: RunPlan; snapshot: Snapshot }> {
  const asked = requestedScope(flags);
  if (flags.snapshot) {
    const saved = await readSnapshot(flags.snapshot);
    const snapshot = flags.region?.length && config.regions ? onlyRegions(saved, config.regions, flags.snapshot) : saved;
    const plan = await planRun({ config, ...asked, connection: {}, accountId: snapshot.accountId, regions: snapshot.regions, ...(options.beforeCollect && { beforeAccount: options.beforeCollect }) });
    return { plan, snapshot: plan.resourceTypes ? onlyResourceTypes(snapshot, plan.resourceTypes) : snapshot };
  }
  const plan = await livePlan(flags, config, { ...asked, ...(options.beforeCollect && { beforeAccount: options.beforeCollect }) });
  const carryOver = options.carryOver?.(plan);
  // The bar would redraw over --debug's lines.
  const progress = flags.debug ? { stop() {} } : collectionProgress();
  try {
    const snapshot = await collectPlanned(plan, plan.accounts[0]!, {
      collectors: allCollectors,
      now: systemClock,
      ...(progress.onProgress && { onProgress: progress.onProgress }),
      ...(carryOver && { carryOver }),
    });
    return { plan, snapshot };
  } finally {
    progress.stop();
  }
}

/** The plan of a live run: the connection the flags describe (profile, endpoint, --debug), checked before any request. */
export async function livePlan(flags: ConnectionFlags, config: DriftwardenConfig, request: Omit<PlanRequest, "config" | "connection">): Promise<RunPlan> {
  if (flags.profile) await assertProfileExists(flags.profile);
  // An emulator behind an endpoint URL may take any region name; AWS itself answers an unknown one with ENOTFOUND.
  const emulated = Boolean(flags.endpointUrl || process.env.AWS_ENDPOINT_URL);
  if (!emulated) await assertKnownRegions(config.regions ?? []);
  return planRun({ config, ...request, connection: liveConnection(flags) }).catch(async (error: unknown) => {
    // A region from AWS_REGION or the profile is only known here, when STS cannot be reached in it.
    if (error instanceof CredentialsError && error.region && !emulated) await assertKnownRegions([error.region]);
    throw error;
  });
}

/** How a live run of the flags reaches AWS: their profile, endpoint and --debug's request log. */
export function liveConnection(flags: ConnectionFlags): ConnectionOptions {
  const plugins = debugPlugins(flags);
  return { ...(flags.profile && { profile: flags.profile }), ...(flags.endpointUrl && { endpointUrl: flags.endpointUrl }), ...(plugins.length > 0 && { plugins }) };
}

async function assertKnownRegions(regions: string[]): Promise<void> {
  if (regions.length === 0) return;
  const known = await knownRegions();
  const unknown = regions.find((region) => !known.includes(region));
  if (unknown) throw new UsageError(`unknown region "${unknown}": AWS has no region of that name${didYouMean(unknown, known)}`);
}

/** The part of a saved snapshot a live run of some services (--services) would have read. */
function onlyResourceTypes(snapshot: Snapshot, types: ResourceType[]): Snapshot {
  return {
    ...snapshot,
    resources: snapshot.resources.filter((resource) => types.includes(resource.type)),
    errors: snapshot.errors.filter((e) => e.resourceTypes.some((type) => types.includes(type))),
  };
}

/** The part of a saved snapshot a live run of these regions would have read: theirs, and the global services'. */
function onlyRegions(snapshot: Snapshot, regions: string[], path: string): Snapshot {
  const missing = regions.filter((region) => !snapshot.regions.includes(region));
  if (missing.length > 0) {
    const held = snapshot.regions.length > 0 ? `it holds only ${snapshot.regions.join(", ")}` : "it holds no region";
    throw new UsageError(`--region ${missing.join(", ")}: not in snapshot ${path} (${held})`);
  }
  const scope = { regions, ruleIds: [] };
  return {
    ...snapshot,
    regions,
    resources: snapshot.resources.filter((resource) => resourceInScope(resource, scope)),
    errors: snapshot.errors.filter((e) => regions.includes(e.region) || e.resourceTypes.some((type) => GLOBAL_RESOURCE_TYPES.includes(type))),
  };
}
