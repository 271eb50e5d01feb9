import rule from "../../../rules/elb/elb-multi-az.js";
import { alb, classicLb, gwlb, nlb } from "../../support/elb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "ALB in two zones", resource: alb(), reason: /enabled in 2 Availability Zones: us-east-1a, us-east-1b/ },
    { name: "NLB in three zones", resource: nlb({ zones: ["us-east-1a", "us-east-1b", "us-east-1c"] }), evidence: { availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] } },
    { name: "classic load balancer in two zones", resource: classicLb({ zones: ["us-east-1b", "us-east-1a"] }), reason: /us-east-1a, us-east-1b/ },
    { name: "single zone allowed by param", resource: nlb({ zones: ["us-east-1a"] }), params: { minAvailabilityZones: 1 } },
  ],
  fail: [
    { name: "ALB in one zone", resource: alb({ zones: ["us-east-1a"] }), reason: /enabled in 1 Availability Zone: us-east-1a \(at least 2 required\)/ },
    { name: "NLB in one zone", resource: nlb({ zones: ["us-east-1c"] }), evidence: { availabilityZones: ["us-east-1c"], minAvailabilityZones: 2 } },
    { name: "GWLB in one zone", resource: gwlb({ zones: ["us-east-1a"] }), reason: /1 Availability Zone/ },
    { name: "classic load balancer in one zone", resource: classicLb({ zones: ["us-east-1a"] }), reason: /1 Availability Zone/ },
    { name: "classic load balancer with no zone left", resource: classicLb({ zones: [] }), reason: /enabled in 0 Availability Zones \(at least 2/ },
    { name: "two zones below a raised minimum", resource: alb(), params: { minAvailabilityZones: 3 }, reason: /at least 3 required/ },
  ],
  notApplicable: [],
});
