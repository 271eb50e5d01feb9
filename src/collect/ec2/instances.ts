import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import type { Instance, Reservation } from "@aws-sdk/client-ec2";
import type { InstanceAttributes, InstanceState } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { sortedStrings } from "../normalize.js";
import { recordsToRead } from "../carried-reads.js";
import { perResourceReads } from "../partial-reads.js";
import type { PerResourceReads } from "../partial-reads.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { INSTANCE, VPC, ec2Record } from "./records.js";
import { eachUnlessDeleted } from "../partial-reads.js";

type InstanceRecord = ResourceRecord<InstanceAttributes>;

/** Instances that exist (terminated ones linger in DescribeInstances for about an hour). */
export function readInstances(ctx: Ec2Context): Promise<InstanceRecord[] | undefined> {
  // VPC instance counts come from here too.
  return ctx.attempt("DescribeInstances", [INSTANCE, VPC], async () => {
    // MaxResults 1000 is the API maximum.
    const reservations = await allItems(paginateDescribeInstances({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.Reservations, "Reservations");
    // A skipped instance is missing from its VPC's instance count as well.
    return recordsOf(ctx, "DescribeInstances", INSTANCE, existing(reservations), (instance, fields) => instanceRecord(ctx, instance, fields), { alsoIncomplete: [VPC] });
  });
}

/**
 * These instances alone (a targeted read), with their termination protection
 * as the full read gives it. A terminated one gives no record, like one EC2 no
 * longer knows. EC2 refuses MaxResults beside InstanceIds; one id needs no page.
 */
export async function readInstancesById(ctx: Ec2Context, ids: string[], readEach: PerResourceReads): Promise<InstanceRecord[]> {
  const reservations = await eachUnlessDeleted(readEach, "DescribeInstances", [INSTANCE], ids, ["InvalidInstanceID.NotFound"], async (id) => {
    const out = await ctx.client.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return required(out.Reservations, "Reservations");
  });
  const records = recordsOf(ctx, "DescribeInstances", INSTANCE, existing(reservations), (instance, fields) => instanceRecord(ctx, instance, fields));
  return withTerminationProtection(ctx, records, readEach);
}

function existing(reservations: Reservation[]): Instance[] {
  return reservations.flatMap((reservation) => reservation.Instances ?? []).filter((instance) => instance.State?.Name !== "terminated");
}

/** Without State.Name the instance's state has no `state`: it is reported, and its termination protection is not read. */
export function instanceRecord(ctx: Pick<Ec2Context, "accountId" | "region">, instance: Instance, fields = new ItemFields()): InstanceRecord {
  const id = required(instance.InstanceId, "InstanceId");
  const tags = instance.Tags ?? [];
  const attributes = {
    instanceType: fields.read("instanceType", () => required(instance.InstanceType, "InstanceType")),
    imageId: instance.ImageId,
    vpcId: instance.VpcId,
    subnetId: instance.SubnetId,
    availabilityZone: instance.Placement?.AvailabilityZone,
    securityGroupIds: sortedStrings((instance.SecurityGroups ?? []).map((g) => g.GroupId)),
    // Auto Scaling tags every instance it launches with its group's name.
    autoScalingGroupName: tags.find((t) => t.Key === "aws:autoscaling:groupName")?.Value,
    iamInstanceProfileArn: instance.IamInstanceProfile?.Arn,
    httpTokens: instance.MetadataOptions?.HttpTokens,
    httpEndpoint: instance.MetadataOptions?.HttpEndpoint,
  } as InstanceAttributes;
  const state = { state: fields.readState(() => required(instance.State?.Name, "State.Name")), publicIpAddress: instance.PublicIpAddress } as InstanceState;
  return ec2Record(ctx, { type: INSTANCE, id, arnResource: `instance/${id}`, tags, attributes, state });
}

/**
 * Only ec2-instance-termination-protection reads disableApiTermination, and it
 * is not applicable to Auto Scaling members, so the per-instance call is spent
 * only on running or stopped instances outside a group.
 */
export function needsTerminationProtection(instance: InstanceRecord): boolean {
  const state = (instance.state as InstanceState | undefined)?.state;
  return (state === "running" || state === "stopped") && instance.attributes.autoScalingGroupName === undefined;
}

export const ATTRIBUTE_CONCURRENCY = 10;

/**
 * Adds disableApiTermination to the instances that need it, one call each (AWS
 * has no batch form). Failures are one CollectionError, not one per instance:
 * the calls that succeeded keep their value (see readEach).
 */
export async function withTerminationProtection(ctx: Ec2Context, instances: InstanceRecord[], readEach: PerResourceReads = perResourceReads(ctx, ATTRIBUTE_CONCURRENCY)): Promise<InstanceRecord[]> {
  if (!ctx.reads("ec2.instanceAttribute.disableApiTermination")) return instances;
  const candidates = await recordsToRead(ctx.carryOver, "ec2.instanceAttribute.disableApiTermination", "DescribeInstanceAttribute", instances.filter(needsTerminationProtection), [
    "disableApiTermination",
  ]);
  const protection = new Map<string, boolean>();
  if (candidates.length === 0) return instances;
  await readEach("DescribeInstanceAttribute", [INSTANCE], candidates, async ({ id }) => {
    const out = await ctx.client.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: "disableApiTermination" }));
    const value = out.DisableApiTermination?.Value;
    if (value !== undefined) protection.set(id, value);
  });
  return instances.map((instance) =>
    protection.has(instance.id) ? { ...instance, attributes: { ...instance.attributes, disableApiTermination: protection.get(instance.id) } } : instance,
  );
}
