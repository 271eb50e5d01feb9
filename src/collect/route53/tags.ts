/**
 * Tags of hosted zones and health checks: ListTagsForResources, ten resources
 * a call, or, from an emulator without that call, ListTagsForResource one
 * resource at a time (a separate IAM action; both are in the permissions).
 */
import { ListTagsForResourceCommand, ListTagsForResourcesCommand } from "@aws-sdk/client-route-53";
import type { ResourceTagSet, Route53Client, TagResourceType } from "@aws-sdk/client-route-53";
import type { LimitFunction } from "p-limit";
import type { ResourceRecord, ResourceType } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { tagsOf } from "../normalize.js";
import { batchesOf, readEach } from "../partial-reads.js";

/** ListTagsForResources takes at most 10 resource ids per call. */
const TAGGED_PER_CALL = 10;

export type TagReader = (resourceType: TagResourceType, type: ResourceType, records: ResourceRecord<unknown>[]) => Promise<void>;

/**
 * Reads tags into `record.tags`, sharing `limit` with the collector's other per-resource reads.
 * Once one batch call shows the endpoint lacks ListTagsForResources, every later read of
 * this reader goes straight to the per-resource call.
 */
export function route53TagReader(ctx: Pick<CollectorContext<Route53Client>, "client" | "attempt">, limit: LimitFunction): TagReader {
  let batchCallMissing = false;
  return async (resourceType, type, records) => {
    const byId = new Map(records.map((record) => [record.id, record]));
    const unread: string[] = [];
    await readEach(ctx, {
      operation: "ListTagsForResources",
      resourceTypes: [type],
      items: batchesOf(records.map((record) => record.id), TAGGED_PER_CALL),
      label: (ids) => (ids.length > 1 ? `${ids[0]} and ${ids.length - 1} more` : ids[0]),
      limit,
      read: async (ids) => {
        if (!batchCallMissing) {
          try {
            const { ResourceTagSets } = await ctx.client.send(new ListTagsForResourcesCommand({ ResourceType: resourceType, ResourceIds: ids }));
            for (const set of ResourceTagSets ?? []) applyTags(byId, set);
            return;
          } catch (error) {
            if (!isMissingOperation(error)) throw error;
            batchCallMissing = true;
          }
        }
        unread.push(...ids);
      },
    });
    // Without the batch call: one call per resource, under the same limit.
    await readEach(ctx, {
      operation: "ListTagsForResource",
      resourceTypes: [type],
      items: unread,
      label: (id) => id,
      limit,
      read: async (id) => {
        const { ResourceTagSet } = await ctx.client.send(new ListTagsForResourceCommand({ ResourceType: resourceType, ResourceId: id }));
        if (ResourceTagSet) applyTags(byId, ResourceTagSet);
      },
    });
  };
}

function applyTags(byId: Map<string, ResourceRecord<unknown>>, set: ResourceTagSet): void {
  const record = set.ResourceId === undefined ? undefined : byId.get(set.ResourceId);
  if (record) record.tags = tagsOf(set.Tags);
}

/** Error codes saying the endpoint does not know the operation at all (Query APIs, the AWS JSON protocols, REST APIs). */
const UNKNOWN_OPERATION_CODES = new Set(["InvalidAction", "UnknownOperationException", "UnknownOperation", "NotImplemented"]);

/**
 * Whether the endpoint lacks the operation, as emulators answer one they do not implement:
 * LocalStack with HTTP 501 Not Implemented ("InternalFailure: … has not yet been emulated"),
 * moto before it added ListTagsForResources (2024) with its router's 404 page, which is no
 * Route 53 error document, others with one of UNKNOWN_OPERATION_CODES. Route 53's own 404s
 * for this call are NoSuchHostedZone / NoSuchHealthCheck (a resource deleted since it was
 * listed): those, AccessDenied (403), Throttling (400) and network failures (no response)
 * match none of these and stay collection errors.
 */
function isMissingOperation(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const status = e?.$metadata?.httpStatusCode;
  if (UNKNOWN_OPERATION_CODES.has(e?.name ?? "")) return true;
  return status === 501 || (status === 404 && !e?.name?.startsWith("NoSuch"));
}
