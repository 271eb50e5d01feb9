import * as z from "zod";
import type { AutoScalingGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";

export default defineRule({
  id: "asg-multi-az",
  title: "Auto Scaling groups span several Availability Zones",
  service: "autoscaling",
  severity: "high",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  rationale:
    "Auto Scaling balances instances across the group's Availability Zones and launches replacements in the healthy ones when a zone fails; a group in one zone goes down with it.",
  remediation:
    "Give the group subnets in at least two Availability Zones:\n" +
    'aws autoscaling update-auto-scaling-group --auto-scaling-group-name web-asg --vpc-zone-identifier "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002"',
  references: { awsConfig: "autoscaling-multiple-az", securityHub: "AutoScaling.2" },
  params: z
    .object({
      minAvailabilityZones: z.number().int().min(1).default(2),
    })
    .strict(),
  evaluate(resource: ResourceRecord<AutoScalingGroupAttributes>, { params }) {
    const zones = resource.attributes.availabilityZones;
    const evidence = { availabilityZones: zones, subnetIds: resource.attributes.subnetIds, minAvailabilityZones: params.minAvailabilityZones };
    const listed = `${zones.length} Availability Zone${zones.length === 1 ? "" : "s"}${zones.length > 0 ? ` (${zones.join(", ")})` : ""}`;
    if (zones.length >= params.minAvailabilityZones) return pass(`spans ${listed}`, evidence);
    return fail(`spans only ${listed}; at least ${params.minAvailabilityZones} required`, evidence);
  },
});
