import { ListTagsForResourcesCommand, Route53Client, paginateListHealthChecks, paginateListHostedZones } from "@aws-sdk/client-route-53";
import type { HostedZone, TagResourceType } from "@aws-sdk/client-route-53";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";
import type { HostedZoneAttributes } from "../types/attributes.js";
import type { ResourceRecord, ResourceType } from "../types/resource.js";
import type { CollectorContext } from "./collector.js";
import { defineCollector } from "./collector.js";
import { required } from "./errors.js";
import { sortedStrings, tagsOf } from "./normalize.js";
import { HEALTH_CHECK, alarmsByHealthCheck, toHealthCheck } from "./route53-health-checks.js";
import type { HealthCheckRecord } from "./route53-health-checks.js";
import { readEach } from "./partial-reads.js";
import { RECORD_SET, recordSetPages, toRecordSet } from "./route53-records.js";

/** Route 53 allows five requests a second per account, for all its APIs together. */
const ROUTE53_CONCURRENCY = 5;

const HOSTED_ZONE = "AWS::Route53::HostedZone";

type HostedZoneRecord = ResourceRecord<HostedZoneAttributes>;
type Route53Context = CollectorContext<Route53Client>;

export const route53Collector = defineCollector({
  service: "route53",
  scope: "global",
  resourceTypes: [HOSTED_ZONE, RECORD_SET, HEALTH_CHECK],
  permissions: [
    "route53:ListHostedZones",
    "route53:ListResourceRecordSets",
    "route53:ListHealthChecks",
    "route53:ListTagsForResources",
    "cloudwatch:DescribeAlarms",
  ],
  createClient: (config) => new Route53Client(config),
  async collect(ctx) {
    const zones: HostedZoneRecord[] = [];
    const healthChecks: HealthCheckRecord[] = [];
    await Promise.all([
      // Without the zones, their record sets are unknown too.
      ctx.attempt("ListHostedZones", [HOSTED_ZONE, RECORD_SET], async () => {
        // MaxItems 100 is the API maximum for ListHostedZones.
        for await (const page of paginateListHostedZones({ client: ctx.client, pageSize: 100 }, {})) {
          for (const zone of required(page.HostedZones, "HostedZones")) zones.push(toHostedZone(zone, ctx.accountId, ctx.region));
        }
      }),
      ctx.attempt("ListHealthChecks", [HEALTH_CHECK], async () => {
        // MaxItems 1000 is the API maximum for ListHealthChecks.
        for await (const page of paginateListHealthChecks({ client: ctx.client, pageSize: 1000 }, {})) {
          for (const check of required(page.HealthChecks, "HealthChecks")) healthChecks.push(toHealthCheck(check, ctx.accountId, ctx.region));
        }
      }),
    ]);

    // One limit for every per-resource Route 53 call: the API allows five requests a second per account.
    const limit = pLimit(ROUTE53_CONCURRENCY);
    const [recordSets, , , alarms] = await Promise.all([
      recordSetsOf(ctx, zones, limit),
      tagEach(ctx, limit, "hostedzone", HOSTED_ZONE, zones),
      tagEach(ctx, limit, "healthcheck", HEALTH_CHECK, healthChecks),
      healthChecks.length > 0 && ctx.wants("route53-health-check-alarmed") ? alarmsByHealthCheck(ctx) : undefined,
    ]);
    for (const check of healthChecks) {
      if (check.tags.Name) check.name = check.tags.Name;
      if (alarms) check.attributes.alarmNames = sortedStrings(alarms.get(check.id));
    }
    return [...zones, ...recordSets, ...healthChecks] as unknown as ResourceRecord[];
  },
});

export function toHostedZone(zone: HostedZone, accountId: string, region: string): HostedZoneRecord {
  // ListHostedZones returns ids as "/hostedzone/Z…"; every other API and the console use the bare id.
  const id = required(zone.Id, "HostedZone.Id").replace(/^\/hostedzone\//, "");
  const name = required(zone.Name, "HostedZone.Name");
  return {
    type: HOSTED_ZONE,
    id,
    arn: `arn:aws:route53:::hostedzone/${id}`,
    accountId,
    region,
    name,
    tags: {},
    attributes: { name, privateZone: zone.Config?.PrivateZone ?? false },
  };
}

/**
 * Lists every zone's record sets, a few zones at a time. Records read before a
 * zone fails are kept: each one is complete, and the error marks the type
 * incomplete so that the ones not read are not reported removed.
 */
async function recordSetsOf(ctx: Route53Context, zones: HostedZoneRecord[], limit: LimitFunction): Promise<ResourceRecord[]> {
  const recordSets: ResourceRecord[] = [];
  const zoneNames = zones.map((zone) => zone.attributes.name);
  await readEach(ctx, {
    operation: "ListResourceRecordSets",
    resourceTypes: [RECORD_SET],
    items: zones,
    label: (zone) => zone.id,
    limit,
    read: async (zone) => {
      const ref = { id: zone.id, name: zone.attributes.name };
      for await (const page of recordSetPages(ctx.client, zone.id)) {
        for (const set of required(page.ResourceRecordSets, "ResourceRecordSets")) recordSets.push(toRecordSet(set, ref, zoneNames, ctx.accountId, ctx.region));
      }
    },
  });
  return recordSets;
}

/** ListTagsForResources takes at most 10 resource ids per call. */
const TAGGED_PER_CALL = 10;

async function tagEach(
  ctx: Route53Context,
  limit: LimitFunction,
  resourceType: TagResourceType,
  type: ResourceType,
  records: ResourceRecord<unknown>[],
): Promise<void> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const batches: string[][] = [];
  for (let i = 0; i < records.length; i += TAGGED_PER_CALL) batches.push(records.slice(i, i + TAGGED_PER_CALL).map((record) => record.id));
  await readEach(ctx, {
    operation: "ListTagsForResources",
    resourceTypes: [type],
    items: batches,
    label: (ids) => (ids.length > 1 ? `${ids[0]} and ${ids.length - 1} more` : ids[0]),
    limit,
    read: async (ids) => {
      const { ResourceTagSets } = await ctx.client.send(new ListTagsForResourcesCommand({ ResourceType: resourceType, ResourceIds: ids }));
      for (const set of ResourceTagSets ?? []) {
        const record = set.ResourceId === undefined ? undefined : byId.get(set.ResourceId);
        if (record) record.tags = tagsOf(set.Tags);
      }
    },
  });
}
