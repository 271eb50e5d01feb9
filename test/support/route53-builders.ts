/** Builders for Route 53 record set and health check records in the normalized shape of src/types/attributes.ts. */
import type { HealthCheckAttributes, RecordSetAttributes, RoutingPolicy } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { collectionError, record } from "./builders.js";

const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const ZONE_NAME = "example.com.";

type AliasKind = NonNullable<RecordSetAttributes["aliasTarget"]>["targetKind"];

/** The DNS name and canonical hosted zone of a typical alias target of each kind in us-east-1. */
const ALIAS_TARGETS: Record<AliasKind, { dnsName: string; hostedZoneId: string }> = {
  elb: { dnsName: "dualstack.web-1234567890.us-east-1.elb.amazonaws.com.", hostedZoneId: "Z35SXDOTRQ7X7K" },
  cloudfront: { dnsName: "d111111abcdef8.cloudfront.net.", hostedZoneId: "Z2FDTNDATAQYW2" },
  s3: { dnsName: "s3-website-us-east-1.amazonaws.com.", hostedZoneId: "Z3AQBSTGFYJSTF" },
  apigateway: { dnsName: "d-abcde12345.execute-api.us-east-1.amazonaws.com.", hostedZoneId: "Z1UJRXOUMOOFQ8" },
  record: { dnsName: "app.example.com.", hostedZoneId: ZONE_ID },
  other: { dnsName: "vpce-0123456789abcdef0-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com.", hostedZoneId: "Z7HUB22UULQXV" },
};

export function alias(targetKind: AliasKind, evaluateTargetHealth: boolean): NonNullable<RecordSetAttributes["aliasTarget"]> {
  return { ...ALIAS_TARGETS[targetKind], evaluateTargetHealth, targetKind };
}

/** Routing-policy fields as Route 53 returns them for each policy. */
const POLICY_FIELDS: Partial<Record<RoutingPolicy, (setIdentifier: string) => Partial<RecordSetAttributes>>> = {
  failover: (id) => ({ failover: id === "secondary" ? "SECONDARY" : "PRIMARY" }),
  weighted: () => ({ weight: 100 }),
  latency: () => ({ region: "us-east-1" }),
};

export function recordSet(
  options: {
    name?: string;
    recordType?: string;
    routingPolicy?: RoutingPolicy;
    setIdentifier?: string;
    healthCheckId?: string;
    aliasTarget?: RecordSetAttributes["aliasTarget"];
  } = {},
): ResourceRecord<RecordSetAttributes> {
  const routingPolicy = options.routingPolicy ?? "simple";
  const name = options.name ?? `www.${ZONE_NAME}`;
  const recordType = options.recordType ?? "A";
  const setIdentifier = routingPolicy === "simple" ? undefined : (options.setIdentifier ?? "primary");
  const attributes: RecordSetAttributes = {
    hostedZoneId: ZONE_ID,
    zoneName: ZONE_NAME,
    name,
    recordType,
    routingPolicy,
    ...(setIdentifier && { setIdentifier, ...POLICY_FIELDS[routingPolicy]?.(setIdentifier) }),
    ...(options.healthCheckId && { healthCheckId: options.healthCheckId }),
    // Alias records have no TTL and no values; Route 53 answers with the target's addresses.
    ...(options.aliasTarget ? { values: [], aliasTarget: options.aliasTarget } : { ttl: 60, values: ["203.0.113.10"] }),
  };
  const id = [ZONE_ID, name, recordType, setIdentifier].filter(Boolean).join("/");
  return record("AWS::Route53::RecordSet", id, attributes, { name });
}

export function healthCheck(id: string, options: { alarmNames?: string[] | null; type?: string } = {}): ResourceRecord<HealthCheckAttributes> {
  return record<HealthCheckAttributes>(
    "AWS::Route53::HealthCheck",
    id,
    {
      type: options.type ?? "HTTPS",
      fqdn: "primary.example.com",
      port: 443,
      resourcePath: "/health",
      requestInterval: 30,
      failureThreshold: 3,
      // null: the alarms were not read (DescribeAlarms failed).
      ...(options.alarmNames !== null && { alarmNames: options.alarmNames ?? [`${id}-unhealthy`] }),
    },
    { arn: `arn:aws:route53:::healthcheck/${id}` },
  );
}

/** ListHealthChecks denied: health checks are incomplete in the region Route 53 records use. */
export function healthChecksNotRead(): CollectionError {
  return collectionError("route53", "route53:ListHealthChecks", ["AWS::Route53::HealthCheck"]);
}
