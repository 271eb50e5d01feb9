/**
 * Builders for resource records in the exact normalized shape the collectors
 * produce, so rule tables stay one line per case.
 */
import type { Permission, SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord, ResourceType } from "../../src/types/resource.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/**
 * A read that failed, leaving `resourceTypes` incomplete in the region: what a
 * collector records. `action` is the IAM action denied; the code defaults to
 * the AccessDenied most services answer (EC2 says UnauthorizedOperation).
 */
export function collectionError(
  service: string,
  action: string,
  resourceTypes: ResourceType[],
  options: { region?: string; code?: string } = {},
): CollectionError {
  return {
    service,
    region: options.region ?? REGION,
    operation: action.split(":")[1]!,
    code: options.code ?? "AccessDenied",
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/auditor/session is not authorized to perform: ${action}`,
    resourceTypes,
  };
}

export function record<A>(type: ResourceType, id: string, attributes: A, extra: Partial<ResourceRecord<A>> = {}): ResourceRecord<A> {
  return { type, id, accountId: ACCOUNT, region: REGION, tags: {}, attributes, ...extra };
}

let sgCounter = 0;

export function sg(
  options: { id?: string; ingress?: Permission[]; egress?: Permission[]; attachments?: number; isDefault?: boolean; vpcId?: string; name?: string } = {},
): ResourceRecord<SecurityGroupAttributes> {
  const id = options.id ?? `sg-0${(++sgCounter).toString(16).padStart(16, "0")}`;
  const groupName = options.name ?? (options.isDefault ? "default" : `group-${id}`);
  return record<SecurityGroupAttributes>(
    "AWS::EC2::SecurityGroup",
    id,
    {
      groupName,
      description: `${groupName} group`,
      vpcId: options.vpcId ?? "vpc-0a1b2c3d4e5f60001",
      isDefault: options.isDefault ?? false,
      ingress: options.ingress ?? [],
      egress: options.egress ?? [all("0.0.0.0/0")],
    },
    {
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
      name: groupName,
      state: { attachmentCount: options.attachments ?? 1 },
    },
  );
}

function source(from: string): Pick<Permission, "cidr" | "ipv6Cidr" | "groupId" | "prefixListId"> {
  if (from.startsWith("sg-")) return { groupId: from };
  if (from.startsWith("pl-")) return { prefixListId: from };
  return from.includes(":") ? { ipv6Cidr: from } : { cidr: from };
}

export function tcp(port: number | [number, number], from: string): Permission {
  const [fromPort, toPort] = Array.isArray(port) ? port : [port, port];
  return { protocol: "tcp", fromPort, toPort, ...source(from) };
}

export function udp(port: number | [number, number], from: string): Permission {
  return { ...tcp(port, from), protocol: "udp" };
}

/**
 * A TCP/UDP permission with its FromPort/ToPort exactly as EC2 returned them,
 * even -1/-1 or an end missing, which `tcp` never builds; both mean every port.
 */
export function ported(protocol: "tcp" | "udp" | "6" | "17", ports: { fromPort?: number; toPort?: number }, from: string): Permission {
  return { protocol, ...ports, ...source(from) };
}

/** Protocol -1: every protocol and port; AWS returns no FromPort/ToPort. */
export function all(from: string): Permission {
  return { protocol: "-1", ...source(from) };
}

/** Another IP protocol by number, e.g. 47 (GRE); AWS echoes FromPort/ToPort as given or omits them. */
export function proto(number: string, from: string, ports?: [number, number]): Permission {
  return { protocol: number, ...(ports && { fromPort: ports[0], toPort: ports[1] }), ...source(from) };
}

/** What a collector records for one item kept with attributes unreadable: `field` missing from the response. */
export function unreadableError(service: string, operation: string, type: ResourceType, id: string, field: string, region = REGION): CollectionError {
  return { service, region, operation, code: "MalformedResponse", message: `read with attributes missing: ${id} (${field} missing)`, resourceTypes: [type], resourceIds: [id] };
}
