/** What the ELB rules share: telling load balancer kinds apart and finding a target group's load balancers. */
import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import type { ClassicLoadBalancerAttributes, LoadBalancerV2Attributes, TargetGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const LOAD_BALANCER_V2 = "AWS::ElasticLoadBalancingV2::LoadBalancer";
export const TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
export const CLASSIC_LOAD_BALANCER = "AWS::ElasticLoadBalancing::LoadBalancer";

export type LoadBalancerV2 = ResourceRecord<LoadBalancerV2Attributes>;
export type TargetGroup = ResourceRecord<TargetGroupAttributes>;
export type ClassicLoadBalancer = ResourceRecord<ClassicLoadBalancerAttributes>;

export function isClassic(resource: ResourceRecord<unknown>): resource is ClassicLoadBalancer {
  return resource.type === CLASSIC_LOAD_BALANCER;
}

export function isTargetGroup(resource: ResourceRecord<unknown>): resource is TargetGroup {
  return resource.type === TARGET_GROUP;
}

export function isApplication(lb: LoadBalancerV2): boolean {
  return lb.attributes.loadBalancerType === "application";
}

/** "ALB", "NLB", "GWLB" as the console names them; unknown types as AWS spells them. */
export function kindOf(lb: LoadBalancerV2): string {
  return { application: "ALB", network: "NLB", gateway: "GWLB" }[lb.attributes.loadBalancerType] ?? lb.attributes.loadBalancerType;
}

/** A load balancer's name for reasons: its Name, else the id. */
export function labelOf(resource: ResourceRecord<unknown>): string {
  return resource.name ?? resource.id;
}

/** The load balancers named by a target group's loadBalancerArns, and the ARNs absent from the snapshot. */
export function loadBalancersOf(targetGroup: TargetGroup, snapshot: SnapshotIndex): { found: LoadBalancerV2[]; missing: string[] } {
  const found: LoadBalancerV2[] = [];
  const missing: string[] = [];
  for (const arn of targetGroup.attributes.loadBalancerArns) {
    const lb = snapshot.getByArn<LoadBalancerV2Attributes>(arn, LOAD_BALANCER_V2);
    if (lb && lb.type === LOAD_BALANCER_V2) found.push(lb);
    else missing.push(arn);
  }
  return { found, missing };
}
