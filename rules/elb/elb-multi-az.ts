import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { ClassicLoadBalancer, LoadBalancerV2 } from "./load-balancers.js";
import { CLASSIC_LOAD_BALANCER, isClassic, LOAD_BALANCER_V2 } from "./load-balancers.js";
import { sortedUnique } from "../lib/sorted-unique.js";

export default defineRule({
  id: "elb-multi-az",
  title: "Load balancers span multiple Availability Zones",
  service: "elb",
  severity: "high",
  resourceTypes: [LOAD_BALANCER_V2, CLASSIC_LOAD_BALANCER],
  rationale:
    "A load balancer only routes to targets in the zones it is enabled in, so one enabled zone makes the whole tier fail with that zone, whatever the Auto Scaling group behind it spreads.",
  remediation:
    "Enable the load balancer in subnets of at least two Availability Zones:\n" +
    "aws elbv2 set-subnets --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188 " +
    "--subnets subnet-0a1b2c3d4e5f60001 subnet-0a1b2c3d4e5f60002\n" +
    "aws elb enable-availability-zones-for-load-balancer --load-balancer-name web-classic --availability-zones us-east-1b",
  references: { awsConfig: "elbv2-multiple-az, clb-multiple-az", securityHub: "ELB.13, ELB.10" },
  params: z.object({ minAvailabilityZones: z.number().int().min(1).default(2) }).strict(),
  evaluate(resource: LoadBalancerV2 | ClassicLoadBalancer, { params }) {
    const zones = zonesOf(resource);
    const evidence = { availabilityZones: zones, minAvailabilityZones: params.minAvailabilityZones };
    const listed = zones.length > 0 ? `: ${zones.join(", ")}` : "";
    if (zones.length >= params.minAvailabilityZones) return pass(`enabled in ${zones.length} Availability Zones${listed}`, evidence);
    return fail(`enabled in ${zones.length} Availability Zone${zones.length === 1 ? "" : "s"}${listed} (at least ${params.minAvailabilityZones} required)`, evidence);
  },
});

function zonesOf(resource: LoadBalancerV2 | ClassicLoadBalancer): string[] {
  const zones = isClassic(resource) ? resource.attributes.availabilityZones : resource.attributes.availabilityZones.map((zone) => zone.zoneName);
  return sortedUnique(zones);
}
