import rule from "../../../rules/rds/rds-deletion-protection.js";
import { dbCluster, dbInstance, readReplica } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const protectedCluster = dbCluster("orders", ["us-east-1a", "us-east-1b"]);
const openCluster = dbCluster("scratch", ["us-east-1a", "us-east-1b"], { deletionProtection: false });
const multiAzDbCluster = dbCluster("ledger", ["us-east-1a", "us-east-1b", "us-east-1c"], { engine: "mysql", engineVersion: "8.0.39", deletionProtection: false });

ruleTester.run(rule, {
  pass: [
    { name: "protected MySQL instance", resource: dbInstance("app-db"), reason: /deletion protection is on for this DB instance/, evidence: { deletionProtection: true } },
    { name: "protected SQL Server instance", resource: dbInstance("erp-mssql", { engine: "sqlserver-se", port: 1433 }) },
    { name: "protected Aurora cluster", resource: protectedCluster.cluster, related: protectedCluster.members, reason: /on for this DB cluster/ },
  ],
  fail: [
    { name: "unprotected instance", resource: dbInstance("app-db", { deletionProtection: false }), reason: /off: the DB instance can be deleted/, severity: "low", evidence: { deletionProtection: false, engine: "mysql" } },
    { name: "unprotected Oracle instance", resource: dbInstance("hr-ora", { engine: "oracle-ee", port: 1521, deletionProtection: false }), evidence: { engine: "oracle-ee" } },
    { name: "unprotected read replica", resource: readReplica("app-db-replica", "app-db") },
    { name: "unprotected Aurora cluster", resource: openCluster.cluster, related: openCluster.members, reason: /the DB cluster can be deleted/ },
    { name: "unprotected Multi-AZ DB cluster", resource: multiAzDbCluster.cluster, evidence: { engine: "mysql" } },
  ],
  notApplicable: [
    // AWS reports DeletionProtection false on Aurora instances: the setting lives on the cluster.
    { name: "Aurora member", resource: protectedCluster.members[0]!, related: [protectedCluster.cluster], reason: /member of DB cluster orders: deletion protection is judged on the cluster/ },
    { name: "Multi-AZ DB cluster member", resource: multiAzDbCluster.members[1]!, reason: /member of DB cluster ledger/ },
  ],
});
