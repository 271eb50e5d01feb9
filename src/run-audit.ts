/**
 * The audit pipeline after collection, shared by the CLI and the Lambda
 * handler: evaluate → suppress → compare with the previous run → report → record.
 */
import type { AttributionInput } from "./attribute/attribute.js";
import { attributeDrift } from "./attribute/attribute.js";
import type { CloudTrailEvent } from "./attribute/events.js";
import type { EventLookup, LookedUpEvents } from "./attribute/lookup.js";
import { lookupRegions } from "./attribute/lookup.js";
import { observedSince } from "./attribute/observed-since.js";
import type { DriftwardenConfig } from "./config/config.js";
import { withFresherRecords } from "./diff/fresher-records.js";
import { nextState } from "./diff/next-state.js";
import { evaluateSnapshot } from "./evaluate/evaluate.js";
import { applySuppressions } from "./evaluate/suppressions.js";
import type { Drift, Transition } from "./diff/types.js";
import type { AttributionSummary, AuditReport } from "./publish/report/audit-report.js";
import { buildReport } from "./publish/report/build-report.js";
import type { FindingsStore, RecordRunResult } from "./publish/store/findings-store.js";
import type { ResourceType, Snapshot } from "./types/resource.js";

export interface AuditInput {
  snapshot: Snapshot;
  config: DriftwardenConfig;
  runId: string;
  startedAt: Date;
  now: Date;
  /** Where the previous run is read from and this one recorded; none for a one-off audit. */
  store?: FindingsStore;
  /** Compare with the pinned baseline instead of the previous run. */
  against?: "previous" | "baseline";
  /** Evaluate and compare, but write nothing. */
  dryRun?: boolean;
  /** The resource types the snapshot holds when it is of some services only (--services): the others are kept as stored. */
  resourceTypes?: ResourceType[];
  /**
   * Runs after the report is built and before the run is recorded (the alert):
   * should the process die in between, the redelivered run is not yet recorded
   * and does it again, rather than the alert being lost.
   */
  beforeRecord?: (report: AuditReport) => Promise<void>;
  /** CloudTrail events of the time since the run compared with: drift and transitions name who made each change. */
  events?: CloudTrailEvent[];
  /**
   * Without `events`: reads them for the regions with drift (a live run's
   * CloudTrail LookupEvents), only when there is a run to compare with.
   */
  lookupEvents?: EventLookup;
}

export interface AuditOutcome {
  report: AuditReport;
  /** Absent when nothing was recorded (no store, or a dry run). */
  recorded?: RecordRunResult;
}

export async function runAudit(input: AuditInput): Promise<AuditOutcome> {
  const { store } = input;
  const stored = store ? await store.loadPrevious(input.snapshot.accountId) : undefined;
  const snapshot = withFresherRecords(input.snapshot, stored?.snapshot);
  const evaluated = evaluateSnapshot(snapshot, input.config.rules);
  const { findings, unused } = applySuppressions(evaluated, input.config.suppressions, input.now);
  const against = store && input.against === "baseline" ? await baselineOf(store, snapshot.accountId) : undefined;
  const explainedBy = new Map(input.config.rules.flatMap(({ rule }) => (rule.explainedBy ? [[rule.id, rule.explainedBy] as const] : [])));
  const outcome = nextState({
    ...(stored && { stored }),
    ...(against && { against }),
    snapshot,
    findings,
    scope: { regions: snapshot.regions, ruleIds: input.config.rules.map((r) => r.rule.id), ...(input.resourceTypes && { resourceTypes: input.resourceTypes }) },
    runId: input.runId,
    now: input.now.toISOString(),
    explainedBy,
  });
  // The events that count are those after the snapshot drift is measured from (the previous run's, or the pinned baseline's) up to this one,
  // and for a record that snapshot kept from an earlier run, after it was really read.
  const reference = against ?? stored?.snapshot;
  const observed = reference && outcome.drift && observedSince(reference, outcome.drift);
  const window = reference && { from: reference.takenAt, to: snapshot.takenAt };
  const found = outcome.drift && window && observed ? await eventsOf(input, outcome.drift, { ...window, from: observed.from }) : undefined;
  const attributed =
    found && outcome.drift && window && observed
      ? attribute({ drift: outcome.drift, transitions: outcome.transitions, events: found.events, window, since: observed.since, explainedBy, unavailableRegions: found.unavailable.map((u) => u.region) }, found)
      : undefined;
  const report = buildReport({
    runId: input.runId,
    snapshot,
    findings: outcome.findings,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.now.toISOString(),
    ...(outcome.drift && { drift: attributed?.drift ?? outcome.drift }),
    // Without a stored run there is nothing to compare with: every failure is new.
    ...(store && { transitions: attributed?.transitions ?? outcome.transitions, firstRun: !stored }),
    ...(attributed && { attribution: attributed.summary }),
    unusedSuppressions: unused,
  });
  if (!store || input.dryRun) return { report };
  await input.beforeRecord?.(report);
  const recorded = await store.recordRun({ run: report.run, ...outcome.state });
  return { report, recorded };
}

/**
 * Names who made each change, for the report only: the store records the run
 * from `outcome.state` as before, without causes (the events are not kept, and
 * a cause is about one night's change, not the resource's state).
 */
function attribute(input: AttributionInput, found: LookedUpEvents): { drift: Drift; transitions: Transition[]; summary: AttributionSummary } {
  const result = attributeDrift(input);
  const { drift } = input;
  const changes = drift.added.length + drift.removed.length + drift.modified.length;
  const summary: AttributionSummary = { events: input.events.length, matched: result.matched, changes, unmatched: result.unmatched, ...(found.unavailable.length > 0 && { unavailable: found.unavailable }) };
  return { drift: result.drift, transitions: result.transitions, summary };
}

/** The events given, or those read for the regions with drift; none to attribute with when neither. */
async function eventsOf(input: AuditInput, drift: Drift, window: { from: string; to: string }): Promise<LookedUpEvents | undefined> {
  if (input.events) return { events: input.events, unavailable: [] };
  if (!input.lookupEvents) return undefined;
  const regions = lookupRegions(drift);
  // No drift, nothing to name: no request.
  if (regions.length === 0) return { events: [], unavailable: [] };
  return input.lookupEvents({ window, regions });
}

/** Drift against the pinned snapshot; finding history still continues from the previous run. */
async function baselineOf(store: FindingsStore, accountId: string): Promise<Snapshot> {
  const baseline = await store.getBaseline(accountId);
  if (!baseline) throw new BaselineMissingError(`no baseline pinned for account ${accountId}: run \`driftwarden baseline set\` first`);
  return baseline;
}

export class BaselineMissingError extends Error {
  override name = "BaselineMissingError";
}
