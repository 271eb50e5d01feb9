import rule from "../../../rules/autoscaling/asg-behind-load-balancer.js";
import { asg, latticeTargetGroupArn, targetGroupArn } from "../../support/asg-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const webTg = targetGroupArn("web-tg");

ruleTester.run(rule, {
  pass: [
    { name: "target groups only", resource: asg("web-asg", { targetGroupArns: [webTg], healthCheckType: "ELB" }), reason: /^attached to target group web-tg$/ },
    { name: "classic load balancer names only", resource: asg("legacy-asg", { loadBalancerNames: ["legacy-clb"] }), reason: /^attached to Classic Load Balancer legacy-clb$/ },
    {
      name: "VPC Lattice traffic source",
      resource: asg("svc-asg", { trafficSources: [{ identifier: latticeTargetGroupArn("tg-0123456789abcdef0"), type: "vpc-lattice" }] }),
      reason: /VPC Lattice target group tg-0123456789abcdef0/,
    },
    {
      name: "a target group listed both as TargetGroupARN and traffic source is named once",
      resource: asg("web-asg", { targetGroupArns: [webTg], trafficSources: [{ identifier: webTg, type: "elbv2" }] }),
      reason: /^attached to target group web-tg$/,
      evidence: { attachedSources: [{ kind: "elbv2", identifier: webTg }] },
    },
    { name: "attached group whose tag is not exempt", resource: asg("web-asg", { targetGroupArns: [webTg], tags: { Role: "web" } }), params: { exemptTags: ["Role=batch"] } },
  ],
  fail: [
    {
      name: "nothing attached",
      resource: asg("web-asg"),
      reason: /no target group, Classic Load Balancer or traffic source attached/,
      severity: "medium",
      evidence: { targetGroupArns: [], loadBalancerNames: [], trafficSources: [] },
    },
    { name: "tag value differs from the exempt one", resource: asg("web-asg", { tags: { Role: "web" } }), params: { exemptTags: ["Role=batch"] } },
    { name: "tag key differs from the exempt one", resource: asg("web-asg", { tags: { Team: "batch" } }), params: { exemptTags: ["Role"] } },
  ],
  notApplicable: [
    { name: "exempt by Key=Value", resource: asg("worker-asg", { tags: { Role: "batch" } }), params: { exemptTags: ["Role=batch"] }, reason: /^exempt by tag Role=batch$/ },
    { name: "exempt by key, any value", resource: asg("worker-asg", { tags: { "driftwarden:no-load-balancer": "" } }), params: { exemptTags: ["driftwarden:no-load-balancer"] } },
    { name: "a tag key containing '='", resource: asg("worker-asg", { tags: { "tier=queue": "consumer" } }), params: { exemptTags: ["tier=queue=consumer"] } },
  ],
});
