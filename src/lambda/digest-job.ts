/**
 * The organization run's last step: every account's outcome from the Map,
 * the accounts discovery left out, joined into one digest message for the
 * whole organization, sent when something changed or an account was not audited.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import * as z from "zod";
import type { AccountOutcome, OrganizationOutcome } from "../publish/notify/organization-digest.js";
import { buildOrganizationDigest } from "../publish/notify/organization-digest.js";
import { truncate } from "../publish/notify/alert-message.js";
import type { Notifier } from "../publish/notify/sns-notifier.js";
import { SEVERITIES } from "../types/finding.js";
import type { AuditEnvironment } from "./environment.js";
import { deployedConfig } from "./environment.js";
import { accountSchema, invalidPayload, RUN_ID_PATTERN } from "./payload.js";

const severity = z.enum(SEVERITIES);
const count = z.number().int().min(0);

/** An account's outcome as the audit function returns it (AccountOutcome). */
const outcomeSchema = z.object({
  account: accountSchema,
  status: z.enum(["complete", "partial", "unreadable", "failed"]),
  failing: z.partialRecord(severity, count),
  changes: z.object({ new: count, regressed: count, resolved: count }).optional(),
  highest: severity.optional(),
  errors: count.optional(),
  reason: z.string().optional(),
  top: z.array(z.string()).optional(),
  repeated: z.literal(true).optional(),
});

/** An item whose audit failed after its retries, as the Map's Catch passes it on: the item and the error Step Functions caught. */
const caughtSchema = z.object({
  account: accountSchema,
  status: z.literal("failed"),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

const digestEventSchema = z
  .object({
    runId: z.string().regex(RUN_ID_PATTERN),
    // Each an outcome or a caught failure; anything else is a Map item that failed outside the audit (a failure the Map tolerated): named, never dropped.
    accounts: z.array(z.unknown()),
    skipped: z.array(z.object({ id: z.string(), name: z.string().optional(), reason: z.string() })),
  })
  .strict();

export function parseDigestEvent(event: unknown): OrganizationOutcome {
  const parsed = digestEventSchema.safeParse(event ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error, '{"runId": string, "accounts": [account outcome], "skipped": [{"id", "name"?, "reason"}]} (the state machine\'s Digest step)');
  const { runId, skipped } = parsed.data;
  const accounts: AccountOutcome[] = [];
  const lost: string[] = [];
  for (const item of parsed.data.accounts) {
    const caught = caughtSchema.safeParse(item);
    const outcome = outcomeSchema.safeParse(item);
    if (caught.success) accounts.push(caughtOutcome(caught.data));
    else if (outcome.success) accounts.push(outcome.data as AccountOutcome);
    else lost.push(truncate(JSON.stringify(item) ?? "null", 200));
  }
  return { runId, accounts, skipped, ...(lost.length > 0 && { lost }) };
}

/** The reason a caught failure gives: the error's name and the function's message (Lambda's Cause is its error as JSON). */
function caughtOutcome({ account, failure }: z.infer<typeof caughtSchema>): AccountOutcome {
  let message = failure.Cause ?? "";
  try {
    const cause = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof cause.errorMessage === "string") message = cause.errorMessage;
  } catch {
    // Not JSON: Step Functions' own errors (States.Timeout, …) carry plain text.
  }
  return { account, status: "failed", failing: {}, reason: truncate(`${failure.Error}${message ? `: ${message.split("\n")[0]}` : ""}`, 200) };
}

export interface DigestResult {
  runId: string;
  accounts: number;
  byStatus: Record<AccountOutcome["status"], number>;
  skipped: number;
  notification: { status: "sent"; messageId: string; subject: string } | { status: "skipped"; reason: string };
}

export interface DigestJobDeps {
  notifier?: Notifier;
  logger: Pick<Logger, "info">;
}

/** A failure to publish fails the step, so the execution shows it and a redrive sends the digest again. */
export async function runDigestJob(run: OrganizationOutcome, env: AuditEnvironment, deps: DigestJobDeps): Promise<DigestResult> {
  const { minSeverity } = deployedConfig(env).alerts;
  const byStatus = Object.fromEntries((["complete", "partial", "unreadable", "failed"] as const).map((s) => [s, run.accounts.filter((a) => a.status === s).length])) as DigestResult["byStatus"];
  const summary = { runId: run.runId, accounts: run.accounts.length, byStatus, skipped: run.skipped.length };
  const message = buildOrganizationDigest(run, minSeverity);
  if (!message) return { ...summary, notification: { status: "skipped", reason: `no new, regressed or resolved findings at or above ${minSeverity}, and every account audited` } };
  if (!deps.notifier) return { ...summary, notification: { status: "skipped", reason: "no alert topic configured" } };
  const messageId = await deps.notifier.send(message);
  deps.logger.info("digest sent", { runId: run.runId, messageId, subject: message.subject });
  return { ...summary, notification: { status: "sent", messageId, subject: message.subject } };
}
