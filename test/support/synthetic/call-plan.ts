/**
 * The fewest calls that read a synthetic account with the collectors' API
 * calls, and the longest run of them that must happen one after another:
 * every list paged at its API's maximum page size, every per-resource read
 * started as soon as the page naming its resource arrived. At a fixed
 * latency, no collection can be faster than the longest such chain; under a
 * token bucket, none can be faster than its busiest bucket allows.
 */
import { GLOBAL_REGION } from "../../../src/collect/run.js";
import type { RegionData, SyntheticAccount } from "./account.js";
import { BATCH_LIMITS, PAGE_LIMITS } from "./api-limits.js";
import type { ThrottlingModel } from "./fake-endpoint.js";
import { UNTHROTTLED_SERVICES } from "./fake-endpoint.js";
import type { PolicyDescription } from "@aws-sdk/client-elastic-load-balancing";

export interface PlannedOperation {
  service: string;
  operation: string;
  calls: number;
  /** Pages of a list, or reads of one resource (or one batch) each. */
  kind: "list" | "per-resource";
}

export interface CollectorPlan {
  /** The collector's service name: ec2, rds, autoscaling, elbv2, elb, cloudfront, route53. */
  collector: string;
  region: string;
  operations: PlannedOperation[];
  /** Calls that must happen one after another. */
  chain: number;
}

function pages(items: number, service: string, operation: string): number {
  return Math.max(1, Math.ceil(items / PAGE_LIMITS[service][operation].max));
}

function batches(items: number, service: string, operation: string): number {
  return Math.ceil(items / BATCH_LIMITS[service][operation].max);
}

const list = (service: string, operation: string, items: number): PlannedOperation => ({ service, operation, calls: pages(items, service, operation), kind: "list" });
const each = (service: string, operation: string, calls: number): PlannedOperation => ({ service, operation, calls, kind: "per-resource" });
/** One more call in the chain when there is anything to read per resource. */
const then = (count: number) => (count > 0 ? 1 : 0);

