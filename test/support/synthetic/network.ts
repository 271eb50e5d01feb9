/** VPCs with their subnets, route tables, flow logs and default security group, as EC2 describes them. */
import type { IpPermission, Route, RouteTable, SecurityGroup, Subnet, Vpc } from "@aws-sdk/client-ec2";
import type { RegionData } from "./account.js";
import type { Generation } from "./ids.js";
import { CREATED, availabilityZones, tagList } from "./ids.js";

export interface VpcLayout {
  vpc: Vpc & { VpcId: string; CidrBlock: string };
  name: string;
  /** One per availability zone, routed to the internet gateway. */
  publicSubnets: Subnet[];
  /** One per availability zone, routed through a NAT gateway. */
  privateSubnets: Subnet[];
}

/** Every VPC's default group: all traffic from its own members, and all egress. */
function defaultGroup(gen: Generation, data: RegionData, vpcId: string, closed: boolean): void {
  const id = gen.ec2Id("sg");
  data.securityGroups.push(
    securityGroup(gen, data.region, {
      id,
      name: "default",
      description: "default VPC security group",
      vpcId,
      ingress: closed ? [] : [{ IpProtocol: "-1", IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: gen.accountId }] }],
    }),
  );
}

export const ALL_EGRESS: IpPermission[] = [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];

