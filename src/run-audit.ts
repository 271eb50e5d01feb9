/**
 * The audit pipeline after collection, shared by the CLI and the Lambda
 * handler: evaluate → suppress → compare with the previous run → report → record.
 */
import type { AttributionInput } from "./attribute/attribute.js";
import { attributeDrift } from "./attribute/attribute.js";
import type { CloudTrailEvent } from "./attribute/events.js";
import type { EventLookup, LookedUpEvents } from "./attribute/lookup.js";
import { lookupRegions } from "./attribute/lookup.js";
import type { ObservedSince } from "./attribute/observed-since.js";
import { observedSince } from "./attribute/observed-since.js";
import type { DriftwardenConfig } from "./config/config.js";
import type { ExplainedBy } from "./types/explained-by.js";
import { withFresherRecords } from "./diff/fresher-records.js";
import { nextState, unrecordedRun } from "./diff/next-state.js";
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
  const explainedBy = new Map(input.config.rules.flatMap(({ rule }) => (rule.explainedBy ? [[rule.id, rule.explainedBy] as const] : [])));
  const now = input.now.toISOString();
  const { snapshot, decided, outcome, unused, firstRun, observed, window } = await decide(input, explainedBy, now);
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
    finishedAt: now,
    ...(outcome.drift && { drift: attributed?.drift ?? outcome.drift }),
    // Without a stored run there is nothing to compare with: every failure is new.
    ...(store && { transitions: attributed?.transitions ?? outcome.transitions, firstRun }),
    ...(attributed && { attribution: attributed.summary }),
    unusedSuppressions: unused,
  });
  if (!store || !decided || input.dryRun) return { report };
  await input.beforeRecord?.(report);
  return { report, recorded: await store.recordRun({ run: report.run, ...decided.state }) };
}

/**
 * Loads the previous run, evaluates and compares, in a function of its own so
 * that the previous run's state and the evaluated findings (copied into the
 * outcome) are let go when it returns, before the report is built and the
 * run recorded: at 50k resources each is a copy of the account's findings.
 */
async function decide(input: AuditInput, explainedBy: ReadonlyMap<string, ExplainedBy>, now: string) {
  const { store } = input;
  const stored = store ? await store.loadPrevious(input.snapshot.accountId) : undefined;
  const snapshot = withFresherRecords(input.snapshot, stored?.snapshot);
  const { findings, unused } = applySuppressions(evaluateSnapshot(snapshot, input.config.rules), input.config.suppressions, input.now);
  const against = store && input.against === "baseline" ? await baselineOf(store, snapshot.accountId) : undefined;
  const scope = { regions: snapshot.regions, ruleIds: input.config.rules.map((r) => r.rule.id), ...(input.resourceTypes && { resourceTypes: input.resourceTypes }) };
  // Without a store there is nothing to compare with and nothing to record: only the findings' first and last seen are decided.
  const decided = store && nextState({ ...(stored && { stored }), ...(against && { against }), snapshot, findings, scope, runId: input.runId, now, explainedBy });
  const outcome = decided ?? unrecordedRun(findings, now);
  return { snapshot, decided, outcome, unused, firstRun: !stored, ...attributionWindow(against ?? stored?.snapshot, snapshot, outcome.drift) };
}

/**
 * The events that count are those after the snapshot drift is measured from (the previous run's, or the pinned baseline's) up to this one,
 * and for a record that snapshot kept from an earlier run, after it was really read.
 */
function attributionWindow(reference: Snapshot | undefined, snapshot: Snapshot, drift: Drift | undefined): { observed?: ObservedSince; window?: { from: string; to: string } } {
  if (!reference) return {};
  return { ...(drift && { observed: observedSince(reference, drift) }), window: { from: reference.takenAt, to: snapshot.takenAt } };
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
