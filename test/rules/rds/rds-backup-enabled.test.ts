import rule from "../../../rules/rds/rds-backup-enabled.js";
import { dbCluster, dbInstance, readReplica } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const aurora = dbCluster("orders", ["us-east-1a", "us-east-1b"]);
const shortAurora = dbCluster("scratch", ["us-east-1a"], { backupRetentionPeriod: 1 });
// An Aurora cluster replicating another Region's cluster (cross-Region read replica cluster).
const replicaCluster = dbCluster("orders-dr", ["us-east-1a"], { replicationSourceIdentifier: "arn:aws:rds:us-west-2:123456789012:cluster:orders", backupRetentionPeriod: 1 });

ruleTester.run(rule, {
  pass: [
    { name: "7 days, the default minimum", resource: dbInstance("app-db"), reason: /kept 7 days \(at least 7 required\)/, evidence: { backupRetentionPeriod: 7, minRetentionDays: 7 } },
    { name: "the 35-day maximum", resource: dbInstance("ledger-db", { backupRetentionPeriod: 35 }) },
    { name: "Aurora cluster", resource: aurora.cluster, related: aurora.members },
    { name: "lower minimum by param", resource: dbInstance("dev-db", { backupRetentionPeriod: 1 }), params: { minRetentionDays: 1 } },
    { name: "read replica with backups when replicas are checked", resource: readReplica("app-db-replica", "app-db", { backupRetentionPeriod: 7 }), params: { checkReadReplicas: true } },
  ],
  fail: [
    { name: "backups turned off", resource: dbInstance("app-db", { backupRetentionPeriod: 0 }), reason: /automated backups are turned off for this DB instance \(BackupRetentionPeriod 0\)/, severity: "medium" },
    { name: "3 days", resource: dbInstance("app-db", { backupRetentionPeriod: 3 }), reason: /kept only 3 days, less than the required 7/, evidence: { backupRetentionPeriod: 3, minRetentionDays: 7 } },
    { name: "Oracle with 5 days", resource: dbInstance("hr-ora", { engine: "oracle-se2", port: 1521, backupRetentionPeriod: 5 }), evidence: { engine: "oracle-se2" } },
    { name: "Aurora cluster with 1 day", resource: shortAurora.cluster, related: shortAurora.members, reason: /kept only 1 day,/ },
    { name: "7 days against a 14-day param", resource: dbInstance("app-db"), params: { minRetentionDays: 14 }, reason: /less than the required 14/ },
    {
      name: "read replica without backups when replicas are checked",
      resource: readReplica("app-db-replica", "app-db"),
      params: { checkReadReplicas: true },
      reason: /turned off/,
      evidence: { readReplicaSource: "app-db" },
    },
    { name: "replica cluster when replicas are checked", resource: replicaCluster.cluster, params: { checkReadReplicas: true }, reason: /kept only 1 day/ },
  ],
  notApplicable: [
    { name: "Aurora member (retention is the cluster's)", resource: aurora.members[0]!, related: [aurora.cluster], reason: /member of DB cluster orders: backup retention is judged on the cluster/ },
    { name: "read replica by default", resource: readReplica("app-db-replica", "app-db"), reason: /read replica of app-db.*checkReadReplicas/ },
    { name: "replica cluster by default", resource: replicaCluster.cluster, reason: /read replica of arn:aws:rds:us-west-2:123456789012:cluster:orders/ },
  ],
});
