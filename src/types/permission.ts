/**
 * Security-group permissions in words, one module for every stage: the
 * collector names protocols with it, rules and drift describe permissions
 * with it ("tcp/22 from 0.0.0.0/0", "all traffic to ::/0").
 */
import type { Permission } from "./attributes.js";

// EC2 echoes a protocol given by number as that number; these four have names.
const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** Protocol -1: every protocol and every port; AWS returns no FromPort/ToPort for it. */
export const ALL_TRAFFIC = "-1";
export const PORTED_PROTOCOLS = ["tcp", "udp"];
export const KNOWN_PROTOCOLS = ["tcp", "udp", "icmp", "icmpv6", ALL_TRAFFIC];

/** "6" and "TCP" are "tcp"; the collector stores names, but snapshots written elsewhere may not. */
export function protocolName(raw: string): string {
  const p = raw.toLowerCase();
  return PROTOCOL_NAMES[p] ?? p;
}

export function protocolOf(permission: Permission): string {
  return protocolName(permission.protocol);
}

export function sourceOf(permission: Permission): string {
  return permission.cidr ?? permission.ipv6Cidr ?? permission.groupId ?? permission.prefixListId ?? "unknown source";
}

export function portRange(permission: Permission): string {
  const { fromPort: from, toPort: to } = permission;
  if (from === undefined || to === undefined || (from === -1 && to === -1)) return "all ports";
  return from === to ? String(from) : `${from}-${to}`;
}

/** "tcp/22 from 0.0.0.0/0", "all traffic from ::/0", "protocol 47 from 0.0.0.0/0". */
export function describePermission(permission: Permission): string {
  return describe(permission, `from ${sourceOf(permission)}`);
}

/** An egress permission names its destination: "all traffic to 0.0.0.0/0". */
export function describeEgress(permission: Permission): string {
  return describe(permission, `to ${sourceOf(permission)}`);
}

function describe(permission: Permission, peer: string): string {
  const protocol = protocolOf(permission);
  if (protocol === ALL_TRAFFIC) return `all traffic ${peer}`;
  if (!KNOWN_PROTOCOLS.includes(protocol)) return `protocol ${protocol} ${peer}`;
  if (protocol === "icmp" || protocol === "icmpv6") return `${protocol} ${peer}`;
  return `${protocol}/${portRange(permission)} ${peer}`;
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as Permission).protocol === "string";
}
