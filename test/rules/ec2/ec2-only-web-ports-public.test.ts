import rule from "../../../rules/ec2/ec2-only-web-ports-public.js";
import { all, sg, tcp, udp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "HTTP and HTTPS over IPv4 and IPv6", resource: sg({ ingress: [tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"), tcp(80, "::/0"), tcp(443, "::/0")] }), reason: /tcp\/80 from 0\.0\.0\.0\/0/ },
    { name: "HTTPS public, SSH from the office", resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), tcp(22, "203.0.113.0/24")] }) },
    { name: "a port authorized by param", resource: sg({ ingress: [tcp(8443, "0.0.0.0/0")] }), params: { authorizedPorts: [8443] } },
    { name: "a range whose every port is authorized", resource: sg({ ingress: [tcp([8080, 8081], "0.0.0.0/0")] }), params: { authorizedPorts: [8080, 8081] } },
  ],
  fail: [
    { resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")] }), reason: /^internet ingress outside the authorized ports \(tcp 80, 443\): tcp\/22 from 0\.0\.0\.0\/0$/, severity: "medium" },
    { name: "a range spanning 80-443 opens more than the web ports", resource: sg({ ingress: [tcp([80, 443], "::/0")] }), reason: /tcp\/80-443 from ::\/0$/ },
    { name: "UDP 443 is not an authorized TCP port", resource: sg({ ingress: [udp(443, "0.0.0.0/0")] }), reason: /udp\/443 from 0\.0\.0\.0\/0/ },
    { name: "ICMP", resource: sg({ ingress: [{ protocol: "icmpv6", fromPort: -1, toPort: -1, ipv6Cidr: "::/0" }] }), reason: /icmpv6 from ::\/0/ },
    { name: "protocol -1", resource: sg({ ingress: [tcp(80, "0.0.0.0/0"), all("0.0.0.0/0")] }), reason: /all traffic from 0\.0\.0\.0\/0 \(covered by ec2-no-all-traffic-from-internet\)/ },
    {
      name: "unattached group reported one step lower",
      resource: sg({ ingress: [tcp(8080, "0.0.0.0/0")], attachments: 0 }),
      severity: "low",
      evidence: { attachmentCount: 0, authorizedPorts: [80, 443], permissions: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidr: "0.0.0.0/0" }] },
    },
  ],
  notApplicable: [
    { name: "no ingress", resource: sg({ ingress: [] }), reason: /no ingress from the internet/ },
    { name: "only group and prefix-list sources", resource: sg({ ingress: [tcp(8080, "sg-0alb00000000000001"), all("pl-0123456789abcdef0")] }) },
    { name: "SSH from a private range", resource: sg({ ingress: [tcp(22, "10.0.0.0/16")] }) },
  ],
});
