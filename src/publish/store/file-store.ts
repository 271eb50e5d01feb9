/**
 * The findings store of the CLI: a directory (default .driftwarden/) with one
 * folder per account:
 *
 *   <account>/runs.json            runs, newest first
 *   <account>/findings.json        latest findings (stale and resolved-gone ones included)
 *   <account>/history.json         finding id → changes, newest first, within the retention period
 *   <account>/snapshots/<run>.json snapshots of the most recent runs (keepSnapshots)
 *   <account>/baseline.json        the pinned baseline
 *   <account>/claims/              run claims of the audit job (claim-files.ts)
 *   <account>.lock/                held by a CLI run from loading the previous run to recording its own (lock())
 *
 * Every file is written to a temporary name and renamed, so an interrupted
 * run leaves the previous version in place; runs.json is written last, so a
 * run is recorded only once everything else is.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { resourceHashes } from "../../types/canonical.js";
import { readSnapshot, writeSnapshot } from "../../snapshot/snapshot-file.js";
import type { Finding } from "../../types/finding.js";
import { atLeast, isGone, severityRank, upgradeStoredFinding } from "../../types/finding.js";
import type { Snapshot } from "../../types/resource.js";
import type { RunSummary } from "../report/audit-report.js";
import { claimByFile, releaseByFile } from "./claim-files.js";
import type { ClaimRunResult, FindingHistoryEntry, FindingsStore, OpenFindingsQuery, PreviousRun, RecordRunInput, RecordRunResult, RunClaim } from "./findings-store.js";
import { DEFAULT_RETENTION_DAYS } from "./findings-store.js";
import { expiryOf } from "./retention.js";
import { compareText } from "../../types/order.js";

export const DEFAULT_STORE_DIRECTORY = ".driftwarden";

export interface FileStoreOptions {
  /** Default ".driftwarden" (relative to the working directory). */
  directory?: string;
  /** Snapshots of this many most recent runs are kept (default 5); the latest always is. */
  keepSnapshots?: number;
  /** How long history entries and resolved-gone findings are kept (default 90 days). */
  retentionDays?: number;
  /** The clock retention is judged by; required so that no caller reads the wall clock by accident. */
  now: () => Date;
  /** How long lock() waits for another run to release the account (default 10 s, as long as a dead run's lock takes to go stale). */
  lockWaitMs?: number;
}

/** A state file that cannot be read as what the store wrote: named, with what to do about it. */
export class StateFileError extends Error {
  override name = "StateFileError";
}

/** Another run holds the account's lock and did not release it within lockWaitMs. */
export class StoreLockedError extends Error {
  override name = "StoreLockedError";
}

/** An account held by lock(), until released. */
export interface StoreLock {
  /** Throws when the lock was lost (not refreshed within 10 s, so another run may have taken it): record nothing then. */
  assertHeld(): void;
  release(): Promise<void>;
}

/** A lock not refreshed for this long belongs to a run that died, and is taken over. */
const LOCK_STALE_MS = 10_000;
const LOCK_RETRY_MS = 100;

interface RunEntry {
  run: RunSummary;
  seenAt: string;
  /** File name under snapshots/, until the snapshot is pruned. */
  snapshot?: string;
}

interface FindingsFile {
  runId: string;
  findings: Finding[];
}

type HistoryFile = Record<string, FindingHistoryEntry[]>;

export class FileFindingsStore implements FindingsStore {
  readonly directory: string;
  private readonly keepSnapshots: number;
  private readonly retentionDays: number;
  private readonly now: () => Date;
  private readonly lockWaitMs: number;

  constructor(options: FileStoreOptions) {
    this.directory = options.directory ?? DEFAULT_STORE_DIRECTORY;
    this.keepSnapshots = Math.max(1, options.keepSnapshots ?? 5);
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.now = options.now;
    this.lockWaitMs = Math.max(0, options.lockWaitMs ?? LOCK_STALE_MS);
  }

