/** The nightly alert's exact text: the order of its changes, a complete run's head, and its limits to the character and byte. */
import { describe, expect, it } from "@jest/globals";
import type { Transition } from "../../../src/diff/types.js";
import { alertingTransitions, buildAlert } from "../../../src/publish/notify/alert-message.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import type { ChangeCause } from "../../../src/types/cause.js";
import type { CollectionError } from "../../../src/types/resource.js";

const ACCOUNT = "123456789012";
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

const webTier: Transition["resource"] = { type: "AWS::EC2::SecurityGroup", id: "sg-0a1b2c3d4e5f67890", name: "web-tier", region: "eu-west-1" };

const alice: ChangeCause = {
  eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
  eventName: "RevokeSecurityGroupIngress",
  eventSource: "ec2.amazonaws.com",
  eventTime: "2026-11-21T14:02:37Z",
  region: "eu-west-1",
  actor: { type: "AssumedRole", name: "alice@example.com", role: "AWSReservedSSO_AdministratorAccess_0123456789abcdef", accountId: ACCOUNT },
  sourceIpAddress: "198.51.100.7",
};

/** The resource's type from its id's prefix, as EC2 and RDS name them. */
const TYPES: [string, Transition["resource"]["type"]][] = [["sg-", "AWS::EC2::SecurityGroup"], ["vol-", "AWS::EC2::Volume"], ["eipalloc-", "AWS::EC2::EIP"], ["i-", "AWS::EC2::Instance"], ["db-", "AWS::RDS::DBInstance"]];

function transition(kind: Transition["kind"], severity: Transition["severity"], ruleId: string, resourceId: string, fields: Partial<Transition> = {}): Transition {
  const type = TYPES.find(([prefix]) => resourceId.startsWith(prefix))![1];
  return { findingId: `${ruleId}#${resourceId}`, ruleId, kind, severity, resource: { type, id: resourceId, region: "eu-west-1" }, ...fields };
}

function report(transitions: Transition[], fields: Partial<AuditReport> = {}, bySeverity: Partial<AuditReport["run"]["counts"]["bySeverity"]> = {}): AuditReport {
  const severities = { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...bySeverity };
  const failing = Object.values(severities).reduce((n, c) => n + c, 0);
  return {
    schemaVersion: 1,
    run: {
      id: "scheduled-2026-11-22",
      accountId: ACCOUNT,
      regions: ["eu-west-1", "us-east-1"],
      startedAt: "2026-11-22T02:00:00.000Z",
      finishedAt: "2026-11-22T02:03:00.000Z",
      status: "complete",
      counts: { byStatus: { FAIL: failing, ERROR: 0, SUPPRESSED: 1, PASS: 212, NOT_APPLICABLE: 4 }, bySeverity: severities },
    },
    findings: [],
    errors: [],
    transitions,
    ...fields,
  };
}

