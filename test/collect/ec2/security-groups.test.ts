import { describe, expect, it } from "@jest/globals";
import { EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import { sortedByJson } from "../../../src/collect/normalize.js";
import type { Permission, SecurityGroupAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { PEER_ACCOUNT_ID, SG, ec2Account, legacyGroup } from "../../fixtures/ec2/account.js";
import { collectWith } from "../../support/collect.js";
import { serveAccount } from "./serve.js";

const ec2 = mockClient(EC2Client);

async function groups(account = ec2Account) {
  serveAccount(ec2, account);
  const snapshot = await collectWith([ec2Collector]);
  expect(snapshot.errors).toEqual([]);
  const byId = new Map(
    snapshot.resources.filter((r) => r.type === "AWS::EC2::SecurityGroup").map((r) => [r.id, r as unknown as ResourceRecord<SecurityGroupAttributes>]),
  );
  return (id: string) => byId.get(id)!;
}

describe("ec2 collector: security groups", () => {
  it("flattens each permission to one entry per source, naming protocol numbers, with no ports for protocol -1", async () => {
    const legacy = (await groups())(SG.legacy);
    const expected: Permission[] = [
      { protocol: "-1", ipv6Cidr: "::/0", description: "temporary" },
      { protocol: "tcp", fromPort: 0, toPort: 65535, cidr: "10.0.0.0/16" },
      // "6" is TCP: the same protocol the rules look for.
      { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "203.0.113.0/24", description: "office" },
      { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
      // GRE has no name the rules use; it stays a number.
      { protocol: "47", cidr: "198.51.100.7/32", description: "GRE tunnel" },
      { protocol: "tcp", fromPort: 5432, toPort: 5432, groupId: SG.app },
      { protocol: "tcp", fromPort: 5432, toPort: 5432, groupId: SG.peer, groupOwnerId: PEER_ACCOUNT_ID, description: "reporting account" },
      { protocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-3b927c52", description: "CloudFront origin-facing" },
      { protocol: "udp", fromPort: 123, toPort: 123, cidr: "10.0.0.0/16" },
      { protocol: "icmpv6", fromPort: 128, toPort: -1, ipv6Cidr: "2001:db8::/32" },
    ];
    expect(legacy.attributes.ingress).toHaveLength(expected.length);
    expect(legacy.attributes.ingress).toEqual(sortedByJson(expected));
    expect(legacy.attributes.egress).toEqual([
      { protocol: "-1", cidr: "0.0.0.0/0" },
      { protocol: "-1", ipv6Cidr: "::/0" },
    ]);
    expect(legacy.attributes).toMatchObject({ groupName: "legacy-admin", description: legacyGroup.Description, vpcId: "vpc-0a1b2c3d4e5f60001", isDefault: false });
    expect(legacy.tags).toEqual({ Name: "legacy-admin", team: "platform" });
  });

  it("orders permissions canonically, so AWS's list order is never drift", async () => {
    const asReturned = (await groups())(SG.legacy).attributes;
    const reversed = {
      ...legacyGroup,
      IpPermissions: [...legacyGroup.IpPermissions!].reverse().map((p) => ({ ...p, IpRanges: [...(p.IpRanges ?? [])].reverse(), UserIdGroupPairs: [...(p.UserIdGroupPairs ?? [])].reverse() })),
    };
    const shuffled = (await groups({ ...ec2Account, securityGroups: ec2Account.securityGroups.map((g) => (g.GroupId === SG.legacy ? reversed : g)) }))(SG.legacy).attributes;
    expect(shuffled.ingress).toEqual(asReturned.ingress);
  });

  it("marks the group named default as the VPC's default group", async () => {
    const group = await groups();
    expect(group(SG.webappDefault).attributes).toMatchObject({
      isDefault: true,
      ingress: [{ protocol: "-1", groupId: SG.webappDefault }],
    });
    expect(group(SG.web).attributes.isDefault).toBe(false);
  });

  it("counts the network interfaces using each group; an unused group has 0", async () => {
    const group = await groups();
    const using = (id: string) => ec2Account.networkInterfaces.filter((eni) => eni.Groups?.some((g) => g.GroupId === id)).length;
    for (const id of [SG.web, SG.legacy, SG.app, SG.unused]) expect(group(id).state).toEqual({ attachmentCount: using(id) });
    expect(group(SG.web).state).toEqual({ attachmentCount: 3 });
    expect(group(SG.unused).state).toEqual({ attachmentCount: 0 });
  });
});
