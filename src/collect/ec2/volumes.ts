import { DescribeVolumesCommand, paginateDescribeVolumes } from "@aws-sdk/client-ec2";
import type { Volume } from "@aws-sdk/client-ec2";
import type { VolumeAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { compact, sortedByJson } from "../normalize.js";
import type { PerResourceReads } from "../partial-reads.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { VOLUME, ec2Record } from "./records.js";
import { eachUnlessDeleted } from "../partial-reads.js";

export function readVolumes(ctx: Ec2Context): Promise<ResourceRecord<VolumeAttributes>[] | undefined> {
  return ctx.attempt("DescribeVolumes", [VOLUME], async () => {
    // MaxResults 1000 is the API maximum (the AWS CLI pages with it too).
    const volumes = await allItems(paginateDescribeVolumes({ client: ctx.client, pageSize: 1000 }, {}), (page) => page.Volumes, "Volumes");
    return recordsOf(ctx, "DescribeVolumes", VOLUME, volumes, (volume, fields) => volumeRecord(ctx, volume, fields));
  });
}

/** These volumes alone (a targeted read). */
export async function readVolumesById(ctx: Ec2Context, ids: string[], readEach: PerResourceReads): Promise<ResourceRecord<VolumeAttributes>[]> {
  const volumes = await eachUnlessDeleted(readEach, "DescribeVolumes", [VOLUME], ids, ["InvalidVolume.NotFound"], async (id) => {
    const out = await ctx.client.send(new DescribeVolumesCommand({ VolumeIds: [id] }));
    return required(out.Volumes, "Volumes");
  });
  return recordsOf(ctx, "DescribeVolumes", VOLUME, volumes, (volume, fields) => volumeRecord(ctx, volume, fields));
}

export function volumeRecord(ctx: Ec2Context, volume: Volume, fields = new ItemFields()): ResourceRecord<VolumeAttributes> {
  const id = required(volume.VolumeId, "VolumeId");
  const attributes = {
    volumeType: fields.read("volumeType", () => required(volume.VolumeType, "VolumeType")),
    size: fields.read("size", () => required(volume.Size, "Size")),
    encrypted: fields.read("encrypted", () => required(volume.Encrypted, "Encrypted")),
    kmsKeyId: volume.KmsKeyId,
    availabilityZone: fields.read("availabilityZone", () => required(volume.AvailabilityZone, "AvailabilityZone")),
    attachments: fields.read("attachments", () =>
      sortedByJson((volume.Attachments ?? []).map((a) => compact({ instanceId: required(a.InstanceId, "Attachments.InstanceId"), device: a.Device }))),
    ),
  } as VolumeAttributes;
  return ec2Record(ctx, { type: VOLUME, id, arnResource: `volume/${id}`, tags: volume.Tags, attributes });
}
