/**
 * What a run with state gives its collection so that per-resource reads are
 * paid for change, not for size (src/collect/carried-reads.ts): the previous
 * run's records, and the resources CloudTrail's write events named since then,
 * read while the lists are.
 */
import { eventRegionOf } from "./attribute/attribute.js";
import { targetsOf } from "./attribute/event-targets.js";
import type { CloudTrailEvent } from "./attribute/events.js";
import type { EventLookup, EventsRequest, LookedUpEvents } from "./attribute/lookup.js";
import type { CarryOver, WrittenResources } from "./collect/carried-reads.js";
import { CARRIED_TYPES } from "./types/reads.js";
import type { FindingsStore } from "./publish/store/findings-store.js";
import { resourceKey } from "./types/canonical.js";
import { compareText } from "./types/order.js";
import type { Snapshot } from "./types/resource.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CarryOverOptions {
  store: FindingsStore;
  accountId: string;
  /** The regions the run audits; their write events are read (us-east-1 too, where the global services' are). */
  regions: readonly string[];
  /** Where the write events come from; without it nothing is carried (records are still stamped for the next run). */
  lookupEvents?: EventLookup;
  now: Date;
  /** The config's carryOverDays. */
  maxAgeDays: number;
}

export interface RunCarryOver {
  carryOver: CarryOver;
  /**
   * The run's lookup for attribution: served from the events already read for
   * the carry-over when they cover the request (the same window, as the run
   * reads it), so that a run reads each region's events once.
   */
  lookupEvents?: EventLookup;
}

/**
 * The carry-over of a run with state, loaded and looked up while the lists
 * are read: nothing is waited for before the collection starts. Without a
 * previous run, or without CloudTrail, it carries nothing but still has the
 * records stamped with their list entries, so that the next run can carry.
 */
export function carryOverFor(options: CarryOverOptions): RunCarryOver {
  const lookup = options.lookupEvents;
  const loaded = loadPrevious(options);
  const read = lookup && options.maxAgeDays > 0 ? loaded.then((previous) => (previous ? readEvents(previous, lookup, options) : undefined)) : undefined;
  const carryOver: CarryOver = {
    previous: Promise.all([loaded, read]).then(([previous, events]) => ({
      records: new Map((previous?.resources ?? []).map((record) => [resourceKey(record), record])),
      takenAt: previous?.takenAt ?? options.now.toISOString(),
      failed: new Set((previous?.errors ?? []).map((e) => e.operation)),
      changes: writtenResources(events),
    })),
    maxAgeMs: options.maxAgeDays * DAY_MS,
    now: options.now,
  };
  return { carryOver, ...(lookup && { lookupEvents: read ? reusing(read, lookup) : lookup }) };
}

/**
 * The previous run's records of the types that carry. A store that cannot be
 * read carries nothing: the audit's own load of the previous run says why.
 */
async function loadPrevious(options: CarryOverOptions): Promise<Snapshot | undefined> {
  try {
    return (await options.store.loadPrevious(options.accountId, { findings: false, types: CARRIED_TYPES }))?.snapshot;
  } catch {
    return undefined;
  }
}

interface ReadEvents {
  request: EventsRequest;
  /** Undefined when the lookup failed as a whole. */
  found?: LookedUpEvents;
}

/** Never fails: a lookup that does leaves every region unread, and so nothing carried. */
async function readEvents(previous: Snapshot, lookup: EventLookup, options: CarryOverOptions): Promise<ReadEvents> {
  const regions = [...new Set([...options.regions, ...previous.resources.map(eventRegionOf)])].sort(compareText);
  const request = { window: { from: previous.takenAt, to: options.now.toISOString() }, regions };
  return lookup(request).then(
    (found) => ({ request, found }),
    () => ({ request }),
  );
}

function writtenResources(read: ReadEvents | undefined): WrittenResources {
  if (!read?.found) return { regions: new Set(), named: new Set() };
  const unavailable = new Set(read.found.unavailable.map((u) => u.region));
  return { regions: new Set(read.request.regions.filter((region) => !unavailable.has(region))), named: namedBy(read.found.events) };
}

/** How much later than the carry-over's lookup a request's window may end and still be served by it: the collection's start. */
const SAME_RUN_MS = 60_000;

function reusing(read: Promise<ReadEvents | undefined>, lookup: EventLookup): EventLookup {
  return async (request) => {
    const { request: done, found } = (await read) ?? {};
    const covered =
      done !== undefined &&
      found !== undefined &&
      request.window.from >= done.window.from &&
      Date.parse(request.window.to) - Date.parse(done.window.to) <= SAME_RUN_MS &&
      request.regions.every((region) => done.regions.includes(region));
    if (!covered) return lookup(request);
    const from = Date.parse(request.window.from);
    const asked = new Set(request.regions);
    return {
      events: found.events.filter((e) => asked.has(e.awsRegion) && Date.parse(e.eventTime) > from),
      unavailable: found.unavailable.filter((u) => asked.has(u.region)),
    };
  };
}

/** The resource keys and ARNs the events name, as the targets table reads them. */
export function namedBy(events: readonly CloudTrailEvent[]): Set<string> {
  const named = new Set<string>();
  for (const event of events) {
    for (const target of targetsOf(event) ?? []) {
      if (target.arn !== undefined) named.add(target.arn);
      if (target.id !== undefined) named.add(resourceKey({ type: target.type, region: eventRegionOf({ type: target.type, region: event.awsRegion }), id: target.id }));
    }
  }
  return named;
}
