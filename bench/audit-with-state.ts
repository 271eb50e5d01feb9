/**
 * A nightly audit at scale against the previous night's state, as the CLI
 * runs it: night 1 is audited and recorded in a file store (in one child
 * process), then night 2, about 1 % drifted, is read from its snapshot file
 * and audited against that state (in another), which is what is measured:
 * load the previous state, evaluate, decide the next state, record.
 */
import { mkdtemp, rm } from "node:fs/promises";
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

export type AuditJob = { kind: "audit-night-1"; size: number; seed: number; directory: string } | { kind: "audit-night-2"; directory: string };

export interface AuditBench {
  resources: number;
  /** Night 2 read from its file, audited against night 1's state, and recorded. */
  auditMs: number;
  written: unknown;
}

// Benchmarks time the work, not the date: both nights are stamped from fixed days.
const NIGHT_1 = new Date("2026-11-01T02:00:00.000Z");
const NIGHT_2 = new Date("2026-11-02T02:00:00.000Z");

export async function benchAuditNight(job: AuditJob): Promise<AuditBench> {
  const config = defaultConfig(allRules);
  if (job.kind === "audit-night-1") {
    const account = syntheticAccount({ resources: job.size, seed: job.seed });
    const first = await collectSynthetic(account, syntheticEndpoint(account, { latencyMs: 0, throttling: false }));
    const second: Snapshot = { ...driftedSnapshot(first), takenAt: NIGHT_2.toISOString() };
    await writeSnapshot(join(job.directory, "night-2.json"), second);
    const store = new FileFindingsStore({ directory: join(job.directory, "state"), now: () => NIGHT_1 });
    const started = performance.now();
    const outcome = await runAudit({ snapshot: { ...first, takenAt: NIGHT_1.toISOString() }, config, runId: "night-1", startedAt: NIGHT_1, now: NIGHT_1, store });
    return { resources: first.resources.length, auditMs: Math.round(performance.now() - started), written: outcome.recorded };
  }
  const started = performance.now();
  const snapshot = await readSnapshot(join(job.directory, "night-2.json"));
  const store = new FileFindingsStore({ directory: join(job.directory, "state"), now: () => NIGHT_2 });
  const outcome = await runAudit({ snapshot, config, runId: "night-2", startedAt: NIGHT_2, now: NIGHT_2, store });
  return { resources: snapshot.resources.length, auditMs: Math.round(performance.now() - started), written: outcome.recorded };
}

export async function withAuditDirectory<T>(use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), "driftwarden-bench-audit-"));
  try {
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
