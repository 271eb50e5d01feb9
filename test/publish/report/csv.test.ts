import { describe, expect, it } from "@jest/globals";
import { parse } from "csv-parse/sync";
import { CSV_COLUMNS, renderCsv } from "../../../src/publish/report/csv.js";
import { auditReport } from "./fixtures.js";

describe("renderCsv", () => {
  it("writes a header and one row per finding, in the report's order", () => {
    const report = auditReport();
    const rows = parse(renderCsv(report), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => `${r.ruleId} ${r.resourceId} ${r.status}`)).toEqual(report.findings.map((f) => `${f.ruleId} ${f.resource.id} ${f.status}`));
  });

  it("keeps commas, quotes and line breaks inside their cell, and a name from the account from running as a spreadsheet formula", () => {
    const report = auditReport();
    const [first, ...rest] = report.findings;
    const tricky = { ...first!, reason: 'opens tcp/22, "for now"\nsays the ticket', resource: { ...first!.resource, name: "=HYPERLINK(\"http://x\")" } };
    const [row] = parse(renderCsv({ ...report, findings: [tricky, ...rest] }), { columns: true }) as Record<string, string>[];
    expect(row!.reason).toBe('opens tcp/22, "for now"\nsays the ticket');
    expect(row!.resourceName).toBe("'=HYPERLINK(\"http://x\")");
  });
});
