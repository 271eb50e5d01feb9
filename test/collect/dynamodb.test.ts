import { describe, expect, it } from "@jest/globals";
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import type { DescribeContinuousBackupsCommandInput, DescribeTableCommandInput, ListTablesCommandInput, TableDescription } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { dynamodbCollector } from "../../src/collect/dynamodb.js";
import { collectAccount } from "../../src/collect/run.js";
import type { OptionalRead } from "../../src/types/reads.js";
import { ACCOUNT } from "../support/builders.js";
import { accessDenied, testCredentials, throttled } from "../support/collect.js";
import { continuousBackups, describedTable } from "../support/dynamodb-builders.js";
import { awsError } from "../support/fake-aws.js";

const dynamodb = mockClient(DynamoDBClient);
const TABLE = "AWS::DynamoDB::Table";

/** 5 tables in name order: a global table replica, a provisioned one from before on-demand, one being deleted, … */
const TABLES: TableDescription[] = [
  describedTable("app-sessions", { DeletionProtectionEnabled: true, SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0f5c2a3e-8d4b-4c6a-9e1f-000000000001" } }),
  describedTable("carts", { Replicas: [{ RegionName: "us-west-2", ReplicaStatus: "ACTIVE" }, { RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" }], GlobalTableVersion: "2019.11.21" }),
  describedTable("legacy-orders", { BillingModeSummary: undefined, DeletionProtectionEnabled: undefined, TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" } }),
  describedTable("old-events", { TableStatus: "DELETING" }),
  describedTable("users", { DeletionProtectionEnabled: true }),
];
const PITR: Record<string, "ENABLED" | "DISABLED"> = { "app-sessions": "ENABLED", carts: "DISABLED", "legacy-orders": "DISABLED", users: "ENABLED" };

/** ListTables pages of `perPage` names after ExclusiveStartTableName, recording each request as sent. */
function serve(tables: TableDescription[] = TABLES, perPage = 2) {
  const listRequests: ListTablesCommandInput[] = [];
  dynamodb.reset();
  dynamodb.on(ListTablesCommand).callsFake((input: ListTablesCommandInput) => {
    listRequests.push({ ...input });
    const names = tables.map((t) => t.TableName!);
    const start = input.ExclusiveStartTableName ? names.indexOf(input.ExclusiveStartTableName) + 1 : 0;
    const page = names.slice(start, start + perPage);
    return { TableNames: page, ...(start + perPage < names.length && { LastEvaluatedTableName: page[page.length - 1] }) };
  });
  dynamodb.on(DescribeTableCommand).callsFake((input: DescribeTableCommandInput) => {
    const table = tables.find((t) => t.TableName === input.TableName);
    if (!table) throw awsError("ResourceNotFoundException", `Requested resource not found: Table: ${input.TableName} not found`, 400);
    return { Table: table };
  });
  dynamodb.on(DescribeContinuousBackupsCommand).callsFake((input: DescribeContinuousBackupsCommandInput) => {
    const status = PITR[input.TableName!];
    if (!status) throw awsError("TableNotFoundException", `Table not found: ${input.TableName}`, 400);
    return { ContinuousBackupsDescription: continuousBackups(status, 14) };
  });
  return listRequests;
}

async function collect(reads?: OptionalRead[]) {
  const snapshot = await collectAccount({
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    collectors: [dynamodbCollector],
    credentials: testCredentials,
    maxAttempts: 3,
    ...(reads && { reads }),
    now: () => new Date("2026-11-01T02:00:00.000Z"),
  });
  return { snapshot, table: (name: string) => snapshot.resources.find((r) => r.id === name)! };
}

const called = (command: typeof DescribeTableCommand | typeof DescribeContinuousBackupsCommand) => dynamodb.commandCalls(command).map((c) => c.args[0].input.TableName).sort();

describe("dynamodb collector", () => {
  it("follows LastEvaluatedTableName at Limit 100 and describes every table once", async () => {
    const requests = serve();
    const { snapshot } = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(requests).toEqual([{ Limit: 100 }, { Limit: 100, ExclusiveStartTableName: "carts" }, { Limit: 100, ExclusiveStartTableName: "old-events" }]);
    expect(called(DescribeTableCommand)).toEqual(TABLES.map((t) => t.TableName).sort());
    expect(snapshot.resources.map((r) => [r.type, r.id])).toEqual(TABLES.map((t) => [TABLE, t.TableName]));
  });

  it("records configuration, not item counts, sizes or times; AWS's defaults where a setting predates the table", async () => {
    serve();
    const { table } = await collect();
    expect(table("app-sessions")).toEqual({
      type: TABLE,
      id: "app-sessions",
      arn: "arn:aws:dynamodb:us-east-1:123456789012:table/app-sessions",
      accountId: ACCOUNT,
      region: "us-east-1",
      name: "app-sessions",
      tags: {},
      attributes: { deletionProtectionEnabled: true, billingMode: "PAY_PER_REQUEST", tableClass: "STANDARD", sseType: "KMS", replicaRegions: [], pointInTimeRecovery: "ENABLED", recoveryPeriodInDays: 14 },
      state: { status: "ACTIVE" },
    });
    expect(table("legacy-orders").attributes).toEqual({ deletionProtectionEnabled: false, billingMode: "PROVISIONED", tableClass: "STANDARD_INFREQUENT_ACCESS", replicaRegions: [], pointInTimeRecovery: "DISABLED" });
    expect(table("carts").attributes).toMatchObject({ replicaRegions: ["eu-west-1", "us-west-2"] });
  });

  it("reads continuous backups of every table but those being deleted, and none when no rule needs them", async () => {
    serve();
    const { table } = await collect();
    expect(called(DescribeContinuousBackupsCommand)).toEqual(["app-sessions", "carts", "legacy-orders", "users"]);
    expect(table("old-events").attributes).not.toHaveProperty("pointInTimeRecovery");
    serve();
    const skipped = await collect([]);
    expect(skipped.snapshot.errors).toEqual([]);
    expect(dynamodb.commandCalls(DescribeContinuousBackupsCommand)).toEqual([]);
    for (const r of skipped.snapshot.resources) expect(r.attributes).not.toHaveProperty("pointInTimeRecovery");
  });

  it("drops a table deleted between ListTables and DescribeTable without an error", async () => {
    serve([...TABLES]);
    dynamodb.on(DescribeTableCommand, { TableName: "carts" }).rejects(awsError("ResourceNotFoundException", "Requested resource not found: Table: carts not found", 400));
    const { snapshot } = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources.map((r) => r.id)).not.toContain("carts");
    expect(snapshot.resources).toHaveLength(TABLES.length - 1);
  });

  it("a denied ListTables is one error naming the type, and no table is recorded", async () => {
    serve();
    dynamodb.on(ListTablesCommand).rejects(awsError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: dynamodb:ListTables", 400));
    const { snapshot } = await collect();
    expect(snapshot.errors).toEqual([expect.objectContaining({ service: "dynamodb", operation: "ListTables", code: "AccessDeniedException", resourceTypes: [TABLE] })]);
    expect(snapshot.resources).toEqual([]);
  });

  it("a denied DescribeContinuousBackups is one error; the tables are kept without their PITR status", async () => {
    serve();
    dynamodb.on(DescribeContinuousBackupsCommand).rejects(accessDenied("dynamodb:DescribeContinuousBackups"));
    const { snapshot } = await collect();
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeContinuousBackups", resourceTypes: [TABLE], message: expect.stringMatching(/^failed for 4 of 4 /) })]);
    expect(snapshot.resources).toHaveLength(TABLES.length);
    for (const r of snapshot.resources) expect(r.attributes).not.toHaveProperty("pointInTimeRecovery");
  });

  it("throttled DescribeTable calls beyond retries are one error, and no further table is tried", async () => {
    serve();
    dynamodb.on(DescribeTableCommand).rejects(throttled("ThrottlingException"));
    const { snapshot } = await collect();
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeTable", code: "ThrottlingException", resourceTypes: [TABLE] })]);
    expect(snapshot.resources).toEqual([]);
  });

  it("skips an empty table name and reports a description without TableStatus, keeping the rest", async () => {
    serve();
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ["", "app-sessions", "users"] });
    dynamodb.on(DescribeTableCommand, { TableName: "users" }).resolves({ Table: describedTable("users", { TableStatus: undefined }) });
    const { snapshot, table } = await collect();
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "DescribeTable", code: "MalformedResponse", resourceIds: ["users"] }),
      expect.objectContaining({ operation: "ListTables", code: "MalformedResponse", message: `1 ${TABLE} item skipped: no TableNames`, resourceTypes: [TABLE] }),
    ]);
    expect(snapshot.resources.map((r) => r.id)).toEqual(["app-sessions", "users"]);
    expect(table("users").state).toEqual({});
  });
});
