/** Finding transitions between two runs: NEW, REGRESSED, RESOLVED, PERSISTING. */
import type { Finding, FindingStatus } from "../types/finding.js";
import { isGone, rankWithSeverity, seenFinding } from "../types/finding.js";
import type { CollectionError, ResourceRef } from "../types/resource.js";
import { incompleteBy } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import type { ExplainedBy } from "../types/explained-by.js";
import { explainChanges } from "./change-summary.js";
import type { Drift, Transition, TransitionKind } from "./types.js";
import { compareText } from "../types/order.js";

export interface TransitionInput {
  /** The findings the store holds from the previous run (live, stale and resolved-gone ones). */
  previous: Finding[];
  /** This run's evaluated findings. */
  current: Finding[];
  /** This run's collection errors. */
  errors: CollectionError[];
  /** Drift from the previous run's (carried-forward) snapshot to this run's. */
  drift: Drift;
  /** This run's time: lastSeen of every finding seen, firstSeen of new ones. */
  now: string;
  /**
   * resourceKey of every resource this run read. A failing finding whose resource is
   * not among them is resolved as gone, even when the resource left in a run that did
   * not evaluate the finding's rule (so no drift names it). Without it, drift.removed decides.
   */
  present?: Set<string>;
  /** By rule id, what explains its transitions; a rule not in it is explained by any change of its resource. */
  explainedBy?: ReadonlyMap<string, ExplainedBy>;
}

export interface TransitionResult {
  transitions: Transition[];
  /** This run's findings with firstSeen/lastSeen, plus stale ones carried over. */
  findings: Finding[];
  /**
   * Findings resolved because their resource is gone, as PASS with
   * `lifecycle.gone`. Stores keep them for their
   * retention period and hand them back as `previous`, so that a resource
   * that comes back failing is REGRESSED rather than NEW.
   */
  gone: Finding[];
}

export const RESOURCE_GONE_REASON = "resource no longer exists";

const KIND_ORDER: TransitionKind[] = ["NEW", "REGRESSED", "RESOLVED", "PERSISTING"];

/**
 * Compares this run's findings with the previous ones. A finding that this
 * run could not judge (its (region, type) left incomplete by a collection
 * error, or its rule reporting ERROR) keeps its previous status and fields,
 * marked `lifecycle.stale`, and is never RESOLVED: a collection error is not a
 * resolution.
 */
/** New, regressed and resolved transitions, counted. */
export function transitionCounts(transitions: readonly Transition[]): { new: number; regressed: number; resolved: number } {
  const count = (kind: TransitionKind) => transitions.filter((t) => t.kind === kind).length;
  return { new: count("NEW"), regressed: count("REGRESSED"), resolved: count("RESOLVED") };
}

export function computeTransitions(input: TransitionInput): TransitionResult {
  const explain = explainer(input.drift, input.explainedBy);
  const result: TransitionResult = { transitions: [], findings: [], gone: [] };
  const transition: RecordTransition = (finding, kind, explained = true) => {
    const explanation = explained ? explain(finding) : undefined;
    result.transitions.push({
      findingId: finding.id,
      ruleId: finding.ruleId,
      resource: refOfFinding(finding),
      kind,
      severity: finding.severity,
      ...(explanation && { explanation }),
      reason: finding.reason,
    });
  };
  const previousById = new Map<string, Finding>();
  for (const finding of input.previous) previousById.set(finding.id, finding);
  classifyCurrent(input, previousById, result, transition);
  carryPrevious(input, result, transition);
  result.transitions = sortTransitions(result.transitions);
  return result;
}

/** By kind, severity, rule and resource; each transition's sort key made once (every failing finding has one). */
function sortTransitions(transitions: Transition[]): Transition[] {
  const keyed = transitions.map((transition) => ({ transition, rank: rankWithSeverity(KIND_ORDER.indexOf(transition.kind), transition.severity), resource: resourceKey(transition.resource) }));
  keyed.sort((a, b) => a.rank - b.rank || compareText(a.transition.ruleId, b.transition.ruleId) || compareText(a.resource, b.resource));
  return keyed.map(({ transition }) => transition);
}

type RecordTransition = (finding: Finding, kind: TransitionKind, explain?: boolean) => void;

/** This run's findings, each against its previous one: seen (with its transition), or kept stale where this run could not judge it. */
function classifyCurrent({ current, errors, now }: TransitionInput, previousById: ReadonlyMap<string, Finding>, result: TransitionResult, transition: RecordTransition): void {
  for (const finding of current) {
    const previous = previousById.get(finding.id);
    const before = previous && !isGone(previous) ? previous : undefined;
    const unreadBy = incompleteBy(errors, finding.resource.region, finding.resource.type);
    if (before && (finding.status === "ERROR" || (unreadBy && kindOf(before.status, finding.status) === "RESOLVED"))) {
      // An ERROR says why itself; otherwise the type went unread, and the error that left it so says why.
      const why = finding.status !== "ERROR" && unreadBy ? incompleteReason(finding, unreadBy) : finding.reason;
      result.findings.push(stale(before, why));
      continue;
    }
    const seen = seenFinding(finding, previous?.firstSeen ?? now, now);
    result.findings.push(seen);
    const kind = kindOf(previous?.status, finding.status);
    if (kind === "RESOLVED") transition({ ...seen, severity: previous!.severity }, kind);
    else if (kind) transition(seen, kind, kind !== "PERSISTING");
  }
}

