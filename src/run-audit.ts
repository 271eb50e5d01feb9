/**
 * The audit pipeline after collection, shared by the CLI and the Lambda
 * handler: evaluate → suppress → (diff against the previous run) → report.
 */
import { allRules } from "../rules/index.js";
import type { DriftwardenConfig } from "./config/config.js";
import { evaluateSnapshot } from "./evaluate/evaluate.js";
import { applySuppressions } from "./evaluate/suppressions.js";
import type { AuditReport } from "./publish/report/audit-report.js";
import { buildReport } from "./publish/report/build-report.js";
import type { Snapshot } from "./types/resource.js";

export interface AuditInput {
  snapshot: Snapshot;
  config: DriftwardenConfig;
  runId: string;
  startedAt: Date;
  now: Date;
}

export function auditSnapshot(input: AuditInput): AuditReport {
  const evaluated = evaluateSnapshot(input.snapshot, input.config.rules);
  const { findings, unused } = applySuppressions(evaluated, input.config.suppressions, input.now);
  return buildReport({
    runId: input.runId,
    snapshot: input.snapshot,
    findings,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.now.toISOString(),
    unusedSuppressions: unused,
  });
}

export { allRules };
