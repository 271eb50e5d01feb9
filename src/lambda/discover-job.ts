/**
 * The organization run's first step: its run id, and the accounts the
 * config selects (discovered with Organizations, or named), each one a Map
 * item of the state machine; the accounts left out, with why, for the digest.
 */
import type { Pluggable } from "@smithy/types";
import type { Logger } from "@aws-lambda-powertools/logger";
import { createHash } from "node:crypto";
import * as z from "zod";
import type { ConnectionOptions } from "../collect/client-config.js";
import type { DriftwardenConfig } from "../config/config.js";
import { ConfigError } from "../config/errors.js";
import type { OrganizationSelection } from "../organization-request.js";
import { organizationSelection } from "../organization-request.js";
import { planRun } from "../run-plan.js";
import type { Clock } from "../types/clock.js";
import type { AuditEnvironment } from "./environment.js";
import { deployedConfig } from "./environment.js";
import { invalidPayload, isScheduledEvent, RUN_ID_PATTERN, scheduledRunId } from "./payload.js";

/** The Discover state's input: the execution's name ($$.Execution.Name) and its input. */
const discoverEventSchema = z.object({ execution: z.string().min(1), input: z.unknown() }).strict();
/** What an execution started on demand may ask for. */
const executionInputSchema = z.object({ runId: z.string().regex(RUN_ID_PATTERN, "letters, digits and . _ : - (at most 100)").optional() }).strict();

export interface DiscoverRequest {
  runId: string;
}

/**
 * The run id: the schedule tick's (EventBridge's redeliveries start executions
 * of one run), the one the input names, or the execution's name, which a
 * redriven execution keeps: its accounts already recorded stop at their run record.
 */
export function parseDiscoverEvent(event: unknown): DiscoverRequest {
  const parsed = discoverEventSchema.safeParse(event ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error, '{"execution": string, "input": the execution\'s input} (the state machine\'s Discover step)');
  const { execution, input } = parsed.data;
  if (isScheduledEvent(input)) return { runId: scheduledRunId(input) };
  const asked = executionInputSchema.safeParse(input ?? {});
  if (!asked.success) throw invalidPayload(asked.error, '{"runId"?: string} as the execution\'s input');
  return { runId: asked.data.runId ?? executionRunId(execution) };
}

/**
 * Step Functions allows execution names a run id cannot hold (up to 80
 * characters, some punctuation and non-ASCII letters): such a name gives the
 * same id every time, so a redrive still finds its run.
 */
function executionRunId(name: string): string {
  return RUN_ID_PATTERN.test(name) ? name : `execution-${createHash("sha256").update(name).digest("hex").slice(0, 32)}`;
}

export interface DiscoverResult {
  runId: string;
  accounts: { id: string; name?: string }[];
  skipped: { id: string; name?: string; reason: string }[];
}

export interface DiscoverJobDeps {
  logger: Pick<Logger, "info">;
  credentials?: ConnectionOptions["credentials"];
  plugins?: Pluggable<any, any>[];
  /** The caller's account id, when known: it is not looked up. */
  accountId?: string;
  defaultRegion?: string;
  now: Clock;
}

export async function runDiscoverJob(request: DiscoverRequest, env: AuditEnvironment, deps: DiscoverJobDeps): Promise<DiscoverResult> {
  const config = deployedConfig(env);
  const { selection, role } = deployedSelection(config);
  const plan = await planRun({
    config,
    connection: { ...(deps.credentials && { credentials: deps.credentials }), ...(deps.plugins && { plugins: deps.plugins }) },
    organization: { selection, role, now: deps.now },
    ...(deps.accountId && { accountId: deps.accountId }),
    ...(deps.defaultRegion && { defaultRegion: deps.defaultRegion }),
  });
  const accounts = plan.accounts.map(({ accountId, name }) => ({ id: accountId, ...(name && { name }) }));
  const skipped = (plan.skipped ?? []).map(({ id, name, reason }) => ({ id, ...(name && { name }), reason }));
  deps.logger.info("accounts discovered", { runId: request.runId, accounts: accounts.length, skipped: skipped.length });
  return { runId: request.runId, accounts, skipped };
}

/**
 * The accounts an organization deployment audits: as the config's
 * `organization` key selects them, or, when it names none, the whole organization.
 */
export function deployedSelection(config: DriftwardenConfig): OrganizationSelection {
  const selected = organizationSelection({}, config);
  if (selected) return selected;
  if (config.organization?.enabled === false) {
    throw new ConfigError(`${config.source}: organization.enabled is false and names no ous or accounts, but this deployment audits an organization (organization=true): set enabled, ous or accounts, or deploy with organization=false`);
  }
  return organizationSelection({ org: true }, config)!;
}
