import { paginateDescribeNetworkInterfaces } from "@aws-sdk/client-ec2";
import type { NetworkInterface } from "@aws-sdk/client-ec2";
import { batchesOf } from "../partial-reads.js";
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

/** EC2 takes at most 200 values in the filters of one request (FilterLimitExceeded). */
const FILTER_VALUES = 200;

/**
 * The attachment counts of these groups alone: the interfaces filtered on
 * group-id, each group counted from the answer of the batch that names it
 * (an interface of two groups in two batches is in both answers).
 */
export function readGroupAttachments(ctx: Ec2Context, groupIds: string[]): Promise<Pick<NetworkInterfaceUse, "byGroup"> | undefined> {
  return ctx.attempt("DescribeNetworkInterfaces", [SECURITY_GROUP], async () => {
    const byGroup = new Map<string, number>();
    for (const batch of batchesOf(groupIds, FILTER_VALUES)) {
      const filter = { Filters: [{ Name: "group-id", Values: batch }] };
      const counts = networkInterfaceUse(await allItems(paginateDescribeNetworkInterfaces({ client: ctx.client, pageSize: 1000 }, filter), (page) => page.NetworkInterfaces, "NetworkInterfaces")).byGroup;
      for (const id of batch) byGroup.set(id, counts.get(id) ?? 0);
    }
    return { byGroup };
  });
}
