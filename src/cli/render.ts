import type { Rule } from "../evaluate/rule.js";
import type { AuditReport } from "../publish/report/audit-report.js";
import { toAsff } from "../publish/report/asff.js";
import { renderHtml } from "../publish/report/html.js";
import { renderJson } from "../publish/report/json.js";
import { renderSarif } from "../publish/report/sarif.js";
import { renderTable } from "../publish/report/table.js";
import { useColor } from "./output.js";

export const REPORT_FORMATS = ["table", "json", "html", "sarif", "asff"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: AuditReport, rules: Rule[], format: ReportFormat, options: { output?: string; quiet?: boolean }): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "html":
      return renderHtml(report, rules);
    case "sarif":
      return JSON.stringify(renderSarif(report, rules), null, 2);
    case "asff":
      return JSON.stringify(toAsff(report, { rules }), null, 2);
    case "table":
      return renderTable(report, rules, {
        color: useColor(options.output),
        width: Math.max(60, Math.min(process.stdout.columns || 80, 160)),
        quiet: Boolean(options.quiet),
      });
  }
}
