import rule from "../../../rules/autoscaling/asg-multi-az.js";
import { asg, targetGroupArn } from "../../support/asg-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "two zones", resource: asg("web-asg"), reason: /spans 2 Availability Zones \(us-east-1a, us-east-1b\)/, evidence: { availabilityZones: ["us-east-1a", "us-east-1b"], minAvailabilityZones: 2 } },
    {
      name: "three zones",
      resource: asg("web-asg", { availabilityZones: ["us-east-1c", "us-east-1a", "us-east-1b"], subnetIds: ["subnet-0c000000000000003", "subnet-0a000000000000001", "subnet-0b000000000000002"] }),
      reason: /3 Availability Zones \(us-east-1a, us-east-1b, us-east-1c\)/,
    },
    { name: "one zone when the param allows it", resource: asg("batch-asg", { availabilityZones: ["us-east-1a"], subnetIds: ["subnet-0a000000000000001"] }), params: { minAvailabilityZones: 1 } },
  ],
  fail: [
    {
      name: "one zone",
      resource: asg("web-asg", { availabilityZones: ["us-east-1a"], subnetIds: ["subnet-0a000000000000001"], targetGroupArns: [targetGroupArn("web-tg")], healthCheckType: "ELB" }),
      reason: /spans only 1 Availability Zone \(us-east-1a\); at least 2 required/,
      severity: "high",
      evidence: { availabilityZones: ["us-east-1a"], subnetIds: ["subnet-0a000000000000001"] },
    },
    {
      name: "two subnets in the same zone",
      resource: asg("web-asg", { availabilityZones: ["us-east-1b"], subnetIds: ["subnet-0b000000000000002", "subnet-0b000000000000004"] }),
      reason: /only 1 Availability Zone \(us-east-1b\)/,
    },
    { name: "two zones against a param of three", resource: asg("web-asg"), params: { minAvailabilityZones: 3 }, reason: /only 2 Availability Zones .*at least 3 required/ },
  ],
  notApplicable: [],
});
