/**
 * The EventBridge event patterns of the event path: the write calls
 * EVENT_TARGETS knows, as CloudTrail delivers them to the default event bus.
 * The stack's rules (deploy/events.cjs) and the forwarding rules of other
 * regions and accounts (event-forwarding.ts) are built from these.
 */
import { EVENT_TARGETS } from "../attribute/event-targets.js";

export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

/** EventBridge's default quota on one rule's pattern, in characters (raised to at most 4,096 on request). */
export const EVENT_PATTERN_MAX_CHARS = 2048;

/**
 * Services whose event names may end in the API version
 * (UpdateDistribution2020_05_31): each name is matched as itself and as a
 * prefix followed by a year, so that UpdateDistributionWithStagingConfig is not.
 */
const VERSIONED_EVENT_SOURCES: ReadonlySet<string> = new Set(["cloudfront.amazonaws.com"]);

export type EventNameMatcher = string | { prefix: string };

export interface EventPattern {
  "detail-type": [typeof CLOUDTRAIL_DETAIL_TYPE];
  source: [string];
  detail: {
    eventSource: [string];
    eventName: EventNameMatcher[];
    /** A failed call carries errorCode and changed nothing. */
    errorCode: [{ exists: false }];
  };
}

export interface ServiceEventPattern {
  /** The CloudTrail eventSource: "ec2.amazonaws.com". */
  eventSource: string;
  /** For CloudFormation logical ids: "Ec2". */
  name: string;
  pattern: EventPattern;
}

/** CloudTrail's events reach EventBridge with source "aws." and the service's endpoint prefix (aws.ec2 for ec2.amazonaws.com). */
export function sourceOf(eventSource: string): string {
  return `aws.${eventSource.split(".")[0]}`;
}

function logicalName(eventSource: string): string {
  const prefix = eventSource.split(".")[0]!.replace(/[^A-Za-z0-9]/g, "");
  return prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

export function eventPatternOf(eventSource: string, eventNames: readonly string[]): EventPattern {
  const versioned = VERSIONED_EVENT_SOURCES.has(eventSource);
  return {
    "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
    source: [sourceOf(eventSource)],
    detail: {
      eventSource: [eventSource],
      eventName: [...eventNames, ...(versioned ? eventNames.map((name) => ({ prefix: `${name}20` })) : [])],
      errorCode: [{ exists: false }],
    },
  };
}

/**
 * One pattern, so one rule, per service: all of them in one pattern take
 * about 3,200 characters, over the quota; and a service's pattern pairs its
 * event names with it alone, where one pattern would match any of the names
 * from any of the services (EventBridge matches each field on its own).
 */
export function eventPatterns(targets: Readonly<Record<string, Readonly<Record<string, unknown>>>> = EVENT_TARGETS): ServiceEventPattern[] {
  return Object.entries(targets).map(([eventSource, byName]) => {
    const pattern = eventPatternOf(eventSource, Object.keys(byName));
    const size = JSON.stringify(pattern).length;
    if (size > EVENT_PATTERN_MAX_CHARS) throw new Error(`${eventSource}: its event pattern has ${size} characters, over EventBridge's ${EVENT_PATTERN_MAX_CHARS}`);
    return { eventSource, name: logicalName(eventSource), pattern };
  });
}
