/**
 * One run plan for every shell (the CLI, the scheduled Lambda, the
 * organization's state machine, and the event path to come): which accounts with which
 * credentials, which regions, which rules, and from the rules' declared needs
 * which optional reads. Shells adapt their input (flags, payload) to a
 * PlanRequest and their output from the plan; the decisions are made here.
 */
import { resolveAccount } from "./collect/account.js";
import type { ConnectionOptions } from "./collect/client-config.js";
import type { RunnableCollector } from "./collect/collector.js";
import type { CollectOptions } from "./collect/run.js";
import { collectAccount } from "./collect/run.js";
import type { DriftwardenConfig } from "./config/config.js";
import { ConfigError, didYouMean } from "./config/errors.js";
import type { EnabledRule } from "./evaluate/evaluate.js";
import type { Clock } from "./types/clock.js";
import type { OptionalRead } from "./types/reads.js";
import type { ResourceType, Snapshot } from "./types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "./types/resource.js";
import type { MemberRole } from "./collect/member-credentials.js";
import { memberCredentials, unreadableAccountErrors } from "./collect/member-credentials.js";
import type { AccountSelection, SkippedAccount } from "./collect/organizations.js";

/** An account the run reads, with how to reach it. */
export interface AccountTarget {
  accountId: string;
  /** Its name in Organizations, when the run discovered it. */
  name?: string;
  connection: ConnectionOptions;
  /** The member role its credentials are assumed with; absent: the caller's own. */
  role?: MemberRole;
}

export interface RunPlan {
  /** The caller's account, or an organization run's accounts, each with its own credentials. */
  accounts: AccountTarget[];
  /** Accounts an organization run leaves out, and why (suspended, excluded). */
  skipped?: SkippedAccount[];
  /** The account whose credentials the run started with. */
  callerAccountId: string;
  regions: string[];
  /** The rules this run evaluates: the config's, narrowed to the ones asked for. */
  rules: EnabledRule[];
  /** Optional reads the config's rules need: a narrowed run reads what a full one does, so its snapshot has no gaps. */
  reads: OptionalRead[];
  /** The resource types a run of some services reads (--services); absent: every type. */
  resourceTypes?: ResourceType[];
}

export interface PlanRequest {
  config: DriftwardenConfig;
  /** Rule ids asked for (--rules, payload.rules), and how the input names them in errors. */
  rules?: { ids: string[]; where: string; hint?: string };
  /** Services asked for (--services), with the resource types they read. */
  services?: { names: string[]; resourceTypes: ResourceType[]; where: string };
  /** How to reach the account; its id when the shell knows it already. */
  connection: ConnectionOptions;
  accountId?: string;
  /** The region to fall back to when the config names none (the Lambda's own, or the credential chain's). */
  defaultRegion?: string;
  /** Regions fixed by the input, over the config's: those a saved snapshot holds. */
  regions?: string[];
  /** Runs once the request checks out and before the account is looked up: a shell prepares what it will write. */
  beforeAccount?: () => Promise<void>;
  /** An organization run: the accounts to select and the member role that reaches them. */
  organization?: { selection: AccountSelection; role: MemberRole; now: Clock };
}

/** A run that cannot be planned: a rule or region that does not fit, no region at all. */
export class PlanError extends ConfigError {
  override name = "PlanError";
}

export async function planRun(request: PlanRequest): Promise<RunPlan> {
  const { config } = request;
  const asked = request.rules ? narrowRules(config, request.rules) : config.rules;
  const rules = request.services ? rulesOfServices(asked, request.services, request.rules) : asked;
  await request.beforeAccount?.();
  const configured = request.regions ?? config.regions;
  const caller = request.accountId ? { accountId: request.accountId, defaultRegion: request.defaultRegion } : await resolveAccount(request.connection, configured?.[0] ?? request.defaultRegion);
  const fallback = request.defaultRegion ?? caller.defaultRegion;
  const regions = configured ?? (fallback ? [fallback] : undefined);
  if (!regions) throw new PlanError("no region to audit: set regions in the config, pass them with the run (--region, payload.regions), or set AWS_REGION");
  const selected = request.organization && (await organizationAccounts(request.organization, request.connection, caller.accountId));
  return {
    accounts: selected?.accounts ?? [{ accountId: caller.accountId, connection: request.connection }],
    ...(selected && { skipped: selected.skipped }),
    callerAccountId: caller.accountId,
    regions,
    rules,
    reads: config.reads,
    ...(request.services && { resourceTypes: request.services.resourceTypes }),
  };
}

/**
 * The selected accounts, each reached through its member role; the caller's
 * own account, when selected, with the caller's credentials (a management
 * account has no member role: service-managed StackSets do not deploy there).
 */