export function securityGroup(
  gen: Generation,
  region: string,
  group: { id: string; name: string; description: string; vpcId: string; ingress: IpPermission[]; tags?: Record<string, string> },
): SecurityGroup {
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description,
    OwnerId: gen.accountId,
    VpcId: group.vpcId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${gen.accountId}:security-group/${group.id}`,
    IpPermissions: group.ingress,
    IpPermissionsEgress: ALL_EGRESS,
    ...(group.tags && { Tags: tagList(group.tags) }),
  };
}

/** One ingress permission; each source is a CIDR, an IPv6 CIDR, a group id (sg-) or a prefix list (pl-). */
export function ingress(protocol: string, ports: [number, number] | undefined, sources: string[], accountId: string): IpPermission {
  return {
    IpProtocol: protocol,
    ...(ports && { FromPort: ports[0], ToPort: ports[1] }),
    IpRanges: sources.filter((s) => /^\d/.test(s) && !s.includes(":")).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: sources.filter((s) => s.includes(":")).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: sources.filter((s) => s.startsWith("pl-")).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: sources.filter((s) => s.startsWith("sg-")).map((GroupId) => ({ GroupId, UserId: accountId })),
  };
}

function subnet(gen: Generation, data: RegionData, vpcId: string, zone: { name: string; id: string }, cidr: string, tags: Record<string, string>, defaultForAz = false): Subnet {
  const id = gen.ec2Id("subnet");
  const created: Subnet = {
    SubnetId: id,
    SubnetArn: `arn:aws:ec2:${data.region}:${gen.accountId}:subnet/${id}`,
    VpcId: vpcId,
    State: "available",
    AvailabilityZone: zone.name,
    AvailabilityZoneId: zone.id,
    CidrBlock: cidr,
    AvailableIpAddressCount: 251,
    DefaultForAz: defaultForAz,
    MapPublicIpOnLaunch: defaultForAz,
    OwnerId: gen.accountId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: tagList(tags),
  };
  data.subnets.push(created);
  return created;
}

function vpc(gen: Generation, data: RegionData, cidr: string, isDefault: boolean, tags: Record<string, string>): VpcLayout["vpc"] {
  const id = gen.ec2Id("vpc");
  const created = {
    VpcId: id,
    CidrBlock: cidr,
    State: "available" as const,
    OwnerId: gen.accountId,
    InstanceTenancy: "default" as const,
    IsDefault: isDefault,
    DhcpOptionsId: "dopt-0a1b2c3d4e5f60001",
    CidrBlockAssociationSet: [{ AssociationId: gen.ec2Id("vpc-cidr-assoc"), CidrBlock: cidr, CidrBlockState: { State: "associated" as const } }],
    Tags: tagList(tags),
  };
  data.vpcs.push(created);
  return created;
}

const localRoute = (cidr: string): Route => ({ DestinationCidrBlock: cidr, GatewayId: "local", Origin: "CreateRouteTable", State: "active" });

function routeTable(gen: Generation, data: RegionData, vpcId: string, routes: Route[], association: { main: true } | { subnets: Subnet[] }, name?: string): RouteTable {
  const id = gen.ec2Id("rtb");
  const associations =
    "main" in association
      ? [{ Main: true, RouteTableAssociationId: gen.ec2Id("rtbassoc"), RouteTableId: id, AssociationState: { State: "associated" as const } }]
      : association.subnets.map((s) => ({ Main: false, RouteTableAssociationId: gen.ec2Id("rtbassoc"), RouteTableId: id, SubnetId: s.SubnetId, AssociationState: { State: "associated" as const } }));
  const table: RouteTable = {
    RouteTableId: id,
    VpcId: vpcId,
    OwnerId: gen.accountId,
    Routes: routes,
    Associations: associations,
    PropagatingVgws: [],
    Tags: name ? tagList({ Name: name }) : [],
  };
  data.routeTables.push(table);
  return table;
}

function flowLog(gen: Generation, data: RegionData, resourceId: string, failing: boolean): void {
  const toS3 = gen.random.chance(0.5);
  data.flowLogs.push({
    FlowLogId: gen.ec2Id("fl"),
    ResourceId: resourceId,
    TrafficType: gen.random.pick(["ALL", "ALL", "REJECT"] as const),
    LogDestinationType: toS3 ? "s3" : "cloud-watch-logs",
    ...(toS3
      ? { LogDestination: `arn:aws:s3:::flow-logs-${gen.accountId}/${data.region}` }
      : { LogGroupName: `/vpc/flow-logs/${resourceId}`, DeliverLogsPermissionArn: `arn:aws:iam::${gen.accountId}:role/flow-logs` }),
    FlowLogStatus: "ACTIVE",
    DeliverLogsStatus: failing ? "FAILED" : "SUCCESS",
    CreationTime: CREATED,
    MaxAggregationInterval: 600,
    LogFormat: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
  });
}

/** The default VPC of the region: default subnets with public addresses, the main table routed to the internet, no flow log. */
export function addDefaultVpc(gen: Generation, data: RegionData): void {
  const cidr = "172.31.0.0/16";
  const { VpcId } = vpc(gen, data, cidr, true, {});
  availabilityZones(data.region).forEach((zone, i) => subnet(gen, data, VpcId, zone, `172.31.${i * 16}.0/20`, {}, true));
  routeTable(gen, data, VpcId, [localRoute(cidr), { DestinationCidrBlock: "0.0.0.0/0", GatewayId: gen.ec2Id("igw"), Origin: "CreateRoute", State: "active" }], { main: true });
  defaultGroup(gen, data, VpcId, false);
}

/** A forgotten experiment: one subnet in one zone, SSH open to the world, one instance, no flow log. */
export function addSandboxVpc(gen: Generation, data: RegionData): VpcLayout {
  const cidr = "10.250.0.0/16";
  const created = vpc(gen, data, cidr, false, { Name: "sandbox" });
  const only = subnet(gen, data, created.VpcId, availabilityZones(data.region)[0], "10.250.1.0/24", { Name: "sandbox-a" });
  routeTable(gen, data, created.VpcId, [localRoute(cidr), { DestinationCidrBlock: "0.0.0.0/0", GatewayId: gen.ec2Id("igw"), Origin: "CreateRoute", State: "active" }], { main: true });
  defaultGroup(gen, data, created.VpcId, false);
  return { vpc: created, name: "sandbox", publicSubnets: [only], privateSubnets: [] };
}

/**
 * An application VPC: a public and a private subnet in each of three zones, a
 * main table with only the local route, a public table to the internet gateway
 * and one private table per zone through that zone's NAT gateway. Most have a
 * flow log; a few have one whose delivery fails, or a NAT route left as a
 * blackhole after its gateway was deleted.
 */
export function addVpc(gen: Generation, data: RegionData): VpcLayout {
  const index = data.vpcs.length;
  const name = `apps-${index}`;
  const cidr = `10.${index % 250}.0.0/16`;
  const created = vpc(gen, data, cidr, false, { Name: name, env: "prod" });
  const zones = availabilityZones(data.region);
  const publicSubnets = zones.map((zone, i) => subnet(gen, data, created.VpcId, zone, `10.${index % 250}.${i}.0/24`, { Name: `${name}-public-${zone.name.slice(-1)}`, tier: "public" }));
  const privateSubnets = zones.map((zone, i) => subnet(gen, data, created.VpcId, zone, `10.${index % 250}.${10 + i}.0/24`, { Name: `${name}-private-${zone.name.slice(-1)}`, tier: "private" }));

  routeTable(gen, data, created.VpcId, [localRoute(cidr)], { main: true }, `${name}-main`);
  const igw = gen.ec2Id("igw");
  routeTable(
    gen,
    data,
    created.VpcId,
    [localRoute(cidr), { DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw, Origin: "CreateRoute", State: "active" }, { DestinationIpv6CidrBlock: "::/0", GatewayId: igw, Origin: "CreateRoute", State: "active" }],
    { subnets: publicSubnets },
    `${name}-public`,
  );
  const staleNat = gen.random.chance(0.05);
  privateSubnets.forEach((s, i) =>
    routeTable(
      gen,
      data,
      created.VpcId,
      [localRoute(cidr), { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: gen.ec2Id("nat"), Origin: "CreateRoute", State: staleNat && i === 0 ? "blackhole" : "active" }],
      { subnets: [s] },
      `${name}-private-${i}`,
    ),
  );

  if (gen.random.chance(0.8)) flowLog(gen, data, created.VpcId, gen.random.chance(0.05));
  // A subnet's flow log does not cover its VPC.
  if (gen.random.chance(0.1)) flowLog(gen, data, privateSubnets[0].SubnetId!, false);
  defaultGroup(gen, data, created.VpcId, gen.random.chance(0.3));
  return { vpc: created, name, publicSubnets, privateSubnets };
}
