import rule from "../../../rules/rds/rds-storage-encrypted.js";
import { dbCluster, dbInstance, readReplica } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const encrypted = dbCluster("orders", ["us-east-1a", "us-east-1b"]);
const plain = dbCluster("legacy", ["us-east-1a", "us-east-1b"], { storageEncrypted: false });

ruleTester.run(rule, {
  pass: [
    { name: "encrypted MySQL instance", resource: dbInstance("app-db"), reason: /storage encrypted with arn:aws:kms:/, evidence: { storageEncrypted: true, engine: "mysql" } },
    { name: "encrypted SQL Server instance", resource: dbInstance("erp-mssql", { engine: "sqlserver-se", port: 1433 }) },
    { name: "encrypted Aurora cluster", resource: encrypted.cluster, related: encrypted.members, evidence: { storageEncrypted: true, engine: "aurora-mysql" } },
    {
      name: "Aurora member reports its cluster's encryption",
      resource: encrypted.members[1]!,
      related: [encrypted.cluster],
      evidence: { storageEncrypted: true, dbClusterIdentifier: "orders" },
    },
  ],
  fail: [
    {
      name: "unencrypted MySQL instance",
      resource: dbInstance("app-db", { storageEncrypted: false }),
      reason: /^DB instance storage is not encrypted$/,
      severity: "high",
      evidence: { storageEncrypted: false, engine: "mysql", kmsKeyId: null },
    },
    { name: "unencrypted Oracle instance", resource: dbInstance("hr-ora", { engine: "oracle-se2", port: 1521, storageEncrypted: false }), evidence: { engine: "oracle-se2" } },
    { name: "unencrypted read replica", resource: readReplica("app-db-replica", "app-db", { storageEncrypted: false }), reason: /not encrypted/ },
    { name: "unencrypted Aurora cluster", resource: plain.cluster, related: plain.members, reason: /^DB cluster storage is not encrypted$/ },
    {
      name: "member of an unencrypted Aurora cluster",
      resource: plain.members[0]!,
      related: [plain.cluster],
      reason: /DB instance storage is not encrypted \(encryption is set on its cluster legacy\)/,
      evidence: { dbClusterIdentifier: "legacy" },
    },
  ],
  notApplicable: [],
});
