import rule from "../../../rules/ec2/ec2-no-all-traffic-from-internet.js";
import type { Permission } from "../../../src/types/attributes.js";
import { all, proto, sg, tcp, udp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

/** ICMP echo request (type 8, every code): EC2 returns type and code as FromPort/ToPort. */
const ping = (from: string): Permission => ({ protocol: "icmp", fromPort: 8, toPort: -1, cidr: from });

ruleTester.run(rule, {
  pass: [
    { name: "web ports", resource: sg({ ingress: [tcp(80, "0.0.0.0/0"), tcp(443, "::/0")] }) },
    { name: "all traffic from the group itself (the default group's rule)", resource: sg({ id: "sg-0self000000000001", ingress: [all("sg-0self000000000001")] }) },
    { name: "all traffic from a prefix list", resource: sg({ ingress: [all("pl-0123456789abcdef0")] }) },
    { name: "GRE from a private range", resource: sg({ ingress: [proto("47", "10.0.0.0/8")] }) },
    { name: "exactly 1024 ports", resource: sg({ ingress: [tcp([1, 1024], "0.0.0.0/0")] }) },
    { name: "ICMP from the internet", resource: sg({ ingress: [ping("0.0.0.0/0")] }) },
    { name: "a wide range is fine under a larger maxPortRange", resource: sg({ ingress: [tcp([1024, 4096], "0.0.0.0/0")] }), params: { maxPortRange: 4096 } },
  ],
  fail: [
    { resource: sg({ ingress: [all("0.0.0.0/0")] }), reason: /^all traffic open to the internet: all traffic from 0\.0\.0\.0\/0 \(every protocol and port\)$/, severity: "critical" },
    { name: "protocol -1 from ::/0", resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), all("::/0")] }), reason: /all traffic from ::\/0/, evidence: { permissions: [{ protocol: "-1", ipv6Cidr: "::/0" }] } },
    { name: "GRE (47) opens all its ports whatever FromPort/ToPort say", resource: sg({ ingress: [proto("47", "0.0.0.0/0", [0, 0])] }), reason: /protocol 47 from 0\.0\.0\.0\/0 \(every port of protocol 47\)/ },
    { name: "every TCP port", resource: sg({ ingress: [tcp([0, 65535], "0.0.0.0/0")] }), reason: /tcp\/0-65535 from 0\.0\.0\.0\/0 \(65536 ports, more than 1024\)/ },
    { name: "protocol number 6 over a wide range", resource: sg({ ingress: [{ protocol: "6", fromPort: 1024, toPort: 65535, cidr: "0.0.0.0/0" }] }), reason: /tcp\/1024-65535 .*64512 ports/ },
    { name: "UDP over 2001 ports from ::/0", resource: sg({ ingress: [udp([1000, 3000], "::/0")] }), reason: /udp\/1000-3000 from ::\/0 \(2001 ports/ },
    { name: "a tighter maxPortRange", resource: sg({ ingress: [tcp([8000, 8200], "0.0.0.0/0")] }), params: { maxPortRange: 100 }, reason: /201 ports, more than 100/, evidence: { maxPortRange: 100 } },
    { name: "unattached group reported one step lower", resource: sg({ ingress: [all("0.0.0.0/0")], attachments: 0 }), severity: "high", evidence: { attachmentCount: 0 } },
    { name: "a public /8 when the param widens the internet", resource: sg({ ingress: [all("52.0.0.0/8")] }), params: { publicPrefixLength: 8 }, reason: /all traffic from 52\.0\.0\.0\/8/ },
  ],
  notApplicable: [],
});