const REGIONAL: Record<string, (data: RegionData) => Omit<CollectorPlan, "collector" | "region">> = {
  ec2(data) {
    const instances = data.reservations.reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
    const lists = [
      list("EC2", "DescribeSecurityGroups", data.securityGroups.length),
      list("EC2", "DescribeNetworkInterfaces", data.networkInterfaces.length),
      list("EC2", "DescribeInstances", instances),
      list("EC2", "DescribeVolumes", data.volumes.length),
      list("EC2", "DescribeVpcs", data.vpcs.length),
      list("EC2", "DescribeSubnets", data.subnets.length),
      list("EC2", "DescribeRouteTables", data.routeTables.length),
      list("EC2", "DescribeFlowLogs", data.flowLogs.length),
      { service: "EC2", operation: "DescribeAddresses", calls: 1, kind: "list" as const },
    ];
    // Termination protection is read for the running and stopped instances outside Auto Scaling groups.
    const protectedCandidates = data.terminationProtection.size;
    const templates = list("EC2", "DescribeLaunchTemplates", data.launchTemplates.length);
    const versions = launchTemplateVersionReads(data);
    return {
      operations: [...lists, templates, each("EC2", "DescribeInstanceAttribute", protectedCandidates), each("EC2", "DescribeLaunchTemplateVersions", versions.calls)],
      chain: Math.max(...lists.map((o) => o.calls), lists[2].calls + then(protectedCandidates), templates.calls + versions.chain),
    };
  },
  rds(data) {
    const lists = [list("RDS", "DescribeDBInstances", data.dbInstances.length), list("RDS", "DescribeDBClusters", data.dbClusters.length)];
    // Each parameter group once, asked for its TLS parameters by name (one page); a cluster member's TLS is its cluster's.
    const instanceGroups = distinct(data.dbInstances.filter((db) => !db.DBClusterIdentifier).flatMap((db) => (db.DBParameterGroups ?? []).map((g) => g.DBParameterGroupName!)));
    const clusterGroups = distinct(data.dbClusters.flatMap((c) => (c.DBClusterParameterGroup ? [c.DBClusterParameterGroup] : [])));
    return {
      operations: [...lists, each("RDS", "DescribeDBParameters", instanceGroups), each("RDS", "DescribeDBClusterParameters", clusterGroups)],
      chain: Math.max(lists[0].calls + then(instanceGroups), lists[1].calls + then(clusterGroups)),
    };
  },
  autoscaling(data) {
    const operations = [list("AutoScaling", "DescribeAutoScalingGroups", data.autoScalingGroups.length)];
    return { operations, chain: operations[0].calls };
  },
  elbv2(data) {
    const service = "ElasticLoadBalancingV2";
    const lbs = data.loadBalancers.length;
    const tgs = data.targetGroups.length;
    // Cross-zone settings are read only where they exist: network and gateway LBs and their target groups.
    const nonAlbs = data.loadBalancers.filter((lb) => lb.Type !== "application").length;
    const nonAlbGroups = data.targetGroups.filter((g) => g.TargetType !== "lambda" && g.Protocol !== "HTTP" && g.Protocol !== "HTTPS").length;
    const listenerPages = [...data.listeners.values()].map((l) => pages(l.length, service, "DescribeListeners"));
    const lbPages = pages(lbs, service, "DescribeLoadBalancers");
    const tgPages = pages(tgs, service, "DescribeTargetGroups");
    // The security policies are listed once, after the listeners, in a region with an HTTPS or TLS listener.
    const tlsListeners = [...data.listeners.values()].some((ls) => ls.some((l) => l.Protocol === "HTTPS" || l.Protocol === "TLS"));
    const policyPages = tlsListeners ? pages(data.sslPolicies.length, service, "DescribeSSLPolicies") : 0;
    return {
      operations: [
        list(service, "DescribeLoadBalancers", lbs),
        list(service, "DescribeTargetGroups", tgs),
        each(service, "DescribeListeners", listenerPages.reduce((a, b) => a + b, 0)),
        each(service, "DescribeLoadBalancerAttributes", nonAlbs),
        each(service, "DescribeTargetGroupAttributes", nonAlbGroups),
        each(service, "DescribeTags", batches(lbs + tgs, service, "DescribeTags")),
        each(service, "DescribeSSLPolicies", policyPages),
      ],
      chain: Math.max(lbPages + Math.max(0, ...listenerPages) + policyPages, tgPages + then(nonAlbGroups)),
    };
  },
  elb(data) {
    const service = "ElasticLoadBalancing";
    const clbs = data.classicLoadBalancers.length;
    // A load balancer's policies are read when it has an HTTPS or SSL listener; the predefined policies
    // that some of them only reference, in one more call for the region.
    const secure = data.classicLoadBalancers.filter((lb) => (lb.ListenerDescriptions ?? []).some((l) => isSecure(l.Listener?.Protocol)));
    const referencing = secure.some((lb) => (data.classicPolicies.get(lb.LoadBalancerName!) ?? []).some(onlyReferences));
    const operations = [
      list(service, "DescribeLoadBalancers", clbs),
      each(service, "DescribeLoadBalancerAttributes", clbs),
      each(service, "DescribeTags", batches(clbs, service, "DescribeTags")),
      each(service, "DescribeLoadBalancerPolicies", secure.length + (referencing ? 1 : 0)),
    ];
    return { operations, chain: operations[0].calls + Math.max(then(clbs), then(secure.length) + (referencing ? 1 : 0)) };
  },
  dynamodb(data) {
    const tables = data.tables.length;
    const live = data.tables.filter((t) => t.TableStatus !== "DELETING").length;
    const operations = [list("DynamoDB", "ListTables", tables), each("DynamoDB", "DescribeTable", tables), each("DynamoDB", "DescribeContinuousBackups", live)];
    return { operations, chain: operations[0].calls + then(tables) + then(live) };
  },
};

/**
 * DescribeLaunchTemplateVersions: $Default and $Latest of every template in
 * one region-wide listing (one version when they are the same), then every
 * version of each template that has others besides them.
 */
function launchTemplateVersionReads(data: RegionData): { calls: number; chain: number } {
  if (data.launchTemplates.length === 0) return { calls: 0, chain: 0 };
  const heads = data.launchTemplates.reduce((n, t) => n + (t.DefaultVersionNumber === t.LatestVersionNumber ? 1 : 2), 0);
  const headPages = pages(heads, "EC2", "DescribeLaunchTemplateVersions");
  const others = data.launchTemplates
    .filter((t) => t.LatestVersionNumber! > (t.DefaultVersionNumber === t.LatestVersionNumber ? 1 : 2))
    .map((t) => pages(data.launchTemplateVersions.get(t.LaunchTemplateId!)?.length ?? 0, "EC2", "DescribeLaunchTemplateVersions"));
  return { calls: headPages + others.reduce((a, b) => a + b, 0), chain: headPages + Math.max(0, ...others) };
}

