import rule from "../../../rules/ec2/ec2-default-sg-closed.js";
import { all, sg, tcp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const SELF = "sg-0default000000001";

ruleTester.run(rule, {
  pass: [
    { name: "default group with every rule revoked", resource: sg({ isDefault: true, ingress: [], egress: [] }), reason: /no ingress or egress/ },
    { name: "unattached default group with no rules", resource: sg({ isDefault: true, ingress: [], egress: [], attachments: 0 }) },
  ],
  fail: [
    {
      name: "the rules AWS creates the default group with",
      resource: sg({ id: SELF, isDefault: true, ingress: [all(SELF)], egress: [all("0.0.0.0/0")] }),
      reason: /2 permissions: ingress all traffic from sg-0default000000001; egress all traffic to 0\.0\.0\.0\/0$/,
      severity: "medium",
    },
    {
      name: "only the default egress rule",
      resource: sg({ isDefault: true, ingress: [], egress: [all("0.0.0.0/0")] }),
      reason: /has 1 permission: egress all traffic to 0\.0\.0\.0\/0$/,
      evidence: { ingress: [], egress: [{ protocol: "-1", cidr: "0.0.0.0/0", summary: "all traffic to 0.0.0.0/0" }] },
    },
    { name: "IPv6 egress", resource: sg({ isDefault: true, egress: [all("::/0")] }), reason: /egress all traffic to ::\/0/ },
    { name: "ingress from a private range", resource: sg({ isDefault: true, ingress: [tcp(443, "10.0.0.0/16")], egress: [] }), reason: /ingress tcp\/443 from 10\.0\.0\.0\/16/ },
    { name: "unattached default group reported one step lower", resource: sg({ isDefault: true, ingress: [all(SELF)], attachments: 0 }), severity: "low", evidence: { attachmentCount: 0 } },
  ],
  notApplicable: [
    { name: "a group that is not the default", resource: sg({ ingress: [tcp(22, "0.0.0.0/0")] }), reason: /not a VPC's default security group/ },
    { name: "a custom group with no rules", resource: sg({ ingress: [], egress: [] }) },
  ],
});
