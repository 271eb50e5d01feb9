import { z } from "zod";
import { ConfigError, issuePath } from "../config/errors.js";

/** What an on-demand invocation may ask for; a scheduled EventBridge event asks for the defaults. */
export const auditPayloadSchema = z
  .object({
    regions: z.array(z.string()).min(1).optional(),
    rules: z.array(z.string()).min(1).optional(),
    notify: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "letters, digits and . _ : - (at most 100)").optional(),
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

interface ScheduledEvent {
  source: "aws.events";
  "detail-type": string;
  id: string;
}

function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const e = event as Partial<ScheduledEvent> | null;
  return typeof e === "object" && e !== null && e.source === "aws.events" && typeof e.id === "string";
}

/**
 * A scheduled event runs under the event's id, so EventBridge's and Lambda's
 * redeliveries of one schedule tick are the same run and are recorded once.
 */
export function parseAuditEvent(event: unknown): AuditRequest {
  if (isScheduledEvent(event)) return { trigger: "schedule", runId: `scheduled-${event.id}` };
  const parsed = auditPayloadSchema.safeParse(event ?? {});
  if (parsed.success) return { trigger: "on-demand", ...parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issuePath(issue.path);
  const detail = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
  throw new PayloadError(
    `invalid payload${where ? ` at ${where}` : ""}: ${detail}. Expected {"regions"?: string[], "rules"?: string[], "notify"?: boolean, "dryRun"?: boolean, "runId"?: string}`,
  );
}
