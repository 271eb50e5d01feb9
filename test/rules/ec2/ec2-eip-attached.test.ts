import rule from "../../../rules/ec2/ec2-eip-attached.js";
import { eip } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "associated with an instance", resource: eip({ associationId: "eipassoc-0a000000000000001", instanceId: "i-0a000000000000001", networkInterfaceId: "eni-0a000000000000001" }), reason: /associated with i-0a000000000000001/ },
    { name: "associated with a NAT gateway's interface", resource: eip({ associationId: "eipassoc-0a000000000000002", networkInterfaceId: "eni-0a000000000000002" }), reason: /with eni-0a000000000000002/ },
    { name: "association id alone", resource: eip({ associationId: "eipassoc-0a000000000000003" }), evidence: { associationId: "eipassoc-0a000000000000003", instanceId: null } },
  ],
  fail: [
    { resource: eip(), reason: /^198\.51\.100\.10 is not associated with any instance or network interface$/, severity: "low" },
    { name: "another address", resource: eip({}, "203.0.113.25"), reason: /203\.0\.113\.25 is not associated/ },
    { name: "evidence shows every association field empty", resource: eip({}, "192.0.2.44"), evidence: { publicIp: "192.0.2.44", associationId: null, instanceId: null, networkInterfaceId: null } },
  ],
  notApplicable: [],
});
