import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, paginateListTrails } from "@aws-sdk/client-cloudtrail";
import pLimit from "p-limit";
import type { ResourceRecord } from "../../types/resource.js";
import { compareText } from "../../types/order.js";
import type { CollectorContext } from "../collector.js";
import { defineCollector } from "../collector.js";
import { cloudtrailSpec } from "../specs.js";
import { errorCode, required } from "../errors.js";
import { fillAttributes, markUnreadable, recordsOf } from "../listed-items.js";
import { PER_RESOURCE_CONCURRENCY, readEach } from "../partial-reads.js";
import { managementEventsOf } from "./selectors.js";
import type { TrailRecord } from "./trails.js";
import { listedTrail, TRAIL, trailSettings } from "./trails.js";

/**
 * Global: ListTrails lists every trail of the account, in every region, once
 * (a multi-region trail's shadow copies are not listed), so the trails are
 * read once per account and recorded in us-east-1. Each trail's settings,
 * status and event selectors are read in its home region.
 */
export const cloudtrailCollector = defineCollector({
  ...cloudtrailSpec,
  createClient: (config) => new CloudTrailClient(config),
  async collect(ctx) {
    const byArn = new Map<string, TrailRecord>();
    await ctx.attempt("ListTrails", [TRAIL], async () => {
      // ListTrails takes no page size: NextToken alone pages it.
      for await (const page of paginateListTrails({ client: ctx.client }, {})) {
        const trails = recordsOf(ctx, "ListTrails", TRAIL, required(page.Trails, "Trails"), (info) => listedTrail(info, ctx.accountId, ctx.region));
        for (const trail of trails) if (!byArn.has(trail.id)) byArn.set(trail.id, trail);
      }
    });
    const trails = [...byArn.values()];
    const clientIn = homeRegionClients(ctx);
    const limit = pLimit(PER_RESOURCE_CONCURRENCY);
    const label = (trail: TrailRecord) => trail.id;

    // One DescribeTrails per home region, naming its trails by ARN: an organization
    // trail seen from a member account is a shadow trail, so shadow trails are included.
    await readEach(ctx, {
      operation: "DescribeTrails",
      resourceTypes: [TRAIL],
      items: byHomeRegion(trails),
      label: ([region]) => region,
      limit,
      read: async ([region, group]) => {
        const { trailList } = await clientIn(region).send(new DescribeTrailsCommand({ trailNameList: group.map((t) => t.id), includeShadowTrails: true }));
        const described = new Map((trailList ?? []).map((t) => [t.TrailARN, t]));
        for (const trail of group) fillAttributes(ctx, "DescribeTrails", trail, (fields) => trailSettings(described.get(trail.id), trail.id, fields));
      },
    });

    await Promise.all([
      readEach(ctx, {
        operation: "GetTrailStatus",
        resourceTypes: [TRAIL],
        items: ctx.reads("cloudtrail.trailStatus") ? trails : [],
        label,
        limit,
        read: (trail) =>
          ownedOrUnreadable(ctx.accountId, trail, "isLogging", "GetTrailStatus", async () => {
            const status = await clientIn(trail.attributes.homeRegion).send(new GetTrailStatusCommand({ Name: trail.id }));
            fillAttributes(ctx, "GetTrailStatus", trail, (fields) => ({ isLogging: fields.read("isLogging", () => required(status.IsLogging, "GetTrailStatus.IsLogging")) }));
          }),
      }),
      readEach(ctx, {
        operation: "GetEventSelectors",
        resourceTypes: [TRAIL],
        items: ctx.reads("cloudtrail.eventSelectors") ? trails : [],
        label,
        limit,
        read: (trail) =>
          ownedOrUnreadable(ctx.accountId, trail, "managementEvents", "GetEventSelectors", async () => {
            const selectors = await clientIn(trail.attributes.homeRegion).send(new GetEventSelectorsCommand({ TrailName: trail.id }));
            fillAttributes(ctx, "GetEventSelectors", trail, (fields) => ({ managementEvents: fields.read("managementEvents", () => managementEventsOf(selectors)) }));
          }),
      }),
    ]);
    return trails as unknown as ResourceRecord[];
  },
});

/** One client per home region, made on first use; us-east-1's is the collector's own. */
function homeRegionClients(ctx: CollectorContext<CloudTrailClient>): (region: string) => CloudTrailClient {
  const clients = new Map<string, CloudTrailClient>([[ctx.region, ctx.client]]);
  return (region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = ctx.newClient((config) => new CloudTrailClient(config), region)));
    return client;
  };
}

function byHomeRegion(trails: TrailRecord[]): [string, TrailRecord[]][] {
  const groups = new Map<string, TrailRecord[]>();
  for (const trail of trails) groups.set(trail.attributes.homeRegion, [...(groups.get(trail.attributes.homeRegion) ?? []), trail]);
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}

/**
 * What a member account is answered for its organization's trail, which the
 * management account owns: the trail is listed and described, but its status
 * and event selectors may be refused (TrailNotFoundException,
 * CloudTrailARNInvalidException "AccountID in ARN is wrong", or access denied).
 */
const NOT_THE_OWNER = new Set(["TrailNotFoundException", "CloudTrailARNInvalidException", "AccessDeniedException"]);

/** Runs a per-trail read, keeping another account's refusal as the attribute unreadable (see markRefused). */
async function ownedOrUnreadable(accountId: string, trail: TrailRecord, attribute: RefusableAttribute, operation: string, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!markRefused(accountId, trail, attribute, operation, error)) throw error;
  }
}

type RefusableAttribute = "isLogging" | "managementEvents";

/**
 * For another account's trail, a refusal above leaves only this attribute
 * unreadable on that trail's record (true: marked). It is not a collection
 * error: it is how AWS answers every run, not a gap in this one, and the
 * rules that read the attribute judge the trail knowing it.
 */
export function markRefused(accountId: string, trail: TrailRecord, attribute: RefusableAttribute, operation: string, error: unknown): boolean {
  const code = errorCode(error);
  const owner = trail.attributes.ownerAccountId;
  if (owner === accountId || !NOT_THE_OWNER.has(code)) return false;
  markUnreadable(trail, attribute, `${operation} answer (${code} for a trail of account ${owner})`);
  return true;
}
