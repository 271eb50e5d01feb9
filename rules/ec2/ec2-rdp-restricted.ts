import { definePortRule } from "../lib/port-rule.js";

export default definePortRule({
  id: "ec2-rdp-restricted",
  title: "RDP is not open to the internet",
  label: "RDP",
  ports: [3389],
  // RDP 8.0 and later also carry the session over UDP 3389.
  protocols: ["tcp", "udp"],
  severity: "high",
  rationale:
    "Remote Desktop reachable from 0.0.0.0/0 or ::/0 is one of the most scanned and brute-forced services on the internet; administrative access belongs behind a VPN, a bastion or Fleet Manager.",
  remediation:
    "Remove the internet source (TCP and UDP) and allow only your admin network, or use Systems Manager Fleet Manager instead of direct RDP:\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3389 --cidr 0.0.0.0/0\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol udp --port 3389 --cidr 0.0.0.0/0\n" +
    "aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3389 --cidr 203.0.113.0/24",
  references: { awsConfig: "restricted-common-ports", securityHub: "EC2.14" },
});
