import { expect } from "@jest/globals";
import rule from "../../../rules/dynamodb/dynamodb-pitr-enabled.js";
import { continuousBackups, describedTable, dynamodbCollectionError, table } from "../../support/dynamodb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const replicas = { Replicas: [{ RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" as const }, { RegionName: "us-west-2", ReplicaStatus: "ACTIVE" as const }] };

ruleTester.run(rule, {
  pass: [
    { name: "PITR enabled, 35 days", resource: table(describedTable("app-sessions"), continuousBackups("ENABLED")), reason: /last 35 days/, evidence: { pointInTimeRecovery: "ENABLED", recoveryPeriodInDays: 35 } },
    { name: "PITR enabled with a 7-day window", resource: table(describedTable("orders"), continuousBackups("ENABLED", 7)), reason: /last 7 days/ },
    {
      name: "global table replica with PITR",
      resource: table(describedTable("carts", replicas), continuousBackups("ENABLED")),
      evidence: { globalTableReplicaRegions: ["eu-west-1", "us-west-2"] },
    },
  ],
  fail: [
    { name: "PITR disabled", resource: table(describedTable("app-sessions"), continuousBackups("DISABLED")), reason: /PointInTimeRecoveryStatus: DISABLED/, severity: "medium", evidence: { pointInTimeRecovery: "DISABLED" } },
    { name: "provisioned table without PITR", resource: table(describedTable("legacy", { BillingModeSummary: undefined, DeletionProtectionEnabled: true }), continuousBackups("DISABLED")) },
    {
      name: "global table replica without PITR, other replicas judged in their regions",
      resource: table(describedTable("carts", replicas), continuousBackups("DISABLED")),
      evidence: { globalTableReplicaRegions: ["eu-west-1", "us-west-2"], note: expect.stringMatching(/own region/) },
    },
    { name: "table being created without PITR", resource: table(describedTable("new-table", { TableStatus: "CREATING" }), continuousBackups("DISABLED")) },
  ],
  notApplicable: [{ name: "table being deleted", resource: table(describedTable("old", { TableStatus: "DELETING" })), reason: /being deleted/ }],
  error: [
    { name: "continuous backups not read", resource: table(describedTable("app-sessions")), reason: /was not collected \(DescribeContinuousBackups\)/ },
    { name: "continuous backups denied", resource: table(describedTable("app-sessions")), errors: [dynamodbCollectionError("DescribeContinuousBackups")] },
  ],
});
