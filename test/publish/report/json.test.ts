import { describe, expect, it } from "@jest/globals";
import { renderJson } from "../../../src/publish/report/json.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { auditReport } from "./fixtures.js";

/** The same report with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
}

describe("renderJson", () => {
  const report = auditReport();
  const text = renderJson(report);

  it("prints the report so that it parses back to the same value", () => {
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "schemaVersion": 1,');
  });

  it("prints the same bytes whatever order the keys were built in", () => {
    expect(renderJson(reversedKeys(report))).toBe(text);
  });

  it("keeps the documented top-level order and prints fields added later after it", () => {
    const topLevel = (json: string) => Object.keys(JSON.parse(json));
    expect(topLevel(text)).toEqual(["schemaVersion", "run", "findings", "errors", "drift", "transitions", "unusedSuppressions"]);
    const extended = { ...reversedKeys(report), zNote: "x", aNote: "y" } as AuditReport;
    expect(topLevel(renderJson(extended)).slice(-2)).toEqual(["aNote", "zNote"]);
  });
});
