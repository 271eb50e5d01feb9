import { paginateDescribeFlowLogs, paginateDescribeVpcs } from "@aws-sdk/client-ec2";
import type { FlowLog as SdkFlowLog, Vpc } from "@aws-sdk/client-ec2";
import type { FlowLog, InstanceAttributes, VpcAttributes, VpcState } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { MalformedResponseError, required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { compact } from "../normalize.js";
import type { NetworkInterfaceUse } from "./network-interfaces.js";
import { countBy } from "./count.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { VPC, ec2Record } from "./records.js";
import { compareText } from "../../types/order.js";

/** Flow logs by the VPC they capture. */
export interface VpcFlowLogs {
  byVpc: Map<string, FlowLog[]>;
  /** The field missing from a VPC's malformed flow log, by VPC: that VPC's flowLogs are unreadable. */
  malformed: Map<string, string>;
}

export function readVpcFlowLogs(ctx: Ec2Context): Promise<VpcFlowLogs | undefined> {
  return ctx.attempt("DescribeFlowLogs", [VPC], async () =>
    // MaxResults 1000 is the API maximum.
    flowLogsByVpc(await allItems(paginateDescribeFlowLogs({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.FlowLogs, "FlowLogs")),
  );
}

/**
 * Only flow logs whose resource is the VPC itself: a subnet's or an
 * interface's flow log does not capture the rest of the VPC. A flow log
 * without its resource could be any VPC's, so it fails the whole list.
 */
export function flowLogsByVpc(flowLogs: SdkFlowLog[]): VpcFlowLogs {
  const logs: VpcFlowLogs = { byVpc: new Map(), malformed: new Map() };
  for (const log of flowLogs) {
    const resourceId = required(log.ResourceId, "FlowLogs.ResourceId");
    if (!resourceId.startsWith("vpc-")) continue;
    if (log.FlowLogId === undefined) {
      logs.malformed.set(resourceId, "FlowLogs.FlowLogId");
      continue;
    }
    // FlowLogStatus is always ACTIVE; a log that cannot deliver (deleted bucket, lost permission) shows in DeliverLogsStatus.
    const status = log.DeliverLogsStatus === "FAILED" ? "FAILED" : log.FlowLogStatus;
    const entry = compact({ id: log.FlowLogId, trafficType: log.TrafficType, destinationType: log.LogDestinationType, status });
    logs.byVpc.set(resourceId, [...(logs.byVpc.get(resourceId) ?? []), entry]);
  }
  return logs;
}

/** The VPC's flow logs, in id order; none when they could not be read (DescribeFlowLogs' error names VPC). */
function flowLogsOf(vpcId: string, flowLogs: VpcFlowLogs | undefined): FlowLog[] {
  const missing = flowLogs?.malformed.get(vpcId);
  if (missing !== undefined) throw new MalformedResponseError(missing);
  return [...(flowLogs?.byVpc.get(vpcId) ?? [])].sort((a, b) => compareText(a.id, b.id));
}

export interface VpcJoins {
  flowLogs: Promise<VpcFlowLogs | undefined>;
  interfaces: Promise<NetworkInterfaceUse | undefined>;
  instances: Promise<ResourceRecord<InstanceAttributes>[] | undefined>;
}

export function readVpcs(ctx: Ec2Context, joins: VpcJoins): Promise<ResourceRecord<VpcAttributes>[] | undefined> {
  return ctx.attempt("DescribeVpcs", [VPC], async () => {
    // MaxResults 1000 is the API maximum.
    const vpcs = await allItems(paginateDescribeVpcs({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.Vpcs, "Vpcs");
    const [flowLogs, interfaces, instances] = await Promise.all([joins.flowLogs, joins.interfaces, joins.instances]);
    const instanceCounts = instances && countBy(instances.map((i) => i.attributes.vpcId));
    return recordsOf(ctx, "DescribeVpcs", VPC, vpcs, (vpc, fields) => vpcRecord(ctx, vpc, flowLogs, interfaces?.byVpc, instanceCounts, fields));
  });
}

/**
 * `flowLogs` is empty and `state` absent when the joined reads failed: their
 * CollectionErrors name VPC, so no rule takes the gap for the account's state.
 */
export function vpcRecord(
  ctx: Ec2Context,
  vpc: Vpc,
  flowLogs: VpcFlowLogs | undefined,
  interfaceCounts: Map<string, number> | undefined,
  instanceCounts: Map<string, number> | undefined,
  fields = new ItemFields(),
): ResourceRecord<VpcAttributes> {
  const id = required(vpc.VpcId, "VpcId");
  const attributes = {
    cidrBlock: fields.read("cidrBlock", () => required(vpc.CidrBlock, "CidrBlock")),
    isDefault: vpc.IsDefault ?? false,
    flowLogs: fields.read("flowLogs", () => flowLogsOf(id, flowLogs)),
  } as VpcAttributes;
  const state: VpcState | undefined =
    interfaceCounts && instanceCounts ? { networkInterfaceCount: interfaceCounts.get(id) ?? 0, instanceCount: instanceCounts.get(id) ?? 0 } : undefined;
  return ec2Record(ctx, { type: VPC, id, arnResource: `vpc/${id}`, tags: vpc.Tags, attributes, state });
}
