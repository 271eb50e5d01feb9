import { expect, it } from "@jest/globals";
import { compareText } from "../../src/types/order.js";
import { compareResources } from "../../src/types/resource.js";

it("orders text by code unit, the same on every machine and locale (uppercase before lowercase, digits before both)", () => {
  expect(["web", "Web", "api-2", "api-10", "9"].sort(compareText)).toEqual(["9", "Web", "api-10", "api-2", "web"]);
  const records = [
    { type: "AWS::EC2::Subnet" as const, region: "us-east-1", id: "subnet-b" },
    { type: "AWS::EC2::Instance" as const, region: "us-east-1", id: "i-Z" },
    { type: "AWS::EC2::Instance" as const, region: "eu-west-1", id: "i-a" },
    { type: "AWS::EC2::Instance" as const, region: "us-east-1", id: "i-A" },
  ];
  expect(records.sort(compareResources).map((r) => `${r.region}/${r.id}`)).toEqual(["eu-west-1/i-a", "us-east-1/i-A", "us-east-1/i-Z", "us-east-1/subnet-b"]);
});
