/** The attribute-level changes between two versions of one resource. */
import type { Permission, PolicyStatement } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import { canonicalJson, sameValue } from "../types/canonical.js";
import type { AttributeChange } from "./types.js";
import { isObject } from "../types/object.js";

const PERMISSION_LISTS = ["ingress", "egress"];

export function attributeChanges(before: ResourceRecord, after: ResourceRecord): AttributeChange[] {
  const changes: AttributeChange[] = [];
  compare("arn", before.arn, after.arn, changes);
  compare("name", before.name, after.name, changes);
  compare("tags", before.tags, after.tags, changes);
  const isGroup = after.type === "AWS::EC2::SecurityGroup";
  const isBucket = after.type === "AWS::S3::Bucket";
  for (const key of unionOfKeys(before.attributes, after.attributes)) {
    const path = `attributes.${key}`;
    const [b, a] = [before.attributes[key], after.attributes[key]];
    if (isGroup && PERMISSION_LISTS.includes(key) && Array.isArray(b) && Array.isArray(a)) changes.push(...permissionChanges(path, b, a));
    else if (isBucket && key === "policy" && Array.isArray(b) && Array.isArray(a)) changes.push(...statementChanges(path, b, a));
    else compare(path, b, a, changes);
  }
  return changes;
}

/** Plain objects are compared field by field; arrays and scalars as whole values (collectors sort arrays). */
function compare(path: string, before: unknown, after: unknown, out: AttributeChange[]): void {
  if (sameValue(before, after)) return;
  if (isObject(before) && isObject(after)) {
    for (const key of unionOfKeys(before, after)) compare(`${path}.${key}`, before[key], after[key], out);
    return;
  }
  out.push(change(path, before, after));
}

/**
 * Security-group permissions compare as sets: AWS returns them in no
 * particular order, so only a permission added or removed is a change. A
 * permission whose description alone changed is one change, not a removal and
 * an addition.
 */
function permissionChanges(path: string, before: Permission[], after: Permission[]): AttributeChange[] {
  return setChanges(path, byRule(before), byRule(after));
}

function byRule(permissions: Permission[]): Map<string, Permission> {
  return new Map(permissions.map((p) => [canonicalJson({ ...p, description: undefined }), p]));
}

/**
 * Bucket-policy statements compare as sets, like permissions: a policy saved
 * with its statements in another order is no change, and a statement whose
 * Sid alone changed is one change.
 */
function statementChanges(path: string, before: PolicyStatement[], after: PolicyStatement[]): AttributeChange[] {
  return setChanges(path, bySid(before), bySid(after));
}

function bySid(statements: PolicyStatement[]): Map<string, PolicyStatement> {
  return new Map(statements.map((s) => [canonicalJson({ ...s, sid: undefined }), s]));
}

function setChanges<T>(path: string, before: Map<string, T>, after: Map<string, T>): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) changes.push(change(path, old, undefined));
    else if (!sameValue(old, now)) changes.push(change(path, old, now));
  }
  for (const [key, now] of after) if (!before.has(key)) changes.push(change(path, undefined, now));
  return changes;
}

function change(path: string, before: unknown, after: unknown): AttributeChange {
  return { path, ...(before !== undefined && { before }), ...(after !== undefined && { after }) };
}

function unionOfKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}
