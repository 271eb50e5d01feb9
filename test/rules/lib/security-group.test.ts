/**
 * Security-group semantics the network rules share: which sources are the
 * internet (with the publicPrefixLength widening), how many ports a TCP/UDP
 * range opens, what counts as "all traffic", and the evidence every
 * security-group finding carries. Permissions are shaped as the EC2 collector
 * normalizes DescribeSecurityGroups answers (AWS canonicalizes every CIDR).
 */
import { describe, expect, it } from "@jest/globals";
import allTrafficRule from "../../../rules/ec2/ec2-no-all-traffic-from-internet.js";
import onlyWebPortsRule from "../../../rules/ec2/ec2-only-web-ports-public.js";
import sshRule from "../../../rules/ec2/ec2-ssh-restricted.js";
import {
  allTrafficReason,
  coversPortOf,
  coveredByAllTraffic,
  groupEvidence,
  isInternetSource,
  portCount,
} from "../../../rules/lib/security-group.js";
import type { Permission } from "../../../src/types/attributes.js";
import { all, ported, sg, tcp, udp } from "../../support/builders.js";
import { runRule } from "../../support/rule-tester.js";

const COVERED = " (covered by ec2-no-all-traffic-from-internet)";

/** SSH from `from` (an IPv4 or IPv6 CIDR, a group or a prefix list). */
const ssh = (from: string): Permission => tcp(22, from);

describe("isInternetSource", () => {
  it("counts 0.0.0.0/0 and ::/0 as the internet whatever the options", () => {
    expect(isInternetSource(ssh("0.0.0.0/0"))).toBe(true);
    expect(isInternetSource(ssh("::/0"))).toBe(true);
    expect(isInternetSource(ssh("0.0.0.0/0"), { publicPrefixLength: 0 })).toBe(true);
  });

  it("by default counts no other CIDR, however wide, as the internet", () => {
    expect(isInternetSource(ssh("52.0.0.0/8"))).toBe(false);
    expect(isInternetSource(ssh("2600::/16"))).toBe(false);
  });

  describe("with publicPrefixLength 16, a public IPv4 CIDR of /16 or wider is the internet, a private one never is", () => {
    const cases: [string, boolean][] = [
      // Public ranges (some just outside a private block).
      ["52.0.0.0/8", true],
      ["52.20.0.0/14", true], // second octet within 16-31, but not 172.
      ["172.15.0.0/16", true], // just below 172.16.0.0/12
      ["172.32.0.0/16", true], // just above 172.16.0.0/12
      ["192.169.0.0/16", true], // just above 192.168.0.0/16
      ["52.168.0.0/16", true], // second octet 168, but not 192.
      ["100.63.0.0/16", true], // just below the shared address space 100.64.0.0/10
      ["100.128.0.0/9", true], // just above it
      // Private, loopback and shared (carrier-grade NAT) ranges, at both ends of each block.
      ["10.0.0.0/8", false],
      ["127.0.0.0/8", false],
      ["172.16.0.0/12", false],
      ["172.31.0.0/16", false], // the default VPC's range
      ["192.168.0.0/16", false],
      ["100.64.0.0/10", false],
      ["100.127.0.0/16", false],
      // Public, but narrower than /16.
      ["203.0.113.0/24", false],
      ["52.95.110.0/24", false],
    ];
    it.each(cases)("%s from the internet: %s", (cidr, expected) => {
      expect(isInternetSource(ssh(cidr), { publicPrefixLength: 16 })).toBe(expected);
    });
  });

  describe("with publicPrefixLength 48, a public IPv6 CIDR of /48 or wider is the internet, a unique-local or link-local one is not", () => {
    const cases: [string, boolean][] = [
      ["2600:1f18::/32", true],
      ["2a05:d0fc::/32", true], // contains "fc", but does not start with it
      ["2001:db8:fe80::/48", true], // contains "fe80", but does not start with it
      ["fd12:3456:789a::/48", false], // unique local (fc00::/7)
      ["fc00::/7", false],
      ["FD00::/8", false], // hex digits in either case
      ["fe80::/10", false], // link local
      ["2600:1f18:4e2a:b100::/56", false], // public, but narrower than /48
    ];
    it.each(cases)("%s from the internet: %s", (cidr, expected) => {
      expect(isInternetSource(ssh(cidr), { publicPrefixLength: 48 })).toBe(expected);
    });
  });

  it("never counts a security group or prefix list source as the internet, even with a wide publicPrefixLength", () => {
    expect(isInternetSource(ssh("sg-0bastion0000000001"), { publicPrefixLength: 16 })).toBe(false);
    expect(isInternetSource(ssh("pl-0123456789abcdef0"), { publicPrefixLength: 128 })).toBe(false);
  });

  it("lets the SSH rule fail a public /16 and pass the default VPC's 172.31.0.0/16 once the internet is widened to /16", () => {
    const params = { publicPrefixLength: 16 };
    const publicRange = runRule(sshRule, { resource: sg({ ingress: [ssh("18.204.0.0/16")] }), params });
    expect(publicRange.status).toBe("FAIL");
    expect(publicRange.reason).toBe("SSH port 22 open to the internet: tcp/22 from 18.204.0.0/16");
    const vpcRange = runRule(sshRule, { resource: sg({ ingress: [ssh("172.31.0.0/16"), ssh("10.0.0.0/8")] }), params });
    expect(vpcRange.status).toBe("PASS");
    const bastion = runRule(sshRule, { resource: sg({ ingress: [ssh("sg-0bastion0000000001")] }), params });
    expect(bastion.status).toBe("PASS");
  });
});

