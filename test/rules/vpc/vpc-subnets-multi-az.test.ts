import rule from "../../../rules/vpc/vpc-subnets-multi-az.js";
import { ec2CollectionError, subnet, vpc } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const ID = "vpc-0b000000000000001";
const OTHER = "vpc-0b000000000000002";

ruleTester.run(rule, {
  pass: [
    {
      name: "subnets in two zones",
      resource: vpc({ id: ID }),
      related: [subnet(ID, "us-east-1a"), subnet(ID, "us-east-1b"), subnet(ID, "us-east-1a")],
      reason: /^3 subnets in 2 Availability Zones \(us-east-1a, us-east-1b\)$/,
      evidence: { availabilityZones: ["us-east-1a", "us-east-1b"] },
    },
    { name: "three zones when three are required", resource: vpc({ id: ID }), related: ["a", "b", "c"].map((z) => subnet(ID, `us-east-1${z}`)), params: { minAvailabilityZones: 3 } },
    { name: "one zone when one is enough", resource: vpc({ id: ID }), related: [subnet(ID, "us-east-1a")], params: { minAvailabilityZones: 1 } },
    {
      name: "spread over zones, instance count not collected",
      resource: vpc({ id: ID, state: null }),
      related: [subnet(ID, "us-east-1a"), subnet(ID, "us-east-1c")],
    },
    {
      name: "Subnet collection failed only in another region",
      resource: vpc({ id: ID }),
      related: [subnet(ID, "us-east-1a"), subnet(ID, "us-east-1b")],
      errors: [ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"], "eu-west-1")],
    },
  ],
  fail: [
    {
      name: "every subnet in one zone",
      resource: vpc({ id: ID, instances: 4 }),
      related: [subnet(ID, "us-east-1a"), subnet(ID, "us-east-1a")],
      reason: /^2 subnets in 1 Availability Zone \(us-east-1a\), fewer than 2, for a VPC with 4 instances$/,
      severity: "medium",
      evidence: { availabilityZones: ["us-east-1a"], instanceCount: 4 },
    },
    { name: "another VPC's subnets do not count", resource: vpc({ id: ID }), related: [subnet(ID, "us-east-1a"), subnet(OTHER, "us-east-1b")], reason: /1 subnet in 1 Availability Zone/ },
    { name: "subnets in another region do not count", resource: vpc({ id: ID }), related: [subnet(ID, "us-east-1a"), subnet(ID, "us-west-2b", { region: "us-west-2" })], reason: /\(us-east-1a\), fewer than 2/ },
    { name: "no subnets at all", resource: vpc({ id: ID, instances: 1 }), reason: /^0 subnets in 0 Availability Zones, fewer than 2, for a VPC with 1 instance$/ },
    { name: "two zones when three are required", resource: vpc({ id: ID }), related: [subnet(ID, "us-east-1a"), subnet(ID, "us-east-1b")], params: { minAvailabilityZones: 3 }, reason: /fewer than 3/ },
  ],
  notApplicable: [
    { name: "no instances", resource: vpc({ id: ID, instances: 0 }), related: [subnet(ID, "us-east-1a")], reason: /no instances/ },
    { name: "no instances and no subnets", resource: vpc({ id: ID, instances: 0, networkInterfaces: 0 }) },
  ],
  error: [
    {
      name: "Subnet collection incomplete in the region",
      resource: vpc({ id: ID }),
      related: [subnet(ID, "us-east-1a")],
      errors: [ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"])],
      reason: /AWS::EC2::Subnet in us-east-1 was not fully collected \(DescribeSubnets: UnauthorizedOperation\)/,
    },
    { name: "one zone, instance count not collected", resource: vpc({ id: ID, state: null }), related: [subnet(ID, "us-east-1a")], reason: /instance count was not collected/ },
  ],
});
