import { describe, expect, it } from "@jest/globals";
import type { Transition } from "../../../src/diff/types.js";
import { buildAlert, MAX_BODY_BYTES } from "../../../src/publish/notify/alert-message.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import type { CollectionError } from "../../../src/types/resource.js";

function transition(i: number, kind: Transition["kind"], severity: Transition["severity"]): Transition {
  return {
    findingId: `f${i}`,
    ruleId: i % 2 ? "ec2-ssh-restricted" : "rds-multi-az",
    kind,
    severity,
    resource: { type: "AWS::EC2::SecurityGroup", id: `sg-${String(i).padStart(17, "0")}`, name: `web-tier-${i}`, region: "eu-west-1" },
    reason: "SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0 — ünïcödé names count in bytes",
    explanation: "ingress tcp/22 from 0.0.0.0/0 added",
  };
}

function report(transitions: Transition[], status: "complete" | "partial" = "complete"): AuditReport {
  return {
    schemaVersion: 1,
    run: {
      id: "run-1",
      accountId: "123456789012",
      regions: ["eu-west-1"],
      startedAt: "2026-11-22T02:00:00.000Z",
      finishedAt: "2026-11-22T02:03:00.000Z",
      status,
      counts: { byStatus: { FAIL: 40, ERROR: 0, SUPPRESSED: 2, PASS: 100, NOT_APPLICABLE: 5 }, bySeverity: { critical: 1, high: 30, medium: 9, low: 0, info: 0 } },
    },
    findings: [],
    errors: status === "partial" ? [{ service: "rds", region: "eu-west-1", operation: "DescribeDBInstances", code: "AccessDenied", message: "not authorized", resourceTypes: ["AWS::RDS::DBInstance"] }] : [],
    transitions,
  };
}

