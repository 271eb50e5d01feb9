/**
 * The findings store of the CLI: a directory (default .driftwarden/) with one
 * folder per account:
 *
 *   <account>/runs.json            runs, newest first
 *   <account>/findings.json        latest findings (stale and resolved-gone ones included)
 *   <account>/history.json         finding id → changes, newest first, within the retention period
 *   <account>/snapshots/<run>.json snapshots of the most recent runs (keepSnapshots)
 *   <account>/baseline.json        the pinned baseline
 *
 * Every file is written to a temporary name and renamed, so an interrupted
 * run leaves the previous version in place; runs.json is written last, so a
 * run is recorded only once everything else is.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { carryForward } from "../../diff/carry-forward.js";
import { resourceHashes } from "../../diff/canonical.js";
import { isGone } from "../../diff/transitions.js";
import { readSnapshot, writeSnapshot } from "../../snapshot/snapshot-file.js";
import type { Finding } from "../../types/finding.js";
import { atLeast, severityRank } from "../../types/finding.js";
import type { Snapshot } from "../../types/resource.js";
import type { RunSummary } from "../report/audit-report.js";
import type { FindingHistoryEntry, FindingsStore, OpenFindingsQuery, PreviousRun, RecordRunInput, RecordRunResult } from "./findings-store.js";
import { DEFAULT_RETENTION_DAYS } from "./findings-store.js";
import { expiryOf, findingHash, planFindingChanges, planResourceChanges, seenAtOf } from "./run-changes.js";

export const DEFAULT_STORE_DIRECTORY = ".driftwarden";

export interface FileStoreOptions {
  /** Default ".driftwarden" (relative to the working directory). */
  directory?: string;
  /** Snapshots of this many most recent runs are kept (default 5); the latest always is. */
  keepSnapshots?: number;
  /** How long history entries and resolved-gone findings are kept (default 90 days). */
  retentionDays?: number;
  now?: () => Date;
}

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

  constructor(options: FileStoreOptions = {}) {
    this.directory = options.directory ?? DEFAULT_STORE_DIRECTORY;
    this.keepSnapshots = Math.max(1, options.keepSnapshots ?? 5);
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.now = options.now ?? (() => new Date());
  }

  async recordRun(input: RecordRunInput): Promise<RecordRunResult> {
    const { run } = input;
    if (input.snapshot.accountId !== run.accountId) throw new Error(`run ${run.id} is for account ${run.accountId} but its snapshot is of ${input.snapshot.accountId}`);
    const accountId = run.accountId;
    const runs = await this.readRuns(accountId);
    if (runs.some((entry) => entry.run.id === run.id)) return { status: "already-recorded", runId: run.id };

    const previous = runs[0]?.snapshot ? await readSnapshot(this.path(accountId, "snapshots", runs[0].snapshot)) : undefined;
    const snapshot = carryForward(previous, input.snapshot);
    const seenAt = seenAtOf(input);
    const stored = await this.readJson<FindingsFile>(accountId, "findings.json", { runId: "", findings: [] });
    const findings = planFindingChanges(new Map(stored.findings.map((f) => [f.id, findingHash(f)])), input, seenAt);
    const resources = planResourceChanges(new Map(Object.entries(previous ? resourceHashes(previous) : {})), snapshot.resources, snapshot.errors);

    const snapshotFile = `${encodeURIComponent(run.id)}.json`;
    await writeSnapshot(this.path(accountId, "snapshots", snapshotFile), snapshot);
    await this.writeHistory(accountId, findings.history);
    await this.writeJson(accountId, "findings.json", { runId: run.id, findings: [...input.findings, ...(input.gone ?? [])] } satisfies FindingsFile);

    const updated: RunEntry[] = [{ run, seenAt, snapshot: snapshotFile }, ...runs];
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
    const findings = stored.findings.filter((f) => !isGone(f) || this.retained(String(f.evidence?.goneAt)));
    return { run: latest.run, findings, resourceHashes: resourceHashes(snapshot), snapshot };
  }

  async openFindings(accountId: string, query: OpenFindingsQuery = {}): Promise<Finding[]> {
    const { findings } = await this.readJson<FindingsFile>(accountId, "findings.json", { runId: "", findings: [] });
    return findings
      .filter((f) => f.status === "FAIL" && (query.severity === undefined || f.severity === query.severity) && (query.atLeast === undefined || atLeast(f.severity, query.atLeast)))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id));
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
      throw new Error(`${path}: not valid JSON (${(error as Error).message}); restore it or remove it to start the account's history afresh`);
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
