/** Names who made each drift change, from the CloudTrail events between two runs. */
import type { ChangeCause } from "../types/cause.js";
import { resourceKey } from "../types/canonical.js";
import type { ResourceRef, ResourceType } from "../types/resource.js";
import { GLOBAL_RESOURCE_TYPES } from "../types/resource.js";
import type { Drift, DriftedResource, ModifiedResource, Transition } from "../diff/types.js";
import { actorLabel, actorOf } from "./actor.js";
import type { CloudTrailEvent } from "./events.js";
import { isWrite } from "./events.js";
import type { EventTarget } from "./event-targets.js";
import { attributesSetBy, targetsOf } from "./event-targets.js";
import type { ExplainedBy } from "../types/explained-by.js";
import { GLOBAL_REGION } from "../collect/run.js";

export interface AttributionInput {
  drift: Drift;
  transitions: Transition[];
  events: CloudTrailEvent[];
  /** The time between the two runs, ISO 8601: `from` (the previous run) exclusive, `to` (this run) inclusive. */
  window: { from: string; to: string };
  /**
   * Resource key → the time its events count from, for drifted resources
   * whose compared state was read before `window.from` (records kept from an
   * earlier run, see observedSince). The others count from `window.from`: an
   * event before it was already in the state they are compared with.
   */
  since?: ReadonlyMap<string, string>;
  /**
   * By rule id, what explains its transitions (as for their explanation): a
   * transition is caused by the last event that set an attribute its rule
   * judges, on its resource or on a related one, not by any event on its resource.
   */
  explainedBy?: ReadonlyMap<string, ExplainedBy>;
  /**
   * Regions whose events of the window could not all be read: drift and
   * transitions whose events are recorded there (see eventRegionOf) get no
   * cause, since the event that made the change may be among those missing.
   */
  unavailableRegions?: readonly string[];
}

export interface AttributionResult {
  /** The input drift, each created, deleted or modified resource with the event that last changed it, when one did. */
  drift: Drift;
  /** The input transitions, NEW, REGRESSED and RESOLVED ones with their own resource's cause. */
  transitions: Transition[];
  /** How many drifted resources were given a cause. */
  matched: number;
  /** Names of the window's write events that touched nothing drifted or that the event table does not know, sorted, once each. */
  unmatched: string[];
}

/** Transitions a change explains; a PERSISTING finding was not made by this window's events. */
const EXPLAINED_KINDS: ReadonlySet<Transition["kind"]> = new Set(["NEW", "REGRESSED", "RESOLVED"]);

/** Types whose ids are unique across regions, or recorded in us-east-1 whatever region the call was made in. */
const REGIONLESS: ReadonlySet<ResourceType> = new Set<ResourceType>([...GLOBAL_RESOURCE_TYPES, "AWS::S3::Bucket"]);

/**
 * Gives each drifted resource the last write event in the window that touched
 * it, the others listed as `earlier`, oldest first. One pass over the events
 * against an index of the drifted resources by type and id and by ARN, so a
 * window of many events costs one lookup per event target. Returns new
 * objects; the input is not changed.
 */
export function attributeDrift(input: AttributionInput): AttributionResult {
  const since = sinceTimes(input.since);
  const to = windowTime(input.window.to, "to");
  const index = new DriftIndex(input.drift, since, windowTime(input.window.from, "from"));
  const from = Math.min(windowTime(input.window.from, "from"), ...since.values());
  const unmatched = new Set<string>();
  const seen = new Set<string>();
  input.events.forEach((event, order) => {
    if (!isWrite(event)) return;
    const time = Date.parse(event.eventTime);
    if (!(time > from && time <= to)) return;
    // The same call can come from overlapping files (a log file and lookup-events output).
    if (seen.has(event.eventID)) return;
    seen.add(event.eventID);
    const targets = targetsOf(event);
    const attributes = attributesSetBy(event);
    const touched = targets ? index.record({ event, time, order, ...(attributes && { attributes }) }, targets) : false;
    if (!touched) unmatched.add(event.eventName);
  });
  const causes = index.causes();
  const unavailable = new Set(input.unavailableRegions ?? []);
  const readable = (ref: ResourceRef) => !unavailable.has(eventRegionOf(ref));
  const withCause = <T>(item: T, ref: ResourceRef): T => {
    const cause = readable(ref) ? causes.get(resourceKey(ref)) : undefined;
    return cause ? { ...item, cause } : { ...item };
  };
  const drift: Drift = {
    added: input.drift.added.map((ref): DriftedResource => withCause(ref, ref)),
    removed: input.drift.removed.map((ref): DriftedResource => withCause(ref, ref)),
    modified: input.drift.modified.map((m): ModifiedResource => withCause(m, m.resource)),
  };
  return {
    drift,
    transitions: input.transitions.map((t) => {
      if (!EXPLAINED_KINDS.has(t.kind) || !readable(t.resource)) return { ...t };
      const rule = input.explainedBy?.get(t.ruleId);
      if (!rule) return withCause(t, t.resource);
      const cause = index.causeFor(resourceKey(t.resource), rule);
      return cause ? { ...t, cause } : { ...t };
    }),
    matched: [...drift.added, ...drift.removed, ...drift.modified].filter((item) => item.cause).length,
    unmatched: [...unmatched].sort(),
  };
}