describe("alertingTransitions", () => {
  const regressedCritical = transition("REGRESSED", "critical", "ec2-ssh-restricted", "sg-1");
  const newCritical = transition("NEW", "critical", "rds-not-public", "db-orders");
  const newHigh0 = transition("NEW", "high", "ec2-ssh-restricted", "sg-0");
  const newHigh3 = transition("NEW", "high", "ec2-ssh-restricted", "sg-3");
  const newLow = transition("NEW", "low", "ec2-ebs-encrypted", "vol-0a1b2c3d4e5f67890");
  const resolvedCritical = transition("RESOLVED", "critical", "ec2-rdp-restricted", "sg-2");
  const resolvedHigh = transition("RESOLVED", "high", "ec2-eip-attached", "eipalloc-0a1b2c3d4e5f67890");
  const resolvedLow = transition("RESOLVED", "low", "ec2-ebs-encrypted", "vol-0b1c2d3e4f5a6b7c8");
  const expected = [regressedCritical, newCritical, newHigh0, newHigh3, newLow, resolvedCritical, resolvedHigh, resolvedLow];

  it("puts failures before resolutions, each by severity, then rule, then resource, whatever order they come in", () => {
    const inputs = [expected, [...expected].reverse(), [resolvedLow, newLow, resolvedCritical, newHigh3, resolvedHigh, regressedCritical, newHigh0, newCritical]];
    for (const input of inputs) expect(alertingTransitions(input, "low").map((t) => t.findingId)).toEqual(expected.map((t) => t.findingId));
  });

  it("puts a low failure before a critical resolution", () => {
    expect(alertingTransitions([resolvedCritical, newLow], "info")).toEqual([newLow, resolvedCritical]);
    expect(alertingTransitions([newLow, resolvedCritical], "info")).toEqual([newLow, resolvedCritical]);
  });

  it("leaves out findings still failing and those below the severity asked for", () => {
    const persisting = transition("PERSISTING", "critical", "ec2-ssh-restricted", "sg-9");
    const info = transition("NEW", "info", "ec2-instance-termination-protection", "i-0123456789abcdef0");
    expect(alertingTransitions([persisting, info, newLow, resolvedLow, newHigh0], "high")).toEqual([newHigh0]);
  });
});

