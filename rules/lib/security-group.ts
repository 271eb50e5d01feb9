/**
 * Security-group semantics shared by the network rules (rules.md, "Security-group
 * semantics"): what counts as the internet, which permissions cover a port, and
 * how a permission is named in evidence.
 */
import type { Permission, SecurityGroupAttributes, SecurityGroupState } from "../../src/types/attributes.js";
import type { Severity } from "../../src/types/finding.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { ALL_TRAFFIC, describePermission, KNOWN_PROTOCOLS, PORTED_PROTOCOLS, protocolOf } from "../../src/types/permission.js";

export { ALL_TRAFFIC, describeEgress, describePermission, PORTED_PROTOCOLS, portRange, protocolOf, sourceOf } from "../../src/types/permission.js";

export interface InternetOptions {
  /**
   * Also treat any public CIDR with this prefix length or shorter as the
   * internet (e.g. 8 flags 52.0.0.0/8). 0 keeps the default: only 0.0.0.0/0 and ::/0.
   */
  publicPrefixLength?: number;
}

export function isInternetSource(permission: Permission, options: InternetOptions = {}): boolean {
  if (permission.cidr === "0.0.0.0/0" || permission.ipv6Cidr === "::/0") return true;
  const max = options.publicPrefixLength ?? 0;
  if (max <= 0) return false;
  const cidr = permission.cidr ?? permission.ipv6Cidr;
  if (!cidr) return false;
  const [address, bits] = cidr.split("/");
  return Number(bits) <= max && !isPrivateAddress(address ?? "");
}

function isPrivateAddress(address: string): boolean {
  if (address.includes(":")) return /^(f[cd]|fe80|::1$)/i.test(address);
  const [a, b] = address.split(".").map(Number);
  return a === 10 || a === 127 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127);
}

/** Protocol -1 covers every port; another protocol covers `port` when its range does. */
export function coversPort(permission: Permission, protocols: string[], port: number): boolean {
  return coversPortOf(permission, protocolOf(permission), protocols, port);
}

/** coversPort, the permission's protocol named once for the many ports a rule asks about. */
export function coversPortOf(permission: Permission, protocol: string, protocols: string[], port: number): boolean {
  if (protocol === ALL_TRAFFIC) return true;
  if (!protocols.includes(protocol)) return false;
  // TCP/UDP permissions always carry a range; a missing end means every port (as portCount counts it).
  const { fromPort: from, toPort: to } = permission;
  if (from === undefined || to === undefined) return true;
  return (from === -1 && to === -1) || (from <= port && port <= to);
}

/** How many TCP/UDP ports a permission opens; an absent or -1 range is all 65536, as in `coversPort`. */
export function portCount(permission: Permission): number {
  const { fromPort: from, toPort: to } = permission;
  if (from === undefined || to === undefined || (from === -1 && to === -1)) return 65536;
  return to - from + 1;
}

export function internetIngress(group: SecurityGroupAttributes, options: InternetOptions = {}): Permission[] {
  return group.ingress.filter((p) => isInternetSource(p, options));
}

export const DEFAULT_MAX_PUBLIC_PORT_RANGE = 1024;

/**
 * Why a permission amounts to "all traffic", or undefined when it does not:
 * protocol -1, a protocol other than tcp/udp/icmp/icmpv6 (EC2 opens every port
 * of it whatever FromPort/ToPort say), or a TCP/UDP range wider than `maxPortRange` ports.
 */
export function allTrafficReason(permission: Permission, maxPortRange = DEFAULT_MAX_PUBLIC_PORT_RANGE): string | undefined {
  const protocol = protocolOf(permission);
  if (protocol === ALL_TRAFFIC) return "every protocol and port";
  if (!KNOWN_PROTOCOLS.includes(protocol)) return `every port of protocol ${protocol}`;
  if (!PORTED_PROTOCOLS.includes(protocol)) return undefined;
  const count = portCount(permission);
  return count > maxPortRange ? `${count} ports, more than ${maxPortRange}` : undefined;
}

/** Internet permissions that amount to "all traffic" (see `allTrafficReason`). */
export function allTrafficPermissions(group: SecurityGroupAttributes, maxPortRange = DEFAULT_MAX_PUBLIC_PORT_RANGE, options: InternetOptions = {}): Permission[] {
  return group.ingress.filter((p) => isInternetSource(p, options) && allTrafficReason(p, maxPortRange) !== undefined);
}

export const ALL_TRAFFIC_RULE_ID = "ec2-no-all-traffic-from-internet";

/**
 * " (covered by ec2-no-all-traffic-from-internet)" when one of the `offending`
 * permissions also fails that rule (at its defaults), so a narrower rule's
 * FAIL points to the broader finding instead of hiding itself.
 */
export function coveredByAllTraffic(group: SecurityGroupAttributes, offending: Permission[]): string {
  const broad = allTrafficPermissions(group);
  return offending.some((p) => broad.includes(p)) ? ` (covered by ${ALL_TRAFFIC_RULE_ID})` : "";
}

export function attachmentCount(resource: ResourceRecord<SecurityGroupAttributes>): number | undefined {
  return (resource.state as SecurityGroupState | undefined)?.attachmentCount;
}

const LOWER: Record<Severity, Severity> = { critical: "high", high: "medium", medium: "low", low: "info", info: "info" };

/** An unattached group is reported one step lower: it exposes nothing until something uses it. */
export function severityForAttachment(severity: Severity, resource: ResourceRecord<SecurityGroupAttributes>): Severity {
  return attachmentCount(resource) === 0 ? LOWER[severity] : severity;
}

/**
 * Evidence common to every security-group finding, followed by the rule's own (`more`).
 * Built by assignment rather than with spreads: an object spread followed by more
 * properties gets a hidden class of its own, one more for every finding.
 */
export function groupEvidence(resource: ResourceRecord<SecurityGroupAttributes>, offending: Permission[], more: Record<string, unknown> = {}): Record<string, unknown> {
  const otherSources = resource.attributes.ingress.filter((p) => !offending.includes(p) && (p.groupId || p.prefixListId)).map(describePermission);
  const evidence: Record<string, unknown> = { permissions: offending.map((p) => withSummary(p, describePermission(p))), attachmentCount: attachmentCount(resource) ?? null };
  if (otherSources.length > 0) evidence.otherSources = otherSources;
  return Object.assign(evidence, more);
}

/** The permission with its description ("tcp/22 from 0.0.0.0/0") after its own fields. */
export function withSummary(permission: Permission, summary: string): Permission & { summary: string } {
  return Object.assign({}, permission, { summary });
}
