import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Action, Listener as SdkListener, LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Listener, ListenerAction, LoadBalancerV2Attributes, TargetGroupAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext, ReadTargets } from "../collector.js";
import { defineCollector, isTarget, targetIds } from "../collector.js";
import { elbv2Spec } from "../specs.js";
import { readSslPolicies } from "./ssl-policies.js";
import { tagRecords } from "./tags.js";
import { required, unlessDeleted } from "../errors.js";
import { fillAttributes, ItemFields, recordsOf } from "../listed-items.js";
import { compact, sortedStrings } from "../normalize.js";
import { recordsToRead } from "../carried-reads.js";
import { listAllPages, perResourceReads } from "../partial-reads.js";
import { compareText } from "../../types/order.js";

const LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";

/**
 * 400 is the maximum PageSize of DescribeLoadBalancers, DescribeTargetGroups
 * and DescribeListeners. Their paginators have no page-size key, so it goes in
 * the input.
 */
const PAGE_SIZE = 400;

type WithArn<A> = ResourceRecord<A> & { arn: string };
type LoadBalancerRecord = WithArn<LoadBalancerV2Attributes>;
type TargetGroupRecord = WithArn<TargetGroupAttributes>;
type Elbv2Context = CollectorContext<ElasticLoadBalancingV2Client>;

interface Described {
  loadBalancers: LoadBalancerRecord[];
  targetGroups: TargetGroupRecord[];
}

/** Application, network and gateway load balancers, their listeners, and target groups. */
export const elbv2Collector = defineCollector({
  ...elbv2Spec,
  createClient: (config) => new ElasticLoadBalancingV2Client(config),
  async collect(ctx) {
    const { loadBalancers, targetGroups } = ctx.targets ? await describeTargets(ctx, ctx.targets) : await describeAll(ctx);
    await readDetails(ctx, loadBalancers, targetGroups);
    return [...loadBalancers, ...targetGroups] as unknown as ResourceRecord[];
  },
});

async function describeAll(ctx: Elbv2Context): Promise<Described> {
  const { client, accountId, region } = ctx;
  const [loadBalancers, targetGroups] = await Promise.all([
    listAllPages(ctx, "DescribeLoadBalancers", [LOAD_BALANCER], paginateDescribeLoadBalancers({ client }, { PageSize: PAGE_SIZE }), (page) =>
      recordsOf(ctx, "DescribeLoadBalancers", LOAD_BALANCER, required(page.LoadBalancers, "LoadBalancers"), (lb, fields) => toLoadBalancerRecord(lb, accountId, region, fields)),
    ),
    listAllPages(ctx, "DescribeTargetGroups", [TARGET_GROUP], paginateDescribeTargetGroups({ client }, { PageSize: PAGE_SIZE }), (page) =>
      recordsOf(ctx, "DescribeTargetGroups", TARGET_GROUP, required(page.TargetGroups, "TargetGroups"), (group, fields) => toTargetGroupRecord(group, accountId, region, fields)),
    ),
  ]);
  return { loadBalancers, targetGroups };
}

/**
 * The targeted load balancers and target groups, each asked for by its ARN or
 * its name in a request of its own (see targets.ts); LoadBalancerNotFound and
 * TargetGroupNotFound say it was deleted: no record.
 */
async function describeTargets(ctx: Elbv2Context, targets: ReadTargets): Promise<Described> {
  const { client, accountId, region } = ctx;
  const readEach = perResourceReads(ctx);
  const loadBalancers: LoadBalancerRecord[] = [];
  const targetGroups: TargetGroupRecord[] = [];
  await Promise.all([
    readEach("DescribeLoadBalancers", [LOAD_BALANCER], targetIds(targets, LOAD_BALANCER, asGiven), async (value) => {
      const input = value.startsWith("arn:") ? { LoadBalancerArns: [value] } : { Names: [value] };
      const page = await unlessDeleted(() => client.send(new DescribeLoadBalancersCommand(input)), LOAD_BALANCER_NOT_FOUND);
      if (!page) return;
      const listed = recordsOf(ctx, "DescribeLoadBalancers", LOAD_BALANCER, required(page.LoadBalancers, "LoadBalancers"), (lb, fields) => toLoadBalancerRecord(lb, accountId, region, fields));
      loadBalancers.push(...listed.filter((lb) => isTarget(targets, lb)));
    }),
    readEach("DescribeTargetGroups", [TARGET_GROUP], targetIds(targets, TARGET_GROUP, asGiven), async (value) => {
      const input = value.startsWith("arn:") ? { TargetGroupArns: [value] } : { Names: [value] };
      const page = await unlessDeleted(() => client.send(new DescribeTargetGroupsCommand(input)), TARGET_GROUP_NOT_FOUND);
      if (!page) return;
      const listed = recordsOf(ctx, "DescribeTargetGroups", TARGET_GROUP, required(page.TargetGroups, "TargetGroups"), (group, fields) => toTargetGroupRecord(group, accountId, region, fields));
      targetGroups.push(...listed.filter((group) => isTarget(targets, group)));
    }),
  ]);
  return { loadBalancers: onePerArn(loadBalancers), targetGroups: onePerArn(targetGroups) };
}

