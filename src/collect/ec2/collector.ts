import { EC2Client } from "@aws-sdk/client-ec2";
import type { ResourceRecord } from "../../types/resource.js";
import { defineCollector, targetIds } from "../collector.js";
import type { ReadTargets } from "../collector.js";
import { ec2Spec } from "../specs.js";
import { perResourceReads } from "../partial-reads.js";
import { readAddresses } from "./addresses.js";
import { ATTRIBUTE_CONCURRENCY, readInstances, readInstancesById, withTerminationProtection } from "./instances.js";
import { readLaunchTemplates, readLaunchTemplatesById } from "./launch-templates.js";
import { readNetworkInterfaces } from "./network-interfaces.js";
import type { Ec2Context } from "./records.js";
import { INSTANCE, LAUNCH_TEMPLATE, SECURITY_GROUP, VOLUME } from "./records.js";
import { readSecurityGroups, readSecurityGroupsById } from "./security-groups.js";
import { readSubnetRouting, readSubnets } from "./subnets.js";

import { readVolumes, readVolumesById } from "./volumes.js";
import { readVpcFlowLogs, readVpcs } from "./vpcs.js";

/**
 * EC2 and VPC resources of one region. Every Describe call runs at once; a
 * record built from several calls (a security group and its attachment count,
 * a subnet and its route table) waits for the ones it joins, and a failed call
 * leaves its part out with a CollectionError naming exactly the types it left
 * incomplete. A targeted read reads security groups, instances, volumes and
 * launch templates by id, each with the joins its record holds.
 */
export const ec2Collector = defineCollector({
  ...ec2Spec,
  createClient: (config) => new EC2Client(config),
  collect: (ctx) => (ctx.targets ? collectTargets(ctx, ctx.targets) : collectAll(ctx)),
});

async function collectAll(ctx: Ec2Context): Promise<ResourceRecord[]> {
  const interfaces = readNetworkInterfaces(ctx);
  const flowLogs = readVpcFlowLogs(ctx);
  const routing = readSubnetRouting(ctx);
  const instances = readInstances(ctx);
  // One bound for all per-resource reads, so together they stay under EC2's request rate.
  const readEach = perResourceReads(ctx, ATTRIBUTE_CONCURRENCY);
  const [groups, protectedInstances, volumes, vpcs, subnets, addresses, launchTemplates] = await Promise.all([
    readSecurityGroups(ctx, interfaces),
    instances.then((found) => found && withTerminationProtection(ctx, found, readEach)),
    readVolumes(ctx),
    readVpcs(ctx, { flowLogs, interfaces, instances }),
    readSubnets(ctx, routing),
    readAddresses(ctx),
    readLaunchTemplates(ctx, readEach),
    // Joined reads are awaited here too, so none outlives the collector when the read joining it failed first.
    interfaces,
    flowLogs,
    routing,
  ]);
  // Each reader types its records' attributes; the snapshot holds them as plain records.
  const lists = [groups, protectedInstances, volumes, vpcs, subnets, addresses, launchTemplates] as unknown as (ResourceRecord[] | undefined)[];
  return lists.flatMap((list) => list ?? []);
}

/** The targets of the types read by id, and nothing of the others. */
async function collectTargets(ctx: Ec2Context, targets: ReadTargets): Promise<ResourceRecord[]> {
  const readEach = perResourceReads(ctx, ATTRIBUTE_CONCURRENCY);
  const lists = await Promise.all([
    readSecurityGroupsById(ctx, targetIds(targets, SECURITY_GROUP), readEach),
    readInstancesById(ctx, targetIds(targets, INSTANCE), readEach),
    readVolumesById(ctx, targetIds(targets, VOLUME), readEach),
    readLaunchTemplatesById(ctx, targetIds(targets, LAUNCH_TEMPLATE), readEach),
  ]);
  return (lists as unknown as ResourceRecord[][]).flat();
}
