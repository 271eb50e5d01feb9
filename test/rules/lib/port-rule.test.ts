/**
 * The port rules (SSH, RDP, database ports) built by definePortRule: the
 * reason a group passes with names the protocols and ports checked, and the
 * reason it fails with names every offending permission.
 */
import { describe, expect, it } from "@jest/globals";
import dbRule from "../../../rules/ec2/ec2-db-ports-restricted.js";
import rdpRule from "../../../rules/ec2/ec2-rdp-restricted.js";
import sshRule from "../../../rules/ec2/ec2-ssh-restricted.js";
import { sg, tcp, udp } from "../../support/builders.js";
import { runRule } from "../../support/rule-tester.js";

describe("definePortRule: the reason a group without such ingress passes with", () => {
  it("names the SSH rule's protocol and port", () => {
    const finding = runRule(sshRule, { resource: sg({ ingress: [tcp(443, "0.0.0.0/0"), tcp(22, "10.0.0.0/16")] }) });
    expect(finding.status).toBe("PASS");
    expect(finding.reason).toBe("no internet ingress to SSH (tcp 22)");
  });

  it("names both of RDP's protocols, TCP and UDP", () => {
    const finding = runRule(rdpRule, { resource: sg({ ingress: [tcp(3389, "sg-0bastion0000000001"), udp(3389, "203.0.113.0/24")] }) });
    expect(finding.status).toBe("PASS");
    expect(finding.reason).toBe("no internet ingress to RDP (tcp/udp 3389)");
  });

  it("lists every database port checked, in the configured order", () => {
    const finding = runRule(dbRule, { resource: sg({ ingress: [tcp(3306, "sg-0apptier000000001")] }) });
    expect(finding.status).toBe("PASS");
    expect(finding.reason).toBe("no internet ingress to database (tcp 3306, 5432, 1433, 1521, 27017, 6379, 9200)");
  });

  it("lists the ports set by params", () => {
    const finding = runRule(dbRule, { resource: sg(), params: { ports: [5432, 3306] } });
    expect(finding.reason).toBe("no internet ingress to database (tcp 5432, 3306)");
  });
});

describe("definePortRule: the reason a group fails with", () => {
  it("names every internet permission reaching the port, separated by semicolons", () => {
    const finding = runRule(sshRule, { resource: sg({ ingress: [tcp(22, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"), tcp(22, "::/0")] }) });
    expect(finding.status).toBe("FAIL");
    expect(finding.reason).toBe("SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0; tcp/22 from ::/0");
  });

  it("names the RDP permissions over TCP and UDP, and the one port they open", () => {
    const finding = runRule(rdpRule, { resource: sg({ ingress: [tcp(3389, "0.0.0.0/0"), udp(3389, "0.0.0.0/0")] }) });
    expect(finding.reason).toBe("RDP port 3389 open to the internet: tcp/3389 from 0.0.0.0/0; udp/3389 from 0.0.0.0/0");
  });

  it("leaves out a permission from an allowed CIDR", () => {
    const finding = runRule(sshRule, {
      resource: sg({ ingress: [tcp(22, "198.51.100.0/24"), tcp(22, "::/0")] }),
      params: { allowedCidrs: ["198.51.100.0/24"], publicPrefixLength: 24 },
    });
    expect(finding.status).toBe("FAIL");
    expect(finding.reason).toBe("SSH port 22 open to the internet: tcp/22 from ::/0");
  });
});
