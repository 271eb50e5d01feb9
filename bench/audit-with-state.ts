/**
 * A nightly audit at scale, as the CLI runs it: both nights' snapshots are
 * prepared as files first (in one child process, so that the synthetic
 * account's memory is not counted), then each measured audit reads its night
 * from its file in a child process of its own: night 1 recorded in an empty
 * file store (the first run), night 2, about 1 % drifted, against night 1's
 * state (load the previous state, evaluate, decide the next state, record),
 * and night 2 again without a store (`--no-state`), what state costs being
 * the difference between the two.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allRules } from "../rules/index.js";
import { defaultConfig } from "../src/config/config.js";
import { FileFindingsStore } from "../src/publish/store/file-store.js";
import { runAudit } from "../src/run-audit.js";
import { readSnapshot, writeSnapshot } from "../src/snapshot/snapshot-file.js";
import type { Snapshot } from "../src/types/resource.js";
import { syntheticAccount } from "../test/support/synthetic/account.js";
import { collectSynthetic, syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";
import { driftedSnapshot } from "./drift.js";

export type AuditJob =
  | { kind: "audit-prepare"; size: number; seed: number; directory: string }
  /** `state: false`: no store, as `audit --no-state`; the state directory is left as it is. */
  | { kind: "audit-night"; night: 1 | 2; state: boolean; directory: string }
  /** The state night 1 recorded, read back alone as night 2 reads it before anything else: what any run with state pays. */
  | { kind: "audit-previous"; directory: string };

export interface AuditBench {
  resources: number;
  /** The night read from its file, audited (against the previous night's state, with state), and recorded. */
  auditMs: number;
  written: unknown;
}

/** The nights measured besides night 2 with state (which keeps its place in the results as `auditWithState`). */
export interface AuditNights<M> {
  firstRun: M;
  secondWithoutState: M;
  /** Night 1's state read back alone (absent from results of earlier versions). */
  previousRead?: M;
}

// Benchmarks time the work, not the date: both nights are stamped from fixed days.
const NIGHTS = { 1: new Date("2026-11-01T02:00:00.000Z"), 2: new Date("2026-11-02T02:00:00.000Z") } as const;

const snapshotFile = (directory: string, night: 1 | 2) => join(directory, `night-${night}.json`);

export async function benchAuditNight(job: AuditJob): Promise<AuditBench> {
  if (job.kind === "audit-prepare") {
    const account = syntheticAccount({ resources: job.size, seed: job.seed });
    const first: Snapshot = { ...(await collectSynthetic(account, syntheticEndpoint(account, { latencyMs: 0, throttling: false }))), takenAt: NIGHTS[1].toISOString() };
    await writeSnapshot(snapshotFile(job.directory, 1), first);
    await writeSnapshot(snapshotFile(job.directory, 2), { ...driftedSnapshot(first), takenAt: NIGHTS[2].toISOString() });
    return { resources: first.resources.length, auditMs: 0, written: undefined };
  }
  if (job.kind === "audit-previous") return readPrevious(join(job.directory, "state"));
  const at = NIGHTS[job.night];
  const config = defaultConfig(allRules);
  const started = performance.now();
  const snapshot = await readSnapshot(snapshotFile(job.directory, job.night));
  const store = job.state ? new FileFindingsStore({ directory: join(job.directory, "state"), now: () => at }) : undefined;
  const outcome = await runAudit({ snapshot, config, runId: `night-${job.night}`, startedAt: at, now: at, ...(store && { store }) });
  return { resources: snapshot.resources.length, auditMs: Math.round(performance.now() - started), written: outcome.recorded ?? "nothing (no state)" };
}

/** `auditMs` here is the time loadPrevious takes; `resources` the records it read. */
async function readPrevious(directory: string): Promise<AuditBench> {
  const [accountId] = (await readdir(directory)).filter((name) => !name.endsWith(".lock"));
  const store = new FileFindingsStore({ directory, now: () => NIGHTS[2] });
  const started = performance.now();
  const previous = await store.loadPrevious(accountId!);
  const auditMs = Math.round(performance.now() - started);
  return { resources: previous?.snapshot.resources.length ?? 0, auditMs, written: `nothing (read ${previous?.findings.length ?? 0} findings)` };
}

export async function withAuditDirectory<T>(use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), "driftwarden-bench-audit-"));
  try {
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
