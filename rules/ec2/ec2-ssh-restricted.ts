import { definePortRule } from "../lib/port-rule.js";

export default definePortRule({
  id: "ec2-ssh-restricted",
  title: "SSH is not open to the internet",
  label: "SSH",
  ports: [22],
  protocols: ["tcp"],
  severity: "high",
  rationale:
    "SSH reachable from 0.0.0.0/0 or ::/0 invites brute-force and exploit attempts against every instance using the group; administrative access belongs behind a VPN, a bastion or Session Manager.",
  remediation:
    "Remove the internet source and allow only your admin network, or use SSM Session Manager instead of SSH:\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0\n" +
    "aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 203.0.113.0/24",
  references: { awsConfig: "restricted-ssh", securityHub: "EC2.13" },
});
