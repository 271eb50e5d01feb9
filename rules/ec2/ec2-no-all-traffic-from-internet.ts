import * as z from "zod";
import type { SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import { publicPrefixLengthParam } from "../lib/port-rule.js";
import { perParams } from "../lib/per-params.js";
import {
  ALL_TRAFFIC_RULE_ID,
  DEFAULT_MAX_PUBLIC_PORT_RANGE,
  allTrafficPermissions,
  allTrafficReason,
  describePermission,
  groupEvidence,
  severityForAttachment,
} from "../lib/security-group.js";

/** What every group without such ingress passes with, made once rather than per group. */
const noneOpen = perParams((params: { maxPortRange: number }) => `no internet ingress with all protocols, an unfiltered protocol or more than ${params.maxPortRange} ports`);

export default defineRule({
  id: ALL_TRAFFIC_RULE_ID,
  title: "Security groups do not admit all traffic from the internet",
  service: "ec2",
  severity: "critical",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  rationale:
    "A security group is a whitelist: every protocol, every port of a non-TCP/UDP protocol, or a wide port range open to 0.0.0.0/0 or ::/0 exposes whatever listens on the instances, including services nobody meant to publish.",
  remediation:
    "Revoke the broad permission and authorize only the ports the tier serves:\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'\n" +
    "aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 443 --cidr 0.0.0.0/0",
  references: { securityHub: "EC2.18, EC2.19" },
  params: z
    .object({
      /** A TCP/UDP permission opening more ports than this counts as all traffic. */
      maxPortRange: z.number().int().min(1).max(65536).default(DEFAULT_MAX_PUBLIC_PORT_RANGE),
      publicPrefixLength: publicPrefixLengthParam,
    })
    .strict(),
  evaluate(resource: ResourceRecord<SecurityGroupAttributes>, { params }) {
    const broad = allTrafficPermissions(resource.attributes, params.maxPortRange, params);
    if (broad.length === 0) return pass(noneOpen(params));
    return fail(
      `all traffic open to the internet: ${broad.map((p) => `${describePermission(p)} (${allTrafficReason(p, params.maxPortRange)})`).join("; ")}`,
      groupEvidence(resource, broad, { maxPortRange: params.maxPortRange }),
      severityForAttachment("critical", resource),
    );
  },
});
