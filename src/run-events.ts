/**
 * The event path for one account: CloudTrail write events → the resources
 * they touched, read again (never trusted from the event) with the resources
 * whose rules look them up → evaluated with the same rules → compared
 * with what the store holds → recorded where nothing fresher is stored. The
 * rest of the account's state is left exactly as it is; the next nightly run
 * compares with what this leaves, so it does not report the change again.
 */
import { attributeDrift } from "./attribute/attribute.js";
import type { EventTarget } from "./attribute/event-targets.js";
import { targetsOf } from "./attribute/event-targets.js";
import type { CloudTrailEvent } from "./attribute/events.js";
import { observedSince } from "./attribute/observed-since.js";
import type { ReadTarget, TargetedRead } from "./collect/targeted.js";
import { namesRecord, recordRegion } from "./collect/targeted.js";
import { GLOBAL_REGION } from "./collect/run.js";
import type { DriftwardenConfig } from "./config/config.js";
import { nextState } from "./diff/next-state.js";
import type { Drift, Transition } from "./diff/types.js";
import { evaluateSnapshot } from "./evaluate/evaluate.js";
import type { Changed } from "./evaluate/dependents.js";
import { dependentKeys } from "./evaluate/dependents.js";
import { applySuppressions } from "./evaluate/suppressions.js";
import type { FindingsStore, ObservationResult } from "./publish/store/findings-store.js";
import { resourceKey } from "./types/canonical.js";
import type { CollectionError, Snapshot } from "./types/resource.js";
import { compareResources, GLOBAL_RESOURCE_TYPES } from "./types/resource.js";
import { compareText } from "./types/order.js";

/** What the event path needs of a store: the DynamoDB store has it. */
export type EventStore = Required<Pick<FindingsStore, "recordObservation" | "findingsOfResources">> & Pick<FindingsStore, "loadPrevious">;

export interface EventRunInput {
  accountId: string;
  /** The account's write events of one batch, in any order. */
  events: CloudTrailEvent[];
  config: DriftwardenConfig;
  store: EventStore;
  /** Reads resources of the account by id (readTargets with the account's credentials). */
  read: (targets: ReadTarget[]) => Promise<TargetedRead>;
  /** Read after the resources are: the observation's time. */
  now: () => Date;
  /**
   * Runs after the changes are known and before they are recorded (the
   * alert): should the process die in between, the redelivered events find
   * the change unrecorded and alert again, rather than the alert being lost.
   */
  beforeRecord?: (transitions: Transition[]) => Promise<void>;
}

export type EventRunResult =
  | {
      status: "recorded";
      accountId: string;
      /** NEW, REGRESSED and RESOLVED among them are alerted on; each names the event that caused it. */
      transitions: Transition[];
      drift: Drift;
      /** Resources read again: those the events named, and those naming them. */
      read: number;
      /** Resources whose read failed: left as stored, to the next event or run. */
      unknown: CollectionError[];
      recorded: ObservationResult;
    }
  | {
      /** Nothing the event path can do: no recorded run to compare with (the first run judges the account whole), or no event it knows. */
      status: "skipped";
      accountId: string;
      reason: string;
    };

