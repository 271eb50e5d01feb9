import { AutoScalingClient, paginateDescribeAutoScalingGroups } from "@aws-sdk/client-auto-scaling";
import type { AutoScalingGroup, LaunchTemplateSpecification as SdkLaunchTemplateSpecification } from "@aws-sdk/client-auto-scaling";
import type { AutoScalingGroupAttributes, AutoScalingGroupState, LaunchTemplateSpecification } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import { defineCollector, targetIds } from "./collector.js";
import type { CollectorContext, ReadTargets } from "./collector.js";
import { autoscalingSpec } from "./specs.js";
import { required } from "./errors.js";
import { ItemFields, recordsOf } from "./listed-items.js";
import { compact, sortedByJson, sortedStrings, tagsOf } from "./normalize.js";
import { batchesOf, listAllPages } from "./partial-reads.js";
import { compareText } from "../types/order.js";

const TYPE = "AWS::AutoScaling::AutoScalingGroup";

export const autoscalingCollector = defineCollector({
  ...autoscalingSpec,
  createClient: (config) => new AutoScalingClient(config),
  async collect(ctx) {
    if (ctx.targets) return readTargets(ctx, ctx.targets);
    return listGroups(ctx, {});
  },
});

/** MaxRecords 100 is the API maximum. */
const PAGE_SIZE = 100;

/**
 * AutoScalingGroupNames takes 50 names, or as many as a larger MaxRecords:
 * 100 here. A name of no group is left out of the answer rather than failing
 * it, so a deleted group simply gives no record.
 */
const NAMES_PER_REQUEST = PAGE_SIZE;

function listGroups(ctx: CollectorContext<AutoScalingClient>, input: { AutoScalingGroupNames?: string[] }): Promise<ResourceRecord[]> {
  return listAllPages(ctx, "DescribeAutoScalingGroups", [TYPE], paginateDescribeAutoScalingGroups({ client: ctx.client, pageSize: PAGE_SIZE }, input), (page) =>
    recordsOf(ctx, "DescribeAutoScalingGroups", TYPE, required(page.AutoScalingGroups, "AutoScalingGroups"), (group, fields) => toRecord(group, ctx.accountId, ctx.region, fields)),
  );
}

/** An ARN names its group after "autoScalingGroupName/" (a name may itself hold slashes). */
const MARKER = "autoScalingGroupName/";

async function readTargets(ctx: CollectorContext<AutoScalingClient>, targets: ReadTargets): Promise<ResourceRecord[]> {
  const batches = await Promise.all(batchesOf(targetIds(targets, TYPE, (arn) => arn.slice(arn.indexOf(MARKER) + MARKER.length)), NAMES_PER_REQUEST).map((names) => listGroups(ctx, { AutoScalingGroupNames: names })));
  return batches.flat();
}

/** An instance without its id leaves the group's state without `instances` (no rule reads them), reported. */
export function toRecord(group: AutoScalingGroup, accountId: string, region: string, fields = new ItemFields()): ResourceRecord {
  const name = required(group.AutoScalingGroupName, "AutoScalingGroupName");
  const attributes = compact({
    availabilityZones: sortedStrings(group.AvailabilityZones),
    subnetIds: sortedStrings((group.VPCZoneIdentifier ?? "").split(",").map((s) => s.trim()).filter(Boolean)),
    healthCheckType: group.HealthCheckType ?? "EC2",
    healthCheckGracePeriod: group.HealthCheckGracePeriod,
    targetGroupArns: sortedStrings(group.TargetGroupARNs),
    loadBalancerNames: sortedStrings(group.LoadBalancerNames),
    trafficSources: fields.read("trafficSources", () =>
      sortedByJson((group.TrafficSources ?? []).map((t) => compact({ identifier: required(t.Identifier, "TrafficSources.Identifier"), type: t.Type }))),
    ),
    minSize: fields.read("minSize", () => required(group.MinSize, "MinSize")),
    maxSize: fields.read("maxSize", () => required(group.MaxSize, "MaxSize")),
    // A group has either a launch template or a mixed instances policy naming one (or a launch configuration).
    launchTemplate: specificationOf(group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification),
    overrideLaunchTemplates: overrideTemplatesOf(group),
    launchConfigurationName: group.LaunchConfigurationName,
  }) as AutoScalingGroupAttributes;
  const state = compact({
    desiredCapacity: group.DesiredCapacity ?? 0,
    instances: fields.readState(() => instancesOf(group)),
  }) as AutoScalingGroupState;
  return compact({
    type: TYPE,
    id: name,
    arn: group.AutoScalingGroupARN,
    accountId,
    region,
    name,
    tags: tagsOf(group.Tags),
    attributes: attributes as unknown as Record<string, unknown>,
    state: state as unknown as Record<string, unknown>,
  });
}

function instancesOf(group: AutoScalingGroup): AutoScalingGroupState["instances"] {
  return (group.Instances ?? [])
    .map((i) => compact({ instanceId: required(i.InstanceId, "Instances.InstanceId"), availabilityZone: i.AvailabilityZone, lifecycleState: i.LifecycleState, healthStatus: i.HealthStatus }))
    .sort((a, b) => compareText(a.instanceId, b.instanceId));
}

function specificationOf(spec: SdkLaunchTemplateSpecification | undefined): LaunchTemplateSpecification | undefined {
  return spec && compact({ id: spec.LaunchTemplateId, name: spec.LaunchTemplateName, version: spec.Version });
}

/** Overrides may launch some instance types from another template; absent when none does. */
function overrideTemplatesOf(group: AutoScalingGroup): LaunchTemplateSpecification[] | undefined {
  const overrides = group.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
  const specs = overrides.flatMap((o) => specificationOf(o.LaunchTemplateSpecification) ?? []);
  // Several instance types may name the same template: each once.
  const distinct = [...new Map(specs.map((spec) => [JSON.stringify(spec), spec])).values()];
  return distinct.length > 0 ? sortedByJson(distinct) : undefined;
}
