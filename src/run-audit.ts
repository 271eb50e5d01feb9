/**
 * The audit pipeline after collection, shared by the CLI and the Lambda
 * handler: evaluate → suppress → compare with the previous run → report → record.
 */
import type { DriftwardenConfig } from "./config/config.js";
import { compareRuns } from "./diff/compare-runs.js";
import { splitByScope, withKept } from "./diff/scope.js";
import type { PreviousState } from "./diff/compare-runs.js";
import { evaluateSnapshot } from "./evaluate/evaluate.js";
import { applySuppressions } from "./evaluate/suppressions.js";
import type { AuditReport } from "./publish/report/audit-report.js";
import { buildReport } from "./publish/report/build-report.js";
import type { FindingsStore, RecordRunResult } from "./publish/store/findings-store.js";
import type { Snapshot } from "./types/resource.js";

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
  /**
   * Runs after the report is built and before the run is recorded (the alert):
   * should the process die in between, the redelivered run is not yet recorded
   * and does it again, rather than the alert being lost.
   */
  beforeRecord?: (report: AuditReport) => Promise<void>;
}

export interface AuditOutcome {
  report: AuditReport;
  /** Absent when nothing was recorded (no store, or a dry run). */
  recorded?: RecordRunResult;
}

export async function runAudit(input: AuditInput): Promise<AuditOutcome> {
  const { snapshot, store } = input;
  const evaluated = evaluateSnapshot(snapshot, input.config.rules);
  const { findings, unused } = applySuppressions(evaluated, input.config.suppressions, input.now);
  const previous = store ? await previousState(store, snapshot.accountId, input.against ?? "previous") : undefined;
  const scoped = previous && splitByScope(previous, { regions: snapshot.regions, ruleIds: input.config.rules.map((r) => r.rule.id) });
  const comparison = compareRuns({ ...(scoped && { previous: scoped.compared }), snapshot, findings, now: input.now.toISOString() });
  const report = buildReport({
    runId: input.runId,
    snapshot,
    findings: comparison.findings,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.now.toISOString(),
    ...(comparison.drift && { drift: comparison.drift }),
    ...(store && { transitions: comparison.transitions }),
    unusedSuppressions: unused,
  });
  if (!store || input.dryRun) return { report };
  await input.beforeRecord?.(report);
  const recorded = await store.recordRun({
    run: report.run,
    snapshot: withKept(snapshot, scoped?.kept),
    findings: [...comparison.findings, ...(scoped?.kept.findings ?? [])],
    gone: comparison.gone,
    transitions: comparison.transitions,
  });
  return { report, recorded };
}

async function previousState(store: FindingsStore, accountId: string, against: "previous" | "baseline"): Promise<PreviousState | undefined> {
  const previous = await store.loadPrevious(accountId);
  if (against === "previous") return previous;
  const baseline = await store.getBaseline(accountId);
  if (!baseline) throw new BaselineMissingError(`no baseline pinned for account ${accountId}: run \`driftwarden baseline set\` first`);
  // Drift against the pinned snapshot; finding history still continues from the previous run.
  return { snapshot: baseline, findings: previous?.findings ?? [] };
}

export class BaselineMissingError extends Error {
  override name = "BaselineMissingError";
}
