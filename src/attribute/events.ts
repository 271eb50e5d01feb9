/** CloudTrail records as attribution reads them, from the files users have. */
import { isObject } from "../types/object.js";

/** One CloudTrail record: the fields attribution reads (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
export interface CloudTrailEvent {
  eventID: string;
  eventName: string;
  /** ec2.amazonaws.com, s3.amazonaws.com, … */
  eventSource: string;
  /** ISO 8601 in UTC, e.g. "2024-05-02T14:02:11Z". */
  eventTime: string;
  awsRegion: string;
  userIdentity?: UserIdentity;
  sourceIPAddress?: string;
  /** What the caller sent; EC2's newer actions nest it under "<Action>Request". Null for calls without parameters. */
  requestParameters?: Record<string, unknown> | null;
  /** What the service returned; null for most deletes and for failed calls. */
  responseElements?: Record<string, unknown> | null;
  readOnly?: boolean;
  /** Present on calls that failed (AccessDenied, InvalidGroup.NotFound, …): they changed nothing. */
  errorCode?: string;
  /** The account the resources belong to. */
  recipientAccountId?: string;
}

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html */
export interface UserIdentity {
  /** IAMUser, AssumedRole, Root, AWSService, FederatedUser, IdentityCenterUser, AWSAccount, Unknown. */
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  /** The service that made the call on the principal's behalf, or the service principal of an AWSService call. */
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: { type?: string; principalId?: string; arn?: string; accountId?: string; userName?: string };
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    sourceIdentity?: string;
  };
  /** For IdentityCenterUser (and identity-enhanced sessions): the IAM Identity Center user. */
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
}

/** An events file that cannot be read; the message is one line naming the file and the problem. */
export class EventsFileError extends Error {
  override name = "EventsFileError";
}

/**
 * The write events of a file in any of the shapes users have: a CloudTrail log
 * file (`{"Records": […]}`), `aws cloudtrail lookup-events` output
 * (`{"Events": [{"CloudTrailEvent": "<json>"}]}`), or a JSON array of records
 * (EventBridge's `{"detail": record}` envelopes are unwrapped too). Records
 * without eventID, eventName or eventTime are skipped; failed calls and
 * read-only calls are dropped, since they changed nothing.
 */
export function readEvents(text: string, source: string): CloudTrailEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EventsFileError(`${source}: not JSON (${(error as Error).message})`);
  }
  return writeEventsOf(recordsOf(parsed, source), source);
}

/**
 * The write events among records as a file or a LookupEvents page holds them
 * (records, `{"CloudTrailEvent": "<json>"}` envelopes, EventBridge envelopes);
 * throws an EventsFileError naming `source` when an envelope's record is not JSON.
 */
export function writeEventsOf(items: readonly unknown[], source: string): CloudTrailEvent[] {
  const events: CloudTrailEvent[] = [];
  items.forEach((item, index) => {
    const event = eventOf(unwrap(item, source, index));
    if (event && isWrite(event)) events.push(event);
  });
  return events;
}

/** A call that may have changed something: not read-only, and not failed. */
export function isWrite(event: Pick<CloudTrailEvent, "readOnly" | "errorCode">): boolean {
  return event.readOnly !== true && !event.errorCode;
}

function recordsOf(parsed: unknown, source: string): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (isObject(parsed)) {
    if (Array.isArray(parsed.Records)) return parsed.Records;
    if (Array.isArray(parsed.Events)) return parsed.Events;
  }
  throw new EventsFileError(`${source}: expected a CloudTrail log file ({"Records": [...]}), lookup-events output ({"Events": [...]}) or an array of events`);
}

function unwrap(item: unknown, source: string, index: number): unknown {
  if (!isObject(item)) return item;
  // LookupEvents carries each record as a JSON string.
  if (typeof item.CloudTrailEvent === "string") {
    try {
      return JSON.parse(item.CloudTrailEvent);
    } catch {
      throw new EventsFileError(`${source}: event ${index + 1} has a CloudTrailEvent that is not JSON`);
    }
  }
  if (isObject(item.detail) && typeof item.detail.eventName === "string") return item.detail;
  return item;
}

function eventOf(item: unknown): CloudTrailEvent | undefined {
  if (!isObject(item)) return undefined;
  const { eventID, eventName, eventTime } = item;
  if (typeof eventID !== "string" || typeof eventName !== "string" || typeof eventTime !== "string" || Number.isNaN(Date.parse(eventTime))) return undefined;
  return {
    eventID,
    eventName,
    eventTime,
    eventSource: text(item.eventSource) ?? "",
    awsRegion: text(item.awsRegion) ?? "",
    ...(isObject(item.userIdentity) && { userIdentity: item.userIdentity as UserIdentity }),
    ...(text(item.sourceIPAddress) && { sourceIPAddress: text(item.sourceIPAddress) }),
    ...(isObject(item.requestParameters) && { requestParameters: item.requestParameters }),
    ...(isObject(item.responseElements) && { responseElements: item.responseElements }),
    // LookupEvents' envelope says "false"/"true"; the record itself has a boolean.
    ...(item.readOnly !== undefined && { readOnly: item.readOnly === true || item.readOnly === "true" }),
    ...(text(item.errorCode) && { errorCode: text(item.errorCode) }),
    ...(text(item.recipientAccountId) && { recipientAccountId: text(item.recipientAccountId) }),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
