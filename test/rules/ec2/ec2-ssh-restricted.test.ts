import rule from "../../../rules/ec2/ec2-ssh-restricted.js";
import { all, ported, proto, sg, tcp, udp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "SSH from an office range", resource: sg({ ingress: [tcp(22, "203.0.113.0/24")] }) },
    { name: "SSH from another security group", resource: sg({ ingress: [tcp(22, "sg-0bastion0000000001")] }) },
    { name: "SSH from a prefix list", resource: sg({ ingress: [tcp(22, "pl-0123456789abcdef0")] }) },
    { name: "UDP 22 is not SSH", resource: sg({ ingress: [udp(22, "0.0.0.0/0")] }) },
    { name: "GRE opens no TCP port", resource: sg({ ingress: [proto("47", "0.0.0.0/0")] }) },
    { name: "web ports only", resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), tcp(80, "::/0")] }) },
    { name: "allowed CIDR by param", resource: sg({ ingress: [tcp(22, "198.51.100.7/32")] }), params: { allowedCidrs: ["198.51.100.7/32"] } },
  ],
  fail: [
    { resource: sg({ ingress: [tcp(22, "0.0.0.0/0")] }), reason: /tcp\/22 from 0\.0\.0\.0\/0/, severity: "high" },
    { name: "IPv6 ::/0", resource: sg({ ingress: [tcp(22, "::/0")] }), reason: /tcp\/22 from ::\/0/ },
    { name: "protocol -1", resource: sg({ ingress: [all("::/0")] }), reason: /all traffic from ::\/0.*covered by ec2-no-all-traffic-from-internet/ },
    { name: "range covering 22", resource: sg({ ingress: [tcp([0, 1024], "0.0.0.0/0")] }), reason: /tcp\/0-1024/ },
    // EC2 answers a range of -1/-1, or one with an end missing, for every port.
    { name: "tcp -1/-1 is every port", resource: sg({ ingress: [ported("tcp", { fromPort: -1, toPort: -1 }, "0.0.0.0/0")] }) },
    { name: "protocol 6 -1/-1 from ::/0", resource: sg({ ingress: [ported("6", { fromPort: -1, toPort: -1 }, "::/0")] }) },
    { name: "FromPort without ToPort", resource: sg({ ingress: [ported("tcp", { fromPort: 0 }, "0.0.0.0/0")] }) },
    { name: "FromPort 22 without ToPort", resource: sg({ ingress: [ported("tcp", { fromPort: 22 }, "0.0.0.0/0")] }) },
    { name: "neither FromPort nor ToPort", resource: sg({ ingress: [ported("tcp", {}, "0.0.0.0/0")] }) },
    { name: "protocol number 6 is TCP", resource: sg({ ingress: [{ protocol: "6", fromPort: 20, toPort: 23, cidr: "0.0.0.0/0" }] }), reason: /tcp\/20-23/ },
    {
      name: "unattached group reported one step lower",
      resource: sg({ ingress: [tcp(22, "0.0.0.0/0")], attachments: 0 }),
      severity: "medium",
      evidence: { attachmentCount: 0 },
    },
    {
      name: "a public /8 when the param widens the internet",
      resource: sg({ ingress: [tcp(22, "52.0.0.0/8")] }),
      params: { publicPrefixLength: 8 },
      reason: /52\.0\.0\.0\/8/,
    },
    {
      name: "evidence names group sources too",
      resource: sg({ ingress: [tcp(22, "0.0.0.0/0"), tcp(22, "sg-0bastion0000000001")] }),
      evidence: { otherSources: ["tcp/22 from sg-0bastion0000000001"] },
    },
  ],
  notApplicable: [],
});