  /**
   * Holds the account for one run, from loading the previous run to recording
   * this one, so that two runs never interleave their reads and writes. Waits
   * up to lockWaitMs for another holder, then throws StoreLockedError. The
   * lock is a directory beside the account's folder (<account>.lock), kept
   * fresh while held and removed on release or when the process exits.
   */
  async lock(accountId: string): Promise<StoreLock> {
    const target = this.path(accountId);
    await mkdir(this.directory, { recursive: true });
    let lost: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(target, {
        realpath: false,
        lockfilePath: `${target}.lock`,
        stale: LOCK_STALE_MS,
        // proper-lockfile caches the filesystem's mtime precision on the fs object it is given, and once it has,
        // stamps a new lock with the filesystem's clock rather than this process's, which it then judges staleness
        // by: where the two differ (a network drive, a shifted test clock) a fresh lock would look stale and be
        // taken over. A new object per lock has no cache, so every lock is stamped from this process's clock.
        fs: Object.create(fs),
        retries: { retries: Math.ceil(this.lockWaitMs / LOCK_RETRY_MS), factor: 1, minTimeout: LOCK_RETRY_MS, maxTimeout: LOCK_RETRY_MS },
        // The default throws from a timer and ends the process mid-write; remember it and refuse to record instead.
        onCompromised: (error) => {
          lost = error;
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      throw new StoreLockedError(
        `another driftwarden run holds the state directory ${this.directory} for account ${accountId} (waited ${Math.round(this.lockWaitMs / 100) / 10} s); try again when it ends`,
      );
    }
    return {
      assertHeld() {
        if (lost) throw new Error(`lost the lock on ${target}.lock (${lost.message}); another run may have recorded meanwhile`);
      },
      async release() {
        if (lost) return;
        // A lock that cannot be removed goes stale and is taken over: not worth failing a recorded run for.
        await release().catch(() => undefined);
      },
    };
  }

  async recordRun(input: RecordRunInput): Promise<RecordRunResult> {
    const { run } = input;
    if (input.snapshot.accountId !== run.accountId) throw new Error(`run ${run.id} is for account ${run.accountId} but its snapshot is of ${input.snapshot.accountId}`);
    const accountId = run.accountId;
    const runs = await this.readRuns(accountId);
    if (runs.some((entry) => entry.run.id === run.id)) return { status: "already-recorded", runId: run.id };

    const { resources, findings } = input.changes;
    const snapshotFile = `${encodeURIComponent(run.id)}.json`;
    await writeSnapshot(this.path(accountId, "snapshots", snapshotFile), input.snapshot);
    await this.writeHistory(accountId, findings.history);
    await this.writeJson(accountId, "findings.json", { runId: run.id, findings: [...input.findings, ...input.gone] } satisfies FindingsFile);

    const updated: RunEntry[] = [{ run, seenAt: input.seenAt, snapshot: snapshotFile }, ...runs];
    for (const entry of updated.slice(this.keepSnapshots)) {
      if (!entry.snapshot) continue;
      await rm(this.path(accountId, "snapshots", entry.snapshot), { force: true });
      delete entry.snapshot;
    }
    await this.writeJson(accountId, "runs.json", updated);
    return {
      status: "recorded",
      runId: run.id,
      written: { resources: resources.put.length + resources.deleteKeys.length, findings: findings.put.length + findings.deleteIds.length, history: findings.history.length },
    };
  }

  async loadPrevious(accountId: string): Promise<PreviousRun | undefined> {
    const [latest] = await this.readRuns(accountId);
    if (!latest?.snapshot) return undefined;
    const snapshot = await readSnapshot(this.path(accountId, "snapshots", latest.snapshot));
    const stored = await this.readJson<FindingsFile>(accountId, "findings.json", { runId: "", findings: [] });
    const findings = stored.findings.map(upgradeStoredFinding).filter((f) => !isGone(f) || this.retained(f.lifecycle!.gone!.at));
    return { run: latest.run, findings, resourceHashes: resourceHashes(snapshot), snapshot };
  }

  async openFindings(accountId: string, query: OpenFindingsQuery = {}): Promise<Finding[]> {
    const { findings } = await this.readJson<FindingsFile>(accountId, "findings.json", { runId: "", findings: [] });
    return findings
      .filter((f) => f.status === "FAIL" && (query.severity === undefined || f.severity === query.severity) && (query.atLeast === undefined || atLeast(f.severity, query.atLeast)))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.ruleId, b.ruleId) || compareText(a.id, b.id))
      .map(upgradeStoredFinding);
  }

