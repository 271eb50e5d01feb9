import { z } from "zod";
import type { SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Rule, RuleReferences } from "../../src/evaluate/rule.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import {
  coveredByAllTraffic,
  coversPort,
  describePermission,
  groupEvidence,
  internetIngress,
  severityForAttachment,
} from "./security-group.js";

const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "a CIDR such as 203.0.113.0/24");

/** Widens "the internet" beyond 0.0.0.0/0 and ::/0 to public CIDRs this wide or wider (see `InternetOptions`). */
export const publicPrefixLengthParam = z.number().int().min(0).max(128).default(0);

export interface PortRuleParams {
  ports: number[];
  allowedCidrs: string[];
  publicPrefixLength: number;
}

interface PortRuleSpec {
  id: string;
  title: string;
  /** Names the service in reasons: "SSH", "RDP", "database". */
  label: string;
  ports: number[];
  protocols: string[];
  severity: Rule["severity"];
  rationale: string;
  remediation: string;
  references: RuleReferences;
}

/** A rule that no internet source reaches the given ports (SSH, RDP, databases). */
export function definePortRule(spec: PortRuleSpec): Rule<PortRuleParams> {
  return defineRule({
    id: spec.id,
    title: spec.title,
    service: "ec2",
    severity: spec.severity,
    resourceTypes: ["AWS::EC2::SecurityGroup"],
    rationale: spec.rationale,
    remediation: spec.remediation,
    references: spec.references,
    params: z
      .object({
        ports: z.array(z.number().int().min(0).max(65535)).default(spec.ports),
        allowedCidrs: z.array(cidr).default([]),
        publicPrefixLength: publicPrefixLengthParam,
      })
      .strict(),
    evaluate(resource: ResourceRecord<SecurityGroupAttributes>, { params }) {
      const open = internetIngress(resource.attributes, params).filter(
        (p) => !params.allowedCidrs.includes(p.cidr ?? p.ipv6Cidr ?? "") && params.ports.some((port) => coversPort(p, spec.protocols, port)),
      );
      if (open.length === 0) return pass(`no internet ingress to ${spec.label} (${portList(params.ports, spec.protocols)})`);
      const coveredBy = coveredByAllTraffic(resource.attributes, open);
      const ports = params.ports.filter((port) => open.some((p) => coversPort(p, spec.protocols, port)));
      return fail(
        `${spec.label} port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} open to the internet: ${open.map(describePermission).join("; ")}${coveredBy}`,
        { ...groupEvidence(resource, open), ports },
        severityForAttachment(spec.severity, resource),
      );
    },
  });
}

function portList(ports: number[], protocols: string[]): string {
  return `${protocols.join("/")} ${ports.join(", ")}`;
}