/** The previous findings this run did not produce: retained gone ones, stale ones where it could not read, resolved ones whose resource is gone. */
function carryPrevious({ previous: previousFindings, current, errors, drift, present, now }: TransitionInput, result: TransitionResult, transition: RecordTransition): void {
  const currentIds = new Set<string>();
  for (const finding of current) currentIds.add(finding.id);
  const removed = new Set(drift.removed.map(resourceKey));
  const isGoneNow = (finding: Finding) => (present ? !present.has(resourceKey(finding.resource)) : removed.has(resourceKey(finding.resource)));
  for (const previous of previousFindings) {
    if (currentIds.has(previous.id)) continue;
    if (isGone(previous)) {
      result.gone.push(previous);
      continue;
    }
    const unreadBy = incompleteBy(errors, previous.resource.region, previous.resource.type);
    if (unreadBy) {
      result.findings.push(stale(previous, incompleteReason(previous, unreadBy)));
    } else if (isGoneNow(previous) && previous.status === "FAIL") {
      transition({ ...previous, reason: RESOURCE_GONE_REASON }, "RESOLVED");
      // What the rule last saw of a resource that is gone is no evidence for a PASS.
      const { evidence: _, ...resolved } = previous;
      result.gone.push({ ...resolved, status: "PASS", reason: RESOURCE_GONE_REASON, lifecycle: { gone: { at: now } } });
    }
    // Otherwise the finding is no longer evaluated (its rule was disabled, or no longer covers the type): dropped.
  }
}

/**
 * A finding PASS before and FAIL now (including one RESOLVED earlier) regressed;
 * FAIL after anything else (nothing, NOT_APPLICABLE, SUPPRESSED whose
 * suppression ended) is new. SUPPRESSED and ERROR are not failures, and a
 * FAIL that becomes SUPPRESSED is not resolved either.
 */
function kindOf(before: FindingStatus | undefined, now: FindingStatus): TransitionKind | undefined {
  if (now === "FAIL") return before === "FAIL" ? "PERSISTING" : before === "PASS" ? "REGRESSED" : "NEW";
  if (before === "FAIL" && (now === "PASS" || now === "NOT_APPLICABLE")) return "RESOLVED";
  return undefined;
}

function stale(finding: Finding, reason: string): Finding {
  return { ...finding, lifecycle: { ...finding.lifecycle, stale: { reason } } };
}

/** Why a finding keeps its previous state: the error that left its resource's type unread in its region. */
function incompleteReason(finding: Finding, error: CollectionError): string {
  const { region, type } = finding.resource;
  return `${type} in ${region} not fully collected in this run (${error.service} ${error.operation}: ${error.code})`;
}

/** The drift that explains a finding's transition: its resource's changes the rule reads, then those of the related types it judges from. */
function explainer(drift: Drift, explainedBy: ReadonlyMap<string, ExplainedBy> = new Map()): (finding: Finding) => string | undefined {
  const created = new Set(drift.added.map(resourceKey));
  const deleted = new Set(drift.removed.map(resourceKey));
  const modified = new Map(drift.modified.map((m) => [resourceKey(m.resource), m]));
  // One run's drift is one account's, so a related type's drift is that account's.
  const relatedLines = (type: string) => [
    ...drift.added.filter((r) => r.type === type).map((r) => `${r.name ?? r.id} created`),
    ...drift.removed.filter((r) => r.type === type).map((r) => `${r.name ?? r.id} deleted`),
    ...drift.modified.filter((m) => m.resource.type === type).map((m) => `${m.resource.name ?? m.resource.id}: ${explainChanges(m)}`),
  ];
  return (finding) => {
    const key = resourceKey(finding.resource);
    if (created.has(key)) return "resource created";
    if (deleted.has(key)) return "resource deleted";
    const rule = explainedBy.get(finding.ruleId);
    const own = modified.get(key);
    const lines = [
      ...(own ? [explainChanges(own, rule?.attributes)] : []),
      ...(rule?.related ?? []).flatMap(relatedLines),
    ].filter((line) => line !== "");
    return lines.length > 0 ? lines.join("; ") : undefined;
  };
}

export function refOfFinding(finding: Finding): ResourceRef {
  const { type, id, arn, name, region } = finding.resource;
  return { type, id, region, ...(arn && { arn }), ...(name && { name }) };
}
