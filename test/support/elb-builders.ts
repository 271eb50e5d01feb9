/**
 * Builders for load balancer and target group records in the normalized shape
 * of src/types/attributes.ts, with the defaults AWS applies when they are created.
 */
import type {
  ClassicLoadBalancerAttributes,
  HealthCheckSettings,
  Listener,
  ListenerAction,
  LoadBalancerV2Attributes,
  SslPolicyProtocols,
  TargetGroupAttributes,
} from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, collectionError, record, REGION } from "./builders.js";

const ARN_PREFIX = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

let counter = 0;
/** ELB resource ids end in 16 hex digits, e.g. ".../app/web/50dc6c495c0c9188". */
const nextSuffix = () => (++counter).toString(16).padStart(16, "0");

interface LoadBalancerOptions {
  name?: string;
  zones?: string[];
  listeners?: Listener[];
  crossZoneEnabled?: boolean;
  /** The policies its listeners name with their protocols, as the collector records them (see sslPoliciesFor). */
  sslPolicies?: SslPolicyProtocols[];
}

function loadBalancerV2(type: "application" | "network" | "gateway", options: LoadBalancerOptions): ResourceRecord<LoadBalancerV2Attributes> {
  const name = options.name ?? `${type}-${counter + 1}`;
  const arn = `${ARN_PREFIX}:loadbalancer/${type.slice(0, 3)}/${name}/${nextSuffix()}`;
  const zones = options.zones ?? ZONES.slice(0, 2);
  return record<LoadBalancerV2Attributes>(
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    arn,
    {
      loadBalancerType: type,
      scheme: "internet-facing",
      vpcId: "vpc-0a1b2c3d4e5f60001",
      dnsName: `${name}-1234567890.${REGION}.elb.amazonaws.com`,
      ipAddressType: "ipv4",
      availabilityZones: zones.map((zoneName, i) => ({ zoneName, subnetId: `subnet-0a1b2c3d4e5f6000${i + 1}` })),
      securityGroups: type === "application" ? ["sg-0a1b2c3d4e5f60001"] : [],
      listeners: options.listeners ?? [],
      ...(options.crossZoneEnabled !== undefined && { crossZoneEnabled: options.crossZoneEnabled }),
      ...(options.sslPolicies && { sslPolicies: options.sslPolicies }),
    },
    { arn, name },
  );
}

/** ALBs always balance across zones; their attributes carry no cross-zone flag. */
export const alb = (options: Omit<LoadBalancerOptions, "crossZoneEnabled"> = {}) => loadBalancerV2("application", options);

/** NLBs are created with load_balancing.cross_zone.enabled false. */
export const nlb = (options: LoadBalancerOptions = {}) => loadBalancerV2("network", { crossZoneEnabled: false, ...options });

export const gwlb = (options: LoadBalancerOptions = {}) => loadBalancerV2("gateway", { crossZoneEnabled: false, ...options });

