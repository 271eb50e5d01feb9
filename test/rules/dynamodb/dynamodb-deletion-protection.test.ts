import rule from "../../../rules/dynamodb/dynamodb-deletion-protection.js";
import { describedTable, table } from "../../support/dynamodb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";
import { unreadableError } from "../../support/builders.js";
import type { ResourceRecord } from "../../../src/types/resource.js";

/** A table kept with deletionProtectionEnabled unreadable, as a collector marks one. */
function unreadable(record: ResourceRecord<any>): ResourceRecord<any> {
  const { deletionProtectionEnabled: _, ...attributes } = record.attributes;
  return { ...record, attributes, unreadable: [{ attribute: "deletionProtectionEnabled", field: "DeletionProtectionEnabled" }] };
}

ruleTester.run(rule, {
  pass: [
    { name: "protected", resource: table(describedTable("app-sessions", { DeletionProtectionEnabled: true })), reason: /DeletionProtectionEnabled: true/, evidence: { deletionProtectionEnabled: true } },
    { name: "protected while being created", resource: table(describedTable("orders", { DeletionProtectionEnabled: true, TableStatus: "CREATING" })) },
    {
      name: "protected global table replica",
      resource: table(describedTable("carts", { DeletionProtectionEnabled: true, Replicas: [{ RegionName: "eu-west-1" }] })),
      evidence: { globalTableReplicaRegions: ["eu-west-1"] },
    },
  ],
  fail: [
    { name: "unprotected", resource: table(describedTable("app-sessions")), reason: /DeletionProtectionEnabled: false/, severity: "low", evidence: { deletionProtectionEnabled: false } },
    { name: "table created before the setting existed (no DeletionProtectionEnabled)", resource: table(describedTable("legacy", { DeletionProtectionEnabled: undefined })), reason: /single DeleteTable call/ },
    { name: "unprotected infrequent-access table", resource: table(describedTable("archive", { TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" } })) },
    { name: "unprotected global table replica", resource: table(describedTable("carts", { Replicas: [{ RegionName: "eu-west-1" }] })), evidence: { globalTableReplicaRegions: ["eu-west-1"] } },
  ],
  notApplicable: [{ name: "table being deleted", resource: table(describedTable("old", { TableStatus: "DELETING" })), reason: /being deleted/ }],
  error: [
    {
      name: "setting unreadable",
      resource: unreadable(table(describedTable("app-sessions"))),
      errors: [unreadableError("dynamodb", "DescribeTable", "AWS::DynamoDB::Table", "app-sessions", "DeletionProtectionEnabled")],
    },
  ],
});
