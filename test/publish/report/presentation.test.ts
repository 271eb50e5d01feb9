import { describe, expect, it } from "@jest/globals";
import { attributionLine, attributionUnavailableLine, causeLine, cloudTrailEventUrl } from "../../../src/publish/report/presentation.js";
import type { Actor, ChangeCause } from "../../../src/types/cause.js";

/** A cause as attribution builds it from one event; `actor` and the rest as the case needs. */
function cause(actor: Actor, extra: Partial<ChangeCause> = {}): ChangeCause {
  return {
    eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
    eventName: "AuthorizeSecurityGroupIngress",
    eventSource: "ec2.amazonaws.com",
    eventTime: "2026-11-21T14:02:37Z",
    region: "us-east-1",
    actor,
    ...extra,
  };
}

const sso: Actor = { type: "AssumedRole", name: "alice@example.com", role: "AWSReservedSSO_AdministratorAccess_0123456789abcdef" };

describe("causeLine", () => {
  it.each<[string, ChangeCause, string]>([
    [
      "an IAM Identity Center (SSO) session: the person and the permission set's role",
      cause(sso, { sourceIpAddress: "198.51.100.7" }),
      "by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, AuthorizeSecurityGroupIngress from 198.51.100.7",
    ],
    [
      "an IAM user, said to be one (long-lived keys)",
      cause({ type: "IAMUser", name: "bob" }, { eventName: "ModifyDBInstance", eventTime: "2026-11-21T16:47:09.000Z", sourceIpAddress: "203.0.113.25" }),
      "by bob (IAM user) at 2026-11-21 16:47 UTC, ModifyDBInstance from 203.0.113.25",
    ],
    ["the root user", cause({ type: "Root", name: "root" }, { eventName: "CreateAccessKey", sourceIpAddress: "198.51.100.99" }), "by root at 2026-11-21 14:02 UTC, CreateAccessKey from 198.51.100.99"],
    [
      "CloudFormation acting with the deployer's credentials, its own name as the source",
      cause({ type: "AssumedRole", name: "deployer", role: "CIDeploy" }, { eventName: "CreateDistribution2020_05_31", invokedBy: "cloudformation.amazonaws.com", sourceIpAddress: "cloudformation.amazonaws.com" }),
      "by cloudformation.amazonaws.com for deployer (role CIDeploy) at 2026-11-21 14:02 UTC, CreateDistribution2020_05_31",
    ],
    [
      "Auto Scaling with its service-linked role: the service, not a session called AutoScaling",
      cause({ type: "AssumedRole", name: "AutoScaling", role: "AWSServiceRoleForAutoScaling" }, { eventName: "TerminateInstances", invokedBy: "autoscaling.amazonaws.com", sourceIpAddress: "autoscaling.amazonaws.com" }),
      "by autoscaling.amazonaws.com (role AWSServiceRoleForAutoScaling) at 2026-11-21 14:02 UTC, TerminateInstances",
    ],
    [
      "an AWS service principal, named once",
      cause({ type: "AWSService", name: "config.amazonaws.com" }, { eventName: "PutBucketPolicy", invokedBy: "config.amazonaws.com", sourceIpAddress: "config.amazonaws.com" }),
      "by config.amazonaws.com at 2026-11-21 14:02 UTC, PutBucketPolicy",
    ],
    ["a time CloudTrail did not write as usual, as it is", cause({ type: "IAMUser", name: "bob" }, { eventTime: "2026-11-21T14:02:37+01:00" }), "by bob (IAM user) at 2026-11-21T14:02:37+01:00, AuthorizeSecurityGroupIngress"],
  ])("%s", (_name, c, line) => {
    expect(causeLine(c)).toBe(line);
  });

  it("names the earlier writes to the same resource, the last three, oldest first", () => {
    const earlier = ["PutBucketAcl", "PutBucketTagging", "PutBucketPublicAccessBlock", "PutBucketVersioning"].map((eventName, i) => ({
      eventId: `e${i}`,
      eventName,
      eventTime: `2026-11-21T18:0${i}:00Z`,
      actor: "carol@example.com (role PowerUser)",
    }));
    expect(causeLine(cause(sso, { eventName: "PutBucketPolicy", earlier }))).toBe(
      "by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, PutBucketPolicy; earlier: 1 more, " +
        "PutBucketTagging by carol@example.com (role PowerUser) at 2026-11-21 18:01 UTC, PutBucketPublicAccessBlock by carol@example.com (role PowerUser) at 2026-11-21 18:02 UTC, " +
        "PutBucketVersioning by carol@example.com (role PowerUser) at 2026-11-21 18:03 UTC",
    );
  });
});

describe("cloudTrailEventUrl", () => {
  it("links the event in its region's CloudTrail console", () => {
    expect(cloudTrailEventUrl({ eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0", region: "eu-west-1" })).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
    );
  });

  it("encodes an event id from a file, and links nothing for a region that is not one or has its own console", () => {
    expect(cloudTrailEventUrl({ eventId: 'x"><img>/#?', region: "us-east-1" })).toBe("https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/x%22%3E%3Cimg%3E%2F%23%3F");
    for (const region of ["evil.example/x", "us-east-1.evil.example", "", "cn-north-1", "us-gov-west-1"]) expect(cloudTrailEventUrl({ eventId: "e1", region })).toBeUndefined();
    expect(cloudTrailEventUrl({ eventId: "", region: "us-east-1" })).toBeUndefined();
  });
});

describe("attributionLine", () => {
  it("says how many changes were named, from how many write events", () => {
    expect(attributionLine({ events: 13, matched: 7, changes: 8, unmatched: ["PutMetricAlarm"] })).toBe("CloudTrail named who made 7 of 8 changes (from 13 write events)");
    expect(attributionLine({ events: 1, matched: 1, changes: 1, unmatched: [] })).toBe("CloudTrail named who made 1 of 1 change (from 1 write event)");
  });

  it("names the regions whose events could not be read, with the error's code, on the same line", () => {
    const unavailable = [
      { region: "eu-west-1", code: "AccessDeniedException", message: "not authorized to perform: cloudtrail:LookupEvents" },
      { region: "us-east-1", code: "Deadline", message: "stopped before the invocation deadline" },
    ];
    expect(attributionLine({ events: 4, matched: 1, changes: 3, unmatched: [], unavailable })).toBe(
      "CloudTrail named who made 1 of 3 changes (from 4 write events); attribution unavailable in eu-west-1 (AccessDeniedException), us-east-1 (Deadline)",
    );
    expect(attributionUnavailableLine({ events: 0, matched: 0, changes: 1, unmatched: [], unavailable: [unavailable[0]!] })).toBe("attribution unavailable in eu-west-1 (AccessDeniedException)");
    expect(attributionUnavailableLine({ events: 0, matched: 0, changes: 1, unmatched: [] })).toBeUndefined();
  });
});
