import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { TableRecord } from "./table.js";
import { TABLE, replicaEvidence, unlessDeleting } from "./table.js";

export default defineRule({
  id: "dynamodb-deletion-protection",
  title: "DynamoDB tables have deletion protection",
  service: "dynamodb",
  severity: "low",
  resourceTypes: [TABLE],
  rationale:
    "Deletion protection makes DeleteTable refuse until it is turned off, so a mistaken script, console click or stack teardown cannot take the table, and the recovery objectives built on it, away in one call.",
  remediation:
    "Turn on deletion protection (no downtime):\n" +
    "aws dynamodb update-table --table-name app-sessions --deletion-protection-enabled",
  references: { securityHub: "DynamoDB.6" },
  params: z.object({}).strict(),
  evaluate(resource: TableRecord) {
    const deleting = unlessDeleting(resource);
    if (deleting) return deleting;
    const { deletionProtectionEnabled } = resource.attributes;
    const evidence = { deletionProtectionEnabled, ...replicaEvidence(resource) };
    if (deletionProtectionEnabled) return pass("deletion protection is on (DeletionProtectionEnabled: true)", evidence);
    return fail("deletion protection is off (DeletionProtectionEnabled: false): the table can be deleted by a single DeleteTable call", evidence);
  },
});
