import { Route53Client, paginateListHealthChecks, paginateListHostedZones } from "@aws-sdk/client-route-53";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { defineCollector } from "../collector.js";
import { route53Spec } from "../specs.js";
import { required } from "../errors.js";
import { recordsOf } from "../listed-items.js";
import { HEALTH_CHECK, readHealthCheckDetails, toHealthCheck } from "./health-checks.js";
import type { HealthCheckRecord } from "./health-checks.js";
import { readEach } from "../partial-reads.js";
import { RECORD_SET, recordSetPages, toRecordSet } from "./records.js";
import { route53TagReader } from "./tags.js";
import { readTargeted } from "./targeted.js";
import { HOSTED_ZONE, toHostedZone } from "./zones.js";
import type { HostedZoneRecord } from "./zones.js";

/** Route 53 allows five requests a second per account, for all its APIs together. */
const ROUTE53_CONCURRENCY = 5;

type Route53Context = CollectorContext<Route53Client>;

export const route53Collector = defineCollector({
  ...route53Spec,
  createClient: (config) => new Route53Client(config),
  async collect(ctx) {
    if (ctx.targets) return readTargeted(ctx, ctx.targets, pLimit(ROUTE53_CONCURRENCY));
    const zones: HostedZoneRecord[] = [];
    const healthChecks: HealthCheckRecord[] = [];
    await Promise.all([
      // Without the zones, their record sets are unknown too.
      ctx.attempt("ListHostedZones", [HOSTED_ZONE, RECORD_SET], async () => {
        // MaxItems 100 is the API maximum for ListHostedZones.
        for await (const page of paginateListHostedZones({ client: ctx.client, pageSize: 100 }, {})) {
          const listed = required(page.HostedZones, "HostedZones");
          // A zone skipped leaves its record sets unread too.
          zones.push(...recordsOf(ctx, "ListHostedZones", HOSTED_ZONE, listed, (zone) => toHostedZone(zone, ctx.accountId, ctx.region), { alsoIncomplete: [RECORD_SET] }));
        }
      }),
      ctx.attempt("ListHealthChecks", [HEALTH_CHECK], async () => {
        // MaxItems 1000 is the API maximum for ListHealthChecks.
        for await (const page of paginateListHealthChecks({ client: ctx.client, pageSize: 1000 }, {})) {
          const listed = required(page.HealthChecks, "HealthChecks");
          healthChecks.push(...recordsOf(ctx, "ListHealthChecks", HEALTH_CHECK, listed, (check, fields) => toHealthCheck(check, ctx.accountId, ctx.region, fields)));
        }
      }),
    ]);

    // One limit for every per-resource Route 53 call: the API allows five requests a second per account.
    const limit = pLimit(ROUTE53_CONCURRENCY);
    const readTags = route53TagReader(ctx, limit);
    const [recordSets] = await Promise.all([
      recordSetsOf(ctx, zones, limit),
      readTags("hostedzone", HOSTED_ZONE, zones),
      readHealthCheckDetails(ctx, healthChecks, readTags),
    ]);
    return [...zones, ...recordSets, ...healthChecks] as unknown as ResourceRecord[];
  },
});

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
        const listed = required(page.ResourceRecordSets, "ResourceRecordSets");
        recordSets.push(...recordsOf(ctx, "ListResourceRecordSets", RECORD_SET, listed, (set, fields) => toRecordSet(set, ref, zoneNames, ctx.accountId, ctx.region, fields)));
      }
    },
  });
  return recordSets;
}
