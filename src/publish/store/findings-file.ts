/**
 * findings.json, the file store's latest findings as of the run that wrote
 * them whole: each resource once, with the findings of every rule about it.
 *
 *   {"runId":"<run>","resources":[
 *   {"resource":{…},"findings":[{"id":…,"ruleId":…,"status":…,…},…]},
 *   …
 *   ]}
 *
 * A resource is named once rather than once a rule: at 50,000 resources the
 * file is a quarter smaller (77 → 57 MB) and is read back faster, each
 * resource one object that all its findings share. Earlier versions wrote
 * `"findings":[…]`, a finding a line with its resource: still read.
 */
import type { Finding, FindingResource } from "../../types/finding.js";
import { ownFieldsAmong } from "../../types/finding.js";
import { StateFileError } from "./state-file-error.js";
import { elementLines, readLinedFile } from "./line-json.js";
import { firstLine, readJsonFile, writeFileAtomically } from "./state-files.js";

export const FINDINGS_FILE = "findings.json";

export interface FindingsFile {
  /** The run that wrote the file: later runs logged their changes (findings-changes.ts) or had none. */
  runId: string;
  findings: Finding[];
}

/** A finding as the file holds it, under its resource. */
type StoredFinding = Omit<Finding, "resource">;

interface ResourceFindings {
  resource: FindingResource;
  findings: StoredFinding[];
}

export function writeFindingsFile(path: string, runId: string, findings: Iterable<Finding>): Promise<void> {
  // A generator, not an array: each line is built as it is written.
  function* text(): Iterable<string> {
    yield `{"runId":${JSON.stringify(runId)},"resources":[`;
    yield* elementLines(byResource(findings));
    yield "]}\n";
  }
  return writeFileAtomically(path, text());
}

/**
 * Findings grouped by the resource object they share (evaluation makes one a
 * resource, and stores read them back so): findings that merely hold equal
 * copies are grouped apart, which costs room, never content. Each finding is
 * copied without its resource only as its line is written.
 */
function* byResource(findings: Iterable<Finding>): Iterable<ResourceFindings> {
  const groups = new Map<FindingResource, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.resource);
    if (group) group.push(finding);
    else groups.set(finding.resource, [finding]);
  }
  for (const [resource, group] of groups) yield { resource, findings: group.map(({ resource: _, ...rest }) => rest) };
}

/** findings.json, or none when there is no file; one that is damaged or of another shape is named. */
export async function readFindingsFile(path: string): Promise<FindingsFile> {
  let lined;
  try {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration,StringLiteral: read a line at a time to hold less; parsed whole, the file gives the same findings
    lined = await readLinedFile(path, (line) => headOf(line) !== undefined, ["]}"]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { runId: "", findings: [] };
    throw error;
  }
  // Not a line an element: written otherwise (by hand, or pretty-printed), or damaged. Parsed whole, for its content or the parser's error.
  if (!lined) return fromWhole(path, await readJsonFile<unknown>(path, {}));
  const head = headOf(lined.head)!;
  const elements = lined.arrays[0]!;
  return { runId: head.runId, findings: head.grouped ? expanded(path, elements) : (elements as Finding[]) };
}

/** The run that wrote the file, from its first line; undefined for a file laid out otherwise, or none. */
export async function findingsFileRunId(path: string): Promise<string | undefined> {
  const head = await firstLine(path);
  return head === undefined ? undefined : headOf(head)?.runId;
}

/** The first line as writeFindingsFile writes it (or an earlier version did, a finding a line): the run, and which it is. */
function headOf(line: string): { runId: string; grouped: boolean } | undefined {
  const match = HEAD.exec(line);
  return match ? { runId: JSON.parse(match[1]!) as string, grouped: match[2] === "resources" } : undefined;
}

const HEAD = /^\{"runId":("(?:[^"\\]|\\.)*"),"(resources|findings)":\[$/;

function fromWhole(path: string, parsed: unknown): FindingsFile {
  const file = parsed as { runId?: unknown; findings?: unknown; resources?: unknown };
  const runId = typeof file?.runId === "string" ? file.runId : "";
  if (Array.isArray(file?.resources)) return { runId, findings: expanded(path, file.resources) };
  if (Array.isArray(file?.findings)) return { runId, findings: file.findings as Finding[] };
  throw new StateFileError(`${path}: not a findings file (no "resources" list); restore it or remove it to start the account's findings afresh`);
}

/** Each finding with its group's resource, one object for them all. */
function expanded(path: string, groups: unknown[]): Finding[] {
  const findings: Finding[] = [];
  for (const group of groups) {
    const { resource, findings: ofResource } = (group ?? {}) as Partial<ResourceFindings>;
    if (!isObject(resource) || !Array.isArray(ofResource) || !ofResource.every(isObject)) {
      throw new StateFileError(`${path}: an entry is not a resource with its findings; restore the file or remove it to start the account's findings afresh`);
    }
    for (const finding of ofResource as StoredFinding[]) findings.push(withResource(finding, resource));
  }
  return findings;
}

/** The fields of a finding as a run sees it (seenFinding), but its resource: most of those a file holds. */
const SEEN_FIELDS: readonly (keyof StoredFinding)[] = ["id", "ruleId", "status", "severity", "reason", "evidence", "firstSeen", "lastSeen"];

/**
 * The finding with its resource, as one literal in evaluation's field order
 * where it has a seen finding's fields (as seenFinding makes it): the objects
 * the run compares it with have that shape, and the resource is held in the
 * object itself rather than added after. Anything else is copied with it.
 */
function withResource(finding: StoredFinding, resource: FindingResource): Finding {
  const { id, ruleId, status, severity, reason, evidence, firstSeen, lastSeen } = finding;
  const fields = ownFieldsAmong(finding, SEEN_FIELDS);
  // Stryker disable next-line ConditionalExpression: a fast path; the copy below gives the same finding
  if (fields === SEEN_FIELDS.length) return { id, ruleId, status, severity, resource, reason, evidence, firstSeen, lastSeen };
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a fast path; the copy below gives the same finding
  if (fields === SEEN_FIELDS.length - 1 && !Object.hasOwn(finding, "evidence")) return { id, ruleId, status, severity, resource, reason, firstSeen, lastSeen };
  return { ...finding, resource };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
