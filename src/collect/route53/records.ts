import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import type { AliasTarget, ListResourceRecordSetsCommandInput, ListResourceRecordSetsCommandOutput, ResourceRecordSet, Route53Client } from "@aws-sdk/client-route-53";
import type { RecordSetAttributes, RoutingPolicy } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import { ItemFields } from "../listed-items.js";
import { compact, sortedStrings } from "../normalize.js";

export const RECORD_SET = "AWS::Route53::RecordSet";

/** A hosted zone as record sets refer to it: its id without the "/hostedzone/" prefix, and its name as AWS returns it. */
export interface ZoneRef {
  id: string;
  name: string;
}

/** ListResourceRecordSets returns at most 300 record sets per page. */
const RECORDS_PER_PAGE = 300;

/**
 * ListResourceRecordSets has no paginate* helper in SDK v3: while IsTruncated,
 * the next page starts at NextRecordName / NextRecordType / NextRecordIdentifier
 * (the identifier only for records with a SetIdentifier).
 */
export async function* recordSetPages(client: Route53Client, hostedZoneId: string): AsyncGenerator<ListResourceRecordSetsCommandOutput> {
  let input: ListResourceRecordSetsCommandInput = { HostedZoneId: hostedZoneId, MaxItems: RECORDS_PER_PAGE };
  for (;;) {
    const page = await client.send(new ListResourceRecordSetsCommand(input));
    yield page;
    if (!page.IsTruncated) return;
    input = compact({
      HostedZoneId: hostedZoneId,
      MaxItems: RECORDS_PER_PAGE,
      StartRecordName: required(page.NextRecordName, "NextRecordName"),
      StartRecordType: page.NextRecordType,
      StartRecordIdentifier: page.NextRecordIdentifier,
    });
  }
}

export function toRecordSet(set: ResourceRecordSet, zone: ZoneRef, accountZoneNames: string[], accountId: string, region: string, fields = new ItemFields()): ResourceRecord {
  const name = required(set.Name, "ResourceRecordSet.Name");
  const recordType = required(set.Type, "ResourceRecordSet.Type");
  const attributes: RecordSetAttributes = compact({
    hostedZoneId: zone.id,
    zoneName: zone.name,
    name,
    recordType,
    routingPolicy: routingPolicyOf(set),
    setIdentifier: set.SetIdentifier,
    failover: set.Failover,
    weight: set.Weight,
    region: set.Region,
    healthCheckId: set.HealthCheckId,
    ttl: set.TTL,
    values: sortedStrings(set.ResourceRecords?.map((r) => r.Value)),
    aliasTarget: fields.read("aliasTarget", () => (set.AliasTarget ? aliasAttributes(set.AliasTarget, accountZoneNames) : undefined)),
  });
  const id = recordSetId(zone.id, name, recordType, set.SetIdentifier);
  return { type: RECORD_SET, id, accountId, region, name, tags: {}, attributes: attributes as unknown as Record<string, unknown> };
}

/** Name, type and set identifier are what make a record set unique within its zone: "<zone id>/<name>/<type>[/<set identifier>]". */
export function recordSetId(zoneId: string, name: string, recordType: string, setIdentifier: string | undefined): string {
  return [zoneId, name, recordType, ...(setIdentifier !== undefined ? [setIdentifier] : [])].join("/");
}

function aliasAttributes(alias: AliasTarget, accountZoneNames: string[]): RecordSetAttributes["aliasTarget"] {
  const dnsName = required(alias.DNSName, "AliasTarget.DNSName");
  return {
    dnsName,
    hostedZoneId: required(alias.HostedZoneId, "AliasTarget.HostedZoneId"),
    evaluateTargetHealth: alias.EvaluateTargetHealth ?? false,
    targetKind: aliasTargetKind(dnsName, accountZoneNames),
  };
}

/** Each routing policy is marked by the one field that only it sets. */
export function routingPolicyOf(set: ResourceRecordSet): RoutingPolicy {
  if (set.Failover) return "failover";
  if (set.Weight !== undefined) return "weighted";
  if (set.Region) return "latency";
  if (set.GeoLocation) return "geolocation";
  if (set.GeoProximityLocation) return "geoproximity";
  if (set.MultiValueAnswer) return "multivalue";
  if (set.CidrRoutingConfig) return "cidr";
  return "simple";
}

type TargetKind = NonNullable<RecordSetAttributes["aliasTarget"]>["targetKind"];

// Alias DNS names as Route 53 returns them, lower-cased and without the final dot:
//   ALB / classic: [dualstack.]name-123.us-east-1.elb.amazonaws.com; NLB: name-123.elb.us-east-1.amazonaws.com
//   CloudFront: d111111abcdef8.cloudfront.net
//   S3 website: s3-website-us-east-1.amazonaws.com or s3-website.eu-central-1.amazonaws.com
//   API Gateway custom domain: d-abcdef1234.execute-api.us-east-1.amazonaws.com
const TARGET_KINDS: [RegExp, TargetKind][] = [
  [/\.elb(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/, "elb"],
  [/\.cloudfront\.net$/, "cloudfront"],
  [/(^|\.)s3-website[.-][a-z0-9.-]*amazonaws\.com(\.cn)?$/, "s3"],
  [/\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, "apigateway"],
];

/** What an alias points at, from its DNS name; a name inside one of the account's zones is another record. */
export function aliasTargetKind(dnsName: string, accountZoneNames: string[]): TargetKind {
  const target = dnsNameKey(dnsName);
  for (const [pattern, kind] of TARGET_KINDS) if (pattern.test(target)) return kind;
  const inAccountZone = accountZoneNames.map(dnsNameKey).some((zone) => target === zone || target.endsWith(`.${zone}`));
  return inAccountZone ? "record" : "other";
}

/** DNS names compare case-insensitively; Route 53 returns them fully qualified, with the final dot. */
function dnsNameKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
