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
  const known = new Set<string>(TOP_LEVEL);
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL) if (report[key] !== undefined) ordered[key] = sortKeys(report[key]);
  // Fields added to the report later still print, after the documented ones.
  for (const key of Object.keys(report).sort()) if (!known.has(key)) ordered[key] = sortKeys((report as unknown as Record<string, unknown>)[key]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
