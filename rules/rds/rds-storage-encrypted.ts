import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { DbRecord } from "./db-resource.js";
import { DB_CLUSTER, DB_INSTANCE, isCluster, kindOf } from "./db-resource.js";

export default defineRule({
  id: "rds-storage-encrypted",
  title: "RDS storage is encrypted at rest",
  service: "rds",
  severity: "high",
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  rationale:
    "Storage encryption with AWS KMS covers the database volumes and, with them, its automated backups, read replicas and snapshots; an unencrypted database leaves all of those readable to anyone who gets at the storage or a shared snapshot.",
  remediation:
    "Encryption cannot be turned on in place: snapshot the database, copy the snapshot with a KMS key and restore from the copy, then switch the application over:\n" +
    "aws rds create-db-snapshot --db-instance-identifier app-db --db-snapshot-identifier app-db-plain\n" +
    "aws rds copy-db-snapshot --source-db-snapshot-identifier app-db-plain --target-db-snapshot-identifier app-db-encrypted --kms-key-id alias/aws/rds\n" +
    "aws rds restore-db-instance-from-db-snapshot --db-instance-identifier app-db-2 --db-snapshot-identifier app-db-encrypted\n" +
    "(for an Aurora cluster: create-db-cluster-snapshot, copy-db-cluster-snapshot --kms-key-id, restore-db-cluster-from-snapshot)",
  references: { awsConfig: "rds-storage-encrypted", securityHub: "RDS.3" },
  params: z.object({}).strict(),
  evaluate(resource: DbRecord) {
    const a = resource.attributes;
    // An Aurora member reports its cluster's StorageEncrypted; it is judged on what its own record says.
    const cluster = isCluster(resource) ? undefined : resource.attributes.dbClusterIdentifier;
    const evidence = { storageEncrypted: a.storageEncrypted, engine: a.engine, kmsKeyId: a.kmsKeyId ?? null, ...(cluster && { dbClusterIdentifier: cluster }) };
    if (a.storageEncrypted) return pass(`storage encrypted with ${a.kmsKeyId ?? "a KMS key"}`, evidence);
    return fail(`${kindOf(resource)} storage is not encrypted${cluster ? ` (encryption is set on its cluster ${cluster})` : ""}`, evidence);
  },
});
