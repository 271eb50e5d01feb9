/**
 * DynamoDB tables of the synthetic account: about 2 % of its records, spread
 * evenly over the regions (at least two per region, so every region has one
 * table failing each DynamoDB rule and one passing it). The mix follows each
 * table's number, not the account's random sequence, so adding tables leaves
 * the rest of the account as it was: a third without deletion protection, a
 * quarter without point-in-time recovery, some global-table replicas,
 * provisioned tables from before on-demand, KMS encryption, an infrequent-access
 * table class, and now and then a table being deleted.
 */
import type { ContinuousBackupsDescription, TableDescription } from "@aws-sdk/client-dynamodb";
import type { SyntheticAccount } from "./account.js";
import { compareText } from "../../../src/types/order.js";
import { CREATED, kmsKeyArn } from "./ids.js";

/** Tables per requested record. */
const SHARE = 0.02;
const MIN_PER_REGION = 2;
const PURPOSES = ["sessions", "orders", "carts", "events", "users", "inventory", "audit-log", "feature-flags"];

export function addTables(account: SyntheticAccount, resources: number): void {
  const perRegion = Math.max(MIN_PER_REGION, Math.round((resources * SHARE) / account.regions.length));
  let serial = 0;
  for (const data of account.regions) {
    const others = account.regions.map((r) => r.region).filter((region) => region !== data.region);
    for (let local = 0; local < perRegion; local++) {
      const n = serial++;
      const name = `${PURPOSES[n % PURPOSES.length]}-${String(n).padStart(4, "0")}`;
      data.tables.push(table(account.accountId, data.region, name, n, local, others));
      data.continuousBackups.set(name, continuousBackups(n));
    }
    // ListTables returns names in order.
    data.tables.sort((a, b) => compareText(a.TableName!, b.TableName!));
  }
}

function table(accountId: string, region: string, name: string, n: number, local: number, otherRegions: string[]): TableDescription {
  const provisioned = n % 2 === 1;
  return {
    TableName: name,
    TableArn: `arn:aws:dynamodb:${region}:${accountId}:table/${name}`,
    TableId: `${n.toString(16).padStart(8, "0")}-7b3d-4c1a-8f9e-${n.toString(16).padStart(12, "0")}`,
    // The last of every 25 is being deleted; the first two of a region never are, so each region has both verdicts.
    TableStatus: local >= MIN_PER_REGION && n % 25 === 24 ? "DELETING" : "ACTIVE",
    CreationDateTime: CREATED,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: provisioned ? 25 : 0, WriteCapacityUnits: provisioned ? 10 : 0 },
    TableSizeBytes: 4096 * (n + 1),
    ItemCount: 17 * (n + 1),
    // A provisioned table created before on-demand existed has no BillingModeSummary.
    ...(provisioned ? n % 4 === 1 && { BillingModeSummary: { BillingMode: "PROVISIONED" } } : { BillingModeSummary: { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: CREATED } }),
    ...(n % 5 === 2 && { SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: kmsKeyArn(region, accountId) } }),
    ...(n % 6 === 5 && { TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS", LastUpdateDateTime: CREATED } }),
    ...(n % 10 === 7 && otherRegions.length > 0 && { GlobalTableVersion: "2019.11.21", Replicas: otherRegions.slice(0, 2).map((RegionName) => ({ RegionName, ReplicaStatus: "ACTIVE" as const })) }),
    DeletionProtectionEnabled: n % 3 !== 0,
  };
}

/** Continuous backups are on for every table; point-in-time recovery for three in four. */
function continuousBackups(n: number): ContinuousBackupsDescription {
  if (n % 4 === 1) return { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } };
  return {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription: {
      PointInTimeRecoveryStatus: "ENABLED",
      RecoveryPeriodInDays: n % 3 === 2 ? 7 : 35,
      EarliestRestorableDateTime: CREATED,
      LatestRestorableDateTime: new Date("2025-06-08T09:00:00.000Z"),
    },
  };
}
