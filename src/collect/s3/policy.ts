/**
 * Bucket-policy documents (GetBucketPolicy's Policy string) as normalized
 * PolicyStatement lists: every single value becomes a one-element list, lists
 * and statements are sorted, so a policy saved again with its statements or
 * values in another order hashes the same and is no drift.
 */
import type { PolicyPrincipal, PolicyStatement } from "../../types/attributes.js";
import { canonicalJson } from "../../types/canonical.js";
import { compareText } from "../../types/order.js";
import { MalformedResponseError } from "../errors.js";
import { isObject } from "../../types/object.js";

type Json = unknown;

/** Throws MalformedResponseError for a document that is not JSON or has no Statement, so the collector marks the policy unreadable. */
export function policyStatements(document: string): PolicyStatement[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new MalformedResponseError("Policy (not a JSON document)");
  }
  if (!isObject(parsed) || parsed.Statement === undefined || parsed.Statement === null) throw new MalformedResponseError("Policy.Statement");
  // IAM accepts a single statement object as well as a list.
  const raw = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return raw
    .map(statementOf)
    .map((statement) => ({ statement, key: canonicalJson(statement) }))
    .sort((a, b) => compareText(a.key, b.key))
    .map(({ statement }) => statement);
}

function statementOf(raw: Json): PolicyStatement {
  if (!isObject(raw)) throw new MalformedResponseError("Policy.Statement[]");
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") throw new MalformedResponseError("Policy.Statement[].Effect");
  const statement: PolicyStatement = { effect };
  if (typeof raw.Sid === "string" && raw.Sid !== "") statement.sid = raw.Sid;
  if (raw.Principal !== undefined) statement.principal = principalOf(raw.Principal, "Principal");
  if (raw.NotPrincipal !== undefined) statement.notPrincipal = principalOf(raw.NotPrincipal, "NotPrincipal");
  if (raw.Action !== undefined) statement.actions = valuesOf(raw.Action, "Action");
  if (raw.NotAction !== undefined) statement.notActions = valuesOf(raw.NotAction, "NotAction");
  if (raw.Resource !== undefined) statement.resources = valuesOf(raw.Resource, "Resource");
  if (raw.NotResource !== undefined) statement.notResources = valuesOf(raw.NotResource, "NotResource");
  if (raw.Condition !== undefined) statement.condition = conditionOf(raw.Condition);
  return statement;
}

/** "*" stays "*"; { AWS: "*" } stays a kind list, as the policy wrote it (rules treat both as anyone). */
function principalOf(raw: Json, field: string): PolicyPrincipal {
  if (raw === "*") return "*";
  if (!isObject(raw)) throw new MalformedResponseError(`Policy.Statement[].${field}`);
  const principal: Record<string, string[]> = {};
  for (const kind of Object.keys(raw).sort(compareText)) principal[kind] = valuesOf(raw[kind], `${field}.${kind}`);
  return principal;
}

function conditionOf(raw: Json): Record<string, Record<string, string[]>> {
  if (!isObject(raw)) throw new MalformedResponseError("Policy.Statement[].Condition");
  const condition: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(raw).sort(compareText)) {
    const block = raw[operator];
    if (!isObject(block)) throw new MalformedResponseError(`Policy.Statement[].Condition.${operator}`);
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(block).sort(compareText)) keys[key] = valuesOf(block[key], `Condition.${operator}.${key}`);
    condition[operator] = keys;
  }
  return condition;
}

/** A string, boolean or number, or a list of them, as sorted strings: Bool conditions may be written true or "true". */
function valuesOf(raw: Json, field: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .map((value) => {
      if (typeof value === "string") return value;
      if (typeof value === "boolean" || typeof value === "number") return String(value);
      throw new MalformedResponseError(`Policy.Statement[].${field}`);
    })
    .sort(compareText);
}