const LOAD_BALANCER_NOT_FOUND = ["LoadBalancerNotFound", "LoadBalancerNotFoundException"];
const TARGET_GROUP_NOT_FOUND = ["TargetGroupNotFound", "TargetGroupNotFoundException"];

/** A resource named by both its name and its ARN is read by each: one record of it is kept. */
function onePerArn<R extends { arn: string }>(records: R[]): R[] {
  return [...new Map(records.map((r) => [r.arn, r])).values()];
}

/** Listeners, attributes, tags and security policies: the same reads for a full read and a targeted one. */
async function readDetails(ctx: Elbv2Context, loadBalancers: LoadBalancerRecord[], targetGroups: TargetGroupRecord[]): Promise<void> {
  const { client } = ctx;
  const readEach = perResourceReads(ctx);
  // Asked for before any read fills the records (see carried-reads.ts).
  const loadBalancerAttributes = recordsToRead(
    ctx.carryOver,
    "elbv2.loadBalancerAttributes",
    "DescribeLoadBalancerAttributes",
    ctx.reads("elbv2.loadBalancerAttributes") ? loadBalancers.filter(hasCrossZoneSetting) : [],
    ["crossZoneEnabled", "deletionProtection"],
  );
  // An ALB's target groups follow the ALB, which always balances across zones: nothing to read there.
  const targetGroupAttributes = recordsToRead(
    ctx.carryOver,
    "elbv2.targetGroupAttributes",
    "DescribeTargetGroupAttributes",
    ctx.reads("elbv2.targetGroupAttributes") ? targetGroups.filter((g) => !isAlbTargetGroup(g)) : [],
    ["crossZone"],
  );
  await Promise.all([
    // DescribeListeners needs a LoadBalancerArn: listing every listener of the region is not possible.
    readEach("DescribeListeners", [LOAD_BALANCER], loadBalancers, async (lb) => {
      const listeners = await listenersOf(ctx, lb.arn);
      // A listener missing a field costs its load balancer's listeners attribute, not the read.
      fillAttributes(ctx, "DescribeListeners", lb, (fields) => ({ listeners: fields.read("listeners", () => toListeners(listeners)) }));
    }),
    // Only network and gateway load balancers have a cross-zone setting to read; ALBs always balance across zones.
    loadBalancerAttributes.then((items) =>
      readEach("DescribeLoadBalancerAttributes", [LOAD_BALANCER], items, async (lb) => {
        const { Attributes } = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.arn }));
        setLoadBalancerAttributes(lb.attributes, keyValues(Attributes));
      }),
    ),
    targetGroupAttributes.then((items) =>
      readEach("DescribeTargetGroupAttributes", [TARGET_GROUP], items, async (group) => {
        const { Attributes } = await client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.arn }));
        const crossZone = keyValues(Attributes).get("load_balancing.cross_zone.enabled");
        if (crossZone !== undefined) group.attributes.crossZone = crossZone;
      }),
    ),
    tagRecords(readEach, new Map([...loadBalancers, ...targetGroups].map((r) => [r.arn, r])), async (arns) => {
      const { TagDescriptions } = await client.send(new DescribeTagsCommand({ ResourceArns: arns }));
      return (TagDescriptions ?? []).map((d) => ({ key: d.ResourceArn, tags: d.Tags }));
    }),
  ]);
  // After the listeners, which name the policies: a region without an HTTPS or TLS listener costs no call.
  if (ctx.reads("elbv2.sslPolicies")) await readSslPolicies(ctx, loadBalancers);
}

/** The name and the ARN (which every later read of it needs) are its identity: without either it is skipped. */
export function toLoadBalancerRecord(lb: LoadBalancer, accountId: string, region: string, fields = new ItemFields()): LoadBalancerRecord {
  const name = required(lb.LoadBalancerName, "LoadBalancerName");
  const arn = required(lb.LoadBalancerArn, "LoadBalancerArn");
  const attributes = compact({
    loadBalancerType: fields.read("loadBalancerType", () => required(lb.Type, "Type")),
    scheme: lb.Scheme,
    vpcId: lb.VpcId,
    dnsName: lb.DNSName,
    ipAddressType: lb.IpAddressType,
    availabilityZones: fields.read("availabilityZones", () =>
      (lb.AvailabilityZones ?? [])
        .map((z) => compact({ zoneName: required(z.ZoneName, "AvailabilityZones.ZoneName"), subnetId: z.SubnetId }))
        .sort((a, b) => compareText(a.zoneName, b.zoneName)),
    ),
    securityGroups: sortedStrings(lb.SecurityGroups),
    listeners: [],
  }) as LoadBalancerV2Attributes;
  return { type: LOAD_BALANCER, id: name, arn, accountId, region, name, tags: {}, attributes };
}

