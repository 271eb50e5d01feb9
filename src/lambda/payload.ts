import * as z from "zod";
import { ConfigError, issuePath } from "../config/errors.js";

/** What a run id may hold: it is part of the store's keys and of log lines. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const runId = z.string().regex(RUN_ID_PATTERN, "letters, digits and . _ : - (at most 100)");

/** An account of an organization run, as discovery lists it: its id and its name in Organizations. */
export const accountSchema = z
  .object({
    id: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
    name: z.string().min(1).optional(),
  })
  .strict();

/**
 * What an on-demand invocation may ask for; a scheduled EventBridge event asks for the defaults.
 * `account`: one account of an organization run (the state machine's Map item), reached through its member role;
 * `accountCount`: the run's number of accounts, which share the Map's results.
 */
export const auditPayloadSchema = z
  .object({
    regions: z.array(z.string()).min(1).optional(),
    rules: z.array(z.string()).min(1).optional(),
    notify: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    // Every per-resource read made, none carried over from the previous run.
    full: z.boolean().optional(),
    runId: runId.optional(),
    account: accountSchema.optional(),
    accountCount: z.number().int().min(1).optional(),
  })
  .strict();

export type AuditPayload = z.infer<typeof auditPayloadSchema>;

export interface AuditRequest extends AuditPayload {
  trigger: "schedule" | "on-demand";
}

/** An invocation payload that cannot be used: nothing is collected or written. */
export class PayloadError extends ConfigError {
  override name = "InvalidPayload";
}

export interface ScheduledEvent {
  source: "aws.events";
  "detail-type": string;
  id: string;
}

export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const e = event as Partial<ScheduledEvent> | null;
  return typeof e === "object" && e !== null && e.source === "aws.events" && typeof e.id === "string";
}

/**
 * A scheduled event runs under the event's id, so EventBridge's and Lambda's
 * redeliveries of one schedule tick are the same run and are recorded once.
 */
export function parseAuditEvent(event: unknown): AuditRequest {
  if (isScheduledEvent(event)) return { trigger: "schedule", runId: scheduledRunId(event) };
  const parsed = auditPayloadSchema.safeParse(event ?? {});
  if (parsed.success) return { trigger: "on-demand", ...parsed.data };
  throw invalidPayload(parsed.error, '{"regions"?: string[], "rules"?: string[], "notify"?: boolean, "dryRun"?: boolean, "full"?: boolean, "runId"?: string, "account"?: {"id": string, "name"?: string}, "accountCount"?: number}');
}

/** The run of one schedule tick: EventBridge's redeliveries of the tick share its event id. */
export function scheduledRunId(event: ScheduledEvent): string {
  return `scheduled-${event.id}`;
}

/** The first problem of a payload, where it is and what was expected, as every function of the service says it. */
export function invalidPayload(error: z.ZodError, expected: string): PayloadError {
  const issue = error.issues[0]!;
  const where = issuePath(issue.path);
  const detail = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
  return new PayloadError(`invalid payload${where ? ` at ${where}` : ""}: ${detail}. Expected ${expected}`);
}
