import { DescribeDBClustersCommand, DescribeDBInstancesCommand, paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient } from "@aws-sdk/client-rds";
import type { DBCluster, DBInstance, DBSubnetGroup, VpcSecurityGroupMembership } from "@aws-sdk/client-rds";
import type { DbClusterAttributes, DbClusterState, DbInstanceAttributes, DbInstanceState, DbSubnetGroup } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import { defineCollector, targetIds } from "./collector.js";
import type { CollectorContext, ReadTargets } from "./collector.js";
import { rdsSpec } from "./specs.js";
import { required } from "./errors.js";
import { ItemFields, recordsOf } from "./listed-items.js";
import { compact, sortedStrings, tagsOf } from "./normalize.js";
import { eachUnlessDeleted, listAllPages, perResourceReads } from "./partial-reads.js";
import { compareText } from "../types/order.js";
import { readTlsParameters } from "./rds/tls-parameters.js";

const INSTANCE = "AWS::RDS::DBInstance";
const CLUSTER = "AWS::RDS::DBCluster";

/** MaxRecords 100 is the maximum of both DescribeDBInstances and DescribeDBClusters. */
const PAGE_SIZE = 100;

/**
 * DB instances and clusters. The RDS API also returns Neptune and DocumentDB
 * instances and clusters (they share its control plane); they are kept, and
 * `engine` tells them apart.
 */
export const rdsCollector = defineCollector({
  ...rdsSpec,
  createClient: (config) => new RDSClient(config),
  async collect(ctx) {
    const [instances, clusters] = ctx.targets ? await readTargets(ctx, ctx.targets) : await readAll(ctx);
    // Limited to the targets, this reads only the parameter groups they use.
    await readTlsParameters(ctx, instances as ResourceRecord<any>[], clusters as ResourceRecord<any>[]);
    return [...instances, ...clusters];
  },
});

type RdsContext = CollectorContext<RDSClient>;

function readAll(ctx: RdsContext): Promise<[ResourceRecord[], ResourceRecord[]]> {
  return Promise.all([
    listAllPages(ctx, "DescribeDBInstances", [INSTANCE], paginateDescribeDBInstances({ client: ctx.client, pageSize: PAGE_SIZE }, {}), (page) =>
      recordsOf(ctx, "DescribeDBInstances", INSTANCE, required(page.DBInstances, "DBInstances"), (db, fields) => toInstanceRecord(db, ctx.accountId, ctx.region, fields)),
    ),
    listAllPages(ctx, "DescribeDBClusters", [CLUSTER], paginateDescribeDBClusters({ client: ctx.client, pageSize: PAGE_SIZE }, {}), (page) =>
      recordsOf(ctx, "DescribeDBClusters", CLUSTER, required(page.DBClusters, "DBClusters"), (cluster, fields) => toClusterRecord(cluster, ctx.accountId, ctx.region, fields)),
    ),
  ]);
}

/**
 * The targeted instances and clusters, one request each: the API takes one
 * identifier. One that does not exist was deleted: no record, no error. The
 * SDK names the faults DBInstanceNotFoundFault and DBClusterNotFoundFault;
 * the wire code of the first is DBInstanceNotFound.
 */
async function readTargets(ctx: RdsContext, targets: ReadTargets): Promise<[ResourceRecord[], ResourceRecord[]]> {
  const readEach = perResourceReads(ctx);
  return Promise.all([
    eachUnlessDeleted(readEach, "DescribeDBInstances", [INSTANCE], targetIds(targets, INSTANCE, after(":db:")), ["DBInstanceNotFound", "DBInstanceNotFoundFault"], async (id) => {
      const out = await ctx.client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      return recordsOf(ctx, "DescribeDBInstances", INSTANCE, required(out.DBInstances, "DBInstances"), (db, fields) => toInstanceRecord(db, ctx.accountId, ctx.region, fields));
    }),
    eachUnlessDeleted(readEach, "DescribeDBClusters", [CLUSTER], targetIds(targets, CLUSTER, after(":cluster:")), ["DBClusterNotFoundFault"], async (id) => {
      const out = await ctx.client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
      return recordsOf(ctx, "DescribeDBClusters", CLUSTER, required(out.DBClusters, "DBClusters"), (cluster, fields) => toClusterRecord(cluster, ctx.accountId, ctx.region, fields));
    }),
  ]);
}

/** An ARN (arn:…:rds:…:db:orders-db) names its resource after `marker`. */
function after(marker: string): (arn: string) => string {
  return (arn) => arn.slice(arn.indexOf(marker) + marker.length);
}

/**
 * Status, endpoint addresses and restorable times change without any change
 * of configuration, so they are left out: an unchanged database hashes the
 * same in every run. AWS returns the MultiAZ, StorageEncrypted, backup and
 * deletion-protection settings for every instance and cluster; should one be
 * missing, the reading that makes a rule fail is taken rather than the one
 * that makes it pass. PubliclyAccessible has no such safe reading (assuming
 * a private database could hide an exposed one), so an instance without it
 * has publiclyAccessible unreadable: rds-not-public says ERROR for it.
 * Whether the parameter group's settings are applied yet changes with a
 * reboot, not with configuration: it is state.
 */
