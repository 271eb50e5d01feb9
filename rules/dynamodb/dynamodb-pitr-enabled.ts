import * as z from "zod";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { TableRecord } from "./table.js";
import { TABLE, replicaEvidence, unlessDeleting } from "./table.js";

export default defineRule({
  id: "dynamodb-pitr-enabled",
  title: "DynamoDB tables have point-in-time recovery",
  service: "dynamodb",
  severity: "medium",
  resourceTypes: [TABLE],
  rationale:
    "Point-in-time recovery keeps continuous backups of the table, so an overwrite, a faulty deployment or a deleted item can be undone by restoring to any second of the recovery period; without it only on-demand backups, if anyone took them, are left.",
  remediation:
    "Turn on point-in-time recovery (no downtime, billed by table size):\n" +
    "aws dynamodb update-continuous-backups --table-name app-sessions --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
  references: { awsConfig: "dynamodb-pitr-enabled", securityHub: "DynamoDB.2" },
  needs: ["dynamodb.continuousBackups"],
  params: z.object({}).strict(),
  evaluate(resource: TableRecord) {
    const deleting = unlessDeleting(resource);
    if (deleting) return deleting;
    const { pointInTimeRecovery, recoveryPeriodInDays } = resource.attributes;
    if (pointInTimeRecovery === undefined) return cannotEvaluate("the table's point-in-time recovery status was not collected (DescribeContinuousBackups)");
    const evidence: Record<string, unknown> = { pointInTimeRecovery };
    if (recoveryPeriodInDays !== undefined) evidence.recoveryPeriodInDays = recoveryPeriodInDays;
    Object.assign(evidence, replicaEvidence(resource));
    if (pointInTimeRecovery === "ENABLED") {
      const window = recoveryPeriodInDays !== undefined ? `, restorable to any point of the last ${recoveryPeriodInDays} days` : "";
      return pass(`point-in-time recovery is enabled${window}`, evidence);
    }
    return fail(`point-in-time recovery is ${pointInTimeRecovery.toLowerCase()} (PointInTimeRecoveryStatus: ${pointInTimeRecovery}): the table cannot be restored to a point before a mistake`, evidence);
  },
});
