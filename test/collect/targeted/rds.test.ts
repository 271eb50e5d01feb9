import { beforeEach, describe, expect, it } from "@jest/globals";
import { DescribeDBClusterParametersCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from "@aws-sdk/client-rds";
import type { DBCluster, DBInstance, Parameter } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { rdsCollector } from "../../../src/collect/rds.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceRecord, ResourceType } from "../../../src/types/resource.js";
import { ACCOUNT, REGION } from "../../support/builders.js";
import { accessDenied, collectWith, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";

const rds = mockClient(RDSClient);
const INSTANCE: ResourceType = "AWS::RDS::DBInstance";
const CLUSTER: ResourceType = "AWS::RDS::DBCluster";
const ARN = `arn:aws:rds:${REGION}:${ACCOUNT}`;

// Shapes as documented for DescribeDBInstances and DescribeDBClusters.
const subnetGroup: DBInstance["DBSubnetGroup"] = {
  DBSubnetGroupName: "db-private",
  DBSubnetGroupDescription: "private subnets of the data tier",
  VpcId: "vpc-0a1b2c3d4e5f60001",
  SubnetGroupStatus: "Complete",
  Subnets: [
    { SubnetIdentifier: "subnet-0d000000000000002", SubnetAvailabilityZone: { Name: "us-east-1b" }, SubnetOutpost: {}, SubnetStatus: "Active" },
    { SubnetIdentifier: "subnet-0c000000000000001", SubnetAvailabilityZone: { Name: "us-east-1a" }, SubnetOutpost: {}, SubnetStatus: "Active" },
  ],
};

/** A standalone PostgreSQL instance whose parameter group waits for a reboot. */
const ordersDb: DBInstance = {
  DBInstanceIdentifier: "orders-db",
  DBInstanceClass: "db.m6g.large",
  Engine: "postgres",
  EngineVersion: "16.4",
  DBInstanceStatus: "available",
  Endpoint: { Address: "orders-db.c9akciq32.us-east-1.rds.amazonaws.com", Port: 5432, HostedZoneId: "Z2R2ITUGPM61AM" },
  BackupRetentionPeriod: 7,
  VpcSecurityGroups: [
    { VpcSecurityGroupId: "sg-0b000000000000db2", Status: "active" },
    { VpcSecurityGroupId: "sg-0a000000000000db1", Status: "active" },
  ],
  AvailabilityZone: "us-east-1a",
  SecondaryAvailabilityZone: "us-east-1b",
  DBSubnetGroup: subnetGroup,
  MultiAZ: true,
  PubliclyAccessible: false,
  DbInstancePort: 0,
  StorageEncrypted: true,
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1a2b3c4d-0000-4000-8000-00000000db01`,
  DBParameterGroups: [{ DBParameterGroupName: "orders-pg16", ParameterApplyStatus: "pending-reboot" }],
  DBInstanceArn: `${ARN}:db:orders-db`,
  DeletionProtection: true,
  TagList: [
    { Key: "tier", Value: "data" },
    { Key: "Name", Value: "orders" },
  ],
};

const reportingDb: DBInstance = {
  ...ordersDb,
  DBInstanceIdentifier: "reporting-db",
  DBInstanceArn: `${ARN}:db:reporting-db`,
  Engine: "mysql",
  EngineVersion: "8.0.39",
  DBParameterGroups: [{ DBParameterGroupName: "default.mysql8.0", ParameterApplyStatus: "in-sync" }],
  TagList: [],
};

/** An Aurora member: its TLS setting is its cluster's, so its own parameter group is not read. */
const catalogWriter: DBInstance = {
  ...ordersDb,
  DBInstanceIdentifier: "catalog-aurora-1",
  DBInstanceArn: `${ARN}:db:catalog-aurora-1`,
  Engine: "aurora-postgresql",
  DBClusterIdentifier: "catalog-aurora",
  MultiAZ: false,
  SecondaryAvailabilityZone: undefined,
  DBParameterGroups: [{ DBParameterGroupName: "default.aurora-postgresql16", ParameterApplyStatus: "in-sync" }],
  TagList: [],
};

const catalogCluster: DBCluster = {
  DBClusterIdentifier: "catalog-aurora",
  DBClusterArn: `${ARN}:cluster:catalog-aurora`,
  AvailabilityZones: ["us-east-1c", "us-east-1a", "us-east-1b"],
  BackupRetentionPeriod: 14,
  DBClusterParameterGroup: "catalog-apg16",
  DBSubnetGroup: "db-private",
  Status: "available",
  MultiAZ: true,
  Engine: "aurora-postgresql",
  EngineVersion: "16.4",
  EngineMode: "provisioned",
  Port: 5432,
  DBClusterMembers: [
    { DBInstanceIdentifier: "catalog-aurora-2", IsClusterWriter: false, DBClusterParameterGroupStatus: "pending-reboot", PromotionTier: 1 },
    { DBInstanceIdentifier: "catalog-aurora-1", IsClusterWriter: true, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 },
  ],
  VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0a000000000000db1", Status: "active" }],
  StorageEncrypted: true,
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1a2b3c4d-0000-4000-8000-00000000db02`,
  DeletionProtection: true,
  TagList: [{ Key: "Name", Value: "catalog" }],
};

const sessionsCluster: DBCluster = { ...catalogCluster, DBClusterIdentifier: "sessions-docdb", DBClusterArn: `${ARN}:cluster:sessions-docdb`, Engine: "docdb", EngineVersion: "5.0.0", DBClusterParameterGroup: "default.docdb5.0", TagList: [] };

const parameter = (name: string, value: string): Parameter => ({ ParameterName: name, ParameterValue: value, Source: "user", ApplyType: "dynamic", DataType: "boolean", IsModifiable: true, ApplyMethod: "pending-reboot" });

/** After the parameter-name filter, as RDS applies it. */
const PARAMETER_GROUPS: Record<string, Parameter[]> = {
  "orders-pg16": [parameter("rds.force_ssl", "1")],
  "default.mysql8.0": [],
  "default.aurora-postgresql16": [parameter("rds.force_ssl", "0")],
  "catalog-apg16": [parameter("rds.force_ssl", "1")],
  "default.docdb5.0": [],
};

const TLS_FILTER = [{ Name: "parameter-name", Values: ["rds.force_ssl", "require_secure_transport"] }];

/** The SDK's DBInstanceNotFoundFault, whose code on the wire is DBInstanceNotFound. */
const instanceNotFound = (id: string) => Object.assign(awsError("DBInstanceNotFound", `DBInstance ${id} not found.`, 404), { name: "DBInstanceNotFoundFault" });
const clusterNotFound = (id: string) => awsError("DBClusterNotFoundFault", `DBCluster ${id} not found.`, 404);

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

/** Serves the instances and clusters, by identifier (or ARN) as well as listed, recording each call's input as sent. */
function serve(instances: DBInstance[] = [ordersDb, reportingDb, catalogWriter], clusters: DBCluster[] = [catalogCluster, sessionsCluster]): Sent[] {
  rds.reset();
  const sent: Sent[] = [];
  const record = <I extends object, O>(command: string, answer: (input: I) => O) => (input: I) => {
    sent.push({ command, input: structuredClone(input) as Record<string, unknown> });
    return answer(input);
  };
  rds.on(DescribeDBInstancesCommand).callsFake(
    record("DescribeDBInstances", (input: { DBInstanceIdentifier?: string }) => {
      if (input.DBInstanceIdentifier === undefined) return { DBInstances: instances };
      const db = instances.find((i) => i.DBInstanceIdentifier === input.DBInstanceIdentifier || i.DBInstanceArn === input.DBInstanceIdentifier);
      if (!db) throw instanceNotFound(input.DBInstanceIdentifier);
      return { DBInstances: [db] };
    }),
  );
  rds.on(DescribeDBClustersCommand).callsFake(
    record("DescribeDBClusters", (input: { DBClusterIdentifier?: string }) => {
      if (input.DBClusterIdentifier === undefined) return { DBClusters: clusters };
      const cluster = clusters.find((c) => c.DBClusterIdentifier === input.DBClusterIdentifier || c.DBClusterArn === input.DBClusterIdentifier);
      if (!cluster) throw clusterNotFound(input.DBClusterIdentifier);
      return { DBClusters: [cluster] };
    }),
  );
  rds.on(DescribeDBParametersCommand).callsFake(record("DescribeDBParameters", (input: { DBParameterGroupName?: string }) => ({ Parameters: PARAMETER_GROUPS[input.DBParameterGroupName!] })));
  rds.on(DescribeDBClusterParametersCommand).callsFake(
    record("DescribeDBClusterParameters", (input: { DBClusterParameterGroupName?: string }) => ({ Parameters: PARAMETER_GROUPS[input.DBClusterParameterGroupName!] })),
  );
  return sent;
}

function collectTargets(targets: Partial<Record<ResourceType, string[]>>) {
  return collectAccount({
    accountId: ACCOUNT,
    regions: [REGION],
    collectors: [rdsCollector],
    credentials: testCredentials,
    maxAttempts: 3,
    now: () => new Date("2026-11-01T02:00:00.000Z"),
    targets: new Map([[REGION, new Map(Object.entries(targets) as [ResourceType, string[]][])]]),
  });
}

async function fullRecord(type: ResourceType, id: string): Promise<ResourceRecord> {
  const snapshot = await collectWith([rdsCollector]);
  expect(snapshot.errors).toEqual([]);
  return snapshot.resources.find((r) => r.type === type && r.id === id)!;
}

const byCommand = (a: Sent, b: Sent) => (a.command < b.command ? -1 : a.command > b.command ? 1 : 0);

describe("rds collector: targeted reads", () => {
  let sent: Sent[];
  beforeEach(() => {
    sent = serve();
  });

  describe("give the record the full collection gives", () => {
    it.each([
      // Tags, TLS parameters of its own group, a parameter group pending a reboot.
      [INSTANCE, "orders-db"],
      // A cluster member: no TLS of its own.
      [INSTANCE, "catalog-aurora-1"],
      // Tags, members, its cluster parameter group's TLS, a member pending a reboot.
      [CLUSTER, "catalog-aurora"],
      // Named by ARN.
      [INSTANCE, `${ARN}:db:orders-db`],
      [CLUSTER, `${ARN}:cluster:catalog-aurora`],
    ])("%s %s", async (type, target) => {
      const full = await fullRecord(type, target.replace(/^.*:/, ""));
      expect(full).toBeDefined();
      const targeted = await collectTargets({ [type]: [target] });
      expect(targeted.errors).toEqual([]);
      expect(targeted.resources).toEqual([full]);
    });
  });

  describe("make only the calls of the targets", () => {
    it("an instance: itself by identifier, and its parameter group's TLS parameters", async () => {
      await collectTargets({ [INSTANCE]: ["orders-db"] });
      expect(sent.sort(byCommand)).toEqual([
        { command: "DescribeDBInstances", input: { DBInstanceIdentifier: "orders-db" } },
        { command: "DescribeDBParameters", input: { DBParameterGroupName: "orders-pg16", Filters: TLS_FILTER, MaxRecords: 100 } },
      ]);
      expect(rds.calls()).toHaveLength(2);
    });

    it("a cluster member: itself alone", async () => {
      await collectTargets({ [INSTANCE]: ["catalog-aurora-1"] });
      expect(sent).toEqual([{ command: "DescribeDBInstances", input: { DBInstanceIdentifier: "catalog-aurora-1" } }]);
      expect(rds.calls()).toHaveLength(1);
    });

    it("a cluster: itself by identifier, and its cluster parameter group; no instance", async () => {
      await collectTargets({ [CLUSTER]: ["catalog-aurora"] });
      expect(sent.sort(byCommand)).toEqual([
        { command: "DescribeDBClusterParameters", input: { DBClusterParameterGroupName: "catalog-apg16", Filters: TLS_FILTER, MaxRecords: 100 } },
        { command: "DescribeDBClusters", input: { DBClusterIdentifier: "catalog-aurora" } },
      ]);
      expect(rds.calls()).toHaveLength(2);
    });

    it("one request per identifier, the API taking one", async () => {
      const targeted = await collectTargets({ [INSTANCE]: ["orders-db", "reporting-db"] });
      expect(targeted.resources.map((r) => r.id)).toEqual(["orders-db", "reporting-db"]);
      expect(sent.filter((s) => s.command === "DescribeDBInstances").map((s) => s.input)).toEqual(
        expect.arrayContaining([{ DBInstanceIdentifier: "orders-db" }, { DBInstanceIdentifier: "reporting-db" }]),
      );
      expect(sent.filter((s) => s.command === "DescribeDBInstances")).toHaveLength(2);
    });

    it("nothing for a type not targeted", async () => {
      const targeted = await collectTargets({ "AWS::EC2::SecurityGroup": ["sg-0a000000000000db1"] });
      expect(targeted).toMatchObject({ resources: [], errors: [] });
      expect(rds.calls()).toEqual([]);
    });
  });

  describe("take a target that does not exist for a deleted one: no record, no error", () => {
    it.each([
      [INSTANCE, "orders-db", "retired-db"],
      [CLUSTER, "catalog-aurora", "retired-aurora"],
    ])("%s: %s is still read beside %s", async (type, kept, deleted) => {
      const alone = await collectTargets({ [type]: [deleted] });
      expect(alone).toMatchObject({ resources: [], errors: [] });
      const beside = await collectTargets({ [type]: [deleted, kept] });
      expect(beside.errors).toEqual([]);
      expect(beside.resources).toEqual([await fullRecord(type, kept)]);
    });
  });

  describe("report any other failure as a CollectionError naming the type, with no record", () => {
    it("a denied DescribeDBInstances", async () => {
      rds.on(DescribeDBInstancesCommand).rejects(accessDenied("rds:DescribeDBInstances"));
      const targeted = await collectTargets({ [INSTANCE]: ["orders-db"] });
      expect(targeted.resources).toEqual([]);
      expect(targeted.errors).toEqual([expect.objectContaining({ service: "rds", operation: "DescribeDBInstances", code: "AccessDenied", resourceTypes: [INSTANCE] })]);
    });

    it("a throttled DescribeDBClusters; the targeted instance is still read", async () => {
      rds.on(DescribeDBClustersCommand).rejects(throttled());
      const targeted = await collectTargets({ [INSTANCE]: ["orders-db"], [CLUSTER]: ["catalog-aurora"] });
      expect(targeted.resources.map((r) => `${r.type} ${r.id}`)).toEqual([`${INSTANCE} orders-db`]);
      expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeDBClusters", code: "Throttling", resourceTypes: [CLUSTER] })]);
    });
  });
});
