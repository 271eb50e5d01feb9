/**
 * What the RDS rules share about DB instances and clusters: which record is
 * which, which instances are judged elsewhere (cluster members, read
 * replicas), and the port a database listens on.
 */
import type { DbClusterAttributes, DbInstanceAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { notApplicable } from "../../src/evaluate/rule.js";

export const DB_INSTANCE = "AWS::RDS::DBInstance";
export const DB_CLUSTER = "AWS::RDS::DBCluster";

export type DbInstanceRecord = ResourceRecord<DbInstanceAttributes>;
export type DbClusterRecord = ResourceRecord<DbClusterAttributes>;
export type DbRecord = DbInstanceRecord | DbClusterRecord;

export function isCluster(resource: DbRecord): resource is DbClusterRecord {
  return resource.type === DB_CLUSTER;
}

/** "DB instance" or "DB cluster", for reasons. */
export function kindOf(resource: DbRecord): string {
  return isCluster(resource) ? "DB cluster" : "DB instance";
}

/** The instance or cluster a read replica copies; undefined for a primary. */
export function replicaSourceOf(instance: DbInstanceAttributes): string | undefined {
  return instance.readReplicaSourceDBInstanceIdentifier ?? instance.readReplicaSourceDBClusterIdentifier;
}

/**
 * Aurora, Neptune, DocumentDB and Multi-AZ DB cluster members take `setting`
 * from their cluster (CreateDBInstance: MultiAZ, BackupRetentionPeriod and
 * DeletionProtection "don't apply to Amazon Aurora DB instances", the cluster
 * manages them), so the rule judges the cluster record instead. Undefined for
 * a standalone instance.
 */
export function judgedOnCluster(instance: DbInstanceAttributes, setting: string): Outcome | undefined {
  if (!instance.dbClusterIdentifier) return undefined;
  return notApplicable(`member of DB cluster ${instance.dbClusterIdentifier}: ${setting} is judged on the cluster`);
}

/** Default ports from the CreateDBInstance / CreateDBCluster documentation, by engine prefix. */
const DEFAULT_PORTS: [prefix: string, port: number][] = [
  ["aurora-postgresql", 5432],
  ["aurora", 3306],
  ["mysql", 3306],
  ["mariadb", 3306],
  ["postgres", 5432],
  ["oracle", 1521],
  ["custom-oracle", 1521],
  ["sqlserver", 1433],
  ["custom-sqlserver", 1433],
  ["db2", 50000],
  ["neptune", 8182],
  ["docdb", 27017],
];

/**
 * The port the instance listens on: its endpoint port, or the engine's
 * default while the endpoint is not yet published (an instance being created
 * has no Endpoint). Undefined for an engine driftwarden does not know.
 */
export function listenerPort(instance: DbInstanceAttributes): number | undefined {
  return instance.port ?? DEFAULT_PORTS.find(([prefix]) => instance.engine.startsWith(prefix))?.[1];
}
