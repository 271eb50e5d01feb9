/** One-line, human-readable summaries of attribute changes, used as transition explanations and in alerts. */
import type { AttributeChange, ModifiedResource } from "./types.js";
import { describeEgress, describePermission, isPermission } from "../types/permission.js";
import { describeStatement, isPolicyStatement } from "../types/policy-statement.js";

const PERMISSION_PATH = /^attributes\.(ingress|egress)$/;
// Bucket-policy statements change one at a time under this path (see attribute-changes.ts).
const POLICY_PATH = "attributes.policy";
const MAX_VALUE_LENGTH = 120;

/** "ingress tcp/22 from 0.0.0.0/0 added", "multiAZ changed from true to false". */
export function describeChange(change: AttributeChange): string {
  const { before, after } = change;
  const direction = PERMISSION_PATH.exec(change.path)?.[1];
  if (direction) {
    // Ingress names its source, egress its destination: "egress all traffic to 0.0.0.0/0 added".
    const describe = direction === "egress" ? describeEgress : describePermission;
    if (isPermission(before) && isPermission(after)) {
      return `${direction} ${describe(after)} description changed from ${format(before.description)} to ${format(after.description)}`;
    }
    if (isPermission(after)) return `${direction} ${describe(after)} added`;
    if (isPermission(before)) return `${direction} ${describe(before)} removed`;
  }
  if (change.path === POLICY_PATH) {
    if (isPolicyStatement(before) && isPolicyStatement(after)) {
      return `${describeStatement(after)} Sid changed from ${format(before.sid)} to ${format(after.sid)}`;
    }
    // "Allow s3:GetObject to * added".
    if (isPolicyStatement(after)) return `${describeStatement(after)} added`;
    if (isPolicyStatement(before)) return `${describeStatement(before)} removed`;
  }
  // "multiAZ changed …" reads better than "attributes.multiAZ changed …"; tags keep their prefix.
  const name = change.path.replace(/^attributes\./, "");
  if (before === undefined) return `${name} set to ${format(after)}`;
  if (after === undefined) return `${name} removed (was ${format(before)})`;
  return `${name} changed from ${format(before)} to ${format(after)}`;
}

/** The changes of a modified resource in one line: every one, or those of the top-level `attributes` named. */
export function explainChanges(modified: ModifiedResource, attributes?: readonly string[]): string {
  const named = (path: string) => attributes!.some((name) => path === `attributes.${name}` || path.startsWith(`attributes.${name}.`));
  return (attributes ? modified.changes.filter((c) => named(c.path)) : modified.changes).map(describeChange).join("; ");
}

function format(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
