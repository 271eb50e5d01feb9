/**
 * A live audit names who made each change since the previous run from
 * CloudTrail's LookupEvents, read at the endpoint the run's other calls go to
 * (--endpoint-url); --no-attribution reads no events.
 */
import { describe, expect, it } from "@jest/globals";
import { awsHttpEndpoint, callerIdentity, EC2_NS, EMPTY_EC2_LISTS, securityGroupItem } from "../support/aws-http-endpoint.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const A = "111122223333";
const securityGroups = (cidr: string) => `<DescribeSecurityGroupsResponse ${EC2_NS}><requestId>1</requestId><securityGroupInfo>${securityGroupItem("sg-0000000000000000b", cidr, A)}</securityGroupInfo></DescribeSecurityGroupsResponse>`;

/** A stand-alone instance, outside any Auto Scaling group: its termination protection costs one DescribeInstanceAttribute. */
const instance =
  `<item><instanceId>i-0000000000000000c</instanceId><imageId>ami-0c02fb55956c7d316</imageId><instanceType>t3.micro</instanceType><instanceState><code>16</code><name>running</name></instanceState>` +
  `<vpcId>vpc-0a11b22c33d44e501</vpcId><subnetId>subnet-0a000000000000a01</subnetId><placement><availabilityZone>us-east-1a</availabilityZone></placement><groupSet><item><groupId>sg-0000000000000000b</groupId><groupName>b</groupName></item></groupSet></item>`;

const answers: Record<string, string> = {
  ...EMPTY_EC2_LISTS,
  GetCallerIdentity: callerIdentity(A),
  DescribeInstances: `<DescribeInstancesResponse ${EC2_NS}><requestId>1</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>${A}</ownerId><instancesSet>${instance}</instancesSet></item></reservationSet></DescribeInstancesResponse>`,
  DescribeInstanceAttribute: `<DescribeInstanceAttributeResponse ${EC2_NS}><requestId>1</requestId><instanceId>i-0000000000000000c</instanceId><disableApiTermination><value>false</value></disableApiTermination></DescribeInstanceAttributeResponse>`,
};

/** What the account looks like now, and the CloudTrail events LookupEvents returns. */
let cidr = "203.0.113.0/24";
let trail: unknown[] = [];


/** The record CloudTrail keeps of alice opening SSH on the group (LookupEvents gives it as a JSON string). */
function authorizeByAlice(time: Date): unknown {
  const record = {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLEID:alice@example.com", arn: `arn:aws:sts::${A}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com`, accountId: A },
    eventTime: time.toISOString(),
    eventSource: "ec2.amazonaws.com",
    eventName: "AuthorizeSecurityGroupIngress",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    requestParameters: { groupId: "sg-0000000000000000b", ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } },
    responseElements: { _return: true },
    eventID: "0f6c3c54-2b1e-4a8e-9d6c-0123456789ab",
    readOnly: false,
    eventType: "AwsApiCall",
    recipientAccountId: A,
  };
  return { EventId: record.eventID, EventName: record.eventName, ReadOnly: "false", EventTime: time.getTime() / 1000, EventSource: record.eventSource, Username: "alice@example.com", CloudTrailEvent: JSON.stringify(record) };
}

const endpoint = awsHttpEndpoint("AKIDATTRIBUTIONTEST", ({ action }) =>
  action === "LookupEvents" ? JSON.stringify({ Events: trail }) : action === "DescribeSecurityGroups" ? securityGroups(cidr) : answers[action],
);

const stateDirectory = temporaryDirectories("driftwarden-live-attribution-");

async function audit(stateDir: string, ...extra: string[]): Promise<{ report: AuditReport; lookups: string[]; attributeReads: number }> {
  endpoint.requests.length = 0;
  const { code, stdout, stderr } = await runCli("audit", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--services", "ec2", "--state-dir", stateDir, "--format", "json", "--fail-on", "none", ...extra);
  expect([code, stderr]).toEqual([0, ""]);
  return {
    report: JSON.parse(stdout) as AuditReport,
    lookups: endpoint.requests.filter((c) => c.action === "LookupEvents").map((c) => c.body),
    attributeReads: endpoint.requests.filter((c) => c.action === "DescribeInstanceAttribute").length,
  };
}

describe("audit, live, with a previous run", () => {
  it("names who made the change on the second run, from one LookupEvents call for the window's write events", async () => {
    const stateDir = await stateDirectory();
    cidr = "203.0.113.0/24";
    trail = [];
    const first = await audit(stateDir);
    // Nothing to compare with on a first run: nothing is looked up.
    expect(first.lookups).toEqual([]);
    expect(first.report.attribution).toBeUndefined();

    cidr = "0.0.0.0/0";
    // Between the two runs: after the first run finished, before the second starts.
    trail = [authorizeByAlice(new Date(Date.parse(first.report.run.finishedAt) + 1))];
    const second = await audit(stateDir);
    expect(second.lookups).toHaveLength(1);
    const request = JSON.parse(second.lookups[0]!);
    expect(request).toMatchObject({ LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }], MaxResults: 50 });
    const changed = second.report.drift!.modified.find((m) => m.resource.id === "sg-0000000000000000b")!;
    expect(changed.cause).toMatchObject({ eventName: "AuthorizeSecurityGroupIngress", actor: { name: "alice@example.com" }, sourceIpAddress: "198.51.100.7" });
    expect(second.report.attribution).toMatchObject({ events: 1, matched: 1, changes: 1 });
    expect(second.report.attribution!.unavailable).toBeUndefined();
  });

  it("--no-attribution makes no LookupEvents call", async () => {
    const stateDir = await stateDirectory();
    cidr = "203.0.113.0/24";
    await audit(stateDir, "--no-attribution");
    cidr = "0.0.0.0/0";
    const second = await audit(stateDir, "--no-attribution");
    expect(second.report.drift!.modified).toHaveLength(1);
    expect(second.lookups).toEqual([]);
    expect(second.report.attribution).toBeUndefined();
  });

  it("carries termination protection over on the second run, from the same one LookupEvents call; --full reads it again", async () => {
    const stateDir = await stateDirectory();
    cidr = "203.0.113.0/24";
    trail = [];
    const first = await audit(stateDir);
    expect(first.attributeReads).toBe(1);

    const second = await audit(stateDir);
    expect(second.attributeReads).toBe(0);
    expect(second.lookups).toHaveLength(1);
    const protection = second.report.findings.find((f) => f.ruleId === "ec2-instance-termination-protection")!;
    // Read during the first run.
    const readAt = (protection.evidence?.readAt as Record<string, string>)["ec2.instanceAttribute.disableApiTermination"]!;
    expect(protection.status).toBe("FAIL");
    expect([readAt >= first.report.run.startedAt, readAt <= first.report.run.finishedAt]).toEqual([true, true]);

    const full = await audit(stateDir, "--full");
    expect(full.attributeReads).toBe(1);
    // Nothing drifted and nothing carried: no events to read.
    expect(full.lookups).toEqual([]);
    expect(full.report.findings.find((f) => f.ruleId === "ec2-instance-termination-protection")!.evidence?.readAt).toBeUndefined();
  });
});
