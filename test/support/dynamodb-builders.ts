/**
 * DynamoDB table records built from DescribeTable and DescribeContinuousBackups
 * answers as AWS documents them, through the collector's own normalizers.
 */
import type { ContinuousBackupsDescription, TableDescription } from "@aws-sdk/client-dynamodb";
import { continuousBackupsOf, tableRecord } from "../../src/collect/dynamodb.js";
import type { TableAttributes } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, REGION, collectionError } from "./builders.js";

/** A DescribeTable answer: an active on-demand table with deletion protection off unless `overrides` say otherwise. */
export function describedTable(name: string, overrides: Partial<TableDescription> = {}): TableDescription {
  return {
    TableName: name,
    TableStatus: "ACTIVE",
    TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
    TableId: "7b3d2c1a-0f9e-4d7c-8b6a-5e4d3c2b1a09",
    CreationDateTime: new Date("2025-06-01T09:00:00.000Z"),
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    BillingModeSummary: { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: new Date("2025-06-01T09:00:00.000Z") },
    TableSizeBytes: 1024,
    ItemCount: 12,
    DeletionProtectionEnabled: false,
    ...overrides,
  };
}

/** A DescribeContinuousBackups answer; `recoveryPeriodInDays` only when PITR is enabled, as AWS answers. */
export function continuousBackups(status: "ENABLED" | "DISABLED", recoveryPeriodInDays = 35): ContinuousBackupsDescription {
  return {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription:
      status === "ENABLED"
        ? {
            PointInTimeRecoveryStatus: "ENABLED",
            RecoveryPeriodInDays: recoveryPeriodInDays,
            EarliestRestorableDateTime: new Date("2025-10-01T00:00:00.000Z"),
            LatestRestorableDateTime: new Date("2025-11-01T01:55:00.000Z"),
          }
        : { PointInTimeRecoveryStatus: "DISABLED" },
  };
}

/** The record of a table from its DescribeTable answer and, unless null, its DescribeContinuousBackups answer. */
export function table(description: TableDescription, backups: ContinuousBackupsDescription | null = null): ResourceRecord<TableAttributes> {
  const record = tableRecord({ accountId: ACCOUNT, region: REGION }, description.TableName!, description);
  if (backups) Object.assign(record.attributes, continuousBackupsOf(backups));
  return record;
}

/** What the collector records when a DynamoDB read is denied (JSON protocol: AccessDeniedException). */
export function dynamodbCollectionError(operation: string): CollectionError {
  return collectionError("dynamodb", `dynamodb:${operation}`, ["AWS::DynamoDB::Table"], { code: "AccessDeniedException" });
}
