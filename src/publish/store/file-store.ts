/**
 * The findings store of the CLI: a directory (default .driftwarden/) with one
 * folder per account:
 *
 *   <account>/runs.json            runs, newest first
 *   <account>/findings.json        latest findings (stale and resolved-gone ones included), as of the last run that wrote them whole,
 *                                  each resource once with its findings (findings-file.ts)
 *   <account>/findings-changes.jsonl  changes of findings since, one line a run (findings-changes.ts), while they are few
 *   <account>/history.jsonl        changes of findings, one a line, oldest first (history-file.ts)
 *   <account>/snapshots/<run>.json snapshots of the most recent runs (keepSnapshots), with their records' hashes, or for a run
 *                                  whose records differ little from a stored snapshot's, an overlay on that file (stored-snapshot.ts)
 *   <account>/baseline.json        the pinned baseline
 *   <account>/claims/              run claims of the audit job (claim-files.ts)
 *   <account>.lock/                held by a CLI run from loading the previous run to recording its own (lock())
 *
 * Every file is written to a temporary name and renamed, so an interrupted
 * run leaves the previous version in place (the two logs are appended to,
 * and a line cut short is cut off); runs.json is written last, so a run is
 * recorded only once everything else is.
 */
import fs from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { resourceHashes, resourceKey } from "../../types/canonical.js";
import { readSnapshot, writeSnapshot } from "../../snapshot/snapshot-file.js";
import type { Finding } from "../../types/finding.js";
import { atLeast, isGone, severityRank, upgradeStoredFinding } from "../../types/finding.js";
import type { Snapshot } from "../../types/resource.js";
import type { RunSummary } from "../report/audit-report.js";
import { claimByFile, releaseByFile } from "./claim-files.js";
import type { ClaimRunResult, FindingHistoryEntry, FindingsStore, OpenFindingsQuery, PreviousRun, PreviousRunOptions, RecordRunInput, RecordRunResult, RunClaim } from "./findings-store.js";
import { DEFAULT_RETENTION_DAYS } from "./findings-store.js";
import type { HistoryFiles } from "./history-file.js";
import { appendFindingChanges, FINDINGS_LOG, withFindingChanges } from "./findings-changes.js";
import { appendHistory, HISTORY_LOG, historyOf, LEGACY_HISTORY } from "./history-file.js";
import { expiryOf, isCarried } from "./retention.js";
import { shareRepeatedValues } from "./shared-values.js";
import { StateFileError } from "./state-file-error.js";
import { FINDINGS_FILE, findingsFileRunId, readFindingsFile, writeFindingsFile } from "./findings-file.js";
import { exists, readJsonFile, writeFileAtomically } from "./state-files.js";
import type { OverlayChanges } from "./stored-snapshot.js";
import { readOverlayChanges, readStoredSnapshot, writeSnapshotOverlay, writeStoredSnapshot } from "./stored-snapshot.js";
import { compareText } from "../../types/order.js";

