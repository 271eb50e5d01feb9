import rule from "../../../rules/ec2/ec2-rdp-restricted.js";
import { all, proto, sg, tcp, udp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "RDP from an office range", resource: sg({ ingress: [tcp(3389, "203.0.113.0/24"), udp(3389, "203.0.113.0/24")] }) },
    { name: "RDP from a bastion's security group", resource: sg({ ingress: [tcp(3389, "sg-0bastion0000000001")] }) },
    { name: "UDP RDP from a prefix list", resource: sg({ ingress: [udp(3389, "pl-0123456789abcdef0")] }) },
    { name: "SSH is not RDP", resource: sg({ ingress: [tcp(22, "0.0.0.0/0")] }) },
    { name: "GRE opens no TCP or UDP port", resource: sg({ ingress: [proto("47", "0.0.0.0/0")] }) },
    { name: "a range ending below 3389", resource: sg({ ingress: [tcp([3000, 3388], "0.0.0.0/0")] }) },
  ],
  fail: [
    { resource: sg({ ingress: [tcp(3389, "0.0.0.0/0")] }), reason: /^RDP port 3389 open to the internet: tcp\/3389 from 0\.0\.0\.0\/0$/, severity: "high" },
    { name: "UDP 3389 from ::/0", resource: sg({ ingress: [udp(3389, "::/0")] }), reason: /udp\/3389 from ::\/0$/ },
    { name: "protocol number 17 is UDP", resource: sg({ ingress: [{ protocol: "17", fromPort: 3389, toPort: 3389, cidr: "0.0.0.0/0" }] }), reason: /udp\/3389/ },
    { name: "a narrow range covering 3389 is not all traffic", resource: sg({ ingress: [tcp([3000, 4000], "0.0.0.0/0")] }), reason: /tcp\/3000-4000 from 0\.0\.0\.0\/0$/ },
    {
      name: "a range of every port is covered by the all-traffic rule",
      resource: sg({ ingress: [udp([0, 65535], "::/0")] }),
      reason: /udp\/0-65535 from ::\/0 \(covered by ec2-no-all-traffic-from-internet\)/,
    },
    { name: "protocol -1", resource: sg({ ingress: [all("0.0.0.0/0")] }), reason: /all traffic from 0\.0\.0\.0\/0 \(covered by/ },
    {
      name: "unattached group reported one step lower",
      resource: sg({ ingress: [tcp(3389, "0.0.0.0/0")], attachments: 0 }),
      severity: "medium",
      evidence: { attachmentCount: 0, ports: [3389] },
    },
  ],
  notApplicable: [],
});