export function listener(protocol: string, port: number, ...defaultActions: ListenerAction[]): Listener {
  return {
    arn: `${ARN_PREFIX}:listener/app/web/50dc6c495c0c9188/${nextSuffix()}`,
    port,
    protocol,
    ...(protocol === "HTTPS" && { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
    certificateArns: protocol === "HTTPS" || protocol === "TLS" ? [`arn:aws:acm:${REGION}:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`] : [],
    defaultActions,
  };
}

/**
 * The protocols DescribeSSLPolicies lists for some predefined security
 * policies (Elastic Load Balancing User Guide, "Security policies for your
 * Application Load Balancer"); classic load balancers share the older names.
 */
export const SSL_POLICY_PROTOCOLS: Record<string, string[]> = {
  "ELBSecurityPolicy-TLS13-1-2-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-3-2021-06": ["TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-0-2021-06": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS-1-2-2017-01": ["TLSv1.2"],
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": ["TLSv1.2"],
  "ELBSecurityPolicy-FS-1-2-Res-2020-10": ["TLSv1.2"],
  "ELBSecurityPolicy-FS-1-1-2019-08": ["TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-TLS-1-1-2017-01": ["TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-2016-08": ["TLSv1", "TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-2015-05": ["TLSv1", "TLSv1.1", "TLSv1.2"],
};

/** An HTTPS (ALB) or TLS (NLB) listener with the security policy it names. */
export function tlsListener(protocol: "HTTPS" | "TLS", port: number, sslPolicy: string, ...defaultActions: ListenerAction[]): Listener {
  return { ...listener(protocol, port, ...defaultActions), sslPolicy };
}

/** What the elbv2 collector records for these listeners: each policy they name with its protocols. */
export function sslPoliciesFor(listeners: Listener[]): SslPolicyProtocols[] {
  const names = [...new Set(listeners.flatMap((l) => (l.sslPolicy ? [l.sslPolicy] : [])))].sort();
  return names.map((name) => ({ name, protocols: SSL_POLICY_PROTOCOLS[name] ?? [] }));
}

export function forward(targetGroupArn = `${ARN_PREFIX}:targetgroup/web/73e2d6bc24d8a067`): ListenerAction {
  return { type: "forward", targetGroupArn, forwardTargetGroupArns: [targetGroupArn] };
}

/** A redirect action; AWS fills unset parts with "#{protocol}", "#{port}", "#{host}", "/#{path}". */
export function redirect(protocol = "HTTPS", port = "443"): ListenerAction {
  return { type: "redirect", redirect: { protocol, port, host: "#{host}", path: "/#{path}", statusCode: "HTTP_301" } };
}

export function fixedResponse(): ListenerAction {
  return { type: "fixed-response" };
}

/** The health check AWS creates by default for each kind of target group. */
function defaultHealthCheck(protocol: string | undefined, targetType: string): HealthCheckSettings {
  if (targetType === "lambda") {
    return { enabled: false, path: "/", matcher: "200", intervalSeconds: 35, timeoutSeconds: 30, healthyThreshold: 5, unhealthyThreshold: 2 };
  }
  if (protocol === "HTTP" || protocol === "HTTPS") {
    return { enabled: true, protocol, port: "traffic-port", path: "/", matcher: "200", intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2 };
  }
  return { enabled: true, protocol: "TCP", port: "traffic-port", intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 2 };
}

export function targetGroup(
  options: {
    name?: string;
    protocol?: string;
    port?: number;
    targetType?: string;
    /** The load balancers that use the group; none means unused. */
    loadBalancers?: ResourceRecord<LoadBalancerV2Attributes>[];
    healthCheck?: Partial<HealthCheckSettings>;
    /** Omit the attribute entirely with null (not collected). */
    crossZone?: string | null;
  } = {},
): ResourceRecord<TargetGroupAttributes> {
  const targetType = options.targetType ?? "instance";
  const protocol = targetType === "lambda" ? undefined : (options.protocol ?? "HTTP");
  const name = options.name ?? `tg-${counter + 1}`;
  const arn = `${ARN_PREFIX}:targetgroup/${name}/${nextSuffix()}`;
  const healthCheck = { ...defaultHealthCheck(protocol, targetType), ...options.healthCheck };
  // Target groups are created with load_balancing.cross_zone.enabled "use_load_balancer_configuration".
  const crossZone = options.crossZone === undefined ? "use_load_balancer_configuration" : options.crossZone;
  return record<TargetGroupAttributes>(
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    arn,
    {
      ...(protocol && { protocol, port: options.port ?? (protocol === "HTTPS" || protocol === "TLS" ? 443 : 80) }),
      targetType,
      ...(targetType !== "lambda" && { vpcId: "vpc-0a1b2c3d4e5f60001" }),
      loadBalancerArns: (options.loadBalancers ?? []).map((lb) => lb.arn!).sort(),
      healthCheck,
      ...(crossZone !== null && { crossZone }),
    },
    { arn, name },
  );
}

export function classicLb(
  options: {
    name?: string;
    zones?: string[];
    /** null: the health check was not collected. */
    healthCheck?: Partial<NonNullable<ClassicLoadBalancerAttributes["healthCheck"]>> | null;
    crossZoneEnabled?: boolean | null;
    listeners?: ClassicListener[];
    sslPolicies?: SslPolicyProtocols[];
  } = {},
): ResourceRecord<ClassicLoadBalancerAttributes> {
  const name = options.name ?? `classic-${nextSuffix().slice(-6)}`;
  // AWS's default classic health check: TCP:80, every 30 s, unhealthy after 2, healthy after 10.
  const healthCheck = options.healthCheck === null ? undefined : { target: "TCP:80", interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10, ...options.healthCheck };
  const crossZoneEnabled = options.crossZoneEnabled === undefined ? true : options.crossZoneEnabled;
  return record<ClassicLoadBalancerAttributes>(
    "AWS::ElasticLoadBalancing::LoadBalancer",
    name,
    {
      scheme: "internet-facing",
      vpcId: "vpc-0a1b2c3d4e5f60001",
      dnsName: `${name}-1234567890.${REGION}.elb.amazonaws.com`,
      availabilityZones: options.zones ?? ZONES.slice(0, 2),
      subnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
      securityGroups: ["sg-0a1b2c3d4e5f60001"],
      listeners: options.listeners ?? [classicListener("HTTP", 80)],
      ...(healthCheck && { healthCheck }),
      ...(crossZoneEnabled !== null && { crossZoneEnabled }),
      ...(options.sslPolicies && { sslPolicies: options.sslPolicies }),
    },
    { arn: `${ARN_PREFIX}:loadbalancer/${name}`, name, state: { instanceIds: ["i-0123456789abcdef0"] } },
  );
}

type ClassicListener = ClassicLoadBalancerAttributes["listeners"][number];

/** A classic listener forwarding HTTP to port 80 of the instances; an HTTPS or SSL one names its certificate and policies. */
export function classicListener(protocol: string, port: number, policyNames: string[] = []): ClassicListener {
  const tls = protocol === "HTTPS" || protocol === "SSL";
  return {
    protocol,
    loadBalancerPort: port,
    instanceProtocol: protocol === "SSL" || protocol === "TCP" ? "TCP" : "HTTP",
    instancePort: 80,
    ...(tls && { sslCertificateId: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012` }),
    policyNames: [...policyNames].sort(),
  };
}

/** DescribeListeners denied: the elbv2 collector marks load balancers in the region incomplete. */
export function listenersNotRead(region = REGION): CollectionError {
  return collectionError("elbv2", "elasticloadbalancing:DescribeListeners", ["AWS::ElasticLoadBalancingV2::LoadBalancer"], { region });
}
