import type { HostedZone } from "@aws-sdk/client-route-53";
import type { HostedZoneAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";

export const HOSTED_ZONE = "AWS::Route53::HostedZone";

export type HostedZoneRecord = ResourceRecord<HostedZoneAttributes>;

/** Its Name is part of its identity (its record sets and the aliases into it are named by it): without it the zone is skipped. */
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
