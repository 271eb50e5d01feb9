import { describe, expect, it } from "@jest/globals";
import { jsonReportPieces, renderJson } from "../../../src/publish/report/json.js";
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

/** What the report printed as before it was printed in pieces: JSON.stringify of a copy with its keys sorted. */
function printedWhole(report: AuditReport): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  };
  const top = ["schemaVersion", "run", "findings", "errors", "drift", "transitions", "unusedSuppressions", "attribution", "firstRun", "accounts", "skippedAccounts"];
  const ordered: Record<string, unknown> = {};
  const fields = report as unknown as Record<string, unknown>;
  for (const key of top) if (fields[key] !== undefined) ordered[key] = sortKeys(fields[key]);
  for (const key of Object.keys(report).sort()) if (!top.includes(key)) ordered[key] = sortKeys(fields[key]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

describe("the JSON report in pieces", () => {
  const report = auditReport();
  const odd = {
    ...reversedKeys(report),
    drift: { added: [{ type: "AWS::EC2::SecurityGroup", id: "sg-1", region: "us-east-1", note: undefined }], removed: [], modified: [{ resource: { id: "x" }, changes: [{ path: "a.b", before: NaN, after: [1, undefined, () => 1] }] }], extra: {} },
    transitions: [],
    unusedSuppressions: [undefined, null, { "10": "ten", "9": "nine", b: 1, a: { d: [], c: {} } }],
    attribution: { events: 0, nested: { list: [{ z: 1, y: { x: [{}] } }], empty: [] }, gone: undefined, fn: () => 1 },
    firstRun: true,
    zLater: { "2": "two", "1": "one", when: new Date(0) },
    aLater: [],
  } as unknown as AuditReport;

  it.each([
    ["the fixture report", report],
    ["one built in another key order", reversedKeys(report)],
    ["one with empty lists, missing values, numeric keys and fields added later", odd],
    ["one with nothing but its version", { schemaVersion: 1 } as unknown as AuditReport],
  ])("%s: the same text as printing it whole", (_, value) => {
    expect(renderJson(value)).toBe(printedWhole(value));
  });

  it("prints a large list in pieces of a few hundred items, not the report as one string", () => {
    const many = { ...report, findings: Array.from({ length: 600 }, (_, i) => ({ ...report.findings[i % report.findings.length]!, id: `finding-${String(i).padStart(4, "0")}` })) };
    const pieces = [...jsonReportPieces(many)];
    const text = pieces.join("");
    expect(text).toBe(printedWhole(many));
    // 600 findings: three pieces of at most 256, each starting with a whole finding.
    const withFindings = pieces.filter((piece) => piece.includes('"finding-'));
    expect(withFindings.map((piece) => piece.match(/"id": "finding-/g)!.length)).toEqual([256, 256, 88]);
    expect(withFindings.map((piece) => piece.replace(/^,\n/, "").slice(0, 6))).toEqual(["    {\n", "    {\n", "    {\n"]);
  });
});
