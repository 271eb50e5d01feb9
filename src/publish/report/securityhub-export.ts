/**
 * Sends ASFF findings to Security Hub with BatchImportFindings. Imports are
 * regional: a finding is accepted only in the region of its ProductArn, so a
 * caller sends each group of `findingsByRegion` through a client of that region.
 */
import { BatchImportFindingsCommand } from "@aws-sdk/client-securityhub";
import type { AwsSecurityFinding, ImportFindingsError, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { errorCode } from "../../collect/errors.js";
import { groupBy } from "./presentation.js";

/** BatchImportFindings accepts at most 100 findings per request. */
export const BATCH_IMPORT_LIMIT = 100;

export interface SecurityHubExportResult {
  /** Findings sent, archived ones included. */
  sent: number;
  /** Findings Security Hub accepted (SuccessCount). */
  imported: number;
  /** Accepted findings archived because their id was among `resolvedIds`. */
  archived: number;
  /** Findings Security Hub refused (FailedFindings), or that a failed request never delivered. */
  failed: ImportFindingsError[];
  /** Resolved ids that matched none of the findings given, so could not be archived. */
  unmatchedResolvedIds: string[];
}

/**
 * Imports `findings` in batches of 100. Those whose Id is in `resolvedIds`
 * are sent with RecordState ARCHIVED: an import is the only way a provider can
 * archive its finding (BatchUpdateFindings cannot change RecordState).
 * A failed request does not stop the others; its findings are reported failed.
 */
export async function exportToSecurityHub(
  client: SecurityHubClient,
  findings: AwsSecurityFinding[],
  resolvedIds: Iterable<string> = [],
): Promise<SecurityHubExportResult> {
  const resolved = new Set(resolvedIds);
  const prepared = findings.map((f) => (f.Id !== undefined && resolved.has(f.Id) ? { ...f, RecordState: "ARCHIVED" as const } : f));
  const ids = new Set(findings.map((f) => f.Id));
  const result: SecurityHubExportResult = {
    sent: 0,
    imported: 0,
    archived: 0,
    failed: [],
    unmatchedResolvedIds: [...resolved].filter((id) => !ids.has(id)),
  };

  for (let start = 0; start < prepared.length; start += BATCH_IMPORT_LIMIT) {
    const batch = prepared.slice(start, start + BATCH_IMPORT_LIMIT);
    result.sent += batch.length;
    let refused: ImportFindingsError[];
    try {
      const response = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      refused = response.FailedFindings ?? [];
      result.imported += response.SuccessCount ?? batch.length - (response.FailedCount ?? refused.length);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      refused = batch.map((f) => ({ Id: f.Id, ErrorCode: errorCode(error), ErrorMessage: message }));
    }
    result.failed.push(...refused);
    const refusedIds = new Set(refused.map((r) => r.Id));
    result.archived += batch.filter((f) => resolved.has(f.Id ?? "") && !refusedIds.has(f.Id)).length;
  }
  return result;
}

/** Groups findings by the region of their ProductArn ("arn:aws:securityhub:<region>:…"), the region they must be imported in. */
export function findingsByRegion(findings: AwsSecurityFinding[]): Map<string, AwsSecurityFinding[]> {
  return groupBy(findings, (f) => f.ProductArn?.split(":")[3] ?? "");
}