export function toTargetGroupRecord(group: TargetGroup, accountId: string, region: string, fields = new ItemFields()): TargetGroupRecord {
  const name = required(group.TargetGroupName, "TargetGroupName");
  const arn = required(group.TargetGroupArn, "TargetGroupArn");
  const attributes = compact({
    protocol: group.Protocol,
    port: group.Port,
    targetType: group.TargetType,
    vpcId: group.VpcId,
    loadBalancerArns: sortedStrings(group.LoadBalancerArns),
    healthCheck: fields.read("healthCheck", () => healthCheckOf(group)),
  }) as TargetGroupAttributes;
  return { type: TARGET_GROUP, id: name, arn, accountId, region, name, tags: {}, attributes };
}

function healthCheckOf(group: TargetGroup): TargetGroupAttributes["healthCheck"] {
  return compact({
    enabled: required(group.HealthCheckEnabled, "HealthCheckEnabled"),
    protocol: group.HealthCheckProtocol,
    port: group.HealthCheckPort,
    path: group.HealthCheckPath,
    // HttpCode for HTTP/HTTPS checks, GrpcCode for gRPC ones; AWS sets only one.
    matcher: group.Matcher?.HttpCode ?? group.Matcher?.GrpcCode,
    intervalSeconds: group.HealthCheckIntervalSeconds,
    timeoutSeconds: group.HealthCheckTimeoutSeconds,
    healthyThreshold: group.HealthyThresholdCount,
    unhealthyThreshold: group.UnhealthyThresholdCount,
  });
}

/** Every listener of the load balancer as DescribeListeners returns it; a page without its list fails the read. */
async function listenersOf(ctx: CollectorContext<ElasticLoadBalancingV2Client>, loadBalancerArn: string): Promise<SdkListener[]> {
  const listeners: SdkListener[] = [];
  for await (const page of paginateDescribeListeners({ client: ctx.client }, { LoadBalancerArn: loadBalancerArn, PageSize: PAGE_SIZE })) {
    listeners.push(...required(page.Listeners, "Listeners"));
  }
  return listeners;
}

function toListeners(listeners: SdkListener[]): Listener[] {
  return listeners.map(toListener).sort((a, b) => (a.port ?? 0) - (b.port ?? 0) || compareText(a.arn, b.arn));
}

export function toListener(listener: SdkListener): Listener {
  return compact({
    arn: required(listener.ListenerArn, "ListenerArn"),
    port: listener.Port,
    protocol: listener.Protocol,
    sslPolicy: listener.SslPolicy,
    certificateArns: sortedStrings(listener.Certificates?.map((c) => c.CertificateArn)),
    // Actions run in Order (authenticate before forward), so that order is kept.
    defaultActions: [...(listener.DefaultActions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0)).map(toAction),
  });
}

function toAction(action: Action): ListenerAction {
  const redirect = action.RedirectConfig;
  return compact({
    type: required(action.Type, "DefaultActions.Type"),
    targetGroupArn: action.TargetGroupArn,
    redirect: redirect
      ? compact({ protocol: redirect.Protocol, port: redirect.Port, host: redirect.Host, path: redirect.Path, statusCode: redirect.StatusCode })
      : undefined,
    forwardTargetGroupArns: action.ForwardConfig ? sortedStrings(action.ForwardConfig.TargetGroups?.map((t) => t.TargetGroupArn)) : undefined,
  });
}

function setLoadBalancerAttributes(attributes: LoadBalancerV2Attributes, values: Map<string, string>): void {
  // Application load balancers always balance across zones (AWS documents their attribute as true
  // and unchangeable), so crossZoneEnabled is only set for network and gateway load balancers.
  if (attributes.loadBalancerType === "network" || attributes.loadBalancerType === "gateway") {
    const crossZone = values.get("load_balancing.cross_zone.enabled");
    if (crossZone !== undefined) attributes.crossZoneEnabled = crossZone === "true";
  }
  const deletionProtection = values.get("deletion_protection.enabled");
  if (deletionProtection !== undefined) attributes.deletionProtection = deletionProtection === "true";
}

function keyValues(attributes: { Key?: string; Value?: string }[] | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const { Key, Value } of attributes ?? []) if (Key !== undefined && Value !== undefined) values.set(Key, Value);
  return values;
}

function hasCrossZoneSetting(lb: LoadBalancerRecord): boolean {
  return lb.attributes.loadBalancerType !== "application";
}

/** HTTP(S) and Lambda target groups can only be used by Application Load Balancers. */
function isAlbTargetGroup(group: TargetGroupRecord): boolean {
  return group.attributes.targetType === "lambda" || group.attributes.protocol === "HTTP" || group.attributes.protocol === "HTTPS";
}

/** Load balancers and target groups are asked for by ARN (or name) as the targets give them. */
function asGiven(arn: string): string {
  return arn;
}
