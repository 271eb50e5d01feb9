/**
 * The file store's finding history: a log of JSON lines, one change a line,
 * oldest first, to which a run appends its changes, so that a run that
 * changed nothing neither reads nor writes it. Entries past the retention
 * period are read past (as DynamoDB's TTL does) and removed only now and
 * then: once the oldest line has been expired for a while, the log is
 * rewritten once without the expired ones.
 *
 * The history.json of earlier versions (finding id → changes, newest first)
 * is read as it is until the first run records, which turns it into the log.
 */
import { rm } from "node:fs/promises";
import type { FindingHistoryEntry } from "../../types/run-state.js";
import { StateFileError } from "./state-file-error.js";
import { appendLines, exists, firstLine, logEntries, readJsonFile, writeFileAtomically } from "./state-files.js";

export const HISTORY_LOG = "history.jsonl";
/** Earlier versions' history, converted by the first run that records. */
export const LEGACY_HISTORY = "history.json";

/** Expired entries are removed once the oldest has been expired this long: a rewrite every week or so, not every night. */
export const PRUNE_AFTER_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

type LegacyHistory = Record<string, FindingHistoryEntry[]>;

export interface HistoryFiles {
  /** The log (HISTORY_LOG) and the legacy file (LEGACY_HISTORY) of one account. */
  log: string;
  legacy: string;
  /** Whether an entry made at `at` is still within the retention period. */
  retained: (at: string) => boolean;
}

/** Adds a run's entries; converts a legacy history first, and prunes the log when its oldest entry expired long enough ago. */
export async function appendHistory(files: HistoryFiles, entries: readonly FindingHistoryEntry[]): Promise<void> {
  const legacy = await readLegacy(files.legacy);
  if (legacy && !(await exists(files.log))) {
    await writeFileAtomically(files.log, lines([legacyEntries(legacy), entries], (e) => files.retained(e.at), "\n"));
  } else if (await pruneDue(files)) {
    const kept = await readLog(files.log, () => true);
    await writeFileAtomically(files.log, lines([kept, entries], (e) => files.retained(e.at), "\n"));
  } else {
    await appendLines(files.log, lines([entries]));
  }
  // The log holds all of it now (also when an interrupted run converted it already).
  if (legacy) await rm(files.legacy, { force: true });
}

/** The retained changes of one finding, newest first. */
export async function historyOf(files: HistoryFiles, findingId: string): Promise<FindingHistoryEntry[]> {
  if (!(await exists(files.log))) {
    const legacy = await readLegacy(files.legacy);
    return (legacy?.[findingId] ?? []).filter((entry) => files.retained(entry.at));
  }
  // Only lines that name the id are parsed: the log holds every finding's changes.
  const quoted = JSON.stringify(findingId);
  const entries = await readLog(files.log, (text) => text.includes(quoted));
  return entries.filter((entry) => entry.findingId === findingId && files.retained(entry.at)).reverse();
}

/** The entries `keep` keeps, a line each, built as they are written: a first run logs a change of every finding. */
function* lines(lists: readonly (readonly FindingHistoryEntry[])[], keep: (entry: FindingHistoryEntry) => boolean = () => true, end = ""): Iterable<string> {
  for (const list of lists) for (const entry of list) if (keep(entry)) yield `${JSON.stringify(entry)}${end}`;
}

/** The legacy lists are newest first; the log is oldest first (a stable sort keeps each finding's order within one time). */
function legacyEntries(legacy: LegacyHistory): FindingHistoryEntry[] {
  return Object.values(legacy)
    .flatMap((list) => [...list].reverse())
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** True when the oldest entry (the first line) has been past the retention period for PRUNE_AFTER_DAYS. */
async function pruneDue(files: HistoryFiles): Promise<boolean> {
  const first = await firstLine(files.log);
  if (first === undefined) return false;
  const entry = parseLine(first, files.log, 1);
  const due = new Date(Date.parse(entry.at) + PRUNE_AFTER_DAYS * DAY_MS).toISOString();
  return !files.retained(due);
}

/** The log's entries whose line passes `wanted`. */
function readLog(path: string, wanted: (text: string) => boolean): Promise<FindingHistoryEntry[]> {
  return logEntries(path, (text, number) => (wanted(text) ? parseLine(text, path, number) : undefined));
}

function parseLine(text: string, path: string, number: number): FindingHistoryEntry {
  try {
    const entry = JSON.parse(text) as FindingHistoryEntry;
    if (typeof entry?.findingId === "string" && typeof entry.at === "string") return entry;
  } catch {
    // Named below, with the line.
  }
  throw new StateFileError(`${path}: line ${number} is not a history entry; restore the file or remove it to start the account's finding history afresh`);
}

function readLegacy(path: string): Promise<LegacyHistory | undefined> {
  return readJsonFile<LegacyHistory | undefined>(path, undefined);
}
