import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers,
} from "@aws-sdk/client-elastic-load-balancing";
import type { HealthCheck, LoadBalancerDescription } from "@aws-sdk/client-elastic-load-balancing";
import type { ClassicLoadBalancerAttributes, ClassicLoadBalancerState } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext, ReadTargets } from "../collector.js";
import { defineCollector, targetIds } from "../collector.js";
import { elbSpec } from "../specs.js";
import { readSslPolicies } from "./classic-policies.js";
import { tagRecords } from "./tags.js";
import { required, unlessDeleted } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { compareText } from "../../types/order.js";
import { compact, partitionOf, sortedStrings } from "../normalize.js";
import { recordsToRead } from "../carried-reads.js";
import { listAllPages, perResourceReads } from "../partial-reads.js";

const TYPE = "AWS::ElasticLoadBalancing::LoadBalancer";

/** 400 is DescribeLoadBalancers' maximum PageSize; its paginator has no page-size key, so it goes in the input. */
const PAGE_SIZE = 400;

type ClassicLoadBalancerRecord = ResourceRecord<ClassicLoadBalancerAttributes>;
type ClassicContext = CollectorContext<ElasticLoadBalancingClient>;

/** Classic load balancers. */
export const elbCollector = defineCollector({
  ...elbSpec,
  createClient: (config) => new ElasticLoadBalancingClient(config),
  async collect(ctx) {
    const { client } = ctx;
    const loadBalancers = ctx.targets ? await describeTargets(ctx, ctx.targets) : await describeAll(ctx);

    const readEach = perResourceReads(ctx);
    // Asked for before any read fills the records (see carried-reads.ts).
    const attributes = recordsToRead(ctx.carryOver, "elb.loadBalancerAttributes", "DescribeLoadBalancerAttributes", ctx.reads("elb.loadBalancerAttributes") ? loadBalancers : [], [
      "crossZoneEnabled",
    ]);
    await Promise.all([
      attributes.then((items) =>
        readEach("DescribeLoadBalancerAttributes", [TYPE], items, async (lb) => {
          const { LoadBalancerAttributes } = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: lb.id }));
          const enabled = LoadBalancerAttributes?.CrossZoneLoadBalancing?.Enabled;
          if (enabled !== undefined) lb.attributes.crossZoneEnabled = enabled;
        }),
      ),
      tagRecords(readEach, new Map(loadBalancers.map((lb) => [lb.id, lb])), async (names) => {
        const { TagDescriptions } = await client.send(new DescribeTagsCommand({ LoadBalancerNames: names }));
        return (TagDescriptions ?? []).map((d) => ({ key: d.LoadBalancerName, tags: d.Tags }));
      }),
    ]);
    // After the reads above rather than beside them, so that all per-resource reads stay within one concurrency limit.
    if (ctx.reads("elb.loadBalancerPolicies")) await readSslPolicies(ctx, loadBalancers);
    return loadBalancers as unknown as ResourceRecord[];
  },
});

function describeAll(ctx: ClassicContext): Promise<ClassicLoadBalancerRecord[]> {
  const { client, accountId, region } = ctx;
  return listAllPages(ctx, "DescribeLoadBalancers", [TYPE], paginateDescribeLoadBalancers({ client }, { PageSize: PAGE_SIZE }), (page) =>
    recordsOf(ctx, "DescribeLoadBalancers", TYPE, required(page.LoadBalancerDescriptions, "LoadBalancerDescriptions"), (lb, fields) => toRecord(lb, accountId, region, fields)),
  );
}

/**
 * The targeted load balancers, each asked for by name in a request of its own:
 * one name that no longer exists (LoadBalancerNotFound) fails the whole request.
 * That answer says it was deleted: no record.
 */
