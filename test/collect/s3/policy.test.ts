import { describe, expect, it } from "@jest/globals";
import { policyStatements } from "../../../src/collect/s3/policy.js";
import { MalformedResponseError } from "../../../src/collect/errors.js";

// Documents as the AWS documentation writes them (CloudFront "Restrict access to an Amazon S3 origin",
// S3 "Bucket policy examples"), as GetBucketPolicy's Policy string.
const OAC_POLICY = `{
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "AllowCloudFrontServicePrincipalReadOnly",
    "Effect": "Allow",
    "Principal": { "Service": "cloudfront.amazonaws.com" },
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "Condition": { "StringEquals": { "AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE" } }
  }
}`;

const MIXED_POLICY = `{
  "Version": "2012-10-17",
  "Id": "PolicyForCloudFrontPrivateContent",
  "Statement": [
    {
      "Sid": "RestrictToTLSRequestsOnly",
      "Action": "s3:*",
      "Effect": "Deny",
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket"],
      "Condition": { "Bool": { "aws:SecureTransport": false } },
      "Principal": "*"
    },
    {
      "Sid": "AllowLegacyOAIReadOnly",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    },
    {
      "Sid": "CrossAccount",
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:root"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
      "NotAction": ["s3:PutObject", "s3:DeleteObject"],
      "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/private/*",
      "Condition": { "NumericLessThan": { "s3:TlsVersion": 1.2 }, "IpAddress": { "aws:SourceIp": ["192.0.2.0/24", "198.51.100.0/24"] } }
    }
  ]
}`;

describe("policyStatements", () => {
  it("normalizes a single Statement object: every single value a one-element list", () => {
    expect(policyStatements(OAC_POLICY)).toEqual([
      {
        sid: "AllowCloudFrontServicePrincipalReadOnly",
        effect: "Allow",
        principal: { Service: ["cloudfront.amazonaws.com"] },
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::amzn-s3-demo-bucket/*"],
        condition: { StringEquals: { "AWS:SourceArn": ["arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"] } },
      },
    ]);
  });

  it("keeps Sid, principal kinds, NotAction and NotResource, and turns booleans and numbers into strings", () => {
    const statements = policyStatements(MIXED_POLICY);
    const tls = statements.find((s) => s.sid === "RestrictToTLSRequestsOnly")!;
    expect(tls).toEqual({
      sid: "RestrictToTLSRequestsOnly",
      effect: "Deny",
      principal: "*",
      actions: ["s3:*"],
      resources: ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"],
      condition: { Bool: { "aws:SecureTransport": ["false"] } },
    });
    expect(statements.find((s) => s.sid === "CrossAccount")).toEqual({
      sid: "CrossAccount",
      effect: "Allow",
      principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"], CanonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"] },
      notActions: ["s3:DeleteObject", "s3:PutObject"],
      notResources: ["arn:aws:s3:::amzn-s3-demo-bucket/private/*"],
      condition: { IpAddress: { "aws:SourceIp": ["192.0.2.0/24", "198.51.100.0/24"] }, NumericLessThan: { "s3:TlsVersion": ["1.2"] } },
    });
    expect(statements.find((s) => s.sid === "AllowLegacyOAIReadOnly")!.principal).toEqual({ AWS: ["arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC"] });
  });

  it("keeps Principal {\"AWS\": \"*\"} as written, apart from \"*\"", () => {
    const doc = (principal: unknown) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*" }] });
    expect(policyStatements(doc("*"))[0]!.principal).toBe("*");
    expect(policyStatements(doc({ AWS: "*" }))[0]!.principal).toEqual({ AWS: ["*"] });
    expect(policyStatements(doc({ Federated: "cognito-identity.amazonaws.com" }))[0]!.principal).toEqual({ Federated: ["cognito-identity.amazonaws.com"] });
  });

  it("gives the same statements whatever the order of statements and values", () => {
    const parsed = JSON.parse(MIXED_POLICY);
    parsed.Statement.reverse();
    parsed.Statement[2].Resource.reverse();
    parsed.Statement[0].Principal.AWS.reverse();
    expect(policyStatements(JSON.stringify(parsed))).toEqual(policyStatements(MIXED_POLICY));
  });

  it.each([
    ["not JSON", "{\"Version\": \"2012-10-17\", \"Statement\": [", "Policy (not a JSON document)"],
    ["no Statement", "{\"Version\": \"2012-10-17\"}", "Policy.Statement"],
    ["a statement without Effect", "{\"Statement\": [{\"Action\": \"s3:*\"}]}", "Policy.Statement[].Effect"],
    ["a Principal that is neither \"*\" nor an object", "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": 5}]}", "Policy.Statement[].Principal"],
  ])("throws MalformedResponseError for %s", (_, document, field) => {
    expect(() => policyStatements(document)).toThrow(MalformedResponseError);
    expect(() => policyStatements(document)).toThrow(expect.objectContaining({ field }));
  });
});
