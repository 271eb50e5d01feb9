import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { DbRecord } from "./db-resource.js";
import { DB_CLUSTER, DB_INSTANCE, isCluster, judgedOnCluster, kindOf } from "./db-resource.js";

export default defineRule({
  id: "rds-deletion-protection",
  title: "RDS databases have deletion protection",
  service: "rds",
  severity: "low",
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  rationale:
    "Deletion protection makes DeleteDBInstance and DeleteDBCluster refuse until it is turned off, so a mistaken console click, script or stack teardown cannot take the database and its recovery objectives with it.",
  remediation:
    "Turn on deletion protection (no downtime):\n" +
    "aws rds modify-db-instance --db-instance-identifier app-db --deletion-protection --apply-immediately\n" +
    "aws rds modify-db-cluster --db-cluster-identifier app-cluster --deletion-protection --apply-immediately",
  // Security Hub RDS.7 covers clusters, RDS.8 instances.
  references: { awsConfig: "rds-instance-deletion-protection-enabled, rds-cluster-deletion-protection-enabled", securityHub: "RDS.7, RDS.8" },
  params: z.object({}).strict(),
  evaluate(resource: DbRecord) {
    if (!isCluster(resource)) {
      const member = judgedOnCluster(resource.attributes, "deletion protection");
      if (member) return member;
    }
    const evidence = { deletionProtection: resource.attributes.deletionProtection, engine: resource.attributes.engine };
    if (resource.attributes.deletionProtection) return pass(`deletion protection is on for this ${kindOf(resource)}`, evidence);
    return fail(`deletion protection is off: the ${kindOf(resource)} can be deleted by a single API call`, evidence);
  },
});
