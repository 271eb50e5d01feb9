import rule from "../../../rules/autoscaling/asg-elb-health-check.js";
import { asg, latticeTargetGroupArn, targetGroupArn } from "../../support/asg-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const webTg = targetGroupArn("web-tg");
const lattice = { identifier: latticeTargetGroupArn("tg-0123456789abcdef0"), type: "vpc-lattice" };

ruleTester.run(rule, {
  pass: [
    {
      name: "target group with ELB health checks",
      resource: asg("web-asg", { targetGroupArns: [webTg], healthCheckType: "ELB" }),
      reason: /^replaces instances that target group web-tg reports unhealthy \(ELB\)$/,
      evidence: { healthCheckType: "ELB", attachedSources: [{ kind: "elbv2", identifier: webTg }] },
    },
    { name: "Classic Load Balancer with ELB health checks", resource: asg("legacy-asg", { loadBalancerNames: ["legacy-clb"], healthCheckType: "ELB" }), reason: /Classic Load Balancer legacy-clb/ },
    { name: "VPC Lattice traffic source with VPC_LATTICE health checks", resource: asg("svc-asg", { trafficSources: [lattice], healthCheckType: "VPC_LATTICE" }), reason: /VPC Lattice target group tg-0123456789abcdef0/ },
    {
      name: "VPC Lattice source recorded without a Type is known by its ARN",
      resource: asg("svc-asg", { trafficSources: [{ identifier: lattice.identifier }], healthCheckType: "VPC_LATTICE" }),
      evidence: { attachedSources: [{ kind: "vpc-lattice", identifier: lattice.identifier }] },
    },
    { name: "comma-separated types including ELB", resource: asg("web-asg", { targetGroupArns: [webTg], healthCheckType: "EBS,ELB" }) },
    { name: "target group attached as an elbv2 traffic source", resource: asg("web-asg", { trafficSources: [{ identifier: webTg, type: "elbv2" }], healthCheckType: "ELB" }) },
    {
      name: "ELB checks on, a VPC Lattice source unchecked",
      resource: asg("web-asg", { targetGroupArns: [webTg], trafficSources: [lattice], healthCheckType: "ELB" }),
      reason: /target group web-tg reports unhealthy \(ELB\); health of VPC Lattice target group tg-0123456789abcdef0 is not used/,
    },
  ],
  fail: [
    {
      name: "target group with EC2 health checks only",
      resource: asg("web-asg", { targetGroupArns: [webTg] }),
      reason: /health check type EC2 ignores target group web-tg: instances it reports unhealthy stay in service \(needs ELB\)/,
      severity: "high",
      evidence: { healthCheckType: "EC2", healthCheckGracePeriod: 300 },
    },
    { name: "Classic Load Balancer with EC2 health checks", resource: asg("legacy-asg", { loadBalancerNames: ["legacy-clb"] }), reason: /ignores Classic Load Balancer legacy-clb/ },
    { name: "EC2 and EBS checks are not load-balancer checks", resource: asg("web-asg", { targetGroupArns: [webTg], healthCheckType: "EC2,EBS" }), reason: /EC2,EBS ignores/ },
    { name: "VPC Lattice source with ELB health checks", resource: asg("svc-asg", { trafficSources: [lattice], healthCheckType: "ELB" }), reason: /needs VPC_LATTICE/ },
    { name: "target group with VPC_LATTICE health checks", resource: asg("web-asg", { targetGroupArns: [webTg], healthCheckType: "VPC_LATTICE" }), reason: /needs ELB\)$/ },
  ],
  notApplicable: [
    { name: "nothing attached", resource: asg("batch-asg"), reason: /no target group, Classic Load Balancer or traffic source attached/ },
    { name: "nothing attached, ELB checks set anyway", resource: asg("batch-asg", { healthCheckType: "ELB" }) },
  ],
});