describe("portCount", () => {
  it("counts the ports of a TCP or UDP range, both ends included", () => {
    expect(portCount(tcp(22, "0.0.0.0/0"))).toBe(1);
    expect(portCount(tcp([1024, 65535], "0.0.0.0/0"))).toBe(64512);
    expect(portCount(udp([1000, 3000], "::/0"))).toBe(2001);
  });

  it("counts all 65536 ports for the -1/-1 range EC2 may answer", () => {
    expect(portCount(ported("tcp", { fromPort: -1, toPort: -1 }, "0.0.0.0/0"))).toBe(65536);
    expect(portCount(ported("17", { fromPort: -1, toPort: -1 }, "::/0"))).toBe(65536);
  });

  it("counts all 65536 ports when an end of the range is missing", () => {
    expect(portCount(ported("tcp", {}, "0.0.0.0/0"))).toBe(65536);
    expect(portCount(ported("tcp", { fromPort: 22 }, "0.0.0.0/0"))).toBe(65536);
  });
});

describe("allTrafficReason", () => {
  it("says why protocol -1, an unfiltered protocol or a wide TCP/UDP range is all traffic", () => {
    expect(allTrafficReason(all("0.0.0.0/0"))).toBe("every protocol and port");
    expect(allTrafficReason({ protocol: "47", cidr: "0.0.0.0/0" })).toBe("every port of protocol 47");
    expect(allTrafficReason(ported("tcp", { fromPort: -1, toPort: -1 }, "0.0.0.0/0"))).toBe("65536 ports, more than 1024");
    expect(allTrafficReason(tcp([1000, 3000], "0.0.0.0/0"), 2000)).toBe("2001 ports, more than 2000");
  });

  it("gives no reason for a range of at most maxPortRange ports", () => {
    expect(allTrafficReason(tcp([1, 1024], "0.0.0.0/0"))).toBeUndefined();
    expect(allTrafficReason(tcp(443, "0.0.0.0/0"))).toBeUndefined();
  });

  it("never counts ICMP as all traffic, not even every ICMP type and code (-1/-1)", () => {
    expect(allTrafficReason({ protocol: "icmp", fromPort: -1, toPort: -1, cidr: "0.0.0.0/0" })).toBeUndefined();
    expect(allTrafficReason({ protocol: "icmpv6", fromPort: -1, toPort: -1, ipv6Cidr: "::/0" })).toBeUndefined();
    expect(allTrafficReason({ protocol: "58", ipv6Cidr: "::/0" })).toBeUndefined();
  });

  it("lets every ICMP type from the internet pass ec2-no-all-traffic-from-internet", () => {
    const allIcmp = sg({ ingress: [{ protocol: "icmp", fromPort: -1, toPort: -1, cidr: "0.0.0.0/0" }, { protocol: "icmpv6", fromPort: -1, toPort: -1, ipv6Cidr: "::/0" }] });
    const finding = runRule(allTrafficRule, { resource: allIcmp });
    expect(finding.status).toBe("PASS");
  });

  it("has ec2-no-all-traffic-from-internet fail a -1/-1 TCP range as 65536 ports", () => {
    const finding = runRule(allTrafficRule, { resource: sg({ ingress: [ported("6", { fromPort: -1, toPort: -1 }, "0.0.0.0/0")] }) });
    expect(finding.status).toBe("FAIL");
    expect(finding.reason).toBe("all traffic open to the internet: tcp/all ports from 0.0.0.0/0 (65536 ports, more than 1024)");
  });
});

