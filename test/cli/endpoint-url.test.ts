/**
 * A live audit against an AWS-compatible HTTP endpoint given by --endpoint-url:
 * every request goes there (signed with the credential chain's keys), and one
 * collection feeds every rule — the same calls whether 1 rule runs or all of them.
 */
import { describe, expect, it } from "@jest/globals";
import { awsHttpEndpoint, callerIdentity, EC2_NS, EMPTY_EC2_LISTS, securityGroupItem } from "../support/aws-http-endpoint.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { runCli } from "../support/run-cli.js";

const instance = (id: string) =>
  `<item><instanceId>${id}</instanceId><imageId>ami-0c02fb55956c7d316</imageId><instanceType>t3.micro</instanceType><instanceState><code>16</code><name>running</name></instanceState>` +
  `<vpcId>vpc-0a11b22c33d44e501</vpcId><subnetId>subnet-0a000000000000a01</subnetId><placement><availabilityZone>us-east-1a</availabilityZone></placement><groupSet><item><groupId>sg-0000000000000000a</groupId><groupName>a</groupName></item></groupSet></item>`;

const S3_OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

// Empty pages as AWS returns them: the list element is there, with nothing in it.
const queryEmpty = (action: string, list: string) => `<${action}Response><${action}Result><${list}/></${action}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${action}Response>`;
const empty: Record<string, string> = {
  ...EMPTY_EC2_LISTS,
  DescribeDBInstances: queryEmpty("DescribeDBInstances", "DBInstances"),
  DescribeDBClusters: queryEmpty("DescribeDBClusters", "DBClusters"),
  DescribeAutoScalingGroups: queryEmpty("DescribeAutoScalingGroups", "AutoScalingGroups"),
  DescribeTargetGroups: queryEmpty("DescribeTargetGroups", "TargetGroups"),
  "DescribeLoadBalancers 2015-12-01": queryEmpty("DescribeLoadBalancers", "LoadBalancers"),
  "DescribeLoadBalancers 2012-06-01": queryEmpty("DescribeLoadBalancers", "LoadBalancerDescriptions"),
  "GET /2020-05-31/distribution": `<DistributionList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></DistributionList>`,
  "GET /2013-04-01/hostedzone": `<ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones/><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>`,
  "GET /2013-04-01/healthcheck": `<ListHealthChecksResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HealthChecks/><IsTruncated>false</IsTruncated><MaxItems>1000</MaxItems><Marker></Marker></ListHealthChecksResponse>`,
  // S3 by path, as an emulator behind one URL is addressed; S3 Control without the account in the host.
  "GET /": `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${S3_OWNER}</ID></Owner><Buckets><Bucket><Name>site-assets</Name><CreationDate>2025-03-01T00:00:00.000Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket></Buckets></ListAllMyBucketsResult>`,
  "GET /site-assets/?publicAccessBlock": `<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
  "GET /site-assets/?policy": `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::site-assets","arn:aws:s3:::site-assets/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
  "GET /site-assets/?policyStatus": `<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>false</IsPublic></PolicyStatus>`,
  "GET /site-assets/?acl": `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${S3_OWNER}</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${S3_OWNER}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`,
  "GET /site-assets/?versioning": `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>`,
  "GET /v20180820/configuration/publicAccessBlock": `<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
  // The JSON protocols (CloudTrail, DynamoDB) name their action in X-Amz-Target.
  ListTrails: `{"Trails":[]}`,
  ListTables: `{"TableNames":[]}`,
};

// Answers as AWS does for this small account; every other list is empty.
const responses: Record<string, string> = {
  GetAccountSummary: `<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry><entry><key>AccountPasswordPresent</key><value>1</value></entry><entry><key>AccountSigningCertificatesPresent</key><value>0</value></entry><entry><key>Users</key><value>2</value></entry></SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetAccountSummaryResponse>`,
  GetCallerIdentity: callerIdentity("111122223333"),
  DescribeSecurityGroups: `<DescribeSecurityGroupsResponse ${EC2_NS}><requestId>1</requestId><securityGroupInfo>${securityGroupItem("sg-0000000000000000a", "0.0.0.0/0")}${securityGroupItem("sg-0000000000000000b", "203.0.113.0/24")}</securityGroupInfo></DescribeSecurityGroupsResponse>`,
  DescribeInstances: `<DescribeInstancesResponse ${EC2_NS}><requestId>1</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>111122223333</ownerId><instancesSet>${instance("i-0000000000000000a")}${instance("i-0000000000000000b")}</instancesSet></item></reservationSet></DescribeInstancesResponse>`,
  DescribeInstanceAttribute: `<DescribeInstanceAttributeResponse ${EC2_NS}><requestId>1</requestId><instanceId>i-0</instanceId><disableApiTermination><value>false</value></disableApiTermination></DescribeInstanceAttributeResponse>`,
};

/** Actions answered once with 503, as AWS does when a service is briefly unavailable: the SDK retries them. */
const unavailableOnce = new Set<string>();

const endpoint = awsHttpEndpoint("AKIDENDPOINTTEST", ({ action, params, authorization }) => {
  if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDENDPOINTTEST/")) {
    return { status: 403, body: "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>unsigned</Message></Error></ErrorResponse>" };
  }
  if (unavailableOnce.delete(action)) {
    return { status: 503, body: "<Response><Errors><Error><Code>Unavailable</Code><Message>try again</Message></Error></Errors><RequestID>1</RequestID></Response>" };
  }
  return responses[action] ?? empty[action] ?? empty[`${action} ${params.get("Version")}`];
});

async function audit(...extra: string[]): Promise<{ report: AuditReport; calls: string[] }> {
  endpoint.requests.length = 0;
  const { code, stdout, stderr } = await runCli("audit", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--no-state", "--format", "json", "--fail-on", "none", ...extra);
  expect([code, stderr]).toEqual([0, ""]);
  return { report: JSON.parse(stdout) as AuditReport, calls: endpoint.requests.map((r) => r.action).sort() };
}

describe("driftwarden audit --endpoint-url", () => {
  it("reads the account from the endpoint and judges what it returns", async () => {
    const { report, calls: made } = await audit();
    expect(report.run.accountId).toBe("111122223333");
    expect(report.errors).toEqual([]);
    const ssh = report.findings.filter((f) => f.ruleId === "ec2-ssh-restricted").map((f) => `${f.resource.id} ${f.status}`);
    expect(ssh.sort()).toEqual(["sg-0000000000000000a FAIL", "sg-0000000000000000b PASS"]);
    expect(made).toContain("GetCallerIdentity");
    // S3 by path and S3 Control without the account in the host name, as an endpoint URL needs.
    expect(made).toEqual(expect.arrayContaining(["GET /site-assets/?policy", "GET /site-assets/?acl", "GET /v20180820/configuration/publicAccessBlock"]));
    expect(report.findings.filter((f) => f.resource.id === "site-assets").map((f) => `${f.ruleId} ${f.status}`).sort()).toEqual([
      "s3-bucket-not-public PASS",
      "s3-bucket-public-access-blocked PASS",
      "s3-bucket-tls-only PASS",
      "s3-bucket-versioning PASS",
      "s3-origin-only-via-cloudfront NOT_APPLICABLE",
    ]);
    expect(made.filter((c) => c === "DescribeSecurityGroups")).toHaveLength(1);
  });

  it("makes the same calls for one rule as for all of them: one collection feeds every rule", async () => {
    const all = await audit();
    const one = await audit("--rules", "ec2-ssh-restricted");
    expect(one.calls).toEqual(all.calls);
    expect(all.report.findings.length).toBeGreaterThan(one.report.findings.length * 5);
    // The only per-resource call is one attribute read per standalone instance, not per rule.
    expect(all.calls.filter((c) => c === "DescribeInstanceAttribute")).toHaveLength(2);
  });

  it("calls only the collectors of --services", async () => {
    const { report, calls: made } = await audit("--services", "rds");
    expect(made.filter((c) => c !== "GetCallerIdentity")).toEqual(["DescribeDBClusters", "DescribeDBInstances"]);
    expect(report.findings).toEqual([]);
  });
});

describe("driftwarden audit --debug", () => {
  it("prints each AWS request, its retries and timings on stderr, and leaves stdout the report's", async () => {
    unavailableOnce.add("DescribeVpcs");
    const { code, stdout, stderr } = await runCli("audit", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--no-state", "--format", "json", "--fail-on", "none", "--debug");
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as AuditReport).run.accountId).toBe("111122223333");
    const lines = stderr.trim().split("\n");
    expect(lines).not.toHaveLength(0);
    expect(lines.every((l) => l.startsWith("debug: "))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^debug: STS GetCallerIdentity us-east-1 attempt 1/\\d+: POST ${endpoint.url}/ → HTTP 200 in \\d+ ms$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^debug: EC2 DescribeSecurityGroups us-east-1 attempt 1\/8: POST .* → HTTP 200 in \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^debug: Route53 ListHostedZones us-east-1 attempt 1\/8: GET .*\/2013-04-01\/hostedzone → HTTP 200 in \d+ ms$/));
    // The retried call: its failed attempt, the one that answered, and what the retries cost.
    const vpcs = lines.filter((l) => l.includes("EC2 DescribeVpcs"));
    expect(vpcs).toEqual([
      expect.stringMatching(/^debug: EC2 DescribeVpcs us-east-1 attempt 1\/8: .* → HTTP 503 Unavailable in \d+ ms$/),
      expect.stringMatching(/^debug: EC2 DescribeVpcs us-east-1 attempt 2\/8: .* → HTTP 200 in \d+ ms$/),
      expect.stringMatching(/^debug: EC2 DescribeVpcs succeeded after 2 attempts, \d+ ms waiting between them$/),
    ]);
    // Credentials never reach the log.
    expect(stderr).not.toContain("AKIDENDPOINTTEST");
    expect(stderr).not.toContain("wJalrXUtnFEMI");
  });

  it("prints nothing on stderr without it", async () => {
    const { code, stderr } = await runCli("audit", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--no-state", "--format", "json", "--fail-on", "none");
    expect([code, stderr]).toEqual([0, ""]);
  });
});
