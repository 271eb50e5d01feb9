import * as z from "zod";
import type { Outcome, RuleContext } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { ClassicLoadBalancer, LoadBalancerV2, TargetGroup } from "./load-balancers.js";
import {
  CLASSIC_LOAD_BALANCER,
  isApplication,
  isClassic,
  isTargetGroup,
  kindOf,
  labelOf,
  LOAD_BALANCER_V2,
  loadBalancersOf,
  TARGET_GROUP,
} from "./load-balancers.js";

/** The target-group value that defers to the load balancer's load_balancing.cross_zone.enabled. */
const INHERITED = "use_load_balancer_configuration";

export default defineRule({
  id: "elb-cross-zone",
  title: "Cross-zone load balancing is on",
  service: "elb",
  severity: "low",
  resourceTypes: [CLASSIC_LOAD_BALANCER, LOAD_BALANCER_V2, TARGET_GROUP],
  rationale:
    "Without cross-zone load balancing each zone's load balancer node splits its share only among targets in its own zone, so an uneven spread of instances overloads the thin zone.",
  remediation:
    "Turn cross-zone load balancing on for the load balancer (or the target group):\n" +
    "aws elb modify-load-balancer-attributes --load-balancer-name web-classic --load-balancer-attributes '{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}'\n" +
    "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/1234567890abcdef " +
    "--attributes Key=load_balancing.cross_zone.enabled,Value=true\n" +
    "aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067 " +
    "--attributes Key=load_balancing.cross_zone.enabled,Value=use_load_balancer_configuration",
  references: { awsConfig: "elb-cross-zone-load-balancing-enabled", securityHub: "ELB.9" },
  needs: ["elb.loadBalancerAttributes", "elbv2.loadBalancerAttributes", "elbv2.targetGroupAttributes"],
  params: z.object({}).strict(),
  evaluate(resource: ClassicLoadBalancer | LoadBalancerV2 | TargetGroup, ctx) {
    if (isClassic(resource)) return judgeFlag(resource.attributes.crossZoneEnabled, "the classic load balancer");
    if (isTargetGroup(resource)) return judgeTargetGroup(resource, ctx);
    return judgeLoadBalancer(resource);
  },
});

function judgeLoadBalancer(lb: LoadBalancerV2): Outcome {
  if (isApplication(lb)) return notApplicable("ALB: cross-zone load balancing is always on at the load balancer level");
  if (lb.attributes.loadBalancerType !== "network") return notApplicable(`${kindOf(lb)}: cross-zone is judged for classic load balancers and NLBs only`);
  return judgeFlag(lb.attributes.crossZoneEnabled, "the NLB");
}

function judgeFlag(enabled: boolean | undefined, what: string): Outcome {
  if (enabled === undefined) return cannotEvaluate(`the cross-zone attribute of ${what} was not collected`);
  return enabled
    ? pass(`cross-zone load balancing is on for ${what}`, { crossZoneEnabled: true })
    : fail(`cross-zone load balancing is off for ${what}`, { crossZoneEnabled: false });
}

function judgeTargetGroup(group: TargetGroup, ctx: RuleContext<unknown>): Outcome {
  const { crossZone, loadBalancerArns } = group.attributes;
  if (loadBalancerArns.length === 0) return notApplicable("target group is not used by any load balancer");
  const kind = loadBalancerKindOf(group);
  if (kind === "ALB") {
    const note = crossZone === "false" ? " (this target group turns it off for its own targets)" : "";
    return notApplicable(`target group of an ALB: cross-zone load balancing is on at the load balancer level${note}`);
  }
  if (kind !== "NLB") return notApplicable(`target group of a ${kind}: cross-zone is judged for classic load balancers and NLBs only`);
  if (crossZone === undefined) return cannotEvaluate("the target group's cross-zone attribute was not collected");
  if (crossZone === "true") return pass("cross-zone load balancing is on for the target group", { crossZone });
  if (crossZone !== INHERITED) return fail(`cross-zone load balancing is off for the target group (${crossZone})`, { crossZone });
  return judgeInherited(group, ctx);
}

/** The target group follows its load balancers' own attribute. */
function judgeInherited(group: TargetGroup, ctx: RuleContext<unknown>): Outcome {
  const { found, missing } = loadBalancersOf(group, ctx.snapshot);
  if (missing.length > 0) return cannotEvaluate(`inherits cross-zone from ${missing.join(", ")}, which is not in the snapshot`);
  const unknown = found.filter((lb) => lb.attributes.crossZoneEnabled === undefined);
  if (unknown.length > 0) return cannotEvaluate(`inherits cross-zone from ${unknown.map(labelOf).join(", ")}, whose cross-zone attribute was not collected`);
  const evidence = {
    crossZone: INHERITED,
    loadBalancers: found.map((lb) => ({ arn: lb.arn, name: lb.name, crossZoneEnabled: lb.attributes.crossZoneEnabled })),
  };
  const off = found.filter((lb) => !lb.attributes.crossZoneEnabled);
  if (off.length > 0) return fail(`inherits cross-zone load balancing off from ${off.map(labelOf).join(", ")}`, evidence);
  return pass(`inherits cross-zone load balancing on from ${found.map(labelOf).join(", ")}`, evidence);
}

/**
 * ALB target groups speak HTTP/HTTPS (or hold a Lambda function), NLB ones TCP, TLS, UDP, TCP_UDP or QUIC,
 * GWLB ones GENEVE, so the protocol tells the load balancer kind even when the load balancer is not in the snapshot.
 */
function loadBalancerKindOf(group: TargetGroup): string {
  const protocol = group.attributes.protocol?.toUpperCase();
  if (group.attributes.targetType === "lambda" || protocol === "HTTP" || protocol === "HTTPS") return "ALB";
  if (protocol === "GENEVE") return "GWLB";
  return "NLB";
}