describe("coveredByAllTraffic", () => {
  const everything = all("0.0.0.0/0");
  const sshFromV6 = ssh("::/0");
  const group = sg({ ingress: [everything, sshFromV6] }).attributes;

  it("points to the all-traffic rule when any offending permission also fails it", () => {
    expect(coveredByAllTraffic(group, [everything, sshFromV6])).toBe(COVERED);
    expect(coveredByAllTraffic(group, [sshFromV6, everything])).toBe(COVERED);
  });

  it("adds nothing when no offending permission is all traffic", () => {
    expect(coveredByAllTraffic(group, [sshFromV6])).toBe("");
  });

  it("makes the SSH rule's reason name both permissions and point to the broader finding", () => {
    const finding = runRule(sshRule, { resource: sg({ ingress: [everything, sshFromV6] }) });
    expect(finding.status).toBe("FAIL");
    expect(finding.reason).toBe(`SSH port 22 open to the internet: all traffic from 0.0.0.0/0; tcp/22 from ::/0${COVERED}`);
  });

  it("makes ec2-only-web-ports-public point to the broader finding when SSH sits beside all traffic", () => {
    const finding = runRule(onlyWebPortsRule, { resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), ssh("0.0.0.0/0"), all("::/0")] }) });
    expect(finding.status).toBe("FAIL");
    expect(finding.reason).toBe(`internet ingress outside the authorized ports (tcp 80, 443): tcp/22 from 0.0.0.0/0; all traffic from ::/0${COVERED}`);
  });
});

describe("groupEvidence", () => {
  const open = ssh("0.0.0.0/0");
  const https = tcp(443, "0.0.0.0/0");
  const office = ssh("203.0.113.0/24");
  const bastion = ssh("sg-0bastion0000000001");
  const endpoints = tcp(443, "pl-0123456789abcdef0");

  it("lists the offending permissions with their summaries and the attachment count", () => {
    const resource = sg({ ingress: [open, https, office], attachments: 3 });
    expect(groupEvidence(resource, [open], { ports: [22] })).toEqual({
      permissions: [{ ...open, summary: "tcp/22 from 0.0.0.0/0" }],
      attachmentCount: 3,
      ports: [22],
    });
  });

  it("names the group and prefix-list sources beside the offending permissions, but no other CIDR", () => {
    const resource = sg({ ingress: [open, https, office, bastion, endpoints] });
    expect(groupEvidence(resource, [open]).otherSources).toEqual(["tcp/22 from sg-0bastion0000000001", "tcp/443 from pl-0123456789abcdef0"]);
  });

  it("has no otherSources when every source is a CIDR", () => {
    const resource = sg({ ingress: [open, https, office] });
    expect(groupEvidence(resource, [open])).not.toHaveProperty("otherSources");
  });

  it("records a null attachment count when the network interfaces could not be read", () => {
    const resource = sg({ ingress: [open] });
    delete resource.state;
    expect(groupEvidence(resource, [open]).attachmentCount).toBeNull();
  });

  it("gives the SSH rule's finding exactly this evidence", () => {
    const finding = runRule(sshRule, { resource: sg({ ingress: [open, https, bastion], attachments: 2 }) });
    expect(finding.evidence).toEqual({
      permissions: [{ ...open, summary: "tcp/22 from 0.0.0.0/0" }],
      attachmentCount: 2,
      otherSources: ["tcp/22 from sg-0bastion0000000001"],
      ports: [22],
    });
  });
});

describe("a TCP range with one end missing", () => {
  it("opens every port, as its port count says: the SSH rule fails it, whichever end is missing", () => {
    for (const ports of [{ fromPort: 1000 }, { toPort: 21 }]) {
      const permission = ported("tcp", ports, "0.0.0.0/0");
      expect(portCount(permission)).toBe(65536);
      expect([ports, coversPortOf(permission, "tcp", ["tcp"], 22)]).toEqual([ports, true]);
      expect(runRule(sshRule, { resource: sg({ ingress: [permission] }) }).status).toBe("FAIL");
    }
  });
});