describe("buildAlert's text", () => {
  it("reads, as a whole, as the email of a complete night: no partial note, no CloudTrail line, nothing uncollected", () => {
    const opened = transition("NEW", "high", "ec2-ssh-restricted", "sg-0a1b2c3d4e5f67890", {
      resource: webTier,
      reason: "SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
      explanation: "ingress tcp/22 from 0.0.0.0/0 added",
      cause: { ...alice, eventName: "AuthorizeSecurityGroupIngress" },
    });
    const closed = transition("RESOLVED", "medium", "ec2-rdp-restricted", "sg-0fedcba9876543210", { cause: alice });
    const alert = buildAlert(report([closed, opened], { attribution: { events: 2, matched: 2, changes: 2, unmatched: [] } }, { high: 1, medium: 2 }), "medium")!;
    expect(alert.subject).toBe("driftwarden: 1 new, 1 resolved in 123456789012 (high)");
    expect(alert.body).toBe(
      [
        "driftwarden audit of account 123456789012 (eu-west-1, us-east-1)",
        "Run scheduled-2026-11-22, finished 2026-11-22T02:03:00.000Z",
        "",
        "Changes at or above medium: 1 new, 1 resolved.",
        "Failing now: 3 (1 high, 2 medium); suppressed: 1.",
        "",
        "NEW AND REGRESSED FAILURES (1)",
        "------------------------------",
        "[HIGH] NEW ec2-ssh-restricted",
        "  resource: AWS::EC2::SecurityGroup sg-0a1b2c3d4e5f67890 (web-tier), eu-west-1",
        "  reason:   SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
        "  drift:    ingress tcp/22 from 0.0.0.0/0 added",
        "  changed:  by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, AuthorizeSecurityGroupIngress from 198.51.100.7",
        "",
        "",
        "RESOLVED (1)",
        "------------",
        "[MEDIUM] RESOLVED ec2-rdp-restricted",
        "  resource: AWS::EC2::SecurityGroup sg-0fedcba9876543210, eu-west-1",
        "  changed:  by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, RevokeSecurityGroupIngress from 198.51.100.7",
        "",
        "",
      ].join("\n"),
    );
    expect(alert.attributes).toEqual({
      account: { DataType: "String", StringValue: ACCOUNT },
      highestSeverity: { DataType: "String", StringValue: "high" },
      newCount: { DataType: "Number", StringValue: "1" },
      regressedCount: { DataType: "Number", StringValue: "0" },
      resolvedCount: { DataType: "Number", StringValue: "1" },
      runStatus: { DataType: "String", StringValue: "complete" },
    });
  });

  it("names no severity, and says none to a filter policy, when everything changed was resolved and nothing fails", () => {
    const alert = buildAlert(report([transition("RESOLVED", "critical", "rds-not-public", "db-orders"), transition("RESOLVED", "low", "ec2-ebs-encrypted", "vol-0b1c2d3e4f5a6b7c8")]), "info")!;
    expect(alert.subject).toBe(`driftwarden: 2 resolved in ${ACCOUNT}`);
    expect(alert.body).toBe(
      [
        "driftwarden audit of account 123456789012 (eu-west-1, us-east-1)",
        "Run scheduled-2026-11-22, finished 2026-11-22T02:03:00.000Z",
        "",
        "Changes at or above info: 2 resolved.",
        "Failing now: 0; suppressed: 1.",
        "",
        "RESOLVED (2)",
        "------------",
        "[CRITICAL] RESOLVED rds-not-public",
        "  resource: AWS::RDS::DBInstance db-orders, eu-west-1",
        "",
        "[LOW] RESOLVED ec2-ebs-encrypted",
        "  resource: AWS::EC2::Volume vol-0b1c2d3e4f5a6b7c8, eu-west-1",
        "",
        "",
      ].join("\n"),
    );
    expect(alert.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "none" });
  });

  describe("within the body's byte limit", () => {
    const one = report([transition("NEW", "high", "ec2-ssh-restricted", "sg-0a1b2c3d4e5f67890", { resource: webTier, reason: "SSH port 22 open to the internet — ünïcödé counts in bytes" })]);
    const whole = buildAlert(one, "info")!;
    // The body's budget keeps 200 bytes for the line on changes left out.
    const room = bytes(whole.body) + 200;

    it("keeps a change given exactly the room it needs", () => {
      expect(buildAlert(one, "info", room)).toEqual(whole);
      expect(whole.body).not.toContain("not shown");
    });

    it("leaves it out for one byte less, section title and all, and says one change was left out", () => {
      const cut = buildAlert(one, "info", room - 1)!;
      expect(cut.body).toBe(
        [
          "driftwarden audit of account 123456789012 (eu-west-1, us-east-1)",
          "Run scheduled-2026-11-22, finished 2026-11-22T02:03:00.000Z",
          "",
          "Changes at or above info: 1 new.",
          "Failing now: 0; suppressed: 1.",
          "",
          "… and 1 more change not shown (message size limit). Run `driftwarden audit --format html` or read the findings table for all of them.",
          "",
        ].join("\n"),
      );
      expect(cut.subject).toBe(whole.subject);
      expect(cut.attributes).toEqual(whole.attributes);
    });
  });

  it("gives an error message of 200 characters whole, and cuts a longer one to 200", () => {
    const denied = (session: string): CollectionError => ({
      service: "rds",
      region: "eu-west-1",
      operation: "DescribeDBInstances",
      code: "AccessDenied",
      message: `User: arn:aws:sts::123456789012:assumed-role/driftwarden-audit/${session} is not authorized to perform: rds:DescribeDBInstances on resource: arn:aws:rds:eu-west-1:123456789012:db:* with an explicit deny`,
      resourceTypes: ["AWS::RDS::DBInstance"],
    });
    const tail = (error: CollectionError) => {
      const body = buildAlert(report([transition("NEW", "high", "ec2-ssh-restricted", "sg-1")], { errors: [error], run: { ...report([]).run, status: "partial" } }), "info")!.body;
      return body.slice(body.indexOf("\nNOT COLLECTED"));
    };
    expect(denied("night-01").message).toHaveLength(200);
    expect(tail(denied("night-01"))).toBe(`\nNOT COLLECTED IN THIS RUN (findings there keep their previous state)\n  rds eu-west-1 DescribeDBInstances: AccessDenied: ${denied("night-01").message}\n`);
    expect(tail(denied("night-run"))).toBe(`\nNOT COLLECTED IN THIS RUN (findings there keep their previous state)\n  rds eu-west-1 DescribeDBInstances: AccessDenied: ${denied("night-run").message.slice(0, 199)}…\n`);
  });
});
