import { DescribeAddressesCommand } from "@aws-sdk/client-ec2";
import type { Address } from "@aws-sdk/client-ec2";
import type { ElasticIpAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { required } from "../errors.js";
import type { Ec2Context } from "./records.js";
import { ELASTIC_IP, ec2Record } from "./records.js";

export function readAddresses(ctx: Ec2Context): Promise<ResourceRecord<ElasticIpAttributes>[] | undefined> {
  // DescribeAddresses is not paginated: one call returns every address of the region.
  return ctx.attempt("DescribeAddresses", [ELASTIC_IP], async () => {
    const out = await ctx.client.send(new DescribeAddressesCommand({}));
    return (out.Addresses ?? []).map((address) => addressRecord(ctx, address));
  });
}

/** EC2-Classic-style addresses have no allocation id: the public IP is their id, and they have no ARN. */
export function addressRecord(ctx: Ec2Context, address: Address): ResourceRecord<ElasticIpAttributes> {
  const publicIp = required(address.PublicIp, "PublicIp");
  const id = address.AllocationId ?? publicIp;
  const attributes: ElasticIpAttributes = {
    publicIp,
    domain: address.Domain,
    associationId: address.AssociationId,
    // Classic-style responses carry InstanceId "" for an unassociated address.
    instanceId: address.InstanceId || undefined,
    networkInterfaceId: address.NetworkInterfaceId,
  };
  return ec2Record(ctx, { type: ELASTIC_IP, id, arnResource: address.AllocationId && `elastic-ip/${address.AllocationId}`, tags: address.Tags, attributes });
}
