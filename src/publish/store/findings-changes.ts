/**
 * The file store's log of finding changes: a run whose findings changed
 * little appends its changes here, one line a run, rather than rewriting
 * every finding in findings.json. Each line names the findings.json it
 * applies to (by the run that wrote it), so that lines left from before that
 * file was last rewritten are passed over.
 */
import type { Finding } from "../../types/finding.js";
import { StateFileError } from "./state-file-error.js";
import { appendLines, logEntries } from "./state-files.js";

export const FINDINGS_LOG = "findings-changes.jsonl";

export interface FindingChanges {
  /** The run whose findings.json these changes apply to. */
  base: string;
  runId: string;
  put: Finding[];
  deleteIds: string[];
}

export function appendFindingChanges(path: string, changes: FindingChanges): Promise<void> {
  return appendLines(path, [JSON.stringify(changes)]);
}

/** `findings` (of the findings.json written by run `base`) with the logged changes to it applied, in order. */
export async function withFindingChanges(path: string, base: string, findings: Finding[]): Promise<Finding[]> {
  const lines = await logLines(path);
  const relevant = lines.filter((changes) => changes.base === base);
  if (relevant.length === 0) return findings;
  const byId = new Map(findings.map((f) => [f.id, f]));
  for (const { put, deleteIds } of relevant) {
    for (const id of deleteIds) byId.delete(id);
    for (const finding of put) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}

/** A last line cut short was written by an interrupted run, which was then not recorded: not a change. */
function logLines(path: string): Promise<FindingChanges[]> {
  return logEntries(path, (line, number) => parseChanges(line, path, number));
}

function parseChanges(line: string, path: string, number: number): FindingChanges {
  try {
    const changes = JSON.parse(line) as FindingChanges;
    if (typeof changes.base === "string" && Array.isArray(changes.put) && Array.isArray(changes.deleteIds)) return changes;
  } catch {
    // Named below, with the line.
  }
  throw new StateFileError(`${path}: line ${number} is not a run's finding changes; restore the file, or remove it and findings.json to start the account's findings afresh`);
}
