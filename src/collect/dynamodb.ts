import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, paginateListTables } from "@aws-sdk/client-dynamodb";
import type { ContinuousBackupsDescription, TableDescription } from "@aws-sdk/client-dynamodb";
import type { TableAttributes, TableState } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import type { CollectorContext } from "./collector.js";
import { defineCollector } from "./collector.js";
import { dynamodbSpec } from "./specs.js";
import { MalformedResponseError, required, unlessDeleted } from "./errors.js";
import { fillAttributes, ItemFields, recordsOf } from "./listed-items.js";
import { compact, sortedStrings } from "./normalize.js";
import { recordsToRead } from "./carried-reads.js";
import { listAllPages, perResourceReads } from "./partial-reads.js";

const TABLE = "AWS::DynamoDB::Table";

/** Limit 100 is ListTables' maximum. */
const PAGE_SIZE = 100;

type DynamoDbContext = CollectorContext<DynamoDBClient>;
export type TableRecord = ResourceRecord<TableAttributes>;

/**
 * DynamoDB tables. ListTables gives names only, so each table costs one
 * DescribeTable (its description is its configuration), and one
 * DescribeContinuousBackups when a rule needs point-in-time recovery. A global
 * table's replicas are listed by their own regions and judged there: each
 * replica has its own PITR and deletion-protection settings.
 */
export const dynamodbCollector = defineCollector({
  ...dynamodbSpec,
  createClient: (config) => new DynamoDBClient(config),
  async collect(ctx) {
    const names = await listAllPages(ctx, "ListTables", [TABLE], paginateListTables({ client: ctx.client, pageSize: PAGE_SIZE }, {}), (page) =>
      listedNames(ctx, required(page.TableNames, "TableNames")),
    );
    const readEach = perResourceReads(ctx);
    const tables: TableRecord[] = [];
    await readEach("DescribeTable", [TABLE], names, async (name) => {
      const answer = await unlessDeleted(() => ctx.client.send(new DescribeTableCommand({ TableName: name })), TABLE_GONE);
      if (!answer) return;
      tables.push(...recordsOf(ctx, "DescribeTable", TABLE, [required(answer.Table, "Table")], (description, fields) => tableRecord(ctx, name, description, fields)));
    });
    if (!ctx.reads("dynamodb.continuousBackups")) return tables as unknown as ResourceRecord[];
    const deleted = new Set<string>();
    // A table being deleted is judged by no rule, and its backups may already be gone.
    const toRead = await recordsToRead(ctx.carryOver, "dynamodb.continuousBackups", "DescribeContinuousBackups", tables.filter((t) => statusOf(t) !== "DELETING"), [
      "pointInTimeRecovery",
      "recoveryPeriodInDays",
    ]);
    await readEach("DescribeContinuousBackups", [TABLE], toRead, async (table) => {
      const answer = await unlessDeleted(() => ctx.client.send(new DescribeContinuousBackupsCommand({ TableName: table.id })), TABLE_GONE);
      if (!answer) return void deleted.add(table.id);
      fillAttributes(ctx, "DescribeContinuousBackups", table, (fields) => continuousBackupsOf(answer.ContinuousBackupsDescription, fields));
    });
    return tables.filter((t) => !deleted.has(t.id)) as unknown as ResourceRecord[];
  },
});

/** ListTables names are the tables' ids: an empty one is skipped and reported. */
function listedNames(ctx: Pick<DynamoDbContext, "malformed">, names: (string | null | undefined)[]): string[] {
  return names.flatMap((name) => {
    if (name) return [name];
    ctx.malformed("ListTables", TABLE, { skipped: true, field: "TableNames" });
    return [];
  });
}

/** A table deleted since it was listed: DescribeTable says ResourceNotFoundException, DescribeContinuousBackups TableNotFoundException. */
const TABLE_GONE = ["ResourceNotFoundException", "TableNotFoundException"];

/**
 * Item counts and sizes, throughput and restorable times change without any
 * change of configuration and are left out. Deletion protection, billing mode
 * and table class have AWS defaults when absent (tables created before those
 * settings existed); the default encryption (an AWS owned key) has no
 * SSEDescription, so sseType is then absent.
 */
export function tableRecord(ctx: Pick<DynamoDbContext, "accountId" | "region">, name: string, table: TableDescription, fields = new ItemFields()): TableRecord {
  const attributes = compact({
    deletionProtectionEnabled: table.DeletionProtectionEnabled ?? false,
    billingMode: table.BillingModeSummary?.BillingMode ?? "PROVISIONED",
    tableClass: table.TableClassSummary?.TableClass ?? "STANDARD",
    sseType: table.SSEDescription?.SSEType,
    replicaRegions: sortedStrings(table.Replicas?.map((replica) => replica.RegionName)),
  }) as TableAttributes;
  const state: TableState | undefined = compact({ status: fields.readState(() => required(table.TableStatus, "TableStatus")) }) as TableState;
  return compact({ type: TABLE, id: name, arn: table.TableArn, accountId: ctx.accountId, region: ctx.region, name, tags: {}, attributes, state: state as unknown as Record<string, unknown> });
}

export function statusOf(table: TableRecord): string | undefined {
  return (table.state as TableState | undefined)?.status;
}

/** PointInTimeRecoveryStatus, with its recovery window when it is on (DescribeContinuousBackups). */
export function continuousBackupsOf(backups: ContinuousBackupsDescription | undefined, fields = new ItemFields()): Pick<TableAttributes, "pointInTimeRecovery" | "recoveryPeriodInDays"> {
  const pitr = backups?.PointInTimeRecoveryDescription;
  const status = fields.read("pointInTimeRecovery", () => {
    if (backups === undefined) throw new MalformedResponseError("ContinuousBackupsDescription");
    return required(pitr?.PointInTimeRecoveryStatus, "PointInTimeRecoveryDescription.PointInTimeRecoveryStatus");
  });
  return compact({ pointInTimeRecovery: status, recoveryPeriodInDays: status === "ENABLED" ? pitr?.RecoveryPeriodInDays : undefined });
}