export async function runEvents(input: EventRunInput): Promise<EventRunResult> {
  const { accountId } = input;
  const touched = uniqueTargets(input.events.flatMap((event) => (targetsOf(event) ?? []).map((t) => inRegion(t, event.awsRegion))));
  if (touched.length === 0) return { status: "skipped", accountId, reason: "the events name no resource driftwarden reads" };
  // The resources, for the rules' lookups; the findings only of the resources judged, below.
  const stored = await input.store.loadPrevious(accountId, { findings: false });
  if (!stored) return { status: "skipped", accountId, reason: "no run recorded for the account yet: its first run judges it whole" };
  // Regions the runs do not audit are not the event path's either.
  const named = touched.filter((t) => GLOBAL_RESOURCE_TYPES.includes(t.type) || stored.snapshot.regions.includes(t.region));
  if (named.length === 0) return { status: "skipped", accountId, reason: `the events name resources only in regions not audited (${stored.snapshot.regions.join(", ")})` };

  // Resources whose rules look a changed one up are judged again with it: read them too, so that their rules see fresh records.
  const changed = named.map((t): Changed => stored.snapshot.resources.find((r) => namesRecord(t, r)) ?? { type: t.type, region: t.region, id: t.id ?? t.arn!, ...(t.arn && { arn: t.arn }) });
  const dependents = dependentKeys(stored.snapshot, input.config.rules, changed);
  const relatedTargets = stored.snapshot.resources.filter((r) => dependents.has(resourceKey(r))).map(({ type, region, id, arn }): ReadTarget => ({ type, region, id, ...(arn && { arn }) }));
  const read = await input.read([...named, ...relatedTargets]);
  const at = input.now().toISOString();

  const unknown = read.outcomes.filter((o) => o.status === "unknown");
  const known = read.outcomes.filter((o) => o.status !== "unknown");
  const fresh = read.records.map((r) => ({ ...r, observedAt: at }));
  // A target is stored under the record's key; a gone one under the key of the stored record it named.
  const scope = new Set([...fresh.map(resourceKey), ...known.flatMap((o) => stored.snapshot.resources.filter((r) => namesRecord(o.target, r)).map(resourceKey))]);
  const everything: Snapshot = {
    ...stored.snapshot,
    takenAt: at,
    resources: [...stored.snapshot.resources.filter((r) => !scope.has(resourceKey(r))), ...fresh].sort(compareResources),
    errors: [],
  };
  const judged = everything.resources.filter((r) => scope.has(resourceKey(r)));
  // Gone ones included: their findings resolve.
  const storedFindings = await input.store.findingsOfResources(accountId, [...new Map([...stored.snapshot.resources, ...fresh].filter((r) => scope.has(resourceKey(r))).map((r) => [resourceKey(r), r])).values()]);
  const evaluated = evaluateSnapshot(everything, input.config.rules, scope);
  const { findings } = applySuppressions(evaluated, input.config.suppressions, new Date(at));
  const explainedBy = new Map(input.config.rules.flatMap(({ rule }) => (rule.explainedBy ? [[rule.id, rule.explainedBy] as const] : [])));
  const outcome = nextState({
    // Out of scope, findings are neither compared nor written: those of the judged resources are all it needs.
    stored: { ...stored, findings: storedFindings },
    snapshot: { ...everything, resources: judged },
    findings,
    scope: { regions: [...new Set([...stored.snapshot.regions, GLOBAL_REGION])], ruleIds: input.config.rules.map((r) => r.rule.id), resourceKeys: scope },
    runId: `event-${firstEventId(input.events)}`,
    now: at,
    explainedBy,
  });
  const drift = outcome.drift ?? { added: [], removed: [], modified: [] };
  const observed = observedSince(stored.snapshot, drift);
  const attributed = attributeDrift({ drift, transitions: outcome.transitions, events: input.events, window: { from: observed.from, to: at }, since: observed.since, explainedBy });
  await input.beforeRecord?.(attributed.transitions);
  const recorded = await input.store.recordObservation(accountId, outcome.state.changes, at);
  return { status: "recorded", accountId, transitions: attributed.transitions, drift: attributed.drift, read: read.outcomes.length, unknown: unknown.map((o) => o.error), recorded };
}

function inRegion(target: EventTarget, region: string): ReadTarget {
  return { ...target, region: recordRegion(target.type, region) };
}

function uniqueTargets(targets: ReadTarget[]): ReadTarget[] {
  const seen = new Map<string, ReadTarget>();
  for (const t of targets) seen.set(`${t.type}/${t.region}/${t.id ?? ""}/${t.arn ?? ""}`, t);
  return [...seen.values()];
}

function firstEventId(events: CloudTrailEvent[]): string {
  return [...events].sort((a, b) => compareText(a.eventTime, b.eventTime))[0]?.eventID ?? "none";
}
