import * as z from "zod";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { DbRecord } from "./db-resource.js";
import { DB_CLUSTER, DB_INSTANCE, isCluster, judgedOnCluster, kindOf, replicaSourceOf } from "./db-resource.js";

export default defineRule({
  id: "rds-backup-enabled",
  title: "RDS automated backups are kept long enough",
  service: "rds",
  severity: "medium",
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  rationale:
    "Automated backups allow point-in-time restore anywhere inside the retention period (up to 35 days); with backups off, or kept only a day or two, a corruption noticed late cannot be undone.",
  remediation:
    "Raise the backup retention period (0 turns automated backups off):\n" +
    "aws rds modify-db-instance --db-instance-identifier app-db --backup-retention-period 7 --apply-immediately\n" +
    "aws rds modify-db-cluster --db-cluster-identifier app-cluster --backup-retention-period 7 --apply-immediately",
  references: { awsConfig: "db-instance-backup-enabled", securityHub: "RDS.11" },
  params: z
    .object({
      /** RDS keeps automated backups for at most 35 days. */
      minRetentionDays: z.number().int().min(1).max(35).default(7),
      /** Read replicas are usually rebuilt from their source; judge them only when asked. */
      checkReadReplicas: z.boolean().default(false),
    })
    .strict(),
  evaluate(resource: DbRecord, { params }) {
    const a = resource.attributes;
    if (!isCluster(resource)) {
      const member = judgedOnCluster(resource.attributes, "backup retention");
      if (member) return member;
    }
    const source = isCluster(resource) ? resource.attributes.replicationSourceIdentifier : replicaSourceOf(resource.attributes);
    if (source && !params.checkReadReplicas) return notApplicable(`read replica of ${source}: backups are judged on the source (set checkReadReplicas to judge replicas)`);
    const days = a.backupRetentionPeriod;
    const evidence = { backupRetentionPeriod: days, minRetentionDays: params.minRetentionDays, engine: a.engine, ...(source && { readReplicaSource: source }) };
    if (days >= params.minRetentionDays) return pass(`automated backups kept ${days} days (at least ${params.minRetentionDays} required)`, evidence);
    if (days === 0) return fail(`automated backups are turned off for this ${kindOf(resource)} (BackupRetentionPeriod 0)`, evidence);
    return fail(`automated backups kept only ${days} day${days === 1 ? "" : "s"}, less than the required ${params.minRetentionDays}`, evidence);
  },
});
