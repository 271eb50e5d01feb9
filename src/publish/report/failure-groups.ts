/**
 * How a run's failures are told after the first run: what changed tonight
 * (NEW, REGRESSED, RESOLVED) apart from the failures that were already there,
 * and those folded into a count per rule.
 */
import type { Transition } from "../../diff/types.js";
import type { Finding, Severity } from "../../types/finding.js";
import { SEVERITIES, severityRank } from "../../types/finding.js";
import { compareText } from "../../types/order.js";
import { notableTransitions } from "./presentation.js";

export interface ChangedAndPersisting {
  /** NEW, REGRESSED, then RESOLVED; most severe first within each. */
  changes: Transition[];
  /** Failing findings that are not NEW or REGRESSED tonight: failing before too, or carried over from an earlier run. */
  persisting: Finding[];
}

export function splitChanges(failing: readonly Finding[], transitions: readonly Transition[]): ChangedAndPersisting {
  const changes = notableTransitions(transitions);
  const changed = new Set(changes.filter((t) => t.kind !== "RESOLVED").map((t) => t.findingId));
  return { changes, persisting: failing.filter((f) => !changed.has(f.id)) };
}

export interface RuleFold {
  ruleId: string;
  count: number;
  /** The most severe first; a rule can judge resources at several severities (an unattached group lower). */
  severities: { severity: Severity; count: number }[];
}

/** One entry per rule, the rule with the most severe finding first, then the one with more findings. */
export function foldByRule(findings: readonly Finding[]): RuleFold[] {
  const byRule = new Map<string, Map<Severity, number>>();
  for (const f of findings) {
    const counts = byRule.get(f.ruleId) ?? new Map<Severity, number>();
    counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    byRule.set(f.ruleId, counts);
  }
  const folds = [...byRule].map(([ruleId, counts]) => ({
    ruleId,
    count: [...counts.values()].reduce((a, b) => a + b, 0),
    severities: SEVERITIES.filter((s) => counts.has(s)).map((severity) => ({ severity, count: counts.get(severity)! })),
  }));
  return folds.sort(
    (a, b) => severityRank(a.severities[0]!.severity) - severityRank(b.severities[0]!.severity) || b.count - a.count || compareText(a.ruleId, b.ruleId),
  );
}

/** "rds-multi-az: 3 persisting (high)"; "(2 high, 1 medium)" when the severities differ. */
export function foldLine(fold: RuleFold): string {
  const severities = fold.severities.length === 1 ? fold.severities[0]!.severity : fold.severities.map((s) => `${s.count} ${s.severity}`).join(", ");
  return `${fold.ruleId}: ${fold.count} persisting (${severities})`;
}
