/**
 * The JSON report as text. Byte-stable: the same report always prints the
 * same, whatever order its objects' keys were built in, so two reports diff
 * cleanly. The top level keeps the documented order; nested keys are sorted.
 */
import type { AuditReport } from "./audit-report.js";

/**
 * The documented order. attribution and firstRun printed after the others
 * (in key order) before they were listed here, and keep that place; an
 * organization run's accounts and skippedAccounts come last.
 */
const TOP_LEVEL: (keyof AuditReport)[] = ["schemaVersion", "run", "findings", "errors", "drift", "transitions", "unusedSuppressions", "attribution", "firstRun", "accounts", "skippedAccounts"];

export function renderJson(report: AuditReport): string {
  return [...jsonReportPieces(report)].join("");
}

/**
 * The JSON report a piece at a time, the same text as renderJson: each
 * finding, drift entry and transition is sorted and printed on its own, so
 * that a report of a large account is never held as one sorted copy nor as
 * one string (at 50,000 resources the text alone is some 85 MB).
 */
export function* jsonReportPieces(report: AuditReport): Iterable<string> {
  const fields = report as unknown as Record<string, unknown>;
  const known = new Set<string>(TOP_LEVEL);
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL) if (report[key] !== undefined) ordered[key] = report[key];
  // Fields added to the report later still print, after the documented ones.
  for (const key of Object.keys(report).sort()) if (!known.has(key)) ordered[key] = fields[key];
  yield* valuePieces(ordered, "", false);
  yield "\n";
}

/**
 * JSON.stringify(value, null, 2) of `value` with its object keys sorted, at
 * `indent`, in pieces: an object a field at a time, a list an item at a time
 * (each item printed whole). `sorted`: whether the object's keys are sorted
 * (not the report's own, which keep the documented order).
 */
function* valuePieces(value: unknown, indent: string, sorted = true): Iterable<string> {
  if (value === null || typeof value !== "object") {
    yield printed(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) yield "[]";
    else {
      yield "[\n";
      for (let start = 0; start < value.length; start += ITEMS_AT_ONCE) yield `${start === 0 ? "" : ",\n"}${itemsAt(value.slice(start, start + ITEMS_AT_ONCE), inner)}`;
      yield `\n${indent}]`;
    }
    return;
  }
  const fields = Object.entries(sorted ? sortedFields(value) : value).filter(([, field]) => !absentInJson(field));
  if (fields.length === 0) yield "{}";
  else {
    yield "{\n";
    for (let i = 0; i < fields.length; i++) {
      const [key, field] = fields[i]!;
      yield `${i === 0 ? "" : ",\n"}${inner}${JSON.stringify(key)}: `;
      yield* valuePieces(field, inner);
    }
    yield `\n${indent}}`;
  }
}

/** A list's items are printed this many at a time: one call of JSON.stringify each, and pieces of some hundred KB. */
const ITEMS_AT_ONCE = 256;

/**
 * Items of a list printed whole, their keys sorted, one a line at `indent`,
 * joined as a list joins them. Printed as a list nested in lists as deep as
 * `indent` says, so that JSON.stringify indents them where they sit; the
 * nesting is then cut off.
 */
function itemsAt(items: unknown[], indent: string): string {
  const depth = indent.length / 2;
  let nested: unknown = items.map(sortKeys);
  let head = "";
  let tail = "";
  for (let level = 0; level < depth; level++) {
    if (level > 0) nested = [nested];
    head += `${"  ".repeat(level)}[\n`;
    tail = `\n${"  ".repeat(level)}]${tail}`;
  }
  const text = JSON.stringify(nested, null, 2);
  return text.slice(head.length, text.length - tail.length);
}

/** Fields JSON.stringify leaves out of an object. */
function absentInJson(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** A value printed whole, its keys sorted at every level, indented to sit at `indent`; null where JSON has no value (as in an array). */
function printed(value: unknown, indent: string): string {
  const text = JSON.stringify(sortKeys(value), null, 2) ?? "null";
  // JSON text has no line break but those between its entries: each is indented by where the value sits.
  return text.replaceAll("\n", `\n${indent}`);
}

/** One level of sortKeys: the object's own keys in sorted order (as an object orders them), its values as they are. */
function sortedFields(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
