/**
 * Encryption in transit for the synthetic account's databases and load
 * balancers: parameter groups (default and custom, some forcing TLS, some
 * pending a reboot) for the databases, and a mix of security policies for
 * the HTTPS listeners, with the policy descriptions DescribeSSLPolicies and
 * DescribeLoadBalancerPolicies answer. It adds no resource, only settings of
 * those the applications made, so it runs after them; it draws from its own
 * sequence so the rest of the account stays as it was.
 */
import type { PolicyDescription } from "@aws-sdk/client-elastic-load-balancing";
import type { SslPolicy } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DBCluster, DBInstance, Parameter } from "@aws-sdk/client-rds";
import { SSL_POLICY_PROTOCOLS } from "../elb-builders.js";
import type { RegionData } from "./account.js";
import { Random } from "./random.js";

/** ELBv2's predefined policies as DescribeSSLPolicies lists them (a realistic subset; ciphers shortened to two). */
export const SSL_POLICIES: SslPolicy[] = Object.entries(SSL_POLICY_PROTOCOLS).map(([name, protocols]) => ({
  Name: name,
  SslProtocols: protocols,
  Ciphers: [
    { Name: protocols.includes("TLSv1.3") ? "TLS_AES_128_GCM_SHA256" : "ECDHE-ECDSA-AES128-GCM-SHA256", Priority: 1 },
    { Name: "ECDHE-RSA-AES128-GCM-SHA256", Priority: 2 },
  ],
  SupportedLoadBalancerTypes: ["application", "network"],
}));

const CLASSIC_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"];

/** A classic SSL negotiation policy's attributes: the Protocol-* flags, a cipher, and its reference when it copies a predefined one. */
function negotiationPolicy(name: string, enabled: string[], reference?: string): PolicyDescription {
  return {
    PolicyName: name,
    PolicyTypeName: "SSLNegotiationPolicyType",
    PolicyAttributeDescriptions: [
      ...(reference ? [{ AttributeName: "Reference-Security-Policy", AttributeValue: reference }] : []),
      ...CLASSIC_PROTOCOLS.map((p) => ({ AttributeName: `Protocol-${p}`, AttributeValue: String(enabled.includes(p)) })),
      { AttributeName: "Server-Defined-Cipher-Order", AttributeValue: "true" },
      { AttributeName: "ECDHE-RSA-AES128-GCM-SHA256", AttributeValue: "true" },
    ],
  };
}

/** DescribeLoadBalancerPolicies without a load balancer name: the predefined (sample) policies. */
export const CLASSIC_PREDEFINED_POLICIES: PolicyDescription[] = ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-TLS-1-2-2017-01"].map((name) =>
  negotiationPolicy(name, SSL_POLICY_PROTOCOLS[name]!),
);

const ALB_POLICIES: [policy: string, weight: number][] = [
  ["ELBSecurityPolicy-TLS13-1-2-2021-06", 0.5],
  ["ELBSecurityPolicy-2016-08", 0.2],
  ["ELBSecurityPolicy-TLS-1-2-2017-01", 0.15],
  ["ELBSecurityPolicy-FS-1-1-2019-08", 0.15],
];

export function addTlsSettings(data: RegionData, seed: number): void {
  const random = new Random(seed ^ hash(data.region));
  data.sslPolicies = SSL_POLICIES;
  for (const listeners of data.listeners.values()) {
    for (const listener of listeners) if (listener.Protocol === "HTTPS") listener.SslPolicy = weighted(random, ALB_POLICIES);
  }
  for (const lb of data.classicLoadBalancers) addClassicPolicy(random, data, lb.LoadBalancerName!);
  for (const db of data.dbInstances) assignDbParameterGroup(random, data, db);
  for (const cluster of data.dbClusters) assignClusterParameterGroup(random, data, cluster);
}

