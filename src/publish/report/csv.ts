/**
 * The CSV report: one row per finding, for spreadsheets and ticket imports.
 * Columns are named as in the JSON report; only the JSON report is the
 * scripting interface, this one is flat and may lose detail (evidence, drift).
 */
import { stringify } from "csv-stringify/sync";
import type { Finding } from "../../types/finding.js";
import type { AuditReport } from "./audit-report.js";

export const CSV_COLUMNS = [
  "id",
  "status",
  "severity",
  "ruleId",
  "resourceType",
  "resourceId",
  "resourceArn",
  "resourceName",
  "region",
  "accountId",
  "reason",
  "firstSeen",
  "lastSeen",
  "suppressionReason",
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

export function renderCsv(report: AuditReport): string {
  return stringify(report.findings.map(toRow), {
    header: true,
    columns: [...CSV_COLUMNS],
    // Resource names and tags come from the account: a cell starting with = + - @ must not run as a formula in a spreadsheet.
    escape_formulas: true,
  });
}

function toRow(finding: Finding): CsvRow {
  const { resource } = finding;
  return {
    id: finding.id,
    status: finding.status,
    severity: finding.severity,
    ruleId: finding.ruleId,
    resourceType: resource.type,
    resourceId: resource.id,
    resourceArn: resource.arn ?? "",
    resourceName: resource.name ?? "",
    region: resource.region,
    accountId: resource.accountId,
    reason: finding.reason,
    firstSeen: finding.firstSeen ?? "",
    lastSeen: finding.lastSeen ?? "",
    suppressionReason: finding.suppression?.reason ?? "",
  };
}