export { StateFileError };

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
  /** When `snapshot` is an overlay (stored-snapshot.ts): the file under snapshots/ it is on. */
  resources?: string;
  /** When `snapshot` is written whole: how many records it holds. */
  records?: number;
  /** The run that last wrote findings.json whole, and how many finding changes were logged since (findings-changes.ts). */
  findingsBase?: string;
  findingChanges?: number;
}

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
    const snapshotPath = this.path(accountId, "snapshots", snapshotFile);
    const overlay = await this.overlayOf(accountId, runs[0], input);
    if (overlay) await writeSnapshotOverlay(snapshotPath, input.snapshot, overlay.on, overlay.changes);
    else await writeStoredSnapshot(snapshotPath, input.snapshot);
    await appendHistory(this.historyFiles(accountId), findings.history);
    const findingsWritten = await this.recordFindings(accountId, runs[0], input);

    const written = overlay ? { resources: overlay.on.resourcesFrom } : { records: input.snapshot.resources.length };
    const updated: RunEntry[] = [{ run, seenAt: input.seenAt, snapshot: snapshotFile, ...written, ...findingsWritten }, ...runs];
    await this.pruneSnapshots(accountId, updated);
    await this.writeJson(accountId, "runs.json", updated);
    return {
      status: "recorded",
      runId: run.id,
      written: { resources: resources.put.length + resources.deleteKeys.length, findings: findings.put.length + findings.deleteIds.length, history: findings.history.length },
    };
  }

  async loadPrevious(accountId: string, options: PreviousRunOptions = {}): Promise<PreviousRun | undefined> {
    const runs = await this.readRuns(accountId);
    const [latest] = runs;
    if (!latest?.snapshot) return undefined;
    const stored = await readStoredSnapshot(this.path(accountId, "snapshots", latest.snapshot));
    const types = options.types;
    const snapshot = types ? { ...stored, resources: stored.resources.filter((r) => types.includes(r.type)) } : stored;
    const findings = options.findings === false ? [] : (await this.readFindings(accountId, runs)).filter((f) => !isGone(f) || this.retained(f.lifecycle!.gone!.at));
    return { run: latest.run, findings, resourceHashes: resourceHashes(snapshot), snapshot };
  }

  async openFindings(accountId: string, query: OpenFindingsQuery = {}): Promise<Finding[]> {
    const findings = await this.readFindings(accountId, await this.readRuns(accountId));
    return findings
      .filter((f) => f.status === "FAIL" && (query.severity === undefined || f.severity === query.severity) && (query.atLeast === undefined || atLeast(f.severity, query.atLeast)))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.ruleId, b.ruleId) || compareText(a.id, b.id));
  }

  findingHistory(accountId: string, findingId: string): Promise<FindingHistoryEntry[]> {
    return historyOf(this.historyFiles(accountId), findingId);
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

  /**
   * Where the run's records can be written as an overlay (stored-snapshot.ts):
   * on the file the latest run's records are in (the changes were measured
   * against them), with the changes since that file was written, while those
   * are few; otherwise undefined, and the run's snapshot is written whole.
   */
  private async overlayOf(accountId: string, latest: RunEntry | undefined, input: RecordRunInput): Promise<{ on: { resourcesFrom: string; records: number }; changes: OverlayChanges } | undefined> {
    if (!latest?.snapshot) return undefined;
    const { put, deleteKeys } = input.changes.resources;
    const records = input.snapshot.resources.length;
    // A snapshot written whole by an earlier version has no record count: the next one is written whole too.
    if (!latest.resources && latest.records === undefined) return undefined;
    const since = latest.resources
      ? await readOverlayChanges(this.path(accountId, "snapshots", latest.snapshot))
      : { putKeys: [], deleteKeys: [], resourcesFrom: latest.snapshot, records: latest.records! };
    const putKeys = new Set([...since.putKeys, ...put.map(resourceKey)]);
    for (const key of deleteKeys) putKeys.delete(key);
    const gone = new Set([...since.deleteKeys, ...deleteKeys].filter((key) => !putKeys.has(key)));
    if (putKeys.size + gone.size > records * OVERLAY_SHARE) return undefined;
    return { on: { resourcesFrom: since.resourcesFrom, records: since.records }, changes: { putKeys: [...putKeys], deleteKeys: [...gone] } };
  }

  /** Removes the snapshots of all but the keepSnapshots most recent runs, except files those runs' overlays still take their records from. */
  private async pruneSnapshots(accountId: string, runs: RunEntry[]): Promise<void> {
    const kept = runs.slice(0, this.keepSnapshots);
    const needed = new Set(kept.flatMap((entry) => [entry.snapshot, entry.resources].filter((file) => file !== undefined)));
    for (const entry of runs.slice(this.keepSnapshots)) {
      for (const file of [entry.snapshot, entry.resources]) if (file !== undefined && !needed.has(file)) await rm(this.path(accountId, "snapshots", file), { force: true });
      delete entry.snapshot;
      delete entry.resources;
      delete entry.records;
    }
  }

  /**
   * Writes the run's findings: nothing when none changed, its changes to the
   * log while they are few since findings.json was last written whole, else
   * findings.json whole (and the log, now passed over, removed). Either of the
   * first two only when every finding not carried was seen by this run (see
   * readFindings).
   */
  private async recordFindings(accountId: string, latest: RunEntry | undefined, input: RecordRunInput): Promise<Pick<RunEntry, "findingsBase" | "findingChanges">> {
    const { put, deleteIds } = input.changes.findings;
    const changed = put.length + deleteIds.length;
    const base = latest?.findingsBase;
    if (everySeenNow(input)) {
      if (changed === 0) return { ...(base !== undefined && { findingsBase: base, findingChanges: latest?.findingChanges ?? 0 }) };
      const logged = (latest?.findingChanges ?? 0) + changed;
      // The file itself says which run wrote it: one written by a run that was then not recorded is not the one the count is of.
      const written = await findingsFileRunId(this.path(accountId, FINDINGS_FILE));
      if (base !== undefined && written === base && logged <= (input.findings.length + input.gone.length) * LOGGED_SHARE) {
        await appendFindingChanges(this.path(accountId, FINDINGS_LOG), { base, runId: input.run.id, put, deleteIds });
        return { findingsBase: base, findingChanges: logged };
      }
    }
    await this.writeFindings(accountId, input.run.id, input);
    await rm(this.path(accountId, FINDINGS_LOG), { force: true });
    return { findingsBase: input.run.id, findingChanges: 0 };
  }

  /**
   * The latest findings: findings.json with the changes logged since. When
   * the latest run did not write it whole, they hold what it holds but
   * lastSeen: every finding but carried ones (stale, resolved-gone) was seen
   * by the latest run (recordFindings writes less only then).
   */
  private async readFindings(accountId: string, runs: RunEntry[]): Promise<Finding[]> {
    const stored = await readFindingsFile(this.path(accountId, FINDINGS_FILE));
    const logged = await withFindingChanges(this.path(accountId, FINDINGS_LOG), stored.runId, stored.findings);
    const findings = logged.map(upgradeStoredFinding);
    const [latest] = runs;
    // A file of a run that is not recorded (interrupted before runs.json) is read as it is, as it always was.
    const behind = latest && stored.runId !== latest.run.id && runs.some((entry) => entry.run.id === stored.runId);
    return shareRepeatedValues(behind ? findings.map((f) => (isCarried(f) ? f : { ...f, lastSeen: latest.seenAt })) : findings);
  }

  private writeFindings(accountId: string, runId: string, input: RecordRunInput): Promise<void> {
    return writeFindingsFile(
      this.path(accountId, FINDINGS_FILE),
      runId,
      (function* () {
        yield* input.findings;
        yield* input.gone;
      })(),
    );
  }

  private historyFiles(accountId: string): HistoryFiles {
    return { log: this.path(accountId, HISTORY_LOG), legacy: this.path(accountId, LEGACY_HISTORY), retained: (at) => this.retained(at) };
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

  private readJson<T>(accountId: string, file: string, empty: T): Promise<T> {
    return readJsonFile(this.path(accountId, file), empty);
  }

  private async writeJson(accountId: string, file: string, value: unknown): Promise<void> {
    // Machine state, read back by the next run: compact.
    await writeFileAtomically(this.path(accountId, file), [`${JSON.stringify(value)}\n`]);
  }
}

/** A run's records are written as an overlay while they differ from the file it is on by at most this share of them. */
const OVERLAY_SHARE = 0.1;

/** Changes of findings are logged while they number at most this share of the findings; then findings.json is written whole. */
const LOGGED_SHARE = 0.1;

/**
 * Whether every finding not carried (stale, resolved-gone) was seen by this
 * run, so that readFindings can give them this run's lastSeen without
 * findings.json being rewritten. Not so after a run that left some rules or
 * regions out: the findings it kept keep their own lastSeen.
 */
function everySeenNow(input: RecordRunInput): boolean {
  const seenNow = (f: Finding) => isCarried(f) || f.lastSeen === input.seenAt;
  return input.findings.every(seenNow) && input.gone.every(seenNow);
}