export function toInstanceRecord(db: DBInstance, accountId: string, region: string, fields = new ItemFields()): ResourceRecord {
  const id = required(db.DBInstanceIdentifier, "DBInstanceIdentifier");
  const attributes = compact({
    engine: fields.read("engine", () => required(db.Engine, "Engine")),
    engineVersion: db.EngineVersion,
    instanceClass: db.DBInstanceClass,
    multiAZ: db.MultiAZ ?? false,
    storageEncrypted: db.StorageEncrypted ?? false,
    kmsKeyId: db.KmsKeyId,
    publiclyAccessible: fields.read("publiclyAccessible", () => required(db.PubliclyAccessible, "PubliclyAccessible")),
    backupRetentionPeriod: db.BackupRetentionPeriod ?? 0,
    deletionProtection: db.DeletionProtection ?? false,
    dbClusterIdentifier: db.DBClusterIdentifier,
    readReplicaSourceDBInstanceIdentifier: db.ReadReplicaSourceDBInstanceIdentifier,
    readReplicaSourceDBClusterIdentifier: db.ReadReplicaSourceDBClusterIdentifier,
    availabilityZone: db.AvailabilityZone,
    secondaryAvailabilityZone: db.SecondaryAvailabilityZone,
    // An instance being created has no Endpoint yet; DbInstancePort is 0 when not set.
    port: db.Endpoint?.Port ?? (db.DbInstancePort || undefined),
    subnetGroup: fields.read("subnetGroup", () => (db.DBSubnetGroup ? toSubnetGroup(db.DBSubnetGroup) : undefined)),
    vpcSecurityGroupIds: securityGroupIds(db.VpcSecurityGroups),
    dbParameterGroupName: db.DBParameterGroups?.[0]?.DBParameterGroupName,
  }) as DbInstanceAttributes;
  const applyStatus = db.DBParameterGroups?.[0]?.ParameterApplyStatus;
  const state: DbInstanceState | undefined = applyStatus ? { parameterApplyStatus: applyStatus } : undefined;
  return compact({
    type: INSTANCE,
    id,
    arn: db.DBInstanceArn,
    accountId,
    region,
    name: id,
    tags: tagsOf(db.TagList),
    attributes: attributes as unknown as Record<string, unknown>,
    state: state as Record<string, unknown> | undefined,
  });
}

export function toClusterRecord(cluster: DBCluster, accountId: string, region: string, fields = new ItemFields()): ResourceRecord {
  const id = required(cluster.DBClusterIdentifier, "DBClusterIdentifier");
  const attributes = compact({
    engine: fields.read("engine", () => required(cluster.Engine, "Engine")),
    engineVersion: cluster.EngineVersion,
    engineMode: cluster.EngineMode,
    multiAZ: cluster.MultiAZ ?? false,
    storageEncrypted: cluster.StorageEncrypted ?? false,
    kmsKeyId: cluster.KmsKeyId,
    // Only Multi-AZ DB clusters have the setting; Aurora sets it per instance.
    publiclyAccessible: cluster.PubliclyAccessible,
    backupRetentionPeriod: cluster.BackupRetentionPeriod ?? 0,
    deletionProtection: cluster.DeletionProtection ?? false,
    availabilityZones: sortedStrings(cluster.AvailabilityZones),
    members: fields.read("members", () => membersOf(cluster)),
    replicationSourceIdentifier: cluster.ReplicationSourceIdentifier,
    port: cluster.Port,
    dbSubnetGroupName: cluster.DBSubnetGroup,
    vpcSecurityGroupIds: securityGroupIds(cluster.VpcSecurityGroups),
    dbClusterParameterGroupName: cluster.DBClusterParameterGroup,
  }) as DbClusterAttributes;
  const pending = sortedStrings(cluster.DBClusterMembers?.filter((m) => m.DBClusterParameterGroupStatus === "pending-reboot").map((m) => m.DBInstanceIdentifier));
  const state: DbClusterState | undefined = pending.length > 0 ? { pendingRebootMembers: pending } : undefined;
  return compact({
    type: CLUSTER,
    id,
    arn: cluster.DBClusterArn,
    accountId,
    region,
    name: id,
    tags: tagsOf(cluster.TagList),
    attributes: attributes as unknown as Record<string, unknown>,
    state: state as Record<string, unknown> | undefined,
  });
}

function membersOf(cluster: DBCluster): DbClusterAttributes["members"] {
  return (cluster.DBClusterMembers ?? [])
    .map((m) => ({ instanceId: required(m.DBInstanceIdentifier, "DBClusterMembers.DBInstanceIdentifier"), isWriter: m.IsClusterWriter ?? false }))
    .sort((a, b) => compareText(a.instanceId, b.instanceId));
}

function toSubnetGroup(group: DBSubnetGroup): DbSubnetGroup {
  return compact({
    name: required(group.DBSubnetGroupName, "DBSubnetGroup.DBSubnetGroupName"),
    vpcId: group.VpcId,
    subnets: (group.Subnets ?? [])
      .map((s) => compact({ id: required(s.SubnetIdentifier, "DBSubnetGroup.Subnets.SubnetIdentifier"), availabilityZone: s.SubnetAvailabilityZone?.Name }))
      .sort((a, b) => compareText(a.id, b.id)),
  });
}

function securityGroupIds(memberships: VpcSecurityGroupMembership[] | undefined): string[] {
  return sortedStrings(memberships?.map((m) => m.VpcSecurityGroupId));
}
