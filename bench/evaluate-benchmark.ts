/**
 * Rule evaluation and drift at scale, without the network: the snapshot is
 * collected from the synthetic account through the fake endpoint with no
 * latency and no throttling (so its records are exactly what the collectors
 * make), then every rule runs over it, and it is diffed against a copy with
 * about 1 % of the resources changed.
 */
import { diffResources } from "../src/diff/resource-drift.js";
import { evaluateSnapshot, withDefaults } from "../src/evaluate/evaluate.js";
import { SnapshotIndex } from "../src/evaluate/snapshot-index.js";
import type { Snapshot } from "../src/types/resource.js";
import { allRules } from "../rules/index.js";
import { syntheticAccount } from "../test/support/synthetic/account.js";
import { collectSynthetic, syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";
import { driftedSnapshot } from "./drift.js";

export interface EvaluateJob {
  kind: "evaluate";
  size: number;
  seed: number;
}

export interface EvaluationBench {
  resources: number;
  snapshotBuildMs: number;
  rules: number;
  /** Rule × resource evaluations: each rule over each resource of its types. */
  evaluations: number;
  /** Median of three runs of evaluateSnapshot. */
  evaluateMs: number;
  evaluationsPerSecond: number;
  findings: number;
  /** The rules' evaluate() calls alone, outcomes discarded: what evaluateMs spends beyond it builds and keeps the findings. */
  ruleLogicMs: number;
  ruleLogicPerSecond: number;
  /** Building the SnapshotIndex rules look related resources up in (part of evaluateMs). */
  indexMs: number;
  /** The rules taking longest over the whole snapshot. */
  slowestRules: { rule: string; resources: number; ms: number }[];
  diff: { before: number; after: number; ms: number; added: number; removed: number; modified: number };
}

const RUNS = 3;

export async function benchEvaluation(job: EvaluateJob): Promise<EvaluationBench> {
  const account = syntheticAccount({ resources: job.size, seed: job.seed });
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  const built = performance.now();
  const snapshot = await collectSynthetic(account, endpoint);
  const snapshotBuildMs = Math.round(performance.now() - built);
  if (snapshot.errors.length > 0) throw new Error(`collecting the ${job.size}-resource snapshot failed: ${JSON.stringify(snapshot.errors.slice(0, 3))}`);

  const rules = withDefaults(allRules);
  const index = new SnapshotIndex(snapshot);
  const evaluations = rules.reduce((n, { rule }) => n + rule.resourceTypes.reduce((m, type) => m + index.all(type).length, 0), 0);
  const runs = Array.from({ length: RUNS }, () => timed(() => evaluateSnapshot(snapshot, rules)));
  const evaluateMs = median(runs.map((r) => r.ms));

  const indexMs = timed(() => new SnapshotIndex(snapshot)).ms;
  // Each rule's own cost, over the index built once (evaluateSnapshot builds one per call),
  // keeping no outcome: the rules' logic alone, without building and keeping the findings.
  const perRule = rules.map(({ rule, params }) => {
    const resources = rule.resourceTypes.flatMap((type) => index.all(type));
    const ctx = { params, snapshot: index };
    return { rule: rule.id, resources: resources.length, ms: timedFine(() => resources.forEach((r) => rule.evaluate(r, ctx))) };
  });
  const ruleLogicMs = perRule.reduce((sum, r) => sum + r.ms, 0);
  const slowestRules = perRule
    .map((r) => ({ ...r, ms: Math.round(r.ms) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);

  return {
    resources: snapshot.resources.length,
    snapshotBuildMs,
    rules: rules.length,
    evaluations,
    evaluateMs,
    evaluationsPerSecond: Math.round(evaluations / (evaluateMs / 1000)),
    ruleLogicMs: Math.round(ruleLogicMs),
    ruleLogicPerSecond: Math.round(evaluations / (ruleLogicMs / 1000)),
    indexMs,
    findings: runs[0].value.length,
    slowestRules,
    diff: benchDiff(snapshot),
  };
}

function benchDiff(previous: Snapshot): EvaluationBench["diff"] {
  const current = driftedSnapshot(previous);
  const runs = Array.from({ length: RUNS }, () => timed(() => diffResources(previous, current)));
  const drift = runs[0].value;
  return {
    before: previous.resources.length,
    after: current.resources.length,
    ms: median(runs.map((r) => r.ms)),
    added: drift.added.length,
    removed: drift.removed.length,
    modified: drift.modified.length,
  };
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: Math.round(performance.now() - started) };
}

function timedFine(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
