import * as z from "zod";
import type { Permission, SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome, Rule, RuleReferences } from "../../src/evaluate/rule.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import {
  coveredByAllTraffic,
  coversPort,
  coversPortOf,
  describePermission,
  groupEvidence,
  isInternetSource,
  protocolOf,
  severityForAttachment,
} from "./security-group.js";
import { perParams } from "./per-params.js";

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
  // What every group without such ingress passes with, made once rather than per group.
  const noIngress = perParams((params: PortRuleParams) => `no internet ingress to ${spec.label} (${portList(params.ports, spec.protocols)})`);
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
      const open = openPorts(resource.attributes, params, spec.protocols);
      if (open.length === 0) return pass(noIngress(params));
      return failOpen(spec, resource, open, params);
    },
  });
}

/** Apart from evaluate, so that the closures here cost nothing to the many groups that pass. */
function failOpen(spec: PortRuleSpec, resource: ResourceRecord<SecurityGroupAttributes>, open: Permission[], params: PortRuleParams): Outcome {
  const coveredBy = coveredByAllTraffic(resource.attributes, open);
  const ports = params.ports.filter((port) => open.some((p) => coversPort(p, spec.protocols, port)));
  return fail(
    `${spec.label} port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} open to the internet: ${open.map(describePermission).join("; ")}${coveredBy}`,
    groupEvidence(resource, open, { ports }),
    severityForAttachment(spec.severity, resource),
  );
}

/** Internet ingress, from a CIDR not allowed, to one of the ports. */
function openPorts(group: SecurityGroupAttributes, params: PortRuleParams, protocols: string[]): Permission[] {
  const open: Permission[] = [];
  for (const p of group.ingress) {
    if (isInternetSource(p, params) && !params.allowedCidrs.includes(p.cidr ?? p.ipv6Cidr ?? "") && coversAnyPort(p, protocols, params.ports)) open.push(p);
  }
  return open;
}

function coversAnyPort(permission: Permission, protocols: string[], ports: number[]): boolean {
  const protocol = protocolOf(permission);
  for (const port of ports) if (coversPortOf(permission, protocol, protocols, port)) return true;
  return false;
}

function portList(ports: number[], protocols: string[]): string {
  return `${protocols.join("/")} ${ports.join(", ")}`;
}
