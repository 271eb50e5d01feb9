import * as z from "zod";
import type { AutoScalingGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { TrafficSourceKind } from "./traffic-sources.js";
import { attachedSources, describeSource } from "./traffic-sources.js";

/** The health check type that makes Auto Scaling act on each kind of source's health checks. */
const HEALTH_CHECK_FOR: Record<TrafficSourceKind, string> = { elbv2: "ELB", elb: "ELB", "vpc-lattice": "VPC_LATTICE" };

export default defineRule({
  id: "asg-elb-health-check",
  title: "Auto Scaling groups behind a load balancer use its health checks",
  service: "autoscaling",
  severity: "high",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  rationale:
    "With only EC2 status checks, an instance whose application has stopped answering stays in service: the load balancer stops sending it traffic but Auto Scaling never replaces it. ELB (or VPC Lattice) health checks make the group replace what the load balancer reports unhealthy.",
  remediation:
    "Turn on the health checks of the attached load balancer (EC2 checks stay on), with a grace period long enough for instances to boot:\n" +
    "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web-asg --health-check-type ELB --health-check-grace-period 300\n" +
    "(for a VPC Lattice target group: --health-check-type VPC_LATTICE)",
  references: { awsConfig: "autoscaling-group-elb-healthcheck-required", securityHub: "AutoScaling.1" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<AutoScalingGroupAttributes>) {
    const sources = attachedSources(resource.attributes);
    if (sources.length === 0) return notApplicable("no target group, Classic Load Balancer or traffic source attached");
    // HealthCheckType is a comma-separated list of EC2, EBS, ELB and VPC_LATTICE; EC2 is always on.
    const types = resource.attributes.healthCheckType.split(",").map((t) => t.trim().toUpperCase()).filter(Boolean);
    const checked = sources.filter((s) => types.includes(HEALTH_CHECK_FOR[s.kind]));
    const unchecked = sources.filter((s) => !checked.includes(s));
    const evidence = {
      healthCheckType: resource.attributes.healthCheckType,
      healthCheckGracePeriod: resource.attributes.healthCheckGracePeriod ?? null,
      attachedSources: sources,
    };
    if (checked.length > 0) {
      const also = unchecked.length > 0 ? `; health of ${unchecked.map(describeSource).join(", ")} is not used` : "";
      return pass(`replaces instances that ${checked.map(describeSource).join(", ")} report${checked.length > 1 ? "" : "s"} unhealthy (${resource.attributes.healthCheckType})${also}`, evidence);
    }
    const needed = [...new Set(sources.map((s) => HEALTH_CHECK_FOR[s.kind]))].join(" or ");
    return fail(
      `health check type ${resource.attributes.healthCheckType} ignores ${sources.map(describeSource).join(", ")}: instances it reports unhealthy stay in service (needs ${needed})`,
      evidence,
    );
  },
});
