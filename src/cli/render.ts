import type { Rule } from "../evaluate/rule.js";
import type { AuditReport, RunSummary } from "../publish/report/audit-report.js";
import { toAsff } from "../publish/report/asff.js";
import { renderCsv } from "../publish/report/csv.js";
import { renderHtml } from "../publish/report/html.js";
import { jsonReportPieces } from "../publish/report/json.js";
import { renderSarif } from "../publish/report/sarif.js";
import { renderTable } from "../publish/report/table.js";
import type { Output } from "./output.js";
import { useColor } from "./output.js";
import { tableWidth } from "./output-width.js";

export const REPORT_FORMATS = ["table", "json", "html", "sarif", "asff", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The extension of each format's file in --output-dir; the table is plain text there. */
export const REPORT_FILE_EXTENSIONS: Record<ReportFormat, string> = { table: "txt", json: "json", html: "html", sarif: "sarif", asff: "asff.json", csv: "csv" };

/** driftwarden-<account>-<run start>.<ext>: one name per format of a run, sorting by time, with no character a filesystem refuses. */
export function reportFileName(report: AuditReport, format: ReportFormat): string {
  const startedAt = report.run.startedAt.replace(/\.\d+/, "").replace(/[-:]/g, "");
  return `driftwarden-${report.run.accountId}-${startedAt}.${REPORT_FILE_EXTENSIONS[format]}`;
}

/** `history`: the account's recorded runs, for the HTML report's trend chart. */
export function renderReport(report: AuditReport, rules: Rule[], format: ReportFormat, options: { output?: string; quiet?: boolean; all?: boolean; history?: readonly RunSummary[] }): Output {
  switch (format) {
    case "json":
      // In pieces: at 50,000 resources the report is some 85 MB of text.
      return jsonReportPieces(report);
    case "html":
      return renderHtml(report, rules, { ...(options.history && { history: options.history }) });
    case "sarif":
      return JSON.stringify(renderSarif(report, rules), null, 2);
    case "asff":
      return JSON.stringify(toAsff(report, { rules }), null, 2);
    case "csv":
      return renderCsv(report);
    case "table":
      return renderTable(report, rules, {
        color: useColor(options.output),
        width: tableWidth(options.output),
        quiet: Boolean(options.quiet),
        all: Boolean(options.all),
      });
  }
}