const isSecure = (protocol: string | undefined) => protocol?.toUpperCase() === "HTTPS" || protocol?.toUpperCase() === "SSL";

/** A policy made from a predefined one that carries only its name, not its Protocol-* settings. */
const onlyReferences = (policy: PolicyDescription) =>
  policy.PolicyTypeName === "SSLNegotiationPolicyType" &&
  !(policy.PolicyAttributeDescriptions ?? []).some((a) => a.AttributeName?.startsWith("Protocol-")) &&
  (policy.PolicyAttributeDescriptions ?? []).some((a) => a.AttributeName === "Reference-Security-Policy");

function distinct(names: string[]): number {
  return new Set(names).size;
}

const GLOBAL: Record<string, (account: SyntheticAccount) => Omit<CollectorPlan, "collector" | "region">> = {
  cloudfront({ global }) {
    const count = global.distributions.length;
    // The origin access identities' canonical ids are listed when some S3 origin uses an OAI.
    const identities = distinct(global.distributions.flatMap((d) => (d.Origins?.Items ?? []).flatMap((o) => (o.S3OriginConfig?.OriginAccessIdentity ? [o.S3OriginConfig.OriginAccessIdentity] : []))));
    const operations = [
      list("CloudFront", "ListDistributions", count),
      each("CloudFront", "GetDistributionConfig", count),
      each("CloudFront", "ListTagsForResource", count),
      ...(identities > 0 ? [list("CloudFront", "ListCloudFrontOriginAccessIdentities", identities)] : []),
    ];
    return { operations, chain: operations[0].calls + then(count) + (identities > 0 ? pages(identities, "CloudFront", "ListCloudFrontOriginAccessIdentities") : 0) };
  },
  iam() {
    return { operations: [{ service: "IAM", operation: "GetAccountSummary", calls: 1, kind: "list" }], chain: 1 };
  },
  route53(account) {
    const { global } = account;
    const zones = global.hostedZones.length;
    const checks = global.healthChecks.length;
    const recordPages = [...global.recordSets.values()].map((sets) => pages(sets.length, "Route53", "ListResourceRecordSets"));
    const alarms = (account.regions.find((d) => d.region === GLOBAL_REGION)?.alarms.length ?? 0) + global.healthCheckAlarms.length;
    const zonePages = pages(zones, "Route53", "ListHostedZones");
    const checkPages = pages(checks, "Route53", "ListHealthChecks");
    // The collector reads alarms only when there are health checks to match them to.
    const alarmPages = checks > 0 ? pages(alarms, "CloudWatch", "DescribeAlarms") : 0;
    return {
      operations: [
        list("Route53", "ListHostedZones", zones),
        list("Route53", "ListHealthChecks", checks),
        each("Route53", "ListResourceRecordSets", recordPages.reduce((a, b) => a + b, 0)),
        each("Route53", "ListTagsForResources", batches(zones, "Route53", "ListTagsForResources") + batches(checks, "Route53", "ListTagsForResources")),
        ...(alarmPages > 0 ? [{ service: "CloudWatch", operation: "DescribeAlarms", calls: alarmPages, kind: "list" as const }] : []),
      ],
      chain: Math.max(zonePages + Math.max(0, ...recordPages), checkPages + Math.max(then(checks), alarmPages)),
    };
  },
};

/**
 * Account-wide lists, read once in us-east-1, whose resources' own reads go
 * to each resource's region (S3 buckets, CloudTrail trails): one plan for the
 * list, one per region read.
 */
