import { paginateDescribeRouteTables, paginateDescribeSubnets } from "@aws-sdk/client-ec2";
import type { Route, RouteTable, Subnet } from "@aws-sdk/client-ec2";
import type { SubnetAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { MalformedResponseError, required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { SUBNET, ec2Record } from "./records.js";

interface RouteTableSummary {
  id: string;
  routesToInternetGateway: boolean;
}

/** A route table lacking this field: the subnets using it cannot say where they route. */
interface MalformedRouteTable {
  missing: string;
}

/** The route table each subnet uses: its explicit association, else its VPC's main table. */
export interface SubnetRouting {
  explicit: Map<string, RouteTableSummary | MalformedRouteTable>;
  main: Map<string, RouteTableSummary | MalformedRouteTable>;
}

export function readSubnetRouting(ctx: Ec2Context): Promise<SubnetRouting | undefined> {
  return ctx.attempt("DescribeRouteTables", [SUBNET], async () =>
    // MaxResults 100 is this API's maximum (most EC2 Describe calls allow 1000).
    subnetRouting(await allItems(paginateDescribeRouteTables({ client: ctx.client, pageSize: 100 }, {}), (page) => page.RouteTables, "RouteTables")),
  );
}

export function subnetRouting(tables: RouteTable[]): SubnetRouting {
  const routing: SubnetRouting = { explicit: new Map(), main: new Map() };
  for (const table of tables) {
    const summary = summaryOf(table);
    for (const association of table.Associations ?? []) {
      // A main table of an unknown VPC could be any subnet's: that fails the whole list.
      if (association.Main) routing.main.set(required(table.VpcId, "RouteTables.VpcId"), summary);
      else if (association.SubnetId) routing.explicit.set(association.SubnetId, summary);
    }
  }
  return routing;
}

function summaryOf(table: RouteTable): RouteTableSummary | MalformedRouteTable {
  if (table.RouteTableId === undefined) return { missing: "RouteTables.RouteTableId" };
  return { id: table.RouteTableId, routesToInternetGateway: (table.Routes ?? []).some(isDefaultRouteToInternetGateway) };
}

/**
 * A default route (IPv4 or IPv6) whose target is an internet gateway. A route
 * left pointing at a deleted gateway is in state "blackhole" and routes nothing;
 * egress-only gateways (eigw-) and NAT gateways admit no inbound connection.
 */
function isDefaultRouteToInternetGateway(route: Route): boolean {
  const isDefault = route.DestinationCidrBlock === "0.0.0.0/0" || route.DestinationIpv6CidrBlock === "::/0";
  return isDefault && (route.GatewayId?.startsWith("igw-") ?? false) && route.State !== "blackhole";
}

export function readSubnets(ctx: Ec2Context, routing: Promise<SubnetRouting | undefined>): Promise<ResourceRecord<SubnetAttributes>[] | undefined> {
  return ctx.attempt("DescribeSubnets", [SUBNET], async () => {
    // MaxResults 1000 is the API maximum.
    const subnets = await allItems(paginateDescribeSubnets({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.Subnets, "Subnets");
    const tables = await routing;
    return recordsOf(ctx, "DescribeSubnets", SUBNET, subnets, (subnet, fields) => subnetRecord(ctx, subnet, tables, fields));
  });
}

/**
 * Without route tables the subnet has no routeTableId and routesToInternetGateway
 * is false; the DescribeRouteTables CollectionError names Subnet, so the false is
 * never read as a finding about the account.
 */
export function subnetRecord(ctx: Ec2Context, subnet: Subnet, routing: SubnetRouting | undefined, fields = new ItemFields()): ResourceRecord<SubnetAttributes> {
  const id = required(subnet.SubnetId, "SubnetId");
  const table = () => routeTableOf(id, subnet, routing);
  const attributes = {
    vpcId: fields.read("vpcId", () => required(subnet.VpcId, "VpcId")),
    availabilityZone: fields.read("availabilityZone", () => required(subnet.AvailabilityZone, "AvailabilityZone")),
    availabilityZoneId: subnet.AvailabilityZoneId,
    cidrBlock: subnet.CidrBlock,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    routeTableId: fields.read("routeTableId", () => table()?.id),
    routesToInternetGateway: fields.read("routesToInternetGateway", () => table()?.routesToInternetGateway ?? false),
  } as SubnetAttributes;
  return ec2Record(ctx, { type: SUBNET, id, arnResource: `subnet/${id}`, tags: subnet.Tags, attributes });
}

/** The subnet's explicit table, else its VPC's main one (which needs its VpcId); a malformed table throws. */
function routeTableOf(id: string, subnet: Subnet, routing: SubnetRouting | undefined): RouteTableSummary | undefined {
  const table = routing && (routing.explicit.get(id) ?? routing.main.get(required(subnet.VpcId, "VpcId")));
  if (table && "missing" in table) throw new MalformedResponseError(table.missing);
  return table;
}
