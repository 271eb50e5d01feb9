/**
 * Record sets and health checks read by id (a targeted read), each with the
 * joins its record needs and no more: a health check's tags and alarms, a
 * record set's zone name, and the account's zone names only for an alias
 * that only they can classify. NoSuchHostedZone and NoSuchHealthCheck, or a
 * record set not at its place in the zone, say the resource was deleted: no
 * record, and no error.
 */
import { GetHealthCheckCommand, GetHostedZoneCommand, ListResourceRecordSetsCommand, paginateListHostedZones } from "@aws-sdk/client-route-53";
import type { ListResourceRecordSetsCommandInput, ResourceRecordSet, Route53Client, RRType } from "@aws-sdk/client-route-53";
import type { LimitFunction } from "p-limit";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext, ReadTargets } from "../collector.js";
import { isTarget, targetIds } from "../collector.js";
import { required, unlessDeleted } from "../errors.js";
import { recordsOf } from "../listed-items.js";
import { compact } from "../normalize.js";
import { readEach } from "../partial-reads.js";
import { HEALTH_CHECK, readHealthCheckDetails, toHealthCheck } from "./health-checks.js";
import type { HealthCheckRecord } from "./health-checks.js";
import { aliasTargetKind, RECORD_SET, recordSetId, toRecordSet } from "./records.js";
import { route53TagReader } from "./tags.js";
import { toHostedZone } from "./zones.js";

type Route53Context = CollectorContext<Route53Client>;

/** The targeted record sets and health checks; `limit` is the collector's one limit for Route 53's five requests a second. */
export async function readTargeted(ctx: Route53Context, targets: ReadTargets, limit: LimitFunction): Promise<ResourceRecord[]> {
  const [recordSets, healthChecks] = await Promise.all([readRecordSets(ctx, targets, limit), readHealthChecks(ctx, targets, limit)]);
  return [...recordSets, ...(healthChecks as unknown as ResourceRecord[])];
}

async function readHealthChecks(ctx: Route53Context, targets: ReadTargets, limit: LimitFunction): Promise<HealthCheckRecord[]> {
  const checks: HealthCheckRecord[] = [];
  await readEach(ctx, {
    operation: "GetHealthCheck",
    resourceTypes: [HEALTH_CHECK],
    // An ARN (arn:aws:route53:::healthcheck/<id>) stands for its id.
    items: targetIds(targets, HEALTH_CHECK),
    label: (id) => id,
    limit,
    read: async (id) => {
      const answer = await unlessDeleted(() => ctx.client.send(new GetHealthCheckCommand({ HealthCheckId: id })), ["NoSuchHealthCheck"]);
      if (!answer) return;
      const read = recordsOf(ctx, "GetHealthCheck", HEALTH_CHECK, [required(answer.HealthCheck, "HealthCheck")], (check, fields) => toHealthCheck(check, ctx.accountId, ctx.region, fields));
      checks.push(...read.filter((check) => isTarget(targets, check)));
    },
  });
  await readHealthCheckDetails(ctx, checks, route53TagReader(ctx, limit));
  return checks;
}

/** A record set's id taken apart. Route 53 escapes "/" in names (\057), so only a set identifier may hold one. */
interface RecordSetTarget {
  id: string;
  zoneId: string;
  name: string;
  recordType: string;
  setIdentifier?: string;
}

function recordSetTarget(id: string): RecordSetTarget | undefined {
  const [zoneId, name, recordType, ...identifier] = id.split("/");
  if (!zoneId || !name || !recordType) return undefined;
  return { id, zoneId, name, recordType, ...(identifier.length > 0 && { setIdentifier: identifier.join("/") }) };
}

interface FoundSet {
  zoneId: string;
  set: ResourceRecordSet;
}

