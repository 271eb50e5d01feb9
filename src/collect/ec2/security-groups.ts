import { DescribeSecurityGroupsCommand, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import type { IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import type { Permission, SecurityGroupAttributes, SecurityGroupState } from "../../types/attributes.js";
import { ALL_TRAFFIC, protocolName } from "../../types/permission.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { compact, sortedByJson } from "../normalize.js";
import type { PerResourceReads } from "../partial-reads.js";
import type { NetworkInterfaceUse } from "./network-interfaces.js";
import { readGroupAttachments } from "./network-interfaces.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { SECURITY_GROUP, ec2Record } from "./records.js";
import { eachUnlessDeleted } from "../partial-reads.js";

/** Security groups, with attachment counts when the network interfaces could be read. */
export function readSecurityGroups(ctx: Ec2Context, interfaces: Promise<NetworkInterfaceUse | undefined>): Promise<ResourceRecord<SecurityGroupAttributes>[] | undefined> {
  return ctx.attempt("DescribeSecurityGroups", [SECURITY_GROUP], async () => {
    // MaxResults 1000 is the API maximum.
    const groups = await allItems(paginateDescribeSecurityGroups({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.SecurityGroups, "SecurityGroups");
    const use = await interfaces;
    return recordsOf(ctx, "DescribeSecurityGroups", SECURITY_GROUP, groups, (group, fields) => securityGroupRecord(ctx, group, use, fields));
  });
}

/** These groups alone (a targeted read), each with its attachment count when the interfaces using it could be read. */
export async function readSecurityGroupsById(ctx: Ec2Context, ids: string[], readEach: PerResourceReads): Promise<ResourceRecord<SecurityGroupAttributes>[]> {
  if (ids.length === 0) return [];
  const interfaces = readGroupAttachments(ctx, ids);
  const groups = await eachUnlessDeleted(readEach, "DescribeSecurityGroups", [SECURITY_GROUP], ids, ["InvalidGroup.NotFound"], async (id) => {
    const out = await ctx.client.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
    return required(out.SecurityGroups, "SecurityGroups");
  });
  const use = await interfaces;
  return recordsOf(ctx, "DescribeSecurityGroups", SECURITY_GROUP, groups, (group, fields) => securityGroupRecord(ctx, group, use, fields));
}

/** Without its GroupName a group is named by its Name tag alone, and both groupName and isDefault are unreadable. */
export function securityGroupRecord(
  ctx: Ec2Context,
  group: SecurityGroup,
  use: Pick<NetworkInterfaceUse, "byGroup"> | undefined,
  fields = new ItemFields(),
): ResourceRecord<SecurityGroupAttributes> {
  const id = required(group.GroupId, "GroupId");
  const groupName = fields.read("groupName", () => required(group.GroupName, "GroupName"));
  const attributes = {
    groupName,
    description: group.Description ?? "",
    vpcId: group.VpcId,
    // Every VPC has exactly one group named "default", and no other group may take that name.
    isDefault: fields.read("isDefault", () => required(group.GroupName, "GroupName") === "default"),
    ingress: fields.read("ingress", () => flattenPermissions(group.IpPermissions, ctx.accountId)),
    egress: fields.read("egress", () => flattenPermissions(group.IpPermissionsEgress, ctx.accountId)),
  } as SecurityGroupAttributes;
  const state: SecurityGroupState | undefined = use && { attachmentCount: use.byGroup.get(id) ?? 0 };
  return ec2Record(ctx, { type: SECURITY_GROUP, id, arnResource: `security-group/${id}`, tags: group.Tags, attributes, state, serviceName: groupName });
}

/** One Permission per source of each IpPermission, in canonical order so AWS's list order never looks like drift. */
export function flattenPermissions(permissions: IpPermission[] | undefined, accountId: string): Permission[] {
  return sortedByJson((permissions ?? []).flatMap((p) => permissionsOf(p, accountId)));
}

type Source = Pick<Permission, "cidr" | "ipv6Cidr" | "groupId" | "groupOwnerId" | "prefixListId">;

function permissionsOf(permission: IpPermission, accountId: string): Permission[] {
  const protocol = protocolName(required(permission.IpProtocol, "IpPermissions.IpProtocol"));
  const ports = protocol === ALL_TRAFFIC ? {} : { fromPort: permission.FromPort, toPort: permission.ToPort };
  const entry = (source: Source, description: string | undefined): Permission =>
    compact({
      protocol,
      ...ports,
      cidr: source.cidr,
      ipv6Cidr: source.ipv6Cidr,
      groupId: source.groupId,
      groupOwnerId: source.groupOwnerId,
      prefixListId: source.prefixListId,
      description,
    });
  return [
    ...(permission.IpRanges ?? []).map((r) => entry({ cidr: required(r.CidrIp, "IpRanges.CidrIp") }, r.Description)),
    ...(permission.Ipv6Ranges ?? []).map((r) => entry({ ipv6Cidr: required(r.CidrIpv6, "Ipv6Ranges.CidrIpv6") }, r.Description)),
    ...(permission.UserIdGroupPairs ?? []).map((pair) =>
      entry(
        {
          groupId: required(pair.GroupId, "UserIdGroupPairs.GroupId"),
          // UserId is the referenced group's owner; only another account's is worth recording.
          groupOwnerId: pair.UserId && pair.UserId !== accountId ? pair.UserId : undefined,
        },
        pair.Description,
      ),
    ),
    ...(permission.PrefixListIds ?? []).map((p) => entry({ prefixListId: required(p.PrefixListId, "PrefixListIds.PrefixListId") }, p.Description)),
  ];
}
