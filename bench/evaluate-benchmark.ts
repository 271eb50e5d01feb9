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
  /** Median of RUNS runs of evaluateSnapshot, once warm (see WARM_UP_RUNS). */
  evaluateMs: number;
  /** The first evaluation of the snapshot, before the engine has compiled the rules: what a process that evaluates once pays. */
  firstRunMs: number;
  evaluationsPerSecond: number;
  findings: number;
  /** The rules' evaluate() calls alone (each rule's median of RUNS), outcomes discarded: what evaluateMs spends beyond it builds and keeps the findings. */
  ruleLogicMs: number;
  ruleLogicPerSecond: number;
  /** Building the SnapshotIndex rules look related resources up in (part of evaluateMs). */
  indexMs: number;
  /** The rules taking longest over the whole snapshot. */
  slowestRules: { rule: string; resources: number; ms: number }[];
  diff: { before: number; after: number; ms: number; added: number; removed: number; modified: number };
}

/** Runs of each timing, their median taken: a 2-core machine's runs of a fifth of a second vary by a third from one to the next. */
const RUNS = 15;
/**
 * Untimed runs first: the engine compiles a function once it has run enough, and a rule that judges a few
 * hundred resources gets there only over several evaluations; evaluateMs is the speed of the compiled code.
 */
const WARM_UP_RUNS = 5;

export async function benchEvaluation(job: EvaluateJob): Promise<EvaluationBench> {
  const { snapshot, snapshotBuildMs } = await collected(job);

  const rules = withDefaults(allRules);
  const index = new SnapshotIndex(snapshot);
  const evaluations = rules.reduce((n, { rule }) => n + rule.resourceTypes.reduce((m, type) => m + index.all(type).length, 0), 0);
  const firstRunMs = timedFine(() => evaluateSnapshot(snapshot, rules).length).ms;
  for (let i = 1; i < WARM_UP_RUNS; i++) evaluateSnapshot(snapshot, rules);
  // Only the count is kept: each run's findings are garbage by the next, as they would be in a run of their own.
  const runs = Array.from({ length: RUNS }, () => timedFine(() => evaluateSnapshot(snapshot, rules).length));
  const evaluateMs = median(runs.map((r) => r.ms));

  const indexMs = tenths(median(Array.from({ length: RUNS }, () => timedFine(() => new SnapshotIndex(snapshot)).ms)));
  // Each rule's own cost, over the index built once (evaluateSnapshot builds one per call),
  // keeping no outcome: the rules' logic alone, without building and keeping the findings.
  const perRule = rules.map(({ rule, params }) => {
    const resources = rule.resourceTypes.flatMap((type) => index.all(type));
    const ctx = { params, snapshot: index };
    const times = Array.from({ length: RUNS }, () => timedFine(() => resources.forEach((r) => rule.evaluate(r, ctx))).ms);
    return { rule: rule.id, resources: resources.length, ms: median(times) };
  });
  const ruleLogicMs = perRule.reduce((sum, r) => sum + r.ms, 0);
  const slowestRules = perRule
    .map((r) => ({ ...r, ms: tenths(r.ms) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);

  return {
    resources: snapshot.resources.length,
    snapshotBuildMs,
    rules: rules.length,
    evaluations,
    evaluateMs: Math.round(evaluateMs),
    firstRunMs: Math.round(firstRunMs),
    evaluationsPerSecond: Math.round(evaluations / (evaluateMs / 1000)),
    ruleLogicMs: Math.round(ruleLogicMs),
    ruleLogicPerSecond: Math.round(evaluations / (ruleLogicMs / 1000)),
    indexMs,
    findings: runs[0]!.value,
    slowestRules,
    diff: benchDiff(snapshot),
  };
}

/** The snapshot alone: the synthetic account and its endpoint are left behind, as a run evaluating a snapshot has neither. */
async function collected(job: EvaluateJob): Promise<{ snapshot: Snapshot; snapshotBuildMs: number }> {
  const account = syntheticAccount({ resources: job.size, seed: job.seed });
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  const built = performance.now();
  const collected = await collectSynthetic(account, endpoint);
  const snapshotBuildMs = Math.round(performance.now() - built);
  if (collected.errors.length > 0) throw new Error(`collecting the ${job.size}-resource snapshot failed: ${JSON.stringify(collected.errors.slice(0, 3))}`);
  // As a run holds its records, read from text: the SDK parses each response's body, a snapshot file and a store's
  // previous run are parsed JSON. Most of the synthetic endpoint's answers are objects of its account model instead,
  // whose ids are strings it joined from pieces, slower to hash and look up (220–230 ms against 150–170 ms to evaluate 50k).
  return { snapshot: JSON.parse(JSON.stringify(collected)) as Snapshot, snapshotBuildMs };
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

function timedFine<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
