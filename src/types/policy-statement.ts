/**
 * Resource-policy statements in words, one module for every stage: rules put
 * them in evidence, drift names a statement added or removed with them
 * ("Allow s3:GetObject to * added", "Deny * to * when aws:SecureTransport is false removed").
 */
import type { PolicyPrincipal, PolicyStatement } from "./attributes.js";

/** "Allow s3:GetObject to cloudfront.amazonaws.com when AWS:SourceArn is arn:aws:cloudfront::111122223333:distribution/E…". */
export function describeStatement(statement: PolicyStatement): string {
  const parts = [statement.effect, actionsOf(statement), "to", principalsOf(statement)];
  const condition = describeCondition(statement.condition);
  if (condition) parts.push("when", condition);
  return parts.join(" ");
}

function actionsOf(statement: PolicyStatement): string {
  if (statement.actions) return statement.actions.join(", ");
  if (statement.notActions) return `every action except ${statement.notActions.join(", ")}`;
  return "no action";
}

function principalsOf(statement: PolicyStatement): string {
  if (statement.principal) return describePrincipal(statement.principal);
  if (statement.notPrincipal) return `anyone except ${describePrincipal(statement.notPrincipal)}`;
  return "no principal";
}

/** "*" and { AWS: "*" } both read "*": IAM treats them alike for a resource policy. */
export function describePrincipal(principal: PolicyPrincipal): string {
  if (principal === "*") return "*";
  return Object.entries(principal)
    .flatMap(([kind, values]) => values.map((value) => (kind === "CanonicalUser" ? `canonical user ${value}` : value)))
    .join(", ");
}

// Operator (without IfExists) → the words between key and values.
const OPERATOR_WORDS: Record<string, [one: string, many: string]> = {
  StringEquals: ["is", "is one of"],
  StringEqualsIgnoreCase: ["is", "is one of"],
  ArnEquals: ["is", "is one of"],
  Bool: ["is", "is one of"],
  NumericEquals: ["is", "is one of"],
  IpAddress: ["is in", "is in one of"],
  StringNotEquals: ["is not", "is none of"],
  StringNotEqualsIgnoreCase: ["is not", "is none of"],
  ArnNotEquals: ["is not", "is none of"],
  NotIpAddress: ["is not in", "is in none of"],
  StringLike: ["matches", "matches one of"],
  ArnLike: ["matches", "matches one of"],
  StringNotLike: ["does not match", "matches none of"],
  ArnNotLike: ["does not match", "matches none of"],
  NumericLessThan: ["is less than", "is less than one of"],
  NumericLessThanEquals: ["is at most", "is at most one of"],
  NumericGreaterThan: ["is greater than", "is greater than one of"],
  NumericGreaterThanEquals: ["is at least", "is at least one of"],
};

/** "aws:SecureTransport is false and aws:SourceVpce is vpce-1a2b3c4d"; operators without words keep their IAM name. */
export function describeCondition(condition: PolicyStatement["condition"]): string {
  if (!condition) return "";
  return Object.entries(condition)
    .flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, values]) => {
        const words = OPERATOR_WORDS[operator.replace(/IfExists$/, "")];
        const list = values.join(", ");
        if (!words) return `${key} ${operator} ${list}`;
        return `${key} ${values.length === 1 ? words[0] : words[1]} ${list}`;
      }),
    )
    .join(" and ");
}

export function isPolicyStatement(value: unknown): value is PolicyStatement {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const effect = (value as PolicyStatement).effect;
  return effect === "Allow" || effect === "Deny";
}