async function describeTargets(ctx: ClassicContext, targets: ReadTargets): Promise<ClassicLoadBalancerRecord[]> {
  const { client, accountId, region } = ctx;
  const loadBalancers: ClassicLoadBalancerRecord[] = [];
  await perResourceReads(ctx)("DescribeLoadBalancers", [TYPE], targetIds(targets, TYPE), async (name) => {
    const page = await unlessDeleted(() => client.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] })), LOAD_BALANCER_NOT_FOUND);
    if (!page) return;
    const listed = recordsOf(ctx, "DescribeLoadBalancers", TYPE, required(page.LoadBalancerDescriptions, "LoadBalancerDescriptions"), (lb, fields) => toRecord(lb, accountId, region, fields));
    loadBalancers.push(...listed.filter((lb) => lb.id === name));
  });
  return loadBalancers;
}

/** Classic ELB's wire code, and the SDK's name for it. */
const LOAD_BALANCER_NOT_FOUND = ["LoadBalancerNotFound", "AccessPointNotFoundException"];

export function toRecord(lb: LoadBalancerDescription, accountId: string, region: string, fields = new ItemFields()): ClassicLoadBalancerRecord {
  const name = required(lb.LoadBalancerName, "LoadBalancerName");
  const attributes: ClassicLoadBalancerAttributes = compact({
    scheme: lb.Scheme,
    vpcId: lb.VPCId,
    dnsName: lb.DNSName,
    availabilityZones: sortedStrings(lb.AvailabilityZones),
    subnets: sortedStrings(lb.Subnets),
    securityGroups: sortedStrings(lb.SecurityGroups),
    listeners: fields.read("listeners", () => toListeners(lb)),
    healthCheck: fields.read("healthCheck", () => toHealthCheck(lb.HealthCheck)),
  }) as ClassicLoadBalancerAttributes;
  const state: ClassicLoadBalancerState = { instanceIds: sortedStrings(lb.Instances?.map((i) => i.InstanceId)) };
  return {
    type: TYPE,
    id: name,
    // DescribeLoadBalancers returns no ARN for classic load balancers; this is the documented format.
    arn: `arn:${partitionOf(region)}:elasticloadbalancing:${region}:${accountId}:loadbalancer/${name}`,
    accountId,
    region,
    name,
    tags: {},
    attributes,
    state: state as unknown as Record<string, unknown>,
  };
}

function toListeners(lb: LoadBalancerDescription): ClassicLoadBalancerAttributes["listeners"] {
  return (lb.ListenerDescriptions ?? [])
    .map(({ Listener, PolicyNames }) => ({ l: required(Listener, "ListenerDescriptions.Listener"), PolicyNames }))
    .map(({ l, PolicyNames }) =>
      compact({
        protocol: required(l.Protocol, "Listener.Protocol"),
        loadBalancerPort: required(l.LoadBalancerPort, "Listener.LoadBalancerPort"),
        instanceProtocol: l.InstanceProtocol,
        instancePort: l.InstancePort,
        sslCertificateId: l.SSLCertificateId,
        // The SSL negotiation policy of an HTTPS/SSL listener is among these (with any stickiness policy).
        policyNames: sortedStrings(PolicyNames),
      }),
    )
    .sort((a, b) => a.loadBalancerPort - b.loadBalancerPort || compareText(a.protocol, b.protocol));
}

/** No health check is configured when there is none or its Target is empty (as some emulators answer); otherwise every field is required. */
function toHealthCheck(check: HealthCheck | undefined): ClassicLoadBalancerAttributes["healthCheck"] {
  if (!check?.Target) return undefined;
  return {
    target: required(check.Target, "HealthCheck.Target"),
    interval: required(check.Interval, "HealthCheck.Interval"),
    timeout: required(check.Timeout, "HealthCheck.Timeout"),
    unhealthyThreshold: required(check.UnhealthyThreshold, "HealthCheck.UnhealthyThreshold"),
    healthyThreshold: required(check.HealthyThreshold, "HealthCheck.HealthyThreshold"),
  };
}
