/**
 * Names a security-group permission in drift summaries ("tcp/22 from 0.0.0.0/0").
 * The diff stage does not import rules, so it has its own small describer.
 */
import type { Permission } from "../types/attributes.js";

// Collectors map these numbers to names; snapshots written elsewhere may not.
const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

export function describePermission(permission: Permission): string {
  const protocol = PROTOCOL_NAMES[permission.protocol] ?? permission.protocol.toLowerCase();
  const source = permission.cidr ?? permission.ipv6Cidr ?? permission.groupId ?? permission.prefixListId ?? "unknown source";
  // Protocol -1 is all traffic and carries no FromPort/ToPort.
  if (protocol === "-1") return `all traffic from ${source}`;
  if (protocol === "tcp" || protocol === "udp") return `${protocol}/${portRange(permission)} from ${source}`;
  if (protocol === "icmp" || protocol === "icmpv6") return `${protocol} from ${source}`;
  return `protocol ${protocol} from ${source}`;
}

function portRange({ fromPort: from, toPort: to }: Permission): string {
  if (from === undefined || to === undefined || (from === -1 && to === -1)) return "all ports";
  return from === to ? String(from) : `${from}-${to}`;
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as Permission).protocol === "string";
}