async function readRecordSets(ctx: Route53Context, targets: ReadTargets, limit: LimitFunction): Promise<ResourceRecord[]> {
  const found: FoundSet[] = [];
  await readEach(ctx, {
    operation: "ListResourceRecordSets",
    resourceTypes: [RECORD_SET],
    items: targetIds(targets, RECORD_SET, (arn) => arn).flatMap((id) => recordSetTarget(id) ?? []),
    label: (target) => target.id,
    limit,
    read: async (target) => {
      // The record set at the target's place in the zone's order is the target, or the target no longer exists.
      const input: ListResourceRecordSetsCommandInput = compact({
        HostedZoneId: target.zoneId,
        StartRecordName: target.name,
        StartRecordType: target.recordType as RRType,
        StartRecordIdentifier: target.setIdentifier,
        MaxItems: 1,
      });
      const page = await unlessDeleted(() => ctx.client.send(new ListResourceRecordSetsCommand(input)), ["NoSuchHostedZone"]);
      const set = page && required(page.ResourceRecordSets, "ResourceRecordSets").find((s) => s.Name !== undefined && s.Type !== undefined && recordSetId(target.zoneId, s.Name, s.Type, s.SetIdentifier) === target.id);
      if (set) found.push({ zoneId: target.zoneId, set });
    },
  });
  if (found.length === 0) return [];

  const zoneNames = await zoneNamesOf(ctx, [...new Set(found.map((f) => f.zoneId))], limit);
  const inZones = found.filter((f) => zoneNames.has(f.zoneId));
  const needsAccountZones = (f: FoundSet) => aliasNeedsAccountZones(f.set, zoneNames.get(f.zoneId)!);
  const accountZoneNames = inZones.some(needsAccountZones) ? await listZoneNames(ctx) : undefined;
  return inZones.flatMap((f) => {
    const zone = { id: f.zoneId, name: zoneNames.get(f.zoneId)! };
    // Without the account's zones such an alias's kind is unknown: no record, the error says why.
    if (needsAccountZones(f) && !accountZoneNames) return [];
    return recordsOf(ctx, "ListResourceRecordSets", RECORD_SET, [f.set], (set, fields) => toRecordSet(set, zone, accountZoneNames ?? [zone.name], ctx.accountId, ctx.region, fields));
  });
}

/**
 * Whether an alias's kind depends on the account's other zones: a name that
 * is neither an AWS endpoint nor in the record's own zone may be in one of them.
 */
function aliasNeedsAccountZones(set: ResourceRecordSet, zoneName: string): boolean {
  const dnsName = set.AliasTarget?.DNSName;
  return dnsName !== undefined && aliasTargetKind(dnsName, [zoneName]) === "other";
}

/** The name of each zone, by id; a zone deleted since its record set was read has none. */
async function zoneNamesOf(ctx: Route53Context, zoneIds: string[], limit: LimitFunction): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await readEach(ctx, {
    operation: "GetHostedZone",
    resourceTypes: [RECORD_SET],
    items: zoneIds,
    label: (id) => id,
    limit,
    read: async (id) => {
      const answer = await unlessDeleted(() => ctx.client.send(new GetHostedZoneCommand({ Id: id })), ["NoSuchHostedZone"]);
      if (answer) names.set(id, toHostedZone(required(answer.HostedZone, "HostedZone"), ctx.accountId, ctx.region).attributes.name);
    },
  });
  return names;
}

/** Every zone name of the account, as the full read lists them (a zone without a name is skipped there too); undefined when the list failed. */
function listZoneNames(ctx: Route53Context): Promise<string[] | undefined> {
  return ctx.attempt("ListHostedZones", [RECORD_SET], async () => {
    const names: string[] = [];
    // MaxItems 100 is the API maximum for ListHostedZones.
    for await (const page of paginateListHostedZones({ client: ctx.client, pageSize: 100 }, {})) {
      names.push(...required(page.HostedZones, "HostedZones").flatMap((zone) => (zone.Name !== undefined ? [zone.Name] : [])));
    }
    return names;
  });
}
