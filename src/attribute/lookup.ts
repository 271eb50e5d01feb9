/**
 * The window's write events read live from CloudTrail (LookupEvents), for a
 * run that has no events file: one lookup per region with drift, paced to
 * the API's quota, and all of a region's events or none of them.
 */
import type { LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import type { ConnectionOptions } from "../collect/client-config.js";
import { clientConfigFactory } from "../collect/client-config.js";
import { runClient } from "../collect/run-client.js";
import { DeadlineError, errorCode, firstLine } from "../collect/errors.js";
import type { Drift } from "../diff/types.js";
import type { AttributionUnavailable } from "../types/cause.js";
import type { Clock } from "../types/clock.js";
import { compareText } from "../types/order.js";
import { eventRegionOf } from "./attribute.js";
import type { CloudTrailEvent } from "./events.js";
import { writeEventsOf } from "./events.js";
import type { Sleep } from "./token-bucket.js";
import { realSleep, TokenBucket } from "./token-bucket.js";

/** What reading the events takes, for the policies src/deploy derives from the code. */
export const ATTRIBUTION_PERMISSIONS: readonly string[] = ["cloudtrail:LookupEvents"];

/** LookupEvents' largest page. */
export const LOOKUP_PAGE_SIZE = 50;
/** LookupEvents allows 2 requests per second per account and region (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). */
export const LOOKUP_REQUESTS_PER_SECOND = 2;
/** LookupEvents holds the last 90 days of events. */
const LOOKUP_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export interface EventsRequest {
  /** ISO 8601: `from` (the run compared with) exclusive, `to` (this run) inclusive. */
  window: { from: string; to: string };
  /** The regions whose events name the drift's causes (see lookupRegions). */
  regions: string[];
}

export interface LookedUpEvents {
  /** The write events of the regions read in full. */
  events: CloudTrailEvent[];
  /** The regions not read in full, sorted: their events are left out altogether. */
  unavailable: AttributionUnavailable[];
}

/** Reads the window's write events; the shell supplies CloudTrail (cloudTrailLookup), tests a fake. */
export type EventLookup = (request: EventsRequest) => Promise<LookedUpEvents>;

export interface LookupOptions extends ConnectionOptions {
  /** Read before every request, to pace it and to judge the deadline: it must move as time does (systemClock in production). */
  now: Clock;
  /** Epoch milliseconds, read on `now`, after which no request is sent. */
  deadline?: number;
  /** How pacing waits; default setTimeout. Tests move their clock in it. */
  sleep?: Sleep;
}

/** The regions to look up for this drift, once each, sorted: never one lookup per resource. */
export function lookupRegions(drift: Drift): string[] {
  const refs = [...drift.added, ...drift.removed, ...drift.modified.map((m) => m.resource)];
  return [...new Set(refs.map(eventRegionOf))].sort(compareText);
}

/** The lookup a live run attributes with, over the run's connection (credentials, endpoint, plugins). */
export function cloudTrailLookup(options: LookupOptions): EventLookup {
  return (request) => lookupEvents(request, options);
}

/** The regions' write events in the window, read at once, each region paced on its own bucket. */
export async function lookupEvents(request: EventsRequest, options: LookupOptions): Promise<LookedUpEvents> {
  const configFor = clientConfigFactory(options);
  const from = Date.parse(request.window.from);
  const results = await Promise.all(
    request.regions.map(async (region): Promise<{ region: string; events: CloudTrailEvent[] } | AttributionUnavailable> => {
      try {
        // Events older than CloudTrail keeps are not there to read: the region's record would be partial.
        if (from < options.now().getTime() - LOOKUP_RETENTION_MS) {
          throw Object.assign(new Error(`LookupEvents holds 90 days of events; the window starts ${request.window.from}`), { name: "WindowBeyondRetention" });
        }
        return { region, events: await lookupRegion(region, request.window, options, configFor(region)) };
      } catch (error) {
        return { region, code: errorCode(error), message: firstLine(error) || errorCode(error) };
      }
    }),
  );
  return {
    events: results.flatMap((r) => ("events" in r ? r.events : [])),
    unavailable: results.filter((r): r is AttributionUnavailable => !("events" in r)),
  };
}

interface SendingClient {
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}

/** Raised when a page does not hold what LookupEvents always returns. */
class IncompleteLookupError extends Error {
  override name = "IncompleteLookup";
}

async function lookupRegion(region: string, window: EventsRequest["window"], options: LookupOptions, config: ReturnType<ReturnType<typeof clientConfigFactory>>): Promise<CloudTrailEvent[]> {
  // Imported when a region is looked up: the CLI loads this module before its first request, which need not wait for CloudTrail's client.
  const { CloudTrailClient, paginateLookupEvents } = await import("@aws-sdk/client-cloudtrail");
  const client = runClient(new CloudTrailClient(config), options.plugins);
  const bucket = new TokenBucket({ ratePerSecond: LOOKUP_REQUESTS_PER_SECOND, now: options.now, sleep: options.sleep ?? realSleep });
  const checkDeadline = () => {
    if (options.deadline !== undefined && options.now().getTime() >= options.deadline) throw new DeadlineError("stopped before the invocation deadline; the window's events were not all read");
  };
  // Paced and judged against the deadline around send (as src/collect/run.ts does), so that
  // aws-sdk-client-mock, which stubs send, sees both; the SDK's retries of throttling happen within send.
  const sending = client as unknown as SendingClient;
  const send = sending.send.bind(client);
  sending.send = async (command, ...rest) => {
    checkDeadline();
    await bucket.take();
    checkDeadline();
    return send(command, ...rest);
  };
  const input: LookupEventsCommandInput = {
    LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
    StartTime: new Date(window.from),
    EndTime: new Date(window.to),
    MaxResults: LOOKUP_PAGE_SIZE,
  };
  try {
    const events: CloudTrailEvent[] = [];
    let page = 0;
    for await (const output of paginateLookupEvents({ client, pageSize: LOOKUP_PAGE_SIZE }, input)) {
      page += 1;
      const items = output.Events;
      if (!Array.isArray(items)) throw new IncompleteLookupError(`LookupEvents page ${page} has no Events`);
      const cut = items.findIndex((item) => typeof item.CloudTrailEvent !== "string");
      if (cut >= 0) throw new IncompleteLookupError(`LookupEvents page ${page}: event ${items[cut]?.EventId ?? cut + 1} has no CloudTrailEvent`);
      try {
        events.push(...writeEventsOf(items, `LookupEvents in ${region}`));
      } catch (error) {
        throw new IncompleteLookupError(firstLine(error));
      }
    }
    return events;
  } finally {
    client.destroy();
  }
}
