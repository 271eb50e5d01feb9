import * as z from "zod";
import type { AutoScalingGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { attachedSources, describeSource } from "./traffic-sources.js";

export default defineRule({
  id: "asg-behind-load-balancer",
  title: "Auto Scaling groups are attached to a load balancer",
  service: "autoscaling",
  severity: "medium",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  rationale:
    "The web tier scales behind a load balancer so that new instances receive traffic as soon as they pass its health checks and terminated ones are drained; a web group with no load balancer serves nobody, or is reached instance by instance. Groups that serve no traffic (batch workers, queue consumers) are exempted by tag.",
  remediation:
    "Attach the group to its target group (or exempt it with a tag listed in the rule's exemptTags param):\n" +
    "aws autoscaling attach-traffic-sources --auto-scaling-group-name web-asg --traffic-sources Identifier=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067,Type=elbv2",
  references: {},
  params: z
    .object({
      /** Tags that mark groups serving no traffic: "Key" (any value) or "Key=Value". */
      exemptTags: z.array(z.string().min(1)).default([]),
    })
    .strict(),
  evaluate(resource: ResourceRecord<AutoScalingGroupAttributes>, { params }) {
    const exemption = params.exemptTags.find((tag) => hasTag(resource.tags, tag));
    if (exemption) return notApplicable(`exempt by tag ${exemption}`);
    const sources = attachedSources(resource.attributes);
    if (sources.length > 0) return pass(`attached to ${sources.map(describeSource).join(", ")}`, { attachedSources: sources });
    return fail("no target group, Classic Load Balancer or traffic source attached: its instances receive no load-balanced traffic", {
      targetGroupArns: resource.attributes.targetGroupArns,
      loadBalancerNames: resource.attributes.loadBalancerNames,
      trafficSources: resource.attributes.trafficSources,
    });
  },
});

/** Tag keys may themselves contain "=", so "a=b=c" matches key "a" = "b=c", key "a=b" = "c", or key "a=b=c" with any value. */
function hasTag(tags: Record<string, string>, entry: string): boolean {
  if (Object.hasOwn(tags, entry)) return true;
  for (let i = entry.indexOf("="); i >= 0; i = entry.indexOf("=", i + 1)) {
    if (tags[entry.slice(0, i)] === entry.slice(i + 1)) return true;
  }
  return false;
}
