/**
 * What an Auto Scaling group sends traffic from: target groups, Classic Load
 * Balancers and traffic sources (AttachTrafficSources), read once so the
 * load-balancer rules agree on what "attached" means.
 */
import type { AutoScalingGroupAttributes } from "../../src/types/attributes.js";

/** The TrafficSourceIdentifier Type values AWS documents. */
export type TrafficSourceKind = "elbv2" | "elb" | "vpc-lattice";

export interface AttachedSource {
  kind: TrafficSourceKind;
  /** Target group ARN, or the Classic Load Balancer's name. */
  identifier: string;
}

/**
 * Every attached source once: a target group or Classic Load Balancer may be
 * listed both in TargetGroupARNs / LoadBalancerNames and in TrafficSources.
 */
export function attachedSources(group: AutoScalingGroupAttributes): AttachedSource[] {
  const sources: AttachedSource[] = [
    ...group.targetGroupArns.map((identifier) => ({ kind: "elbv2" as const, identifier })),
    ...group.loadBalancerNames.map((identifier) => ({ kind: "elb" as const, identifier })),
    ...group.trafficSources.map((s) => ({ kind: kindOf(s), identifier: s.identifier })),
  ];
  return sources.filter((s, i) => sources.findIndex((t) => t.kind === s.kind && t.identifier === s.identifier) === i);
}

/** Type is required only for a Classic Load Balancer name; otherwise the ARN's service says what it is. */
function kindOf(source: { identifier: string; type?: string }): TrafficSourceKind {
  if (source.type === "elb" || source.type === "elbv2" || source.type === "vpc-lattice") return source.type;
  if (source.identifier.startsWith("arn:")) return source.identifier.split(":")[2] === "vpc-lattice" ? "vpc-lattice" : "elbv2";
  return "elb";
}

const LABELS: Record<TrafficSourceKind, string> = { elbv2: "target group", elb: "Classic Load Balancer", "vpc-lattice": "VPC Lattice target group" };

/** "target group web-tg", "Classic Load Balancer legacy-clb", "VPC Lattice target group tg-0123…". */
export function describeSource(source: AttachedSource): string {
  // Target group ARNs end in "targetgroup/<name>/<id>" (ELB) or "targetgroup/<id>" (VPC Lattice).
  const name = source.kind === "elb" ? source.identifier : (source.identifier.split(":targetgroup/")[1]?.split("/")[0] ?? source.identifier);
  return `${LABELS[source.kind]} ${name}`;
}
