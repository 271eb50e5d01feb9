/** What the DynamoDB rules share about tables. */
import type { TableAttributes, TableState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { notApplicable } from "../../src/evaluate/rule.js";

export const TABLE = "AWS::DynamoDB::Table";

export type TableRecord = ResourceRecord<TableAttributes>;

/** A table being deleted is on its way out: its settings protect nothing any more. */
export function unlessDeleting(table: TableRecord): Outcome | undefined {
  const status = (table.state as TableState | undefined)?.status;
  return status === "DELETING" ? notApplicable("the table is being deleted (TableStatus: DELETING)") : undefined;
}

/** Evidence every table finding carries: a global table's replicas are tables of their own regions, judged there. */
export function replicaEvidence(table: TableRecord): Record<string, unknown> {
  const { replicaRegions } = table.attributes;
  return replicaRegions.length > 0 ? { globalTableReplicaRegions: replicaRegions, note: "each replica has its own setting, judged in its own region" } : {};
}
