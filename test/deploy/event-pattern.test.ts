/**
 * The event path's EventBridge patterns, matched against CloudTrail events as
 * EventBridge delivers them, with the pattern semantics EventBridge documents
 * (arrays: any of; {"prefix"}; {"exists": false}: the field is absent; nested
 * objects: each field matched on its own).
 */
import { describe, expect, it } from "@jest/globals";
import { EVENT_TARGETS } from "../../src/attribute/event-targets.js";
import { CLOUDTRAIL_DETAIL_TYPE, EVENT_PATTERN_MAX_CHARS, eventPatterns, sourceOf } from "../../src/deploy/event-pattern.js";

type Json = Record<string, unknown>;

function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const value = event[key];
    if (Array.isArray(rule)) return rule.some((matcher) => matchesValue(matcher, value));
    return value !== null && typeof value === "object" && !Array.isArray(value) && matches(rule as Json, value as Json);
  });
}

function matchesValue(matcher: unknown, value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (matcher !== null && typeof matcher === "object") {
    if ("exists" in matcher) return (value !== undefined) === (matcher as { exists: boolean }).exists;
    if ("prefix" in matcher) return values.some((v) => typeof v === "string" && v.startsWith((matcher as { prefix: string }).prefix));
    throw new Error(`a matcher this test does not implement: ${JSON.stringify(matcher)}`);
  }
  return value !== undefined && values.includes(matcher);
}

/** An "AWS API Call via CloudTrail" event as the default bus receives it (EventBridge envelope, CloudTrail record as detail). */
function envelope(eventSource: string, eventName: string, detail: Json = {}, top: Json = {}): Json {
  return {
    version: "0",
    id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
    "detail-type": CLOUDTRAIL_DETAIL_TYPE,
    source: sourceOf(eventSource),
    account: "111122223333",
    time: "2024-03-05T09:14:22Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLE:deploy", arn: "arn:aws:sts::111122223333:assumed-role/deploy/deploy", accountId: "111122223333" },
      eventTime: "2024-03-05T09:14:20Z",
      eventSource,
      eventName,
      awsRegion: "eu-west-1",
      sourceIPAddress: "203.0.113.10",
      userAgent: "aws-cli/2.15.0",
      requestParameters: {},
      responseElements: null,
      requestID: "2c8e1a3e-5b0f-4d7e-9a51-0c6f3b8f1e22",
      eventID: "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: "111122223333",
      eventCategory: "Management",
      ...detail,
    },
    ...top,
  };
}

const patterns = eventPatterns();
const matching = (event: Json) => patterns.filter((p) => matches(p.pattern as unknown as Json, event)).map((p) => p.eventSource);

describe("the event path's event patterns", () => {
  it("match every write call EVENT_TARGETS knows, each by its own service's pattern alone", () => {
    const known = Object.entries(EVENT_TARGETS).flatMap(([source, byName]) => Object.keys(byName).map((name) => [source, name] as const));
    expect(known.length).toBeGreaterThan(90);
    for (const [source, name] of known) expect({ source, name, matchedBy: matching(envelope(source, name)) }).toEqual({ source, name, matchedBy: [source] });
  });

  it("match CloudFront's names with their API version, and no other CloudFront call that starts the same", () => {
    const cloudfront = "cloudfront.amazonaws.com";
    for (const name of ["UpdateDistribution2020_05_31", "CreateDistributionWithTags2020_05_31", "DeleteDistribution2019_03_26"]) expect(matching(envelope(cloudfront, name))).toEqual([cloudfront]);
    for (const name of ["UpdateDistributionWithStagingConfig2020_05_31", "CreateDistributionTenant2020_05_31", "GetDistributionConfig2020_05_31"]) expect({ name, matchedBy: matching(envelope(cloudfront, name)) }).toEqual({ name, matchedBy: [] });
    // Other services' names are matched exactly.
    expect(matching(envelope("ec2.amazonaws.com", "RunInstances2020_05_31"))).toEqual([]);
  });

  it("leave out read-only calls, failed calls and other CloudTrail event types", () => {
    for (const [source, name] of [
      ["ec2.amazonaws.com", "DescribeSecurityGroups"],
      ["s3.amazonaws.com", "GetBucketPolicy"],
      ["route53.amazonaws.com", "ListResourceRecordSets"],
      ["iam.amazonaws.com", "GetAccountSummary"],
    ]) {
      expect(matching(envelope(source!, name!, { readOnly: true }))).toEqual([]);
    }
    const denied = envelope("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", {
      errorCode: "Client.UnauthorizedOperation",
      errorMessage: "You are not authorized to perform this operation.",
      requestParameters: { groupId: "sg-0a1b2c3d4e5f60001", ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } },
    });
    expect(matching(denied)).toEqual([]);
    expect(matching(envelope("s3.amazonaws.com", "PutBucketPolicy", { errorCode: "AccessDenied", errorMessage: "Access Denied" }))).toEqual([]);
    // The same call, successful, is matched: the errorCode test is what left it out.
    expect(matching(envelope("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"))).toEqual(["ec2.amazonaws.com"]);
    expect(matching(envelope("ec2.amazonaws.com", "RunInstances", {}, { "detail-type": "AWS Service Event via CloudTrail" }))).toEqual([]);
  });

  it("pair each name with its own service: a name of one service under another does not match", () => {
    expect(matching(envelope("s3.amazonaws.com", "CreateTable"))).toEqual([]);
    expect(matching(envelope("rds.amazonaws.com", "CreateLoadBalancer"))).toEqual([]);
    // The source and eventSource go together too.
    expect(matching(envelope("ec2.amazonaws.com", "RunInstances", {}, { source: "aws.rds" }))).toEqual([]);
  });

  it("are one per service, each within EventBridge's pattern size quota, on the CloudTrail detail type", () => {
    expect(patterns.map((p) => p.eventSource)).toEqual(Object.keys(EVENT_TARGETS));
    expect(new Set(patterns.map((p) => p.name)).size).toBe(patterns.length);
    for (const { name, pattern } of patterns) {
      expect({ name, fits: JSON.stringify(pattern).length <= EVENT_PATTERN_MAX_CHARS }).toEqual({ name, fits: true });
      expect(pattern["detail-type"]).toEqual(["AWS API Call via CloudTrail"]);
    }
    expect(patterns.find((p) => p.eventSource === "elasticloadbalancing.amazonaws.com")).toMatchObject({ name: "Elasticloadbalancing", pattern: { source: ["aws.elasticloadbalancing"] } });
    expect(patterns.find((p) => p.eventSource === "route53.amazonaws.com")).toMatchObject({ name: "Route53", pattern: { source: ["aws.route53"] } });
  });

  it("refuse a service whose pattern would not fit, naming it", () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`PutSomethingRatherLongNumber${i}`, () => []]));
    expect(() => eventPatterns({ "example.amazonaws.com": many })).toThrow(/^example\.amazonaws\.com: its event pattern has \d+ characters, over EventBridge's 2048$/);
  });
});
