import rule from "../../../rules/rds/rds-multi-az.js";
import { accessDeniedFor, dbCluster, dbInstance, readReplica } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const twoZones = dbCluster("orders", ["us-east-1a", "us-east-1b"]);
const oneZone = dbCluster("reports", ["us-east-1a", "us-east-1a"]);
const writerOnly = dbCluster("sessions", ["us-east-1c"]);
// A Multi-AZ DB cluster (RDS for PostgreSQL): a writer and two readers, one per zone.
const multiAzDbCluster = dbCluster("ledger", ["us-east-1a", "us-east-1b", "us-east-1c"], { engine: "postgres", engineVersion: "16.4", engineMode: "provisioned", port: 5432 });
const dbInstancesDenied = accessDeniedFor("rds", "DescribeDBInstances", ["AWS::RDS::DBInstance"]);

ruleTester.run(rule, {
  pass: [
    { name: "Multi-AZ MySQL instance", resource: dbInstance("app-db"), reason: /Multi-AZ deployment with its standby in us-east-1b/, evidence: { multiAZ: true, engine: "mysql" } },
    {
      name: "SQL Server Multi-AZ (Always On)",
      resource: dbInstance("erp-mssql", { engine: "sqlserver-ee", engineVersion: "16.00.4135.4.v1", port: 1433, secondaryAvailabilityZone: "us-east-1c" }),
      reason: /standby in us-east-1c/,
    },
    { name: "Oracle Multi-AZ", resource: dbInstance("billing-ora", { engine: "oracle-ee", engineVersion: "19.0.0.0.ru-2024-10.rur-2024-10.r1", port: 1521 }) },
    {
      name: "Aurora cluster: writer and reader in two zones",
      resource: twoZones.cluster,
      related: twoZones.members,
      reason: /members in 2 Availability Zones \(us-east-1a, us-east-1b\)/,
      evidence: { memberAvailabilityZones: ["us-east-1a", "us-east-1b"], members: [{ instanceId: "orders-writer", isWriter: true }, { instanceId: "orders-reader-1", isWriter: false }] },
    },
    { name: "Multi-AZ DB cluster with its three members", resource: multiAzDbCluster.cluster, related: multiAzDbCluster.members, reason: /3 Availability Zones/ },
    {
      name: "Multi-AZ DB cluster whose members were not collected: RDS's MultiAZ flag is enough",
      resource: multiAzDbCluster.cluster,
      errors: [dbInstancesDenied],
      reason: /Multi-AZ DB cluster/,
    },
  ],
  fail: [
    { name: "Single-AZ MySQL instance", resource: dbInstance("app-db", { multiAZ: false }), reason: /Single-AZ deployment in us-east-1a/, severity: "high", evidence: { multiAZ: false, engine: "mysql", secondaryAvailabilityZone: null } },
    { name: "Single-AZ SQL Server Web edition", resource: dbInstance("cms-mssql", { engine: "sqlserver-web", port: 1433, multiAZ: false, availabilityZone: "us-east-1b" }), reason: /in us-east-1b/, evidence: { engine: "sqlserver-web" } },
    { name: "Single-AZ Oracle", resource: dbInstance("hr-ora", { engine: "oracle-se2", port: 1521, multiAZ: false }), evidence: { engine: "oracle-se2" } },
    {
      name: "Aurora cluster: writer and reader in the same zone",
      resource: oneZone.cluster,
      related: oneZone.members,
      reason: /members only in us-east-1a/,
      evidence: { multiAZ: false, memberAvailabilityZones: ["us-east-1a"] },
    },
    { name: "Aurora cluster with a writer only", resource: writerOnly.cluster, related: writerOnly.members, reason: /members only in us-east-1c/ },
    { name: "cluster with no instances (headless)", resource: dbCluster("archive", []).cluster, reason: /no member instances/ },
    {
      name: "member missing from a complete collection has no known zone",
      resource: oneZone.cluster,
      related: [oneZone.members[0]!],
      reason: /members only in us-east-1a; zone unknown for reports-reader-1/,
      evidence: { members: [{ instanceId: "reports-writer", availabilityZone: "us-east-1a" }, { instanceId: "reports-reader-1", availabilityZone: null }] },
    },
  ],
  notApplicable: [
    { name: "Aurora writer is judged on its cluster", resource: twoZones.members[0]!, related: [twoZones.cluster], reason: /member of DB cluster orders/ },
    { name: "Aurora reader is judged on its cluster", resource: oneZone.members[1]!, reason: /member of DB cluster reports/ },
    { name: "Multi-AZ DB cluster member", resource: multiAzDbCluster.members[2]!, reason: /member of DB cluster ledger/ },
    { name: "read replica", resource: readReplica("app-db-replica", "app-db"), reason: /read replica of app-db/ },
    {
      name: "cross-Region replica of an Aurora cluster",
      resource: readReplica("reporting-replica", "arn:aws:rds:us-west-2:123456789012:cluster:orders"),
      reason: /read replica of arn:aws:rds:us-west-2:123456789012:cluster:orders/,
    },
  ],
  error: [
    {
      name: "Aurora members not in the snapshot because DescribeDBInstances failed",
      resource: oneZone.cluster,
      errors: [dbInstancesDenied],
      reason: /reports-writer, reports-reader-1 not in the snapshot: DB instances in us-east-1 were not fully collected/,
    },
  ],
});
