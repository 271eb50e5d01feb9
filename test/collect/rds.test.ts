import { beforeEach, describe, expect, it } from "@jest/globals";
import { DescribeDBClusterParametersCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from "@aws-sdk/client-rds";
import type {
  DBCluster,
  DBClusterMessage,
  DBInstance,
  DBInstanceMessage,
  DescribeDBClusterParametersCommandInput,
  DescribeDBClustersCommandInput,
  DescribeDBInstancesCommandInput,
  DescribeDBParametersCommandInput,
  Parameter,
} from "@aws-sdk/client-rds";
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  ElasticLoadBalancingClient,
} from "@aws-sdk/client-elastic-load-balancing";
import type { LoadBalancerDescription } from "@aws-sdk/client-elastic-load-balancing";
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { elbCollector } from "../../src/collect/elb/classic.js";
import { elbv2Collector } from "../../src/collect/elb/v2.js";
import { rdsCollector } from "../../src/collect/rds.js";
import type { DbClusterAttributes, DbInstanceAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { isIncomplete } from "../../src/types/resource.js";
import { accessDenied, collectWith } from "../support/collect.js";
import { awsError } from "../support/fake-aws.js";
import { pageAt, recordedPages } from "./recorded-pages.js";
import { collectAccount } from "../../src/collect/run.js";
import { compareText } from "../../src/types/order.js";
import { testCredentials } from "../support/collect.js";
import { unreadableError } from "../support/builders.js";

const rds = mockClient(RDSClient);
const INSTANCE = "AWS::RDS::DBInstance";
const CLUSTER = "AWS::RDS::DBCluster";
const ARN = "arn:aws:rds:us-east-1:123456789012";

// Shapes as documented for DescribeDBInstances and DescribeDBClusters.
const privateSubnetGroup: DBInstance["DBSubnetGroup"] = {
  DBSubnetGroupName: "db-private",
  DBSubnetGroupDescription: "private subnets of the data tier",
  VpcId: "vpc-0a1b2c3d4e5f60001",
  SubnetGroupStatus: "Complete",
  Subnets: [
    { SubnetIdentifier: "subnet-0d000000000000002", SubnetAvailabilityZone: { Name: "us-east-1b" }, SubnetOutpost: {}, SubnetStatus: "Active" },
    { SubnetIdentifier: "subnet-0c000000000000001", SubnetAvailabilityZone: { Name: "us-east-1a" }, SubnetOutpost: {}, SubnetStatus: "Active" },
  ],
  SupportedNetworkTypes: ["IPV4"],
};

const ordersDb: DBInstance = {
  DBInstanceIdentifier: "orders-db",
  DBInstanceClass: "db.m6g.large",
  Engine: "postgres",
  EngineVersion: "16.4",
  DBInstanceStatus: "available",
  MasterUsername: "orders_admin",
  DBName: "orders",
  Endpoint: { Address: "orders-db.c9akciq32.us-east-1.rds.amazonaws.com", Port: 5432, HostedZoneId: "Z2R2ITUGPM61AM" },
  AllocatedStorage: 100,
  InstanceCreateTime: new Date("2026-02-01T09:00:00Z"),
  PreferredBackupWindow: "03:00-03:30",
  BackupRetentionPeriod: 7,
  DBSecurityGroups: [],
  VpcSecurityGroups: [
    { VpcSecurityGroupId: "sg-0b000000000000db2", Status: "active" },
    { VpcSecurityGroupId: "sg-0a000000000000db1", Status: "active" },
  ],
  AvailabilityZone: "us-east-1a",
  SecondaryAvailabilityZone: "us-east-1b",
  DBSubnetGroup: privateSubnetGroup,
  PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
  PendingModifiedValues: {},
  LatestRestorableTime: new Date("2026-11-01T01:55:00Z"),
  MultiAZ: true,
  AutoMinorVersionUpgrade: true,
  ReadReplicaDBInstanceIdentifiers: ["orders-db-replica"],
  LicenseModel: "postgresql-license",
  PubliclyAccessible: false,
  StorageType: "gp3",
  DbInstancePort: 0,
  StorageEncrypted: true,
  KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-0000-4000-8000-00000000db01",
  DbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
  CACertificateIdentifier: "rds-ca-rsa2048-g1",
  DBParameterGroups: [{ DBParameterGroupName: "orders-pg16", ParameterApplyStatus: "in-sync" }],
  CopyTagsToSnapshot: true,
  DBInstanceArn: `${ARN}:db:orders-db`,
  IAMDatabaseAuthenticationEnabled: false,
  DeletionProtection: true,
  TagList: [
    { Key: "tier", Value: "data" },
    { Key: "Name", Value: "orders" },
  ],
};

const ordersReplica: DBInstance = {
  ...ordersDb,
  DBInstanceIdentifier: "orders-db-replica",
  DBInstanceArn: `${ARN}:db:orders-db-replica`,
  Endpoint: { Address: "orders-db-replica.c9akciq32.us-east-1.rds.amazonaws.com", Port: 5432, HostedZoneId: "Z2R2ITUGPM61AM" },
  AvailabilityZone: "us-east-1b",
  SecondaryAvailabilityZone: undefined,
  MultiAZ: false,
  BackupRetentionPeriod: 0,
  DeletionProtection: false,
  ReadReplicaSourceDBInstanceIdentifier: "orders-db",
  ReadReplicaDBInstanceIdentifiers: [],
  StatusInfos: [{ StatusType: "read replication", Normal: true, Status: "replicating" }],
  TagList: [],
};

const auroraMember = (id: string, az: string): DBInstance => ({
  DBInstanceIdentifier: id,
  DBInstanceClass: "db.r6g.large",
  Engine: "aurora-postgresql",
  EngineVersion: "16.4",
  DBInstanceStatus: "available",
  Endpoint: { Address: `${id}.c9akciq32.us-east-1.rds.amazonaws.com`, Port: 5432, HostedZoneId: "Z2R2ITUGPM61AM" },
  BackupRetentionPeriod: 7,
  VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0a000000000000db1", Status: "active" }],
  AvailabilityZone: az,
  DBSubnetGroup: privateSubnetGroup,
  MultiAZ: false,
  PubliclyAccessible: false,
  DbInstancePort: 0,
  DBClusterIdentifier: "catalog-aurora",
  StorageEncrypted: true,
  PromotionTier: 1,
  DBInstanceArn: `${ARN}:db:${id}`,
  DeletionProtection: false,
  TagList: [],
});

const sessionsDocdb: DBInstance = {
  ...auroraMember("sessions-docdb-1", "us-east-1a"),
  Engine: "docdb",
  EngineVersion: "5.0.0",
  DBClusterIdentifier: "sessions-docdb",
  Endpoint: { Address: "sessions-docdb-1.c9akciq32.us-east-1.docdb.amazonaws.com", Port: 27017, HostedZoneId: "Z2R2ITUGPM61AM" },
};

const catalogCluster: DBCluster = {
  AllocatedStorage: 1,
  AvailabilityZones: ["us-east-1c", "us-east-1a", "us-east-1b"],
  BackupRetentionPeriod: 14,
  DatabaseName: "catalog",
  DBClusterIdentifier: "catalog-aurora",
  DBClusterParameterGroup: "default.aurora-postgresql16",
  DBSubnetGroup: "db-private",
  Status: "available",
  EarliestRestorableTime: new Date("2026-10-18T02:00:00Z"),
  Endpoint: "catalog-aurora.cluster-c9akciq32.us-east-1.rds.amazonaws.com",
  ReaderEndpoint: "catalog-aurora.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com",
  MultiAZ: true,
  Engine: "aurora-postgresql",
  EngineVersion: "16.4",
  LatestRestorableTime: new Date("2026-11-01T01:58:00Z"),
  Port: 5432,
  MasterUsername: "catalog_admin",
  PreferredBackupWindow: "04:00-04:30",
  PreferredMaintenanceWindow: "sat:06:00-sat:06:30",
  ReadReplicaIdentifiers: [],
  DBClusterMembers: [
    { DBInstanceIdentifier: "catalog-aurora-2", IsClusterWriter: false, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 },
    { DBInstanceIdentifier: "catalog-aurora-1", IsClusterWriter: true, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 },
  ],
  VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0a000000000000db1", Status: "active" }],
  HostedZoneId: "Z2R2ITUGPM61AM",
  StorageEncrypted: true,
  KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-0000-4000-8000-00000000db02",
  DbClusterResourceId: "cluster-ABCDEFGHIJKLMNOPQRSTUVWX01",
  DBClusterArn: `${ARN}:cluster:catalog-aurora`,
  IAMDatabaseAuthenticationEnabled: false,
  ClusterCreateTime: new Date("2026-03-01T09:00:00Z"),
  EngineMode: "provisioned",
  DeletionProtection: true,
  HttpEndpointEnabled: false,
  CopyTagsToSnapshot: true,
  CrossAccountClone: false,
  TagList: [{ Key: "Name", Value: "catalog" }],
};

const sessionsCluster: DBCluster = {
  ...catalogCluster,
  DBClusterIdentifier: "sessions-docdb",
  DBClusterParameterGroup: "default.docdb5.0",
  DBClusterArn: `${ARN}:cluster:sessions-docdb`,
  Engine: "docdb",
  EngineVersion: "5.0.0",
  MultiAZ: false,
  Port: 27017,
  AvailabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  DBClusterMembers: [{ DBInstanceIdentifier: "sessions-docdb-1", IsClusterWriter: true, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 }],
  TagList: [],
};

/** One parameter as DescribeDBParameters returns it; `value` undefined: listed without a value (the engine default applies). */
const parameter = (name: string, value: string | undefined, source = "user"): Parameter => ({
  ParameterName: name,
  ...(value !== undefined && { ParameterValue: value }),
  Description: name === "rds.force_ssl" ? "Force SSL connections." : "require_secure_transport",
  Source: value === undefined ? "engine-default" : source,
  ApplyType: "dynamic",
  DataType: "boolean",
  AllowedValues: name === "rds.force_ssl" ? "0,1" : "0,1,OFF,ON",
  IsModifiable: true,
  ApplyMethod: "pending-reboot",
});

/** Parameter groups by name, each in the pages it is served in (after the parameter-name filter, as AWS applies it). */
const PARAMETER_GROUPS: Record<string, Parameter[][]> = {
  "orders-pg16": [[parameter("rds.force_ssl", "1")]],
  "default.mysql8.0": [[parameter("require_secure_transport", undefined)]],
  "default.aurora-postgresql16": [[parameter("rds.force_ssl", "0", "system")]],
  "default.docdb5.0": [[]],
};

/** Serves DescribeDBParameters and DescribeDBClusterParameters from `groups`, recording the inputs. */
function serveParameterGroups(groups: Record<string, (Parameter[][] | Error)> = PARAMETER_GROUPS) {
  const inputs = { db: [] as DescribeDBParametersCommandInput[], cluster: [] as DescribeDBClusterParametersCommandInput[] };
  const answer = (name: string | undefined, marker: string | undefined) => {
    const pages = groups[name!];
    if (pages instanceof Error) throw pages;
    if (!pages) throw awsError("DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`, 404);
    const { items, NextMarker } = pageAt(pages, marker);
    return { Parameters: items, ...(NextMarker && { Marker: NextMarker }) };
  };
  rds.on(DescribeDBParametersCommand).callsFake((input: DescribeDBParametersCommandInput) => {
    inputs.db.push(structuredClone(input));
    return answer(input.DBParameterGroupName, input.Marker);
  });
  rds.on(DescribeDBClusterParametersCommand).callsFake((input: DescribeDBClusterParametersCommandInput) => {
    inputs.cluster.push(structuredClone(input));
    return answer(input.DBClusterParameterGroupName, input.Marker);
  });
  return inputs;
}

const TLS_FILTER = [{ Name: "parameter-name", Values: ["rds.force_ssl", "require_secure_transport"] }];

function serveInstances(pages: (DBInstanceMessage | Error)[]) {
  const listing = recordedPages<DescribeDBInstancesCommandInput, DBInstanceMessage>(pages);
  rds.on(DescribeDBInstancesCommand).callsFake(listing.respond);
  return listing;
}

function serveClusters(pages: (DBClusterMessage | Error)[]) {
  const listing = recordedPages<DescribeDBClustersCommandInput, DBClusterMessage>(pages);
  rds.on(DescribeDBClustersCommand).callsFake(listing.respond);
  return listing;
}

const byId = <A>(resources: ResourceRecord[], type: string, id: string) =>
  resources.find((r) => r.type === type && r.id === id) as ResourceRecord<A> | undefined;

describe("rds collector", () => {
  beforeEach(() => {
    rds.reset();
    serveParameterGroups();
  });

  it("follows Marker over several pages of instances and clusters at MaxRecords 100", async () => {
    const instances = serveInstances([
      { DBInstances: [ordersDb], Marker: "instances-2" },
      { DBInstances: [ordersReplica, auroraMember("catalog-aurora-1", "us-east-1a")], Marker: "instances-3" },
      { DBInstances: [auroraMember("catalog-aurora-2", "us-east-1b"), sessionsDocdb] },
    ]);
    const clusters = serveClusters([{ DBClusters: [catalogCluster], Marker: "clusters-2" }, { DBClusters: [sessionsCluster] }]);
    const snapshot = await collectWith([rdsCollector]);
    expect(instances.inputs).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, Marker: "instances-2" }, { MaxRecords: 100, Marker: "instances-3" }]);
    expect(clusters.inputs).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, Marker: "clusters-2" }]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      `${CLUSTER} catalog-aurora`,
      `${CLUSTER} sessions-docdb`,
      `${INSTANCE} catalog-aurora-1`,
      `${INSTANCE} catalog-aurora-2`,
      `${INSTANCE} orders-db`,
      `${INSTANCE} orders-db-replica`,
      `${INSTANCE} sessions-docdb-1`,
    ]);
  });

  it("normalizes a Multi-AZ PostgreSQL instance, without its status, endpoint address or restore times", async () => {
    serveInstances([{ DBInstances: [ordersDb] }]);
    serveClusters([{ DBClusters: [] }]);
    const snapshot = await collectWith([rdsCollector]);
    expect(snapshot.resources).toEqual([
      {
        type: INSTANCE,
        id: "orders-db",
        arn: `${ARN}:db:orders-db`,
        accountId: "123456789012",
        region: "us-east-1",
        name: "orders-db",
        tags: { Name: "orders", tier: "data" },
        attributes: {
          engine: "postgres",
          engineVersion: "16.4",
          instanceClass: "db.m6g.large",
          multiAZ: true,
          storageEncrypted: true,
          kmsKeyId: ordersDb.KmsKeyId,
          publiclyAccessible: false,
          backupRetentionPeriod: 7,
          deletionProtection: true,
          availabilityZone: "us-east-1a",
          secondaryAvailabilityZone: "us-east-1b",
          port: 5432,
          subnetGroup: {
            name: "db-private",
            vpcId: "vpc-0a1b2c3d4e5f60001",
            subnets: [
              { id: "subnet-0c000000000000001", availabilityZone: "us-east-1a" },
              { id: "subnet-0d000000000000002", availabilityZone: "us-east-1b" },
            ],
          },
          vpcSecurityGroupIds: ["sg-0a000000000000db1", "sg-0b000000000000db2"],
          dbParameterGroupName: "orders-pg16",
          tls: { parameterGroup: "orders-pg16", parameters: { "rds.force_ssl": "1" } },
        } satisfies DbInstanceAttributes,
        // Whether the group's settings are applied changes with a reboot, not with configuration.
        state: { parameterApplyStatus: "in-sync" },
      },
    ]);
  });

  it("produces the same record for an instance when only its status, endpoint address and restore time moved", async () => {
    serveInstances([{ DBInstances: [ordersDb] }]);
    serveClusters([{ DBClusters: [] }]);
    const before = await collectWith([rdsCollector]);
    rds.reset();
    serveParameterGroups();
    serveInstances([
      {
        DBInstances: [
          {
            ...ordersDb,
            DBInstanceStatus: "backing-up",
            LatestRestorableTime: new Date("2026-11-02T01:55:00Z"),
            Endpoint: { ...ordersDb.Endpoint, Address: "orders-db.other.us-east-1.rds.amazonaws.com" },
          },
        ],
      },
    ]);
    serveClusters([{ DBClusters: [] }]);
    const after = await collectWith([rdsCollector]);
    expect(after.resources).toEqual(before.resources);
  });

  it("records a read replica's source and an Aurora member's cluster", async () => {
    serveInstances([{ DBInstances: [ordersReplica, auroraMember("catalog-aurora-1", "us-east-1a")] }]);
    serveClusters([{ DBClusters: [] }]);
    const { resources } = await collectWith([rdsCollector]);
    const replica = byId<DbInstanceAttributes>(resources, INSTANCE, "orders-db-replica")!.attributes;
    expect(replica).toMatchObject({ readReplicaSourceDBInstanceIdentifier: "orders-db", multiAZ: false, backupRetentionPeriod: 0 });
    expect(replica).not.toHaveProperty("secondaryAvailabilityZone");
    expect(replica).not.toHaveProperty("dbClusterIdentifier");
    const member = byId<DbInstanceAttributes>(resources, INSTANCE, "catalog-aurora-1")!.attributes;
    expect(member).toMatchObject({ engine: "aurora-postgresql", dbClusterIdentifier: "catalog-aurora", availabilityZone: "us-east-1a", port: 5432 });
    expect(member).not.toHaveProperty("readReplicaSourceDBInstanceIdentifier");
  });

  it("normalizes an Aurora cluster with a writer and a reader in two AZs", async () => {
    serveInstances([{ DBInstances: [auroraMember("catalog-aurora-1", "us-east-1a"), auroraMember("catalog-aurora-2", "us-east-1b")] }]);
    serveClusters([{ DBClusters: [catalogCluster] }]);
    const { resources, errors } = await collectWith([rdsCollector]);
    expect(errors).toEqual([]);
    const cluster = byId<DbClusterAttributes>(resources, CLUSTER, "catalog-aurora")!;
    expect(cluster).toMatchObject({ arn: `${ARN}:cluster:catalog-aurora`, name: "catalog-aurora", tags: { Name: "catalog" } });
    expect(cluster.attributes).toEqual({
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      engineMode: "provisioned",
      multiAZ: true,
      storageEncrypted: true,
      kmsKeyId: catalogCluster.KmsKeyId,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      members: [
        { instanceId: "catalog-aurora-1", isWriter: true },
        { instanceId: "catalog-aurora-2", isWriter: false },
      ],
      port: 5432,
      dbSubnetGroupName: "db-private",
      vpcSecurityGroupIds: ["sg-0a000000000000db1"],
      dbClusterParameterGroupName: "default.aurora-postgresql16",
      tls: { parameterGroup: "default.aurora-postgresql16", parameters: { "rds.force_ssl": "0" } },
    } satisfies DbClusterAttributes);
    // The members' zones, which rds-multi-az reads for a cluster, are on their instance records.
    const memberZones = cluster.attributes.members.map((m) => byId<DbInstanceAttributes>(resources, INSTANCE, m.instanceId)?.attributes.availabilityZone);
    expect(memberZones).toEqual(["us-east-1a", "us-east-1b"]);
  });

  it("keeps DocumentDB and Neptune, which the RDS API also returns, with their engine", async () => {
    const neptune: DBInstance = { ...auroraMember("graph-1", "us-east-1a"), Engine: "neptune", DBClusterIdentifier: "graph" };
    serveInstances([{ DBInstances: [sessionsDocdb, neptune] }]);
    serveClusters([{ DBClusters: [sessionsCluster] }]);
    const { resources } = await collectWith([rdsCollector]);
    expect(resources.map((r) => [r.id, (r.attributes as { engine: string }).engine])).toEqual([
      ["sessions-docdb", "docdb"],
      ["graph-1", "neptune"],
      ["sessions-docdb-1", "docdb"],
    ]);
  });

  it("takes the port from DbInstancePort while an instance has no endpoint yet", async () => {
    const creating: DBInstance = { ...ordersDb, DBInstanceIdentifier: "creating-db", DBInstanceStatus: "creating", Endpoint: undefined, DbInstancePort: 5433 };
    const unset: DBInstance = { ...ordersDb, DBInstanceIdentifier: "unset-db", DBInstanceStatus: "creating", Endpoint: undefined, DbInstancePort: 0 };
    serveInstances([{ DBInstances: [creating, unset] }]);
    serveClusters([{ DBClusters: [] }]);
    const { resources } = await collectWith([rdsCollector]);
    expect(byId<DbInstanceAttributes>(resources, INSTANCE, "creating-db")!.attributes.port).toBe(5433);
    expect(byId<DbInstanceAttributes>(resources, INSTANCE, "unset-db")!.attributes).not.toHaveProperty("port");
  });

  it("keeps the instances of pages 1-2 when page 3 of 5 fails, and marks DB instances incomplete", async () => {
    const page = (n: number): DBInstanceMessage => ({
      DBInstances: [{ ...ordersDb, DBInstanceIdentifier: `db-${n}`, DBInstanceArn: `${ARN}:db:db-${n}` }],
      Marker: `instances-${n + 1}`,
    });
    const instances = serveInstances([page(1), page(2), awsError("InternalFailure", "An internal error occurred", 500), page(4), page(5)]);
    serveClusters([{ DBClusters: [catalogCluster] }]);
    const snapshot = await collectWith([rdsCollector]);
    expect(instances.inputs.map((i) => i.Marker)).toEqual([undefined, "instances-2", "instances-3"]);
    expect(snapshot.resources.filter((r) => r.type === INSTANCE).map((r) => r.id)).toEqual(["db-1", "db-2"]);
    expect(snapshot.errors).toEqual([
      { service: "rds", region: "us-east-1", operation: "DescribeDBInstances", code: "InternalFailure", message: "An internal error occurred", resourceTypes: [INSTANCE] },
    ]);
    expect(isIncomplete(snapshot.errors, "us-east-1", INSTANCE)).toBe(true);
    // The clusters were read in full and stay complete.
    expect(isIncomplete(snapshot.errors, "us-east-1", CLUSTER)).toBe(false);
    expect(snapshot.resources.filter((r) => r.type === CLUSTER).map((r) => r.id)).toEqual(["catalog-aurora"]);
  });

  describe("with one malformed item among good ones", () => {
    /** Collects one page of instances and one of clusters. */
    async function collect(instances: DBInstance[], clusters: DBCluster[]) {
      rds.reset();
      serveParameterGroups();
      serveInstances([{ DBInstances: instances }]);
      serveClusters([{ DBClusters: clusters }]);
      return collectWith([rdsCollector]);
    }
    const others = (resources: ResourceRecord[], id: string) => resources.filter((r) => r.id !== id);

    it("keeps an instance without PubliclyAccessible with only publiclyAccessible unreadable, rather than guessing it private", async () => {
      const clean = await collect([ordersDb, ordersReplica], [catalogCluster]);
      const snapshot = await collect([{ ...ordersDb, PubliclyAccessible: undefined }, ordersReplica], [catalogCluster]);
      expect(snapshot.errors).toEqual([
        unreadableError("rds", "DescribeDBInstances", INSTANCE, "orders-db", "PubliclyAccessible"),
      ]);
      const { publiclyAccessible: _unread, ...attributes } = byId<DbInstanceAttributes>(clean.resources, INSTANCE, "orders-db")!.attributes;
      expect(byId(snapshot.resources, INSTANCE, "orders-db")).toEqual({
        ...byId(clean.resources, INSTANCE, "orders-db"),
        attributes,
        unreadable: [{ attribute: "publiclyAccessible", field: "PubliclyAccessible" }],
      });
      expect(others(snapshot.resources, "orders-db")).toEqual(others(clean.resources, "orders-db"));
      expect(isIncomplete(snapshot.errors, "us-east-1", INSTANCE)).toBe(false);
    });

    it("keeps a cluster whose member lacks its instance identifier with only its members unreadable", async () => {
      const clean = await collect([ordersDb], [catalogCluster, sessionsCluster]);
      const members = catalogCluster.DBClusterMembers!.map((m, i) => (i === 0 ? { ...m, DBInstanceIdentifier: undefined } : m));
      const snapshot = await collect([ordersDb], [{ ...catalogCluster, DBClusterMembers: members }, sessionsCluster]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ operation: "DescribeDBClusters", code: "MalformedResponse", resourceTypes: [CLUSTER], resourceIds: ["catalog-aurora"] }),
      ]);
      const { members: _unread, ...attributes } = byId<DbClusterAttributes>(clean.resources, CLUSTER, "catalog-aurora")!.attributes;
      expect(byId(snapshot.resources, CLUSTER, "catalog-aurora")).toEqual({
        ...byId(clean.resources, CLUSTER, "catalog-aurora"),
        attributes,
        unreadable: [{ attribute: "members", field: "DBClusterMembers.DBInstanceIdentifier" }],
      });
      expect(others(snapshot.resources, "catalog-aurora")).toEqual(others(clean.resources, "catalog-aurora"));
    });

    it("skips an instance and a cluster without their identifiers, naming each in one error that leaves its type incomplete", async () => {
      const clean = await collect([ordersDb, ordersReplica], [catalogCluster, sessionsCluster]);
      const snapshot = await collect([ordersDb, { ...ordersReplica, DBInstanceIdentifier: undefined }], [{ ...catalogCluster, DBClusterIdentifier: undefined }, sessionsCluster]);
      expect(snapshot.errors).toEqual([
        { service: "rds", region: "us-east-1", operation: "DescribeDBClusters", code: "MalformedResponse", message: `1 ${CLUSTER} item skipped: no DBClusterIdentifier`, resourceTypes: [CLUSTER] },
        { service: "rds", region: "us-east-1", operation: "DescribeDBInstances", code: "MalformedResponse", message: `1 ${INSTANCE} item skipped: no DBInstanceIdentifier`, resourceTypes: [INSTANCE] },
      ]);
      expect(snapshot.resources).toEqual(clean.resources.filter((r) => r.id !== "orders-db-replica" && r.id !== "catalog-aurora"));
    });
  });

  describe("when RDS denies access", () => {
    const elbv2 = mockClient(ElasticLoadBalancingV2Client);
    const elb = mockClient(ElasticLoadBalancingClient);
    const alb: LoadBalancer = {
      LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188",
      DNSName: "web-alb-1234567890.us-east-1.elb.amazonaws.com",
      LoadBalancerName: "web-alb",
      Scheme: "internet-facing",
      VpcId: "vpc-0a1b2c3d4e5f60001",
      State: { Code: "active" },
      Type: "application",
      AvailabilityZones: [{ ZoneName: "us-east-1a", SubnetId: "subnet-0a000000000000001" }],
      SecurityGroups: ["sg-0a00000000000a1b1"],
      IpAddressType: "ipv4",
    };
    const classic: LoadBalancerDescription = {
      LoadBalancerName: "legacy-web",
      DNSName: "legacy-web-123456789.us-east-1.elb.amazonaws.com",
      ListenerDescriptions: [{ Listener: { Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 80 }, PolicyNames: [] }],
      AvailabilityZones: ["us-east-1a"],
      Subnets: ["subnet-0a000000000000001"],
      VPCId: "vpc-0a1b2c3d4e5f60001",
      Instances: [],
      SecurityGroups: [],
      Scheme: "internet-facing",
    };

    it("reports both RDS operations while the load balancer collectors are unaffected", async () => {
      rds.on(DescribeDBInstancesCommand).rejects(accessDenied("rds:DescribeDBInstances"));
      rds.on(DescribeDBClustersCommand).rejects(accessDenied("rds:DescribeDBClusters"));
      elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [alb] });
      elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });
      elbv2.on(DescribeListenersCommand).resolves({ Listeners: [] });
      elbv2.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: [] });
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
      elb.on(DescribeClassicLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [classic] });
      elb.on(DescribeClassicAttributesCommand).resolves({ LoadBalancerAttributes: {} });
      elb.on(DescribeClassicTagsCommand).resolves({ TagDescriptions: [] });

      const snapshot = await collectWith([rdsCollector, elbv2Collector, elbCollector]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ service: "rds", operation: "DescribeDBClusters", code: "AccessDenied", resourceTypes: [CLUSTER] }),
        expect.objectContaining({ service: "rds", operation: "DescribeDBInstances", code: "AccessDenied", resourceTypes: [INSTANCE] }),
      ]);
      expect(snapshot.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
        "AWS::ElasticLoadBalancing::LoadBalancer legacy-web",
        "AWS::ElasticLoadBalancingV2::LoadBalancer web-alb",
      ]);
    });
  });

  describe("TLS parameters of parameter groups (rds.dbParameters, rds.dbClusterParameters)", () => {
    const shopDb: DBInstance = {
      ...ordersDb,
      DBInstanceIdentifier: "shop-db",
      DBInstanceArn: `${ARN}:db:shop-db`,
      Engine: "mysql",
      EngineVersion: "8.0.39",
      DBParameterGroups: [{ DBParameterGroupName: "default.mysql8.0", ParameterApplyStatus: "in-sync" }],
    };
    const member = (id: string, az: string): DBInstance => ({ ...auroraMember(id, az), DBParameterGroups: [{ DBParameterGroupName: "default.aurora-postgresql16", ParameterApplyStatus: "in-sync" }] });
    const tlsOf = (resources: ResourceRecord[], type: string, id: string) => byId<DbInstanceAttributes>(resources, type, id)!.attributes.tls;

    it("reads each distinct group once, filtered by parameter name at MaxRecords 100, default groups included, and records it on every user", async () => {
      rds.reset();
      const inputs = serveParameterGroups();
      serveInstances([{ DBInstances: [ordersDb, ordersReplica, shopDb, member("catalog-aurora-1", "us-east-1a"), member("catalog-aurora-2", "us-east-1b")] }]);
      serveClusters([{ DBClusters: [catalogCluster] }]);
      const { resources, errors } = await collectWith([rdsCollector]);
      expect(errors).toEqual([]);
      // Two groups for three standalone instances; the Aurora members' own group holds no TLS setting and is not read.
      expect(inputs.db.sort((a, b) => compareText(a.DBParameterGroupName!, b.DBParameterGroupName!))).toEqual([
        { DBParameterGroupName: "default.mysql8.0", Filters: TLS_FILTER, MaxRecords: 100 },
        { DBParameterGroupName: "orders-pg16", Filters: TLS_FILTER, MaxRecords: 100 },
      ]);
      expect(inputs.cluster).toEqual([{ DBClusterParameterGroupName: "default.aurora-postgresql16", Filters: TLS_FILTER, MaxRecords: 100 }]);
      expect(tlsOf(resources, INSTANCE, "orders-db")).toEqual({ parameterGroup: "orders-pg16", parameters: { "rds.force_ssl": "1" } });
      expect(tlsOf(resources, INSTANCE, "orders-db-replica")).toEqual({ parameterGroup: "orders-pg16", parameters: { "rds.force_ssl": "1" } });
      // Listed without a value: the engine default applies, which the rule knows.
      expect(tlsOf(resources, INSTANCE, "shop-db")).toEqual({ parameterGroup: "default.mysql8.0", parameters: {} });
      expect(tlsOf(resources, INSTANCE, "catalog-aurora-1")).toBeUndefined();
      expect(byId<DbClusterAttributes>(resources, CLUSTER, "catalog-aurora")!.attributes.tls).toEqual({ parameterGroup: "default.aurora-postgresql16", parameters: { "rds.force_ssl": "0" } });
    });

    it("follows Marker through a group's pages and keeps only the TLS parameters, should an endpoint ignore the filter", async () => {
      rds.reset();
      const inputs = serveParameterGroups({ "orders-pg16": [[parameter("autocommit", "1"), parameter("max_connections", "500")], [parameter("rds.force_ssl", "1")]] });
      serveInstances([{ DBInstances: [ordersDb] }]);
      serveClusters([{ DBClusters: [] }]);
      const { resources, errors } = await collectWith([rdsCollector]);
      expect(errors).toEqual([]);
      expect(inputs.db.map((i) => i.Marker)).toEqual([undefined, "1"]);
      expect(tlsOf(resources, INSTANCE, "orders-db")).toEqual({ parameterGroup: "orders-pg16", parameters: { "rds.force_ssl": "1" } });
    });

    it("when one group's read is denied, marks only that group's users unreadable and names them, leaving DB instances complete", async () => {
      rds.reset();
      serveParameterGroups({ ...PARAMETER_GROUPS, "orders-pg16": accessDenied("rds:DescribeDBParameters") });
      serveInstances([{ DBInstances: [ordersDb, ordersReplica, shopDb] }]);
      serveClusters([{ DBClusters: [] }]);
      const snapshot = await collectWith([rdsCollector]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({
          service: "rds",
          operation: "DescribeDBParameters",
          code: "AccessDenied",
          resourceTypes: [INSTANCE],
          resourceIds: ["orders-db", "orders-db-replica"],
          message: expect.stringMatching(/^failed for 1 of 2 parameter groups \(orders-pg16\), used by orders-db, orders-db-replica: /),
        }),
      ]);
      expect(isIncomplete(snapshot.errors, "us-east-1", INSTANCE)).toBe(false);
      const denied = byId<DbInstanceAttributes>(snapshot.resources, INSTANCE, "orders-db")!;
      expect(denied.unreadable).toEqual([{ attribute: "tls", field: "DescribeDBParameters orders-pg16 (AccessDenied)" }]);
      expect(denied.attributes).not.toHaveProperty("tls");
      expect(denied.attributes.dbParameterGroupName).toBe("orders-pg16");
      expect(tlsOf(snapshot.resources, INSTANCE, "shop-db")).toEqual({ parameterGroup: "default.mysql8.0", parameters: {} });
    });

    it("a group deleted since the listing (DBParameterGroupNotFound) costs its users alone", async () => {
      rds.reset();
      serveParameterGroups({ "default.mysql8.0": PARAMETER_GROUPS["default.mysql8.0"]! });
      serveInstances([{ DBInstances: [ordersDb, shopDb] }]);
      serveClusters([{ DBClusters: [] }]);
      const snapshot = await collectWith([rdsCollector]);
      expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeDBParameters", code: "DBParameterGroupNotFound", resourceIds: ["orders-db"] })]);
      expect(tlsOf(snapshot.resources, INSTANCE, "shop-db")).toBeDefined();
    });

    it("records a group waiting for a reboot, and cluster members still on the previous group, as state", async () => {
      rds.reset();
      serveParameterGroups();
      const pendingDb: DBInstance = { ...ordersDb, DBParameterGroups: [{ DBParameterGroupName: "orders-pg16", ParameterApplyStatus: "pending-reboot" }] };
      const members = catalogCluster.DBClusterMembers!.map((m) => (m.IsClusterWriter ? m : { ...m, DBClusterParameterGroupStatus: "pending-reboot" }));
      serveInstances([{ DBInstances: [pendingDb] }]);
      serveClusters([{ DBClusters: [{ ...catalogCluster, DBClusterMembers: members }] }]);
      const { resources } = await collectWith([rdsCollector]);
      expect(byId(resources, INSTANCE, "orders-db")!.state).toEqual({ parameterApplyStatus: "pending-reboot" });
      expect(byId(resources, CLUSTER, "catalog-aurora")!.state).toEqual({ pendingRebootMembers: ["catalog-aurora-2"] });
    });

    it("reads no parameter group when no enabled rule needs them", async () => {
      rds.reset();
      const inputs = serveParameterGroups();
      serveInstances([{ DBInstances: [ordersDb] }]);
      serveClusters([{ DBClusters: [catalogCluster] }]);
      const snapshot = await collectAccount({ accountId: "123456789012", regions: ["us-east-1"], collectors: [rdsCollector], credentials: testCredentials, reads: [], now: () => new Date("2026-11-01T02:00:00.000Z") });
      expect(inputs).toEqual({ db: [], cluster: [] });
      expect(byId<DbInstanceAttributes>(snapshot.resources, INSTANCE, "orders-db")!.attributes).toMatchObject({ dbParameterGroupName: "orders-pg16" });
      expect(byId(snapshot.resources, INSTANCE, "orders-db")!.attributes).not.toHaveProperty("tls");
      expect(byId(snapshot.resources, CLUSTER, "catalog-aurora")!.attributes).not.toHaveProperty("tls");
    });
  });
});
