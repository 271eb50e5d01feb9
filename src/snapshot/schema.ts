import * as z from "zod";
import type { CarriedRead } from "../types/reads.js";
import { CARRIED_READS } from "../types/reads.js";
import { RESOURCE_TYPES, SNAPSHOT_SCHEMA_VERSION } from "../types/resource.js";
import { isObject } from "../types/object.js";

const resourceType = z.enum(RESOURCE_TYPES);

// Checked in place rather than with z.record, which copies every record's attributes and tags key by key to
// check keys that JSON makes strings anyway: 85 % of the time a 50,000-record snapshot took to validate.
const jsonObject = z.custom<Record<string, unknown>>(isObject, "expected an object");
const tags = z.custom<Record<string, string>>((value) => {
  if (!isObject(value)) return false;
  for (const key in value) if (typeof value[key] !== "string") return false;
  return true;
}, "expected an object of string values");

export const resourceRecordSchema = z.object({
  type: resourceType,
  id: z.string().min(1),
  arn: z.string().optional(),
  accountId: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
  region: z.string().min(1),
  name: z.string().optional(),
  tags,
  attributes: jsonObject,
  state: jsonObject.optional(),
  unreadable: z.array(z.object({ attribute: z.string().min(1), field: z.string().min(1) })).optional(),
  observedAt: z.iso.datetime().optional(),
  reads: z.partialRecord(z.enum(Object.keys(CARRIED_READS) as [CarriedRead, ...CarriedRead[]]), z.iso.datetime()).optional(),
  listed: z.string().optional(),
});

export const collectionErrorSchema = z.object({
  service: z.string(),
  region: z.string(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
  resourceTypes: z.array(resourceType),
  resourceIds: z.array(z.string()).optional(),
});

export const snapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  accountId: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
  takenAt: z.iso.datetime(),
  regions: z.array(z.string()),
  resources: z.array(resourceRecordSchema),
  errors: z.array(collectionErrorSchema),
});

/** The snapshot's fields but its records. */
export const snapshotHeaderSchema = snapshotSchema.omit({ resources: true });
