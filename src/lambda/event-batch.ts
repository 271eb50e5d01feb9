/**
 * The event path's SQS batch: each message one EventBridge envelope of an
 * "AWS API Call via CloudTrail" event (forwarded ones from member accounts
 * and other regions alike). A message that cannot be read is a failure of
 * its own, left to the queue's retries and dead-letter queue, never dropped.
 */
import type { SQSRecord } from "aws-lambda";
import type { CloudTrailEvent } from "../attribute/events.js";
import { EventsFileError, isWrite, writeEventsOf } from "../attribute/events.js";
import { isObject } from "../types/object.js";

export interface BatchEvent {
  messageId: string;
  /** Absent for a read-only or failed call: nothing changed, nothing to do. */
  event?: CloudTrailEvent;
  /** The account whose resource the call touched. */
  accountId?: string;
}

export interface ParsedBatch {
  events: BatchEvent[];
  /** Messages that are not an event driftwarden can read, with why. */
  unreadable: { messageId: string; reason: string }[];
}

export function parseBatch(records: readonly Pick<SQSRecord, "messageId" | "body">[]): ParsedBatch {
  const events: BatchEvent[] = [];
  const unreadable: ParsedBatch["unreadable"] = [];
  for (const { messageId, body } of records) {
    let envelope: unknown;
    try {
      envelope = JSON.parse(body);
    } catch {
      unreadable.push({ messageId, reason: "the message body is not JSON" });
      continue;
    }
    const detail = isObject(envelope) && isObject(envelope.detail) ? envelope.detail : envelope;
    if (!isObject(detail) || typeof detail.eventID !== "string" || typeof detail.eventName !== "string") {
      unreadable.push({ messageId, reason: "not a CloudTrail event (no detail.eventID and detail.eventName)" });
      continue;
    }
    let written: CloudTrailEvent[];
    try {
      written = writeEventsOf([detail], `message ${messageId}`);
    } catch (error) {
      if (!(error instanceof EventsFileError)) throw error;
      unreadable.push({ messageId, reason: error.message });
      continue;
    }
    const event = written[0];
    if (!event && isWrite({ readOnly: detail.readOnly === true || detail.readOnly === "true", ...(typeof detail.errorCode === "string" && { errorCode: detail.errorCode }) })) {
      unreadable.push({ messageId, reason: "a write event without a valid eventTime" });
      continue;
    }
    const envelopeAccount = isObject(envelope) && typeof envelope.account === "string" ? envelope.account : undefined;
    const accountId = event?.recipientAccountId ?? envelopeAccount ?? event?.userIdentity?.accountId;
    events.push({ messageId, ...(event && { event }), ...(accountId && { accountId }) });
  }
  return { events, unreadable };
}