describe("alert message", () => {
  it("sends nothing when nothing changed at or above the threshold", () => {
    expect(buildAlert(report([]), "medium")).toBeUndefined();
    expect(buildAlert(report([transition(1, "PERSISTING", "critical"), transition(2, "NEW", "low")]), "medium")).toBeUndefined();
  });

  it("puts new failures first by severity, then resolutions, with a short subject and filterable attributes", () => {
    const alert = buildAlert(report([transition(1, "RESOLVED", "critical"), transition(2, "NEW", "medium"), transition(3, "REGRESSED", "critical"), transition(4, "NEW", "low")]), "medium")!;
    expect(alert.subject).toBe("driftwarden: 1 new, 1 regressed, 1 resolved in 123456789012 (critical)");
    expect(alert.subject.length).toBeLessThan(100);
    const order = [...alert.body.matchAll(/^\[(\w+)\] (\w+) /gm)].map((m) => `${m[2]}:${m[1]}`);
    expect(order).toEqual(["REGRESSED:CRITICAL", "NEW:MEDIUM", "RESOLVED:CRITICAL"]);
    expect(alert.body).toContain("  drift:    ingress tcp/22 from 0.0.0.0/0 added");
    expect(alert.body).toContain("  resource: AWS::EC2::SecurityGroup sg-00000000000000003 (web-tier-3), eu-west-1");
    expect(alert.attributes).toMatchObject({
      account: { DataType: "String", StringValue: "123456789012" },
      highestSeverity: { StringValue: "critical" },
      newCount: { DataType: "Number", StringValue: "1" },
      resolvedCount: { StringValue: "1" },
    });
  });

  it("says in one line in which regions CloudTrail could not be read to name who made the changes", () => {
    const unavailable = [{ region: "eu-west-1", code: "AccessDeniedException", message: "not authorized to perform: cloudtrail:LookupEvents" }];
    const alert = buildAlert({ ...report([transition(1, "NEW", "high")]), attribution: { events: 0, matched: 0, changes: 1, unmatched: [], unavailable } }, "info")!;
    expect(alert.body.split("\n")).toContain("CloudTrail: attribution unavailable in eu-west-1 (AccessDeniedException).");
    expect(buildAlert({ ...report([transition(1, "NEW", "high")]), attribution: { events: 3, matched: 1, changes: 1, unmatched: [] } }, "info")!.body).not.toContain("unavailable");
  });

  it("reads, as a whole, as the email a subscriber gets for a partial night", () => {
    const resolved = { ...transition(2, "RESOLVED", "high"), reason: "Multi-AZ is on", explanation: undefined } as Transition;
    const alert = buildAlert({ ...report([resolved, transition(3, "NEW", "critical")], "partial"), attribution: { events: 1, matched: 1, changes: 2, unmatched: [], unavailable: [{ region: "us-east-1", code: "ThrottlingException", message: "rate exceeded" }] } }, "high")!;
    expect(alert.subject).toBe("driftwarden: 1 new, 1 resolved in 123456789012 (critical) [partial]");
    expect(alert.body.split("\n").slice(0, 8)).toEqual([
      "driftwarden audit of account 123456789012 (eu-west-1)",
      "Run run-1, finished 2026-11-22T02:03:00.000Z — PARTIAL: some parts could not be read; their findings keep their previous state",
      "",
      "Changes at or above high: 1 new, 1 resolved.",
      "Failing now: 40 (1 critical, 30 high, 9 medium); suppressed: 2.",
      "CloudTrail: attribution unavailable in us-east-1 (ThrottlingException).",
      "",
      "NEW AND REGRESSED FAILURES (1)",
    ]);
    expect(alert.body).toContain(
      [
        "NEW AND REGRESSED FAILURES (1)",
        "------------------------------",
        "[CRITICAL] NEW ec2-ssh-restricted",
        "  resource: AWS::EC2::SecurityGroup sg-00000000000000003 (web-tier-3), eu-west-1",
        "  reason:   SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0 — ünïcödé names count in bytes",
        "  drift:    ingress tcp/22 from 0.0.0.0/0 added",
      ].join("\n"),
    );
    expect(alert.body).toContain(["RESOLVED (1)", "------------", "[HIGH] RESOLVED rds-multi-az", "  resource: AWS::EC2::SecurityGroup sg-00000000000000002 (web-tier-2), eu-west-1", "  reason:   Multi-AZ is on", "", ""].join("\n"));
    expect(alert.body.endsWith("\nNOT COLLECTED IN THIS RUN (findings there keep their previous state)\n  rds eu-west-1 DescribeDBInstances: AccessDenied: not authorized\n")).toBe(true);
    expect(alert.attributes).toEqual({
      account: { DataType: "String", StringValue: "123456789012" },
      highestSeverity: { DataType: "String", StringValue: "critical" },
      newCount: { DataType: "Number", StringValue: "1" },
      regressedCount: { DataType: "Number", StringValue: "0" },
      resolvedCount: { DataType: "Number", StringValue: "1" },
      runStatus: { DataType: "String", StringValue: "partial" },
    });
  });

  it("rates an alert by its new and regressed failures, not by what was resolved, and names a resource only by what it adds to its id", () => {
    const unnamed = { ...transition(2, "NEW", "low"), resource: { ...transition(2, "NEW", "low").resource, name: "sg-00000000000000002" } };
    const alert = buildAlert(report([transition(1, "RESOLVED", "critical"), unnamed]), "info")!;
    expect(alert.subject).toBe("driftwarden: 1 new, 1 resolved in 123456789012 (low)");
    expect(alert.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "low" });
    expect(alert.body).toContain("  resource: AWS::EC2::SecurityGroup sg-00000000000000002, eu-west-1\n");
    expect(alert.body).toContain("  resource: AWS::EC2::SecurityGroup sg-00000000000000001 (web-tier-1), eu-west-1\n");
  });

  it("lists up to 20 collection errors, and says how many more there are beyond", () => {
    const errors = (n: number): CollectionError[] =>
      Array.from({ length: n }, (_, i) => ({ service: "ec2", region: "eu-west-1", operation: `Op${i}`, code: "AccessDenied", message: "no", resourceTypes: ["AWS::EC2::Instance"] }));
    const listed = (n: number) => buildAlert({ ...report([transition(1, "NEW", "high")], "partial"), errors: errors(n) }, "info")!.body;
    expect(listed(20).match(/^ {2}ec2 eu-west-1 Op\d+: /gm)).toHaveLength(20);
    expect(listed(20)).not.toContain("… and");
    expect(listed(21).match(/^ {2}ec2 eu-west-1 Op\d+: /gm)).toHaveLength(20);
    expect(listed(21)).toContain("  … and 1 more\n");
  });

  it("says a partial run is partial and lists what was not collected", () => {
    const alert = buildAlert(report([transition(1, "NEW", "high")], "partial"), "info")!;
    expect(alert.subject).toContain("[partial]");
    expect(alert.body).toContain("NOT COLLECTED IN THIS RUN");
    expect(alert.body).toContain("rds eu-west-1 DescribeDBInstances: AccessDenied");
  });

  it("keeps an alert for 2,000 changed findings under 256 KB and says how many were left out", () => {
    const many = Array.from({ length: 2000 }, (_, i) => transition(i, i % 3 === 0 ? "RESOLVED" : "NEW", i % 5 === 0 ? "critical" : "high"));
    const alert = buildAlert(report(many), "info")!;
    const bytes = Buffer.byteLength(alert.body, "utf8");
    expect(bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const shown = (alert.body.match(/^\[(CRITICAL|HIGH)\] /gm) ?? []).length;
    const omitted = Number(/… and (\d+) more changes not shown/.exec(alert.body)?.[1]);
    expect(shown).toBeGreaterThan(500);
    // The budget is SNS's 256 KiB less room for the attributes: the body fills it, and stays within it.
    expect(Buffer.byteLength(alert.body)).toBeGreaterThan(240 * 1024);
    expect(Buffer.byteLength(alert.body)).toBeLessThanOrEqual(252 * 1024);
    expect(shown + omitted).toBe(2000);
    // Critical new failures are kept ahead of everything else.
    expect(alert.body.indexOf("[CRITICAL] NEW")).toBeLessThan(alert.body.indexOf("[HIGH] NEW"));
    const subjectAndAttributes = alert.subject.length + JSON.stringify(alert.attributes).length;
    expect(bytes + subjectAndAttributes).toBeLessThan(256 * 1024);
  });

  it("says who made each change, and counts those lines in the 256 KB budget", () => {
    const cause: NonNullable<Transition["cause"]> = {
      eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
      eventName: "AuthorizeSecurityGroupIngress",
      eventSource: "ec2.amazonaws.com",
      eventTime: "2026-11-21T14:02:37Z",
      region: "eu-west-1",
      actor: { type: "AssumedRole", name: "alice@example.com", role: "AWSReservedSSO_AdministratorAccess_0123456789abcdef" },
      sourceIpAddress: "198.51.100.7",
      earlier: Array.from({ length: 5 }, (_, i) => ({ eventId: `e${i}`, eventName: "RevokeSecurityGroupIngress", eventTime: `2026-11-21T0${i}:00:00Z`, actor: "ünïcödé-operator (role Ops)" })),
    };
    const one = buildAlert(report([{ ...transition(1, "NEW", "high"), cause }]), "info")!;
    expect(one.body).toContain(
      "  drift:    ingress tcp/22 from 0.0.0.0/0 added\n  changed:  by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, AuthorizeSecurityGroupIngress from 198.51.100.7; earlier: 2 more, ",
    );
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...transition(i, "NEW", "high"), cause }));
    const alert = buildAlert(report(many), "info")!;
    expect(Buffer.byteLength(alert.body, "utf8")).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const shown = (alert.body.match(/^ {2}changed: {2}by alice@example\.com /gm) ?? []).length;
    const omitted = Number(/… and (\d+) more changes not shown/.exec(alert.body)?.[1]);
    expect(shown).toBeGreaterThan(300);
    expect(shown + omitted).toBe(2000);
  });

  it("counts the collection errors it lists in the 256 KB budget, leaving out changes rather than overflowing", () => {
    // Long messages in a three-byte script: the errors section reaches the 20 it lists at over 12 KB.
    const errors: CollectionError[] = Array.from({ length: 30 }, (_, i) => ({
      service: "ec2",
      region: `ap-northeast-${(i % 3) + 1}`,
      operation: "DescribeSecurityGroups",
      code: "UnauthorizedOperation",
      message: `グループ web-${i} を読めません: `.padEnd(400, "東京リージョンの拒否"),
      resourceTypes: ["AWS::EC2::SecurityGroup"],
    }));
    const many = Array.from({ length: 2000 }, (_, i) => transition(i, "NEW", "high"));
    const alert = buildAlert({ ...report(many, "partial"), errors }, "info")!;
    const bytes = Buffer.byteLength(alert.body, "utf8");
    expect(bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(bytes + Buffer.byteLength(alert.subject) + Buffer.byteLength(JSON.stringify(alert.attributes))).toBeLessThan(256 * 1024);
    // Every error section line is there, and the changes left out are counted exactly.
    expect(alert.body).toContain("NOT COLLECTED IN THIS RUN");
    expect(alert.body.match(/^ {2}ec2 ap-northeast-\d DescribeSecurityGroups: UnauthorizedOperation: /gm)).toHaveLength(20);
    expect(alert.body).toContain("  … and 10 more\n");
    const shown = (alert.body.match(/^\[HIGH\] NEW /gm) ?? []).length;
    const omitted = Number(/… and (\d+) more changes not shown \(message size limit\)/.exec(alert.body)?.[1]);
    expect(shown).toBeGreaterThan(500);
    expect(shown + omitted).toBe(2000);
  });
});
