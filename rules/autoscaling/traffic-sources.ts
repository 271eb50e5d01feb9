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
  const sources: AttachedSource[] = [];
  for (const identifier of group.targetGroupArns) addOnce(sources, "elbv2", identifier);
  for (const identifier of group.loadBalancerNames) addOnce(sources, "elb", identifier);
  for (const s of group.trafficSources) addOnce(sources, kindOf(s), s.identifier);
  return sources;
}

function addOnce(sources: AttachedSource[], kind: TrafficSourceKind, identifier: string): void {
  if (!sources.some((s) => s.kind === kind && s.identifier === identifier)) sources.push({ kind, identifier });
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
  const name = source.kind === "elb" ? source.identifier : (targetGroupName(source.identifier) ?? source.identifier);
  return `${LABELS[source.kind]} ${name}`;
}

const TARGET_GROUP_MARKER = ":targetgroup/";

/**
 * Target group ARNs end in "targetgroup/<name>/<id>" (ELB) or "targetgroup/<id>" (VPC Lattice): what follows the
 * first ":targetgroup/" up to a "/" (or a further ":targetgroup/"), as splitting on both would give, without the lists.
 */
function targetGroupName(arn: string): string | undefined {
  const start = arn.indexOf(TARGET_GROUP_MARKER);
  if (start < 0) return undefined;
  const from = start + TARGET_GROUP_MARKER.length;
  const slash = arn.indexOf("/", from);
  const next = arn.indexOf(TARGET_GROUP_MARKER, from);
  return arn.slice(from, next >= 0 ? Math.min(slash, next) : slash >= 0 ? slash : arn.length);
}