  async findingHistory(accountId: string, findingId: string): Promise<FindingHistoryEntry[]> {
    const history = await this.readJson<HistoryFile>(accountId, "history.json", {});
    return (history[findingId] ?? []).filter((entry) => this.retained(entry.at));
  }

  async listRuns(accountId: string, options: { limit?: number } = {}): Promise<RunSummary[]> {
    return (await this.readRuns(accountId)).slice(0, options.limit).map((entry) => entry.run);
  }

  async setBaseline(accountId: string, snapshot: Snapshot): Promise<void> {
    if (snapshot.accountId !== accountId) throw new Error(`the baseline snapshot is of account ${snapshot.accountId}, not ${accountId}`);
    await writeSnapshot(this.path(accountId, "baseline.json"), snapshot);
  }

  /** Claims are files created exclusively, so they hold between processes that share the directory. */
  claimRun(accountId: string, runId: string, claim: RunClaim): Promise<ClaimRunResult> {
    return claimByFile(this.path(accountId, "claims"), runId, claim);
  }

  releaseClaim(accountId: string, runId: string, release: { holder: string; now: Date }): Promise<void> {
    return releaseByFile(this.path(accountId, "claims"), runId, release.holder);
  }

  async getRun(accountId: string, runId: string): Promise<RunSummary | undefined> {
    return (await this.readRuns(accountId)).find((entry) => entry.run.id === runId)?.run;
  }

  async getBaseline(accountId: string): Promise<Snapshot | undefined> {
    const path = this.path(accountId, "baseline.json");
    return (await exists(path)) ? readSnapshot(path) : undefined;
  }

  private async writeHistory(accountId: string, entries: FindingHistoryEntry[]): Promise<void> {
    const history = await this.readJson<HistoryFile>(accountId, "history.json", {});
    for (const entry of entries) (history[entry.findingId] ??= []).unshift(entry);
    const pruned: HistoryFile = {};
    for (const [id, list] of Object.entries(history)) {
      const kept = list.filter((entry) => this.retained(entry.at));
      if (kept.length > 0) pruned[id] = kept;
    }
    await this.writeJson(accountId, "history.json", pruned);
  }

  private retained(at: string): boolean {
    return expiryOf(at, this.retentionDays) * 1000 > this.now().getTime();
  }

  private readRuns(accountId: string): Promise<RunEntry[]> {
    return this.readJson<RunEntry[]>(accountId, "runs.json", []);
  }

  private path(accountId: string, ...parts: string[]): string {
    // The account id names a folder: refuse anything that could leave the store directory.
    if (!/^[A-Za-z0-9_-]+$/.test(accountId)) throw new Error(`invalid account id ${JSON.stringify(accountId)}`);
    return join(this.directory, accountId, ...parts);
  }

  private async readJson<T>(accountId: string, file: string, empty: T): Promise<T> {
    const path = this.path(accountId, file);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StateFileError(`${path}: not valid JSON (${(error as Error).message}); restore it or remove it to start the account's history afresh`);
    }
  }

  private async writeJson(accountId: string, file: string, value: unknown): Promise<void> {
    const path = this.path(accountId, file);
    await mkdir(join(this.directory, accountId), { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    // Machine state, read back by the next run: compact, since it holds every finding of the account.
    await writeFile(temp, `${JSON.stringify(value)}\n`);
    await rename(temp, path);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