const ACCOUNT_WIDE: Record<string, (account: SyntheticAccount) => CollectorPlan[]> = {
  cloudtrail: cloudtrailPlans,
  s3({ global, regions }) {
    const { buckets } = global.storage;
    const listPages = pages(buckets.length, "S3", "ListBuckets");
    const list: CollectorPlan = {
      collector: "s3",
      region: GLOBAL_REGION,
      operations: [
        { service: "S3", operation: "ListBuckets", calls: listPages, kind: "list" },
        { service: "S3Control", operation: "GetPublicAccessBlock", calls: 1, kind: "list" },
      ],
      chain: listPages,
    };
    const perRegion = regions.map(({ region }): CollectorPlan => {
      const count = buckets.filter((b) => b.BucketRegion === region).length;
      return { collector: "s3", region, operations: BUCKET_READS.map((operation) => each("S3", operation, count)), chain: listPages + then(count) };
    });
    return [list, ...perRegion.filter((plan) => plan.operations.some((o) => o.calls > 0))];
  },
};

/** Trails are listed once; each trail's settings, status and selectors are read in its home region. */
function cloudtrailPlans({ global }: SyntheticAccount): CollectorPlan[] {
  const trails = global.audit.trails;
  const listPages = pages(trails.length, "CloudTrail", "ListTrails");
  const homes = [...new Set(trails.map((t) => t.HomeRegion!))].sort();
  return [
    { collector: "cloudtrail", region: GLOBAL_REGION, operations: [list("CloudTrail", "ListTrails", trails.length)], chain: listPages },
    ...homes.map((region): CollectorPlan => {
      const count = trails.filter((t) => t.HomeRegion === region).length;
      return {
        collector: "cloudtrail",
        region,
        operations: [each("CloudTrail", "DescribeTrails", 1), each("CloudTrail", "GetTrailStatus", count), each("CloudTrail", "GetEventSelectors", count)],
        chain: listPages + 2,
      };
    }),
  ];
}

/** Each bucket's settings the S3 rules judge, one request each. */
const BUCKET_READS = ["GetPublicAccessBlock", "GetBucketPolicy", "GetBucketPolicyStatus", "GetBucketAcl", "GetBucketVersioning"];

/** The plan of each collector run (a collector in a region), for the collectors named. */
export function callPlan(account: SyntheticAccount, collectors: string[]): CollectorPlan[] {
  const plans: CollectorPlan[] = [];
  for (const collector of collectors) {
    if (REGIONAL[collector]) for (const data of account.regions) plans.push({ collector, region: data.region, ...REGIONAL[collector](data) });
    else if (GLOBAL[collector]) plans.push({ collector, region: GLOBAL_REGION, ...GLOBAL[collector](account) });
    else if (ACCOUNT_WIDE[collector]) plans.push(...ACCOUNT_WIDE[collector](account));
    else throw new Error(`no call plan for collector ${collector}: add one to test/support/synthetic/call-plan.ts`);
  }
  return plans;
}

export interface TimeBounds {
  /** The longest chain of sequential calls, at the latency. */
  latencyBoundMs: number;
  /** The (collector, region) holding that chain. */
  longestChain: { collector: string; region: string; calls: number };
  /** The busiest token bucket: its calls beyond the burst arrive no faster than the refill rate, and the last one takes the latency. */
  rateBoundMs: number;
  busiestBucket: { service: string; region: string; calls: number };
  /** Neither bound can be beaten. */
  lowerBoundMs: number;
}

export function timeBounds(plans: CollectorPlan[], latencyMs: number, throttling: ThrottlingModel | false): TimeBounds {
  const longest = plans.reduce((a, b) => (b.chain > a.chain ? b : a));
  const buckets = new Map<string, number>();
  for (const plan of plans) {
    for (const op of plan.operations) if (!UNTHROTTLED_SERVICES.includes(op.service)) buckets.set(`${op.service}/${plan.region}`, (buckets.get(`${op.service}/${plan.region}`) ?? 0) + op.calls);
  }
  const [busiestKey, busiestCalls] = [...buckets].reduce((a, b) => (b[1] > a[1] ? b : a));
  const [service, region] = busiestKey.split("/");
  const rateBoundMs = throttling && busiestCalls > throttling.capacity ? ((busiestCalls - throttling.capacity) / throttling.refillPerSecond) * 1000 + latencyMs : 0;
  const latencyBoundMs = longest.chain * latencyMs;
  return {
    latencyBoundMs,
    longestChain: { collector: longest.collector, region: longest.region, calls: longest.chain },
    rateBoundMs,
    busiestBucket: { service, region, calls: busiestCalls },
    lowerBoundMs: Math.max(latencyBoundMs, rateBoundMs),
  };
}
