import * as z from "zod";
import type { Permission, SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { publicPrefixLengthParam } from "../lib/port-rule.js";
import {
  coveredByAllTraffic,
  describePermission,
  groupEvidence,
  internetIngress,
  portCount,
  protocolOf,
  severityForAttachment,
} from "../lib/security-group.js";
import { perParams } from "../lib/per-params.js";

const params = z
  .object({
    authorizedPorts: z.array(z.number().int().min(0).max(65535)).default([80, 443]),
    publicPrefixLength: publicPrefixLengthParam,
  })
  .strict();

type Params = z.infer<typeof params>;

/** Authorized only when TCP and every port of its range is authorized (tcp/80-443 opens 8080 too). */
function isAuthorized(permission: Permission, authorizedPorts: number[]): boolean {
  if (protocolOf(permission) !== "tcp" || permission.fromPort === undefined || permission.toPort === undefined) return false;
  const { fromPort: from, toPort: to } = permission;
  let inRange = 0;
  for (const port of authorizedPorts) if (from <= port && port <= to) inRange++;
  return inRange === portCount(permission);
}

/** The authorized ports once each, so that counting those in a range counts ports; and how reasons name them. */
const authorizedOf = perParams((params: Params) => ({ ports: [...new Set(params.authorizedPorts)], words: `tcp ${params.authorizedPorts.join(", ")}` }));

export default defineRule({
  id: "ec2-only-web-ports-public",
  title: "Only web ports are open to the internet",
  service: "ec2",
  severity: "medium",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  rationale:
    "The web tier needs only HTTP and HTTPS from the internet; any other port open to 0.0.0.0/0 or ::/0 publishes a service that should sit behind the load balancer or a VPN.",
  remediation:
    "Revoke internet ingress on every port outside the authorized list (or add the port to the rule's authorizedPorts if it is meant to be public):\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 8080 --cidr 0.0.0.0/0",
  references: { awsConfig: "vpc-sg-open-only-to-authorized-ports", securityHub: "EC2.18" },
  params,
  evaluate(resource: ResourceRecord<SecurityGroupAttributes>, { params }) {
    const open = internetIngress(resource.attributes, params);
    if (open.length === 0) return notApplicable("no ingress from the internet");
    return judgeOpen(resource, open, params);
  },
});

/** Apart from evaluate, so that the closure here costs nothing to the many groups with no internet ingress. */
function judgeOpen(resource: ResourceRecord<SecurityGroupAttributes>, open: Permission[], params: Params): Outcome {
  const { ports, words: authorized } = authorizedOf(params);
  const unauthorized = open.filter((p) => !isAuthorized(p, ports));
  if (unauthorized.length === 0) {
    return pass(`internet ingress only on authorized ports (${authorized}): ${open.map(describePermission).join("; ")}`);
  }
  return fail(
    `internet ingress outside the authorized ports (${authorized}): ${unauthorized.map(describePermission).join("; ")}${coveredByAllTraffic(resource.attributes, unauthorized)}`,
    groupEvidence(resource, unauthorized, { authorizedPorts: params.authorizedPorts }),
    severityForAttachment("medium", resource),
  );
}
