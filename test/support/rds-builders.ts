/**
 * Builders for RDS records (and the subnets a DB subnet group names) in the
 * normalized shape of src/types/attributes.ts: optional fields absent when AWS
 * returns none, arrays sorted.
 */
import type { DbClusterAttributes, DbClusterState, DbInstanceAttributes, DbInstanceState, DbSubnetGroup, SubnetAttributes } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord, ResourceType } from "../../src/types/resource.js";
import { compact } from "../../src/collect/normalize.js";
import { ACCOUNT, collectionError, REGION, record } from "./builders.js";

export const VPC_ID = "vpc-0a1b2c3d4e5f60001";
export const DB_SG_ID = "sg-0db00000000000001";

/** A DB subnet group over two zones; whether its subnets are public is up to the Subnet records in a case. */
export const DB_SUBNET_GROUP: DbSubnetGroup = {
  name: "app-db-private",
  vpcId: VPC_ID,
  subnets: [
    { id: "subnet-0a000000000000011", availabilityZone: "us-east-1a" },
    { id: "subnet-0b000000000000012", availabilityZone: "us-east-1b" },
  ],
};

const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0`;

/**
 * A standalone MySQL instance that passes every RDS rule; cases override the
 * attribute under test, and an override of undefined removes the field (an
 * instance still being created has no Endpoint, hence no port). AWS returns
 * SecondaryAvailabilityZone only for Multi-AZ and KmsKeyId only when encrypted.
 */
export function dbInstance(id: string, overrides: Partial<DbInstanceAttributes> = {}, extra: { tags?: Record<string, string> } = {}): ResourceRecord<DbInstanceAttributes> {
  const multiAZ = overrides.multiAZ ?? true;
  const storageEncrypted = overrides.storageEncrypted ?? true;
  const attributes = compact<DbInstanceAttributes>({
    engine: "mysql",
    engineVersion: "8.0.39",
    instanceClass: "db.m6g.large",
    multiAZ,
    storageEncrypted,
    kmsKeyId: storageEncrypted ? KMS_KEY : undefined,
    publiclyAccessible: false,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    availabilityZone: "us-east-1a",
    secondaryAvailabilityZone: multiAZ ? "us-east-1b" : undefined,
    port: 3306,
    subnetGroup: DB_SUBNET_GROUP,
    vpcSecurityGroupIds: [DB_SG_ID],
    ...overrides,
  });
  return record<DbInstanceAttributes>("AWS::RDS::DBInstance", id, attributes, {
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`,
    name: id,
    tags: extra.tags ?? {},
  });
}

/** A read replica of an instance, or of a cluster when `source` is a cluster ARN (an RDS instance replicating an Aurora cluster). */
export function readReplica(id: string, source: string, overrides: Partial<DbInstanceAttributes> = {}): ResourceRecord<DbInstanceAttributes> {
  const sourceField = source.includes(":cluster:") ? "readReplicaSourceDBClusterIdentifier" : "readReplicaSourceDBInstanceIdentifier";
  return dbInstance(id, { multiAZ: false, [sourceField]: source, backupRetentionPeriod: 0, deletionProtection: false, ...overrides });
}

export interface ClusterFixture {
  cluster: ResourceRecord<DbClusterAttributes>;
  /** Member instance records, the writer first. */
  members: ResourceRecord<DbInstanceAttributes>[];
}

/**
 * A DB cluster (Aurora MySQL unless `engine` says otherwise) with one member
 * per zone in `memberZones`, the first the writer. MultiAZ is what
 * DescribeDBClusters reports: true when the members span several zones.
 * Members echo the cluster's encryption and backup retention and, as AWS
 * returns them for Aurora instances, report MultiAZ and DeletionProtection false.
 */
export function dbCluster(id: string, memberZones: string[], overrides: Partial<DbClusterAttributes> = {}): ClusterFixture {
  const memberIds = memberZones.map((_, i) => (i === 0 ? `${id}-writer` : `${id}-reader-${i}`));
  const storageEncrypted = overrides.storageEncrypted ?? true;
  const attributes = compact<DbClusterAttributes>({
    engine: "aurora-mysql",
    engineVersion: "8.0.mysql_aurora.3.08.0",
    engineMode: "provisioned",
    multiAZ: new Set(memberZones).size > 1,
    storageEncrypted,
    kmsKeyId: storageEncrypted ? KMS_KEY : undefined,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    // Aurora storage spans three zones whatever the members do.
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    members: memberIds.map((instanceId, i) => ({ instanceId, isWriter: i === 0 })),
    port: 3306,
    dbSubnetGroupName: DB_SUBNET_GROUP.name,
    vpcSecurityGroupIds: [DB_SG_ID],
    ...overrides,
  });
  const cluster = record<DbClusterAttributes>("AWS::RDS::DBCluster", id, attributes, { arn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${id}`, name: id });
  const members = memberIds.map((instanceId, i) =>
    dbInstance(instanceId, {
      engine: attributes.engine,
      engineVersion: attributes.engineVersion,
      instanceClass: "db.r6g.large",
      dbClusterIdentifier: id,
      multiAZ: false,
      storageEncrypted: attributes.storageEncrypted,
      kmsKeyId: attributes.kmsKeyId,
      backupRetentionPeriod: attributes.backupRetentionPeriod,
      deletionProtection: false,
      availabilityZone: memberZones[i],
      port: attributes.port,
    }),
  );
  return { cluster, members };
}

export function subnet(id: string, options: { availabilityZone?: string; routesToInternetGateway: boolean }): ResourceRecord<SubnetAttributes> {
  const availabilityZone = options.availabilityZone ?? "us-east-1a";
  return record<SubnetAttributes>(
    "AWS::EC2::Subnet",
    id,
    {
      vpcId: VPC_ID,
      availabilityZone,
      mapPublicIpOnLaunch: options.routesToInternetGateway,
      routeTableId: options.routesToInternetGateway ? "rtb-0public0000000001" : "rtb-0private000000001",
      routesToInternetGateway: options.routesToInternetGateway,
    },
    { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}` },
  );
}

/** Subnet records for every subnet of `group`, each routed to an internet gateway or not. */
export function subnetsOf(group: DbSubnetGroup, routesToInternetGateway: boolean): ResourceRecord<SubnetAttributes>[] {
  return group.subnets.map((s) => subnet(s.id, { ...(s.availabilityZone && { availabilityZone: s.availabilityZone }), routesToInternetGateway }));
}

/** A collection failure that leaves `resourceTypes` in the test region incomplete. */
export function accessDeniedFor(service: string, operation: string, resourceTypes: ResourceType[]): CollectionError {
  return collectionError(service, `${service}:${operation}`, resourceTypes);
}

/** An instance's DB parameter group as the rds collector records it when read: TLS parameters as the group sets them (one left to the engine default is absent). */
export function dbParameterGroup(name: string, parameters: Record<string, string> = {}): Pick<DbInstanceAttributes, "dbParameterGroupName" | "tls"> {
  return { dbParameterGroupName: name, tls: { parameterGroup: name, parameters } };
}

/** The same for a cluster's DB cluster parameter group. */
export function dbClusterParameterGroup(name: string, parameters: Record<string, string> = {}): Pick<DbClusterAttributes, "dbClusterParameterGroupName" | "tls"> {
  return { dbClusterParameterGroupName: name, tls: { parameterGroup: name, parameters } };
}

/** The record with observed state (a parameter group pending a reboot), which the collector keeps out of attributes. */
export function withState<R extends ResourceRecord<any>>(resource: R, state: DbInstanceState | DbClusterState): R {
  return { ...resource, state: state as Record<string, unknown> };
}