/** The HTTPS listener's policy: a copy of ELBSecurityPolicy-2016-08 (what the console attaches), a custom TLS 1.2-only one, or one that only references a predefined policy. */
function addClassicPolicy(random: Random, data: RegionData, name: string): void {
  const lb = data.classicLoadBalancers.find((l) => l.LoadBalancerName === name)!;
  const https = lb.ListenerDescriptions?.find((d) => d.Listener?.Protocol === "HTTPS");
  if (!https) return;
  const draw = random.next();
  const policy =
    draw < 0.6
      ? negotiationPolicy("ELBSecurityPolicy-2016-08", SSL_POLICY_PROTOCOLS["ELBSecurityPolicy-2016-08"]!, "ELBSecurityPolicy-2016-08")
      : draw < 0.85
        ? negotiationPolicy("tls-1-2-only", ["TLSv1.2"])
        : { PolicyName: "tls12-reference", PolicyTypeName: "SSLNegotiationPolicyType", PolicyAttributeDescriptions: [{ AttributeName: "Reference-Security-Policy", AttributeValue: "ELBSecurityPolicy-TLS-1-2-2017-01" }] };
  https.PolicyNames = [policy.PolicyName!];
  lb.Policies = { ...lb.Policies, OtherPolicies: [policy.PolicyName!] };
  data.classicPolicies.set(name, [policy]);
}

/**
 * Standalone instances: the engine's default group (PostgreSQL 15 forces TLS
 * by default, MySQL 8.0 does not), or a custom group forcing it or not; one in
 * twenty has just been moved to its group and waits for a reboot. Members of
 * a cluster keep their default instance group: TLS is the cluster group's.
 */
function assignDbParameterGroup(random: Random, data: RegionData, db: DBInstance): void {
  const postgres = db.Engine!.includes("postgres");
  const family = postgres ? (db.Engine === "postgres" ? "postgres15" : "aurora-postgresql15") : db.Engine === "mysql" ? "mysql8.0" : "aurora-mysql8.0";
  const draw = random.next();
  let name = `default.${family}`;
  if (!db.DBClusterIdentifier && draw >= 0.5) name = draw < 0.8 ? `${family.replace(".", "")}-force-tls` : `${family.replace(".", "")}-legacy`;
  const status = !db.DBClusterIdentifier && random.chance(0.05) ? "pending-reboot" : "in-sync";
  db.DBParameterGroups = [{ DBParameterGroupName: name, ParameterApplyStatus: status }];
  if (!data.dbParameters.has(name)) data.dbParameters.set(name, groupParameters(postgres ? "rds.force_ssl" : "require_secure_transport", tlsValueOf(name, postgres)));
}

function assignClusterParameterGroup(random: Random, data: RegionData, cluster: DBCluster): void {
  const postgres = cluster.Engine === "aurora-postgresql";
  const family = postgres ? "aurora-postgresql15" : "aurora-mysql8.0";
  const name = random.chance(0.5) ? `default.${family}` : `${family.replace(".", "")}-force-tls`;
  cluster.DBClusterParameterGroup = name;
  if (!data.dbClusterParameters.has(name)) {
    const forced = name.endsWith("-force-tls");
    data.dbClusterParameters.set(name, groupParameters(postgres ? "rds.force_ssl" : "require_secure_transport", postgres ? (forced ? "1" : "0") : forced ? "ON" : "OFF"));
  }
}

/** Default groups list the engine default: "1" for PostgreSQL 15, none for MySQL 8.0 (OFF); custom groups set it. */
function tlsValueOf(group: string, postgres: boolean): string | undefined {
  if (group.startsWith("default.")) return postgres ? "1" : undefined;
  const forced = group.endsWith("-force-tls");
  return postgres ? (forced ? "1" : "0") : forced ? "ON" : "OFF";
}

/** A few of a group's parameters as DescribeDBParameters returns them, the TLS one among others. */
function groupParameters(tls: string, value: string | undefined): Parameter[] {
  const parameter = (name: string, parameterValue: string | undefined, allowed: string, type: "dynamic" | "static"): Parameter => ({
    ParameterName: name,
    ...(parameterValue !== undefined && { ParameterValue: parameterValue }),
    Description: `${name} setting`,
    Source: parameterValue === undefined ? "engine-default" : "user",
    ApplyType: type,
    DataType: allowed.includes(",") ? "boolean" : "integer",
    AllowedValues: allowed,
    IsModifiable: true,
    ApplyMethod: "pending-reboot",
  });
  return [
    parameter("autocommit", undefined, "0,1", "dynamic"),
    parameter("max_connections", "{DBInstanceClassMemory/12582880}", "1-100000", "dynamic"),
    parameter(tls, value, tls === "rds.force_ssl" ? "0,1" : "0,1,OFF,ON", "dynamic"),
    parameter("wait_timeout", "28800", "1-31536000", "dynamic"),
  ];
}

function weighted<T>(random: Random, choices: [T, number][]): T {
  let draw = random.next();
  for (const [value, weight] of choices) if ((draw -= weight) < 0) return value;
  return choices[choices.length - 1]![0];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
