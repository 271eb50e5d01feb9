import rule from "../../../rules/rds/rds-tls-enforced.js";
import { dbCluster, dbClusterParameterGroup, dbInstance, dbParameterGroup, withState } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const postgres16 = { engine: "postgres", engineVersion: "16.4", port: 5432 };
const auroraMysql = dbCluster("orders", ["us-east-1a", "us-east-1b"], dbClusterParameterGroup("orders-aurora-mysql80-tls", { require_secure_transport: "ON" }));
const auroraPostgres = dbCluster("catalog", ["us-east-1a", "us-east-1b"], {
  engine: "aurora-postgresql",
  engineVersion: "16.4",
  port: 5432,
  ...dbClusterParameterGroup("default.aurora-postgresql16", { "rds.force_ssl": "0" }),
});
const notRead = dbInstance("app-db", { ...postgres16, dbParameterGroupName: "app-pg16-tls" });

ruleTester.run(rule, {
  pass: [
    {
      name: "PostgreSQL 16 with rds.force_ssl = 1 in a custom group",
      resource: dbInstance("app-db", { ...postgres16, ...dbParameterGroup("app-pg16-tls", { "rds.force_ssl": "1" }) }),
      reason: /DB parameter group app-pg16-tls sets rds\.force_ssl = 1: connections without TLS are refused/,
      evidence: { parameter: "rds.force_ssl", value: "1", parameterGroup: "app-pg16-tls" },
    },
    {
      name: "PostgreSQL 16 in its default group, which leaves rds.force_ssl to the engine default (1 from version 15)",
      resource: dbInstance("app-db", { ...postgres16, ...dbParameterGroup("default.postgres16") }),
      reason: /rds\.force_ssl is not set in DB parameter group default\.postgres16 \(the default of postgres 16\.4 is 1\)/,
      evidence: { value: null, engineDefault: "1" },
    },
    {
      name: "MySQL 8.0 with require_secure_transport = ON",
      resource: dbInstance("shop-db", dbParameterGroup("shop-mysql80-tls", { require_secure_transport: "ON" })),
      reason: /require_secure_transport = ON/,
    },
    {
      name: "SQL Server with rds.force_ssl = 1",
      resource: dbInstance("erp-mssql", { engine: "sqlserver-se", engineVersion: "16.00.4135.4.v1", port: 1433, ...dbParameterGroup("erp-sqlserver-se16-tls", { "rds.force_ssl": "1" }) }),
    },
    {
      name: "Aurora MySQL cluster with require_secure_transport = ON in its cluster parameter group",
      resource: auroraMysql.cluster,
      related: auroraMysql.members,
      reason: /DB cluster parameter group orders-aurora-mysql80-tls sets require_secure_transport = ON/,
    },
  ],
  fail: [
    {
      name: "MySQL 8.0 in its default group: require_secure_transport defaults to OFF",
      resource: dbInstance("shop-db", dbParameterGroup("default.mysql8.0")),
      reason: /require_secure_transport is not set in DB parameter group default\.mysql8\.0 \(the default of mysql 8\.0\.39 is OFF\): connections without TLS are accepted/,
      evidence: { value: null, engineDefault: "OFF" },
    },
    {
      name: "PostgreSQL 14 in its default group: rds.force_ssl defaults to 0 before version 15",
      resource: dbInstance("legacy-db", { engine: "postgres", engineVersion: "14.12", port: 5432, ...dbParameterGroup("default.postgres14") }),
      reason: /the default of postgres 14\.12 is 0/,
    },
    {
      name: "MariaDB with require_secure_transport = OFF",
      resource: dbInstance("cms-db", { engine: "mariadb", engineVersion: "10.11.9", ...dbParameterGroup("cms-mariadb1011", { require_secure_transport: "OFF" }) }),
      reason: /sets require_secure_transport = OFF: connections without TLS are accepted/,
      evidence: { value: "OFF" },
    },
    {
      name: "Aurora PostgreSQL cluster with rds.force_ssl = 0",
      resource: auroraPostgres.cluster,
      related: auroraPostgres.members,
      reason: /DB cluster parameter group default\.aurora-postgresql16 sets rds\.force_ssl = 0/,
    },
    {
      name: "group forces TLS but the instance has not been rebooted since it was attached",
      resource: withState(dbInstance("app-db", { ...postgres16, ...dbParameterGroup("app-pg16-tls", { "rds.force_ssl": "1" }) }), { parameterApplyStatus: "pending-reboot" }),
      reason: /sets rds\.force_ssl = 1, but the instance is still pending a reboot/,
      evidence: { pendingReboot: "the instance is" },
    },
    {
      name: "cluster group forces TLS but a member waits for a reboot",
      resource: withState(auroraMysql.cluster, { pendingRebootMembers: ["orders-reader-1"] }),
      reason: /but member orders-reader-1 is still pending a reboot/,
    },
  ],
  notApplicable: [
    {
      name: "Oracle takes TLS from an option group",
      resource: dbInstance("billing-ora", { engine: "oracle-ee", engineVersion: "19.0.0.0.ru-2024-10.rur-2024-10.r1", port: 1521, ...dbParameterGroup("default.oracle-ee-19") }),
      reason: /engine oracle-ee: .*SSL option of its option group/,
    },
    { name: "Db2", resource: dbInstance("ledger-db2", { engine: "db2-se", engineVersion: "11.5.9.0.sb00000000.r1", port: 50000 }), reason: /engine db2-se: Db2 has no rds\.force_ssl or require_secure_transport/ },
    { name: "Aurora member is judged on its cluster", resource: auroraMysql.members[0]!, related: [auroraMysql.cluster], reason: /member of DB cluster orders: TLS enforcement/ },
    { name: "DocumentDB cluster", resource: dbCluster("sessions", ["us-east-1a"], { engine: "docdb", engineVersion: "5.0.0" }).cluster, reason: /engine docdb/ },
  ],
  error: [
    { name: "parameters not collected (rds.dbParameters not read)", resource: notRead, reason: /the parameters of DB parameter group app-pg16-tls were not collected/ },
    {
      name: "the group's read was denied",
      resource: { ...notRead, unreadable: [{ attribute: "tls", field: "DescribeDBParameters app-pg16-tls (AccessDenied)" }] },
      reason: /could not be read \(DescribeDBParameters app-pg16-tls \(AccessDenied\)\)/,
    },
  ],
});
