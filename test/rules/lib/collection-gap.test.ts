/**
 * collectionGap: a rule that looks a resource type up says ERROR, naming the
 * failed reads, when that type was not fully collected in the region; the
 * reads named are those that left that type incomplete there, and no others.
 */
import { describe, expect, it } from "@jest/globals";
import flowLogsRule from "../../../rules/vpc/vpc-flow-logs-enabled.js";
import subnetsRule from "../../../rules/vpc/vpc-subnets-multi-az.js";
import { collectionGap } from "../../../rules/lib/collection-gap.js";
import { SnapshotIndex } from "../../../src/evaluate/snapshot-index.js";
import type { CollectionError } from "../../../src/types/resource.js";
import { ACCOUNT, REGION } from "../../support/builders.js";
import { ec2CollectionError, subnet, vpc } from "../../support/ec2-builders.js";
import { runRule } from "../../support/rule-tester.js";

const index = (errors: CollectionError[]) => new SnapshotIndex({ accountId: ACCOUNT, resources: [], errors });

const throttled = (operation: string, resourceTypes: CollectionError["resourceTypes"], region = REGION): CollectionError => ({
  ...ec2CollectionError(operation, resourceTypes, region),
  code: "Throttling",
  message: "Rate exceeded",
});

describe("collectionGap", () => {
  it("is undefined when the type was fully collected in the region", () => {
    expect(collectionGap(index([]), "AWS::EC2::Subnet", REGION)).toBeUndefined();
    expect(collectionGap(index([ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"], "eu-west-1")]), "AWS::EC2::Subnet", REGION)).toBeUndefined();
  });

  it("names only the failed reads of that type in that region", () => {
    const errors = [
      ec2CollectionError("DescribeVolumes", ["AWS::EC2::Volume"]), // same region, another type
      ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"], "eu-west-1"), // same type, another region
      ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"]),
    ];
    expect(collectionGap(index(errors), "AWS::EC2::Subnet", REGION)).toBe("AWS::EC2::Subnet in us-east-1 was not fully collected (DescribeSubnets: UnauthorizedOperation)");
  });

  it("lists several failed reads, comma-separated, in the order they failed", () => {
    const errors = [ec2CollectionError("DescribeRouteTables", ["AWS::EC2::Subnet"]), throttled("DescribeSubnets", ["AWS::EC2::Subnet"])];
    expect(collectionGap(index(errors), "AWS::EC2::Subnet", REGION)).toBe(
      "AWS::EC2::Subnet in us-east-1 was not fully collected (DescribeRouteTables: UnauthorizedOperation, DescribeSubnets: Throttling)",
    );
  });

  it("does not name a read that left only some resources' attributes unreadable: it did not leave the type incomplete", () => {
    const partial: CollectionError = { ...ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"]), code: "MalformedResponse", resourceIds: ["subnet-0a000000000000001"] };
    const errors = [ec2CollectionError("DescribeRouteTables", ["AWS::EC2::Subnet"]), partial];
    expect(collectionGap(index(errors), "AWS::EC2::Subnet", REGION)).toBe("AWS::EC2::Subnet in us-east-1 was not fully collected (DescribeRouteTables: UnauthorizedOperation)");
    expect(collectionGap(index([partial]), "AWS::EC2::Subnet", REGION)).toBeUndefined();
  });

  it("names a read that failed the same way twice once", () => {
    const errors = [ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"]), ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"])];
    expect(collectionGap(index(errors), "AWS::EC2::VPC", REGION)).toBe("AWS::EC2::VPC in us-east-1 was not fully collected (DescribeFlowLogs: UnauthorizedOperation)");
  });
});

describe("rules that say ERROR on a collection gap", () => {
  it("vpc-subnets-multi-az names the subnet reads that failed in the VPC's region, not other failures", () => {
    const id = "vpc-0b000000000000001";
    const finding = runRule(subnetsRule, {
      resource: vpc({ id }),
      related: [subnet(id, "us-east-1a")],
      errors: [
        ec2CollectionError("DescribeInstances", ["AWS::EC2::Instance", "AWS::EC2::VPC"], "eu-west-1"),
        ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"], "eu-west-1"),
        ec2CollectionError("DescribeVolumes", ["AWS::EC2::Volume"]),
        ec2CollectionError("DescribeRouteTables", ["AWS::EC2::Subnet"]),
        throttled("DescribeSubnets", ["AWS::EC2::Subnet"]),
      ],
    });
    expect(finding.status).toBe("ERROR");
    expect(finding.reason).toBe(
      "cannot count the VPC's subnets: AWS::EC2::Subnet in us-east-1 was not fully collected (DescribeRouteTables: UnauthorizedOperation, DescribeSubnets: Throttling)",
    );
  });

  it("vpc-flow-logs-enabled names both reads that leave VPCs incomplete", () => {
    const finding = runRule(flowLogsRule, {
      resource: vpc(),
      errors: [
        ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"]),
        ec2CollectionError("DescribeSubnets", ["AWS::EC2::Subnet"]),
        ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"], "eu-west-1"),
        ec2CollectionError("DescribeInstances", ["AWS::EC2::Instance", "AWS::EC2::VPC"]),
      ],
    });
    expect(finding.status).toBe("ERROR");
    expect(finding.reason).toBe(
      "no active flow log was seen, but AWS::EC2::VPC in us-east-1 was not fully collected (DescribeFlowLogs: UnauthorizedOperation, DescribeInstances: UnauthorizedOperation)",
    );
  });
});
