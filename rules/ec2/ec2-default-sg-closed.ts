import * as z from "zod";
import type { SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { attachmentCount, describeEgress, describePermission, severityForAttachment, withSummary } from "../lib/security-group.js";

export default defineRule({
  id: "ec2-default-sg-closed",
  title: "The default security group allows no traffic",
  service: "ec2",
  severity: "medium",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  rationale:
    "Every ENI launched without an explicit group lands in the VPC's default group, which AWS creates admitting all traffic from its own members and to anywhere; with no rules it stops accidental exposure and forces deliberate, least-privilege groups.",
  remediation:
    "Revoke every permission of the default group (it cannot be deleted) and move its users to dedicated groups:\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-0123456789abcdef0}]'\n" +
    "aws ec2 revoke-security-group-egress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'",
  references: { awsConfig: "vpc-default-security-group-closed", securityHub: "EC2.2" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<SecurityGroupAttributes>) {
    const { isDefault, ingress, egress } = resource.attributes;
    if (!isDefault) return notApplicable("not a VPC's default security group");
    if (ingress.length === 0 && egress.length === 0) return pass("the default security group has no ingress or egress permissions");
    const rules = [...ingress.map((p) => `ingress ${describePermission(p)}`), ...egress.map((p) => `egress ${describeEgress(p)}`)];
    return fail(
      `the default security group has ${rules.length} permission${rules.length > 1 ? "s" : ""}: ${rules.join("; ")}`,
      {
        ingress: ingress.map((p) => withSummary(p, describePermission(p))),
        egress: egress.map((p) => withSummary(p, describeEgress(p))),
        attachmentCount: attachmentCount(resource) ?? null,
      },
      severityForAttachment("medium", resource),
    );
  },
});
