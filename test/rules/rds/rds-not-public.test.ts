import rule from "../../../rules/rds/rds-not-public.js";
import { all, sg, tcp } from "../../support/builders.js";
import { accessDeniedFor, DB_SG_ID, DB_SUBNET_GROUP, dbCluster, dbInstance, subnet, subnetsOf } from "../../support/rds-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const APP_SG = "sg-0app0000000000001";
const publicSubnets = subnetsOf(DB_SUBNET_GROUP, true);
const privateSubnets = subnetsOf(DB_SUBNET_GROUP, false);
const [firstSubnet, secondSubnet] = DB_SUBNET_GROUP.subnets;
const openMysql = sg({ id: DB_SG_ID, ingress: [tcp(3306, "0.0.0.0/0")] });
const appOnly = sg({ id: DB_SG_ID, ingress: [tcp(3306, APP_SG)] });
const aurora = dbCluster("orders", ["us-east-1a", "us-east-1b"]);

const publicDb = (id: string, overrides: Parameters<typeof dbInstance>[1] = {}) => dbInstance(id, { publiclyAccessible: true, ...overrides });

ruleTester.run(rule, {
  pass: [
    { name: "private instance", resource: dbInstance("app-db"), reason: /not publicly accessible/, evidence: { publiclyAccessible: false } },
    { name: "private instance with an open group and an IGW route gets no public address", resource: dbInstance("app-db"), related: [openMysql, ...publicSubnets] },
    { name: "private Aurora member", resource: aurora.members[0]!, related: [aurora.cluster, openMysql, ...publicSubnets] },
  ],
  fail: [
    {
      name: "public, port open to 0.0.0.0/0 and routed to an IGW: reachable",
      resource: publicDb("app-db"),
      related: [openMysql, ...publicSubnets],
      reason: new RegExp(`reachable from the internet: ${DB_SG_ID} allows tcp/3306 from 0\\.0\\.0\\.0/0, and subnets ${firstSubnet!.id}, ${secondSubnet!.id} route to an internet gateway`),
      severity: "critical",
      evidence: {
        publiclyAccessible: true,
        port: 3306,
        openToInternet: [{ groupId: DB_SG_ID, permissions: ["tcp/3306 from 0.0.0.0/0"] }],
        subnetsRoutingToInternetGateway: [firstSubnet!.id, secondSubnet!.id],
      },
    },
    {
      name: "all traffic from ::/0, one of two subnets routed",
      resource: publicDb("app-db"),
      related: [sg({ id: DB_SG_ID, ingress: [all("::/0")] }), subnet(firstSubnet!.id, { routesToInternetGateway: false }), subnet(secondSubnet!.id, { availabilityZone: "us-east-1b", routesToInternetGateway: true })],
      reason: new RegExp(`all traffic from ::/0, and subnet ${secondSubnet!.id} routes`),
      severity: "critical",
    },
    {
      name: "SQL Server with 1433 inside an open range",
      resource: publicDb("erp-mssql", { engine: "sqlserver-se", port: 1433 }),
      related: [sg({ id: DB_SG_ID, ingress: [tcp([1024, 2048], "0.0.0.0/0")] }), ...publicSubnets],
      reason: /tcp\/1024-2048 from 0\.0\.0\.0\/0/,
      severity: "critical",
    },
    {
      name: "PostgreSQL being created (no endpoint): the engine's default port",
      resource: publicDb("events-pg", { engine: "postgres", port: undefined }),
      related: [sg({ id: DB_SG_ID, ingress: [tcp(5432, "0.0.0.0/0")] }), ...publicSubnets],
      severity: "critical",
      evidence: { port: 5432 },
    },
    {
      name: "public but only the app tier's group may connect",
      resource: publicDb("app-db"),
      related: [appOnly, ...publicSubnets],
      reason: /publicly accessible but not currently reachable from the internet: no attached security group opens tcp\/3306 to the internet$/,
      severity: "high",
      evidence: { openToInternet: [] },
    },
    {
      name: "public with an open group but private subnets",
      resource: publicDb("app-db"),
      related: [openMysql, ...privateSubnets],
      reason: /not currently reachable from the internet: no subnet of its DB subnet group routes to an internet gateway$/,
      severity: "high",
      evidence: { subnetsRoutingToInternetGateway: [] },
    },
    {
      name: "Oracle whose group opens MySQL's port, not 1521",
      resource: publicDb("hr-ora", { engine: "oracle-se2", port: 1521 }),
      related: [openMysql, ...publicSubnets],
      reason: /no attached security group opens tcp\/1521/,
      severity: "high",
    },
    {
      name: "security groups not collected: reachability unknown, severity kept",
      resource: publicDb("app-db"),
      related: publicSubnets,
      errors: [accessDeniedFor("ec2", "DescribeSecurityGroups", ["AWS::EC2::SecurityGroup"])],
      reason: new RegExp(`could not be verified: ${DB_SG_ID} not in the snapshot`),
      severity: "critical",
      evidence: { notInSnapshot: [DB_SG_ID] },
    },
    {
      name: "public Aurora member reachable through the cluster's group",
      resource: { ...aurora.members[1]!, attributes: { ...aurora.members[1]!.attributes, publiclyAccessible: true } },
      related: [aurora.cluster, openMysql, ...publicSubnets],
      severity: "critical",
    },
  ],
  notApplicable: [],
});
