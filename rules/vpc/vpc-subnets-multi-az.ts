import * as z from "zod";
import type { SubnetAttributes, VpcAttributes, VpcState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { collectionGap } from "../lib/collection-gap.js";
import { sortedUnique } from "../lib/sorted-unique.js";

const SUBNET = "AWS::EC2::Subnet";

export default defineRule({
  id: "vpc-subnets-multi-az",
  title: "VPCs with instances have subnets in several Availability Zones",
  service: "vpc",
  severity: "medium",
  resourceTypes: ["AWS::EC2::VPC"],
  rationale:
    "An Auto Scaling group or a Multi-AZ database can only spread over the zones its VPC has subnets in; a VPC confined to one Availability Zone goes down with that zone.",
  remediation:
    "Add subnets in other Availability Zones (one per tier and zone), then add them to the Auto Scaling groups, load balancers and DB subnet groups:\n" +
    "aws ec2 create-subnet --vpc-id vpc-0123456789abcdef0 --cidr-block 10.0.2.0/24 --availability-zone us-east-1b",
  references: {},
  params: z
    .object({
      minAvailabilityZones: z.number().int().min(1).default(2),
    })
    .strict(),
  evaluate(resource: ResourceRecord<VpcAttributes>, { params, snapshot }) {
    const instances = (resource.state as Partial<VpcState> | undefined)?.instanceCount;
    if (instances === 0) return notApplicable("the VPC has no instances");
    const gap = collectionGap(snapshot, SUBNET, resource.region);
    if (gap) return cannotEvaluate(`cannot count the VPC's subnets: ${gap}`);
    const subnets = snapshot.inRegion<SubnetAttributes>(SUBNET, resource.region).filter((s) => s.attributes.vpcId === resource.id);
    const zones = sortedUnique(subnets.map((s) => s.attributes.availabilityZone));
    const evidence = { availabilityZones: zones, subnetIds: subnets.map((s) => s.id).sort(), minAvailabilityZones: params.minAvailabilityZones };
    const spread = `${subnets.length} subnet${subnets.length === 1 ? "" : "s"} in ${zones.length} Availability Zone${zones.length === 1 ? "" : "s"}${zones.length > 0 ? ` (${zones.join(", ")})` : ""}`;
    if (zones.length >= params.minAvailabilityZones) return pass(spread, evidence);
    if (instances === undefined) return cannotEvaluate(`${spread}, but the VPC's instance count was not collected, so whether it is in use is unknown`);
    return fail(`${spread}, fewer than ${params.minAvailabilityZones}, for a VPC with ${instances} instance${instances === 1 ? "" : "s"}`, Object.assign(evidence, { instanceCount: instances }));
  },
});