async function organizationAccounts(organization: NonNullable<PlanRequest["organization"]>, connection: ConnectionOptions, callerId: string): Promise<{ accounts: AccountTarget[]; skipped: SkippedAccount[] }> {
  // Loaded only by an organization run: a single-account run never starts the Organizations client.
  const { selectAccounts } = await import("./collect/organizations.js");
  const { accounts, skipped } = await selectAccounts(organization.selection, connection);
  if (accounts.length === 0) throw new PlanError(`no account to audit: ${skipped.length > 0 ? `all ${skipped.length} selected are skipped (${skipped.map((a) => `${a.id} ${a.reason}`).join(", ")})` : "the selection names none"}`);
  return { accounts: accounts.map(({ id, name }) => accountTarget({ accountId: id, ...(name && { name }) }, organization, connection, callerId)), skipped };
}

/** How a selected account is reached: through its member role, or with the caller's own credentials when it is the caller's. */
export function accountTarget(account: { accountId: string; name?: string }, { role, now }: { role: MemberRole; now: Clock }, connection: ConnectionOptions, callerId: string): AccountTarget {
  const { accountId, name } = account;
  return {
    accountId,
    ...(name && { name }),
    ...(accountId === callerId ? { connection } : { connection: { ...connection, credentials: memberCredentials(accountId, role, connection, now) }, role }),
  };
}

/**
 * The rules that judge a resource type of the services asked for. A rule of
 * several services (elb-cross-zone judges Classic and v2 load balancers) runs
 * on the types read; its findings on the others are kept as they were.
 */
function rulesOfServices(rules: EnabledRule[], services: NonNullable<PlanRequest["services"]>, asked: PlanRequest["rules"]): EnabledRule[] {
  const judges = (r: EnabledRule) => r.rule.resourceTypes.some((type) => services.resourceTypes.includes(type));
  const outside = asked ? rules.filter((r) => !judges(r)).map((r) => r.rule.id) : [];
  if (outside.length > 0) throw new PlanError(`${asked!.where}: ${outside.join(", ")} judge${outside.length > 1 ? "" : "s"} no resource of ${services.where} ${services.names.join(",")}`);
  const kept = rules.filter(judges);
  if (kept.length === 0) throw new PlanError(`${services.where} ${services.names.join(",")}: no enabled rule judges these services' resources`);
  return kept;
}

/**
 * The config's rules, narrowed to `ids`. Asking for a rule the config
 * disables is an error, in every shell: running it anyway would overrule the
 * config, and dropping it silently would hide that nothing checked it.
 */
export function narrowRules(config: DriftwardenConfig, asked: { ids: string[]; where: string; hint?: string }): EnabledRule[] {
  const known = [...config.rules.map((r) => r.rule.id), ...config.disabledRules];
  for (const id of asked.ids) {
    if (!known.includes(id)) throw new PlanError(`${asked.where}: unknown rule id "${id}"${didYouMean(id, known)}${asked.hint ?? ""}`);
  }
  const disabled = asked.ids.filter((id) => config.disabledRules.includes(id));
  if (disabled.length > 0) throw new PlanError(`${asked.where}: ${disabled.join(", ")} ${disabled.length > 1 ? "are" : "is"} disabled in ${config.source}`);
  return config.rules.filter((r) => asked.ids.includes(r.rule.id));
}

/** Collects one planned account into a snapshot; a failing part becomes a CollectionError. */
export async function collectPlanned(
  plan: RunPlan,
  account: AccountTarget,
  run: { collectors: RunnableCollector[]; now: Clock } & Pick<CollectOptions, "deadline" | "plugins" | "onProgress" | "carryOver">,
): Promise<Snapshot> {
  const types = plan.resourceTypes;
  if (account.role) {
    // Entered once before any collector: an account whose role cannot be assumed is one named error per region, not one per call.
    const denied = await account.connection.credentials!().then(
      () => undefined,
      (error: unknown) => unreadableAccountErrors(account.accountId, account.role!, plan.regions, error, types),
    );
    if (denied) return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId: account.accountId, takenAt: run.now().toISOString(), regions: [...plan.regions], resources: [], errors: denied };
  }
  return collectAccount({
    ...account.connection,
    accountId: account.accountId,
    regions: plan.regions,
    // A run of some services calls only their collectors.
    collectors: types ? run.collectors.filter((c) => c.resourceTypes.some((type) => types.includes(type))) : run.collectors,
    reads: plan.reads,
    now: run.now,
    ...(run.deadline !== undefined && { deadline: run.deadline }),
    ...(run.plugins && { plugins: [...(account.connection.plugins ?? []), ...run.plugins] }),
    ...(run.onProgress && { onProgress: run.onProgress }),
    ...(run.carryOver && { carryOver: run.carryOver }),
  });
}
