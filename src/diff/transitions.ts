/** Finding transitions between two runs: NEW, REGRESSED, RESOLVED, PERSISTING. */
import type { Finding, FindingStatus } from "../types/finding.js";
import { isGone, severityRank } from "../types/finding.js";
import type { CollectionError, ResourceRef } from "../types/resource.js";
import { isIncomplete } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
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
export function computeTransitions(input: TransitionInput): TransitionResult {
  const explanations = explanationsByResource(input.drift);
  const result: TransitionResult = { transitions: [], findings: [], gone: [] };
  const transition: RecordTransition = (finding, kind, explain = true) => {
    const explanation = explain ? explanations.get(resourceKey(finding.resource)) : undefined;
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
  classifyCurrent(input, result, transition);
  carryPrevious(input, result, transition);
  result.transitions.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(resourceKey(a.resource), resourceKey(b.resource)),
  );
  return result;
}

type RecordTransition = (finding: Finding, kind: TransitionKind, explain?: boolean) => void;

/** This run's findings, each against its previous one: seen (with its transition), or kept stale where this run could not judge it. */
function classifyCurrent({ previous: previousFindings, current, errors, now }: TransitionInput, result: TransitionResult, transition: RecordTransition): void {
  const previousById = new Map(previousFindings.map((f) => [f.id, f]));
  for (const finding of current) {
    const previous = previousById.get(finding.id);
    const before = previous && !isGone(previous) ? previous : undefined;
    const unread = isIncomplete(errors, finding.resource.region, finding.resource.type);
    if (before && (finding.status === "ERROR" || (unread && kindOf(before.status, finding.status) === "RESOLVED"))) {
      const why = finding.status === "ERROR" ? finding.reason : incompleteReason(errors, finding);
      result.findings.push(stale(before, why));
      continue;
    }
    const seen: Finding = { ...finding, firstSeen: previous?.firstSeen ?? now, lastSeen: now };
    result.findings.push(seen);
    const kind = kindOf(previous?.status, finding.status);
    if (kind === "RESOLVED") transition({ ...seen, severity: previous!.severity }, kind);
    else if (kind) transition(seen, kind, kind !== "PERSISTING");
  }
}

/** The previous findings this run did not produce: retained gone ones, stale ones where it could not read, resolved ones whose resource is gone. */
function carryPrevious({ previous: previousFindings, current, errors, drift, present, now }: TransitionInput, result: TransitionResult, transition: RecordTransition): void {
  const currentIds = new Set(current.map((f) => f.id));
  const removed = new Set(drift.removed.map(resourceKey));
  const isGoneNow = (finding: Finding) => (present ? !present.has(resourceKey(finding.resource)) : removed.has(resourceKey(finding.resource)));
  for (const previous of previousFindings) {
    if (currentIds.has(previous.id)) continue;
    if (isGone(previous)) result.gone.push(previous);
    else if (isIncomplete(errors, previous.resource.region, previous.resource.type)) {
      result.findings.push(stale(previous, incompleteReason(errors, previous)));
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

function incompleteReason(errors: CollectionError[], finding: Finding): string {
  const { region, type } = finding.resource;
  const error = errors.find((e) => e.region === region && e.resourceTypes.includes(type));
  return `${type} in ${region} not fully collected in this run${error ? ` (${error.service} ${error.operation}: ${error.code})` : ""}`;
}

function explanationsByResource(drift: Drift): Map<string, string> {
  const out = new Map<string, string>();
  for (const ref of drift.added) out.set(resourceKey(ref), "resource created");
  for (const ref of drift.removed) out.set(resourceKey(ref), "resource deleted");
  for (const modified of drift.modified) out.set(resourceKey(modified.resource), explainChanges(modified));
  return out;
}

export function refOfFinding(finding: Finding): ResourceRef {
  const { type, id, arn, name, region } = finding.resource;
  return { type, id, region, ...(arn && { arn }), ...(name && { name }) };
}
