import rule from "../../../rules/ec2/ec2-instance-termination-protection.js";
import { instance } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "protected", resource: instance({ disableApiTermination: true }), reason: /disableApiTermination: true/ },
    { name: "protected while stopped", resource: instance({ disableApiTermination: true, state: "stopped" }) },
  ],
  fail: [
    { resource: instance({ disableApiTermination: false }), reason: /disableApiTermination: false/, severity: "low", evidence: { disableApiTermination: false } },
    { name: "stopped and unprotected", resource: instance({ disableApiTermination: false, state: "stopped" }), evidence: { state: "stopped" } },
    { name: "pending and unprotected", resource: instance({ disableApiTermination: false, state: "pending" }), reason: /not in an Auto Scaling group/ },
  ],
  notApplicable: [
    { name: "in an Auto Scaling group", resource: instance({ autoScalingGroupName: "web-asg", disableApiTermination: false }), reason: /Auto Scaling group web-asg/ },
    { name: "in an Auto Scaling group, attribute not read", resource: instance({ autoScalingGroupName: "web-asg" }) },
    { name: "terminated", resource: instance({ disableApiTermination: false, state: "terminated" }), reason: /terminated/ },
  ],
  error: [
    { name: "attribute not collected", resource: instance(), reason: /disableApiTermination attribute was not collected/ },
    { name: "attribute not collected for a stopped instance", resource: instance({ state: "stopped" }) },
  ],
});