/**
 * The region whose CloudTrail events name who changed a resource: us-east-1
 * for the global services (CloudFront, Route 53, IAM and the account, S3's
 * account settings, trails), whose calls CloudTrail records there; the
 * resource's own region otherwise, S3 buckets included.
 */
export function eventRegionOf(ref: Pick<ResourceRef, "type" | "region">): string {
  return GLOBAL_RESOURCE_TYPES.includes(ref.type) ? GLOBAL_REGION : ref.region;
}

interface Sighting {
  event: CloudTrailEvent;
  /** The attributes the event set on its targets; undefined: any. */
  attributes?: readonly string[];
  time: number;
  /** Position in the input, to keep events of the same second in the order given. */
  order: number;
}

/** The drifted resources by type, region and id and by ARN, each with the events that touched it. */
class DriftIndex {
  private readonly byId = new Map<string, string>();
  private readonly byArn = new Map<string, string>();
  private readonly sightings = new Map<string, Sighting[]>();

  /**
   * `since`: resource key → the time its events count from (exclusive), for
   * those that differ from `from`, the rest's.
   */
  constructor(
    drift: Drift,
    private readonly since: ReadonlyMap<string, number>,
    private readonly from: number,
  ) {
    for (const ref of [...drift.added, ...drift.removed, ...drift.modified.map((m) => m.resource)]) this.add(ref);
  }

  private add(ref: ResourceRef): void {
    const key = resourceKey(ref);
    this.byId.set(idKey(ref.type, ref.region, ref.id), key);
    if (ref.arn) this.byArn.set(ref.arn, key);
  }

  /** Notes the event against every drifted resource among its targets; false when it touched none. */
  record(sighting: Sighting, targets: EventTarget[]): boolean {
    const keys = new Set<string>();
    for (const target of targets) {
      const key = target.arn !== undefined ? this.byArn.get(target.arn) ?? this.byId.get(idKey(target.type, sighting.event.awsRegion, target.arn)) : this.byId.get(idKey(target.type, sighting.event.awsRegion, target.id!));
      if (key) keys.add(key);
    }
    for (const key of keys) {
      if (sighting.time <= (this.since.get(key) ?? this.from)) {
        keys.delete(key);
        continue;
      }
      const list = this.sightings.get(key);
      if (list) list.push(sighting);
      else this.sightings.set(key, [sighting]);
    }
    return keys.size > 0;
  }

  causes(): Map<string, ChangeCause> {
    const causes = new Map<string, ChangeCause>();
    for (const [key, sightings] of this.sightings) causes.set(key, lastOf(sightings)!);
    return causes;
  }

  /** A rule's cause: the last event that set an attribute it judges on the resource, or any event on a drifted resource of a related type. */
  causeFor(key: string, rule: ExplainedBy): ChangeCause | undefined {
    const judged = (s: Sighting) => !rule.attributes || !s.attributes || s.attributes.some((a) => rule.attributes!.includes(a));
    const related = [...this.sightings].filter(([other]) => rule.related?.some((type) => other.startsWith(`${type}/`))).flatMap(([, sightings]) => sightings);
    return lastOf([...(this.sightings.get(key) ?? []).filter(judged), ...related]);
  }
}

/** The last of the sightings as the cause, the others as `earlier`. */
function lastOf(sightings: Sighting[]): ChangeCause | undefined {
  if (sightings.length === 0) return undefined;
  const ordered = [...sightings].sort((a, b) => a.time - b.time || a.order - b.order);
  return causeOf(ordered.at(-1)!.event, ordered.slice(0, -1).map((s) => s.event));
}

function idKey(type: string, region: string, id: string): string {
  return `${type}|${REGIONLESS.has(type as ResourceType) ? "*" : region}|${id}`;
}

/** The cause a report prints, from the event that made the change. */
export function causeOf(event: CloudTrailEvent, earlier: CloudTrailEvent[] = []): ChangeCause {
  const invokedBy = event.userIdentity?.invokedBy;
  return {
    eventId: event.eventID,
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventTime: event.eventTime,
    region: event.awsRegion,
    actor: actorOf(event),
    ...(event.sourceIPAddress && { sourceIpAddress: event.sourceIPAddress }),
    ...(invokedBy && { invokedBy }),
    ...(earlier.length > 0 && {
      earlier: earlier.map((e) => ({ eventId: e.eventID, eventName: e.eventName, eventTime: e.eventTime, actor: actorLabel(actorOf(e)) })),
    }),
  };
}

function sinceTimes(since: ReadonlyMap<string, string> | undefined): Map<string, number> {
  return new Map([...(since ?? [])].map(([key, time]) => [key, windowTime(time, "from")]));
}

function windowTime(value: string, end: "from" | "to"): number {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`attribution window: ${end} is not a time: ${JSON.stringify(value)}`);
  return time;
}
