import { paginateDescribeNetworkInterfaces } from "@aws-sdk/client-ec2";
import type { NetworkInterface } from "@aws-sdk/client-ec2";
import { countBy } from "./count.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { SECURITY_GROUP, VPC } from "./records.js";

/** How many network interfaces use each security group and sit in each VPC. */
export interface NetworkInterfaceUse {
  byGroup: Map<string, number>;
  byVpc: Map<string, number>;
}

export function readNetworkInterfaces(ctx: Ec2Context): Promise<NetworkInterfaceUse | undefined> {
  // Security-group attachment counts and VPC interface counts come from here.
  return ctx.attempt("DescribeNetworkInterfaces", [SECURITY_GROUP, VPC], async () =>
    // MaxResults 1000 is the API maximum.
    networkInterfaceUse(await allItems(paginateDescribeNetworkInterfaces({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.NetworkInterfaces, "NetworkInterfaces")),
  );
}

export function networkInterfaceUse(interfaces: NetworkInterface[]): NetworkInterfaceUse {
  return {
    byGroup: countBy(interfaces.flatMap((eni) => (eni.Groups ?? []).map((g) => g.GroupId))),
    byVpc: countBy(interfaces.map((eni) => eni.VpcId)),
  };
}
