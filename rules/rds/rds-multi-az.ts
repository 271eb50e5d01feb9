import * as z from "zod";
import type { DbInstanceAttributes } from "../../src/types/attributes.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import type { DbClusterRecord, DbInstanceRecord, DbRecord } from "./db-resource.js";
import { DB_CLUSTER, DB_INSTANCE, isCluster, judgedOnCluster, replicaSourceOf } from "./db-resource.js";
import { sortedUnique } from "../lib/sorted-unique.js";

export default defineRule({
  id: "rds-multi-az",
  title: "RDS databases span more than one Availability Zone",
  service: "rds",
  severity: "high",
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  rationale:
    "A database in a single Availability Zone goes down with that zone; a Multi-AZ instance keeps a synchronous standby in another zone, and a cluster with members in two zones fails over to a reader there.",
  remediation:
    "Turn on Multi-AZ for a DB instance (RDS adds a standby in another zone without downtime):\n" +
    "aws rds modify-db-instance --db-instance-identifier app-db --multi-az --apply-immediately\n" +
    "For an Aurora cluster, add a reader in a zone the writer is not in:\n" +
    "aws rds create-db-instance --db-cluster-identifier app-cluster --db-instance-identifier app-cluster-reader-1 --engine aurora-mysql --db-instance-class db.r6g.large --availability-zone us-east-1b",
  references: { awsConfig: "rds-multi-az-support, rds-cluster-multi-az-enabled", securityHub: "RDS.5, RDS.15" },
  params: z.object({}).strict(),
  evaluate(resource: DbRecord, { snapshot }) {
    return isCluster(resource) ? evaluateCluster(resource, snapshot) : evaluateInstance(resource);
  },
});

function evaluateInstance(resource: DbInstanceRecord): Outcome {
  const a = resource.attributes;
  const member = judgedOnCluster(a, "Multi-AZ");
  if (member) return member;
  const source = replicaSourceOf(a);
  if (source) return notApplicable(`read replica of ${source}: a replica is a copy for reads, availability is judged on its source`);
  const evidence = {
    multiAZ: a.multiAZ,
    engine: a.engine,
    availabilityZone: a.availabilityZone ?? null,
    secondaryAvailabilityZone: a.secondaryAvailabilityZone ?? null,
  };
  if (a.multiAZ) return pass(`Multi-AZ deployment${a.secondaryAvailabilityZone ? ` with its standby in ${a.secondaryAvailabilityZone}` : ""}`, evidence);
  return fail(`Single-AZ deployment${a.availabilityZone ? ` in ${a.availabilityZone}` : ""}: no standby in another Availability Zone`, evidence);
}

/**
 * A cluster's own AvailabilityZones lists where its storage may live (three
 * zones for every Aurora cluster), not where its instances run, so the zones
 * are read from the member instances' records.
 */
function evaluateCluster(resource: DbClusterRecord, snapshot: SnapshotIndex): Outcome {
  const a = resource.attributes;
  const members = a.members.map((m) => {
    const instance = snapshot.get<DbInstanceAttributes>(DB_INSTANCE, resource.region, m.instanceId);
    return { instanceId: m.instanceId, isWriter: m.isWriter, found: instance !== undefined, availabilityZone: instance?.attributes.availabilityZone };
  });
  const zones = sortedUnique(members.flatMap((m) => (m.availabilityZone ? [m.availabilityZone] : [])));
  const evidence = {
    multiAZ: a.multiAZ,
    engine: a.engine,
    members: members.map((m) => ({ instanceId: m.instanceId, isWriter: m.isWriter, availabilityZone: m.availabilityZone ?? null })),
    memberAvailabilityZones: zones,
  };
  if (zones.length >= 2) return pass(`members in ${zones.length} Availability Zones (${zones.join(", ")})`, evidence);
  // DescribeDBClusters sets MultiAZ when the cluster has instances in several zones; Multi-AZ DB clusters always do.
  if (a.multiAZ) return pass("Multi-AZ DB cluster: RDS reports instances in more than one Availability Zone", evidence);
  const missing = members.filter((m) => !m.found).map((m) => m.instanceId);
  if (missing.length > 0 && !snapshot.complete(DB_INSTANCE, resource.region)) {
    return cannotEvaluate(`member instance${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not in the snapshot: DB instances in ${resource.region} were not fully collected`);
  }
  if (members.length === 0) return fail("no member instances: the cluster runs in no Availability Zone", evidence);
  const placed = zones.length === 1 ? `members only in ${zones[0]}` : "no member in a known Availability Zone";
  const unplaced = members.filter((m) => !m.availabilityZone).map((m) => m.instanceId);
  return fail(`${placed}${unplaced.length > 0 ? `; zone unknown for ${unplaced.join(", ")}` : ""}: a zone outage stops the cluster`, evidence);
}
