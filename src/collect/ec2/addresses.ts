import { DescribeAddressesCommand } from "@aws-sdk/client-ec2";
import type { Address } from "@aws-sdk/client-ec2";
import type { ElasticIpAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import type { Ec2Context } from "./records.js";
import { ELASTIC_IP, ec2Record } from "./records.js";

export function readAddresses(ctx: Ec2Context): Promise<ResourceRecord<ElasticIpAttributes>[] | undefined> {
  // DescribeAddresses is not paginated: one call returns every address of the region.
  return ctx.attempt("DescribeAddresses", [ELASTIC_IP], async () => {
    const out = await ctx.client.send(new DescribeAddressesCommand({}));
    return recordsOf(ctx, "DescribeAddresses", ELASTIC_IP, out.Addresses ?? [], (address, fields) => addressRecord(ctx, address, fields));
  });
}

/** EC2-Classic-style addresses have no allocation id: the public IP is their id, and they have no ARN. */
export function addressRecord(ctx: Ec2Context, address: Address, fields = new ItemFields()): ResourceRecord<ElasticIpAttributes> {
  const id = address.AllocationId ?? required(address.PublicIp, "PublicIp");
  const attributes = {
    publicIp: fields.read("publicIp", () => required(address.PublicIp, "PublicIp")),
    domain: address.Domain,
    associationId: address.AssociationId,
    // Classic-style responses carry InstanceId "" for an unassociated address.
    instanceId: address.InstanceId || undefined,
    networkInterfaceId: address.NetworkInterfaceId,
  } as ElasticIpAttributes;
  return ec2Record(ctx, { type: ELASTIC_IP, id, arnResource: address.AllocationId && `elastic-ip/${address.AllocationId}`, tags: address.Tags, attributes });
}
