import { beforeEach, describe, expect, it } from "@jest/globals";
import {
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Bucket, GetBucketAclCommandOutput, ListBucketsCommandInput, ListBucketsCommandOutput } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { collectAccount } from "../../../src/collect/run.js";
import { S3_CONCURRENCY, s3Collector } from "../../../src/collect/s3/collector.js";
import type { OptionalRead } from "../../../src/types/reads.js";
import type { BucketAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { isIncomplete } from "../../../src/types/resource.js";
import { ACCOUNT } from "../../support/builders.js";
import { accessDenied, collectWith, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { recordedPages } from "../recorded-pages.js";

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const BUCKET = "AWS::S3::Bucket";
const ACCOUNT_BLOCK = "AWS::S3::AccountPublicAccessBlock";
const REGIONS = ["us-east-1", "eu-west-1"];
const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

// Shapes as the S3 API reference documents them.
const site: Bucket = { Name: "amzn-s3-demo-bucket", CreationDate: new Date("2025-03-01T10:00:00Z"), BucketRegion: "us-east-1", BucketArn: "arn:aws:s3:::amzn-s3-demo-bucket" };
const media: Bucket = { Name: "media-eu-123456789012", CreationDate: new Date("2025-04-01T10:00:00Z"), BucketRegion: "eu-west-1", BucketArn: "arn:aws:s3:::media-eu-123456789012" };
const tokyo: Bucket = { Name: "archive-tokyo", CreationDate: new Date("2024-01-01T10:00:00Z"), BucketRegion: "ap-northeast-1" };

const allBlocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const oacPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: {
    Sid: "AllowCloudFrontServicePrincipal",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*",
    Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE" } },
  },
});
const publicAcl: Pick<GetBucketAclCommandOutput, "Owner" | "Grants"> = {
  Owner: { ID: OWNER },
  Grants: [
    { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
    { Grantee: { Type: "CanonicalUser", ID: OWNER }, Permission: "FULL_CONTROL" },
    { Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" }, Permission: "READ_ACP" },
  ],
};

const noSuch = (code: string, message: string) => awsError(code, message, 404);

/** The region a mocked client was created for. */
const regionOf = async (getClient: () => S3Client) => getClient().config.region();

/** Answers every per-bucket read as a bucket with every setting, each from its own region only (S3 redirects the rest). */
function answerFromOwnRegion(buckets: Bucket[]): void {
  const inRegion = async (input: { Bucket?: string }, getClient: () => S3Client) => {
    const bucket = buckets.find((b) => b.Name === input.Bucket)!;
    const region = await regionOf(getClient);
    if (region !== bucket.BucketRegion) throw awsError("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", 301);
  };
  s3.on(GetPublicAccessBlockCommand).callsFake(async (input, getClient) => (await inRegion(input, getClient), { PublicAccessBlockConfiguration: allBlocked }));
  s3.on(GetBucketPolicyCommand).callsFake(async (input, getClient) => (await inRegion(input, getClient), { Policy: oacPolicy }));
  s3.on(GetBucketPolicyStatusCommand).callsFake(async (input, getClient) => (await inRegion(input, getClient), { PolicyStatus: { IsPublic: false } }));
  s3.on(GetBucketAclCommand).callsFake(async (input, getClient) => (await inRegion(input, getClient), publicAcl));
  s3.on(GetBucketVersioningCommand).callsFake(async (input, getClient) => (await inRegion(input, getClient), { Status: "Enabled", MFADelete: "Disabled" }));
}

function collect(options: { reads?: OptionalRead[]; regions?: string[] } = {}) {
  return collectAccount({
    accountId: ACCOUNT,
    regions: options.regions ?? REGIONS,
    collectors: [s3Collector],
    credentials: testCredentials,
    maxAttempts: 1,
    now: () => new Date("2026-11-01T02:00:00.000Z"),
    ...(options.reads && { reads: options.reads }),
  });
}

const buckets = (resources: ResourceRecord[]) => resources.filter((r) => r.type === BUCKET) as ResourceRecord<BucketAttributes>[];
const bucketNamed = (resources: ResourceRecord[], name: string) => buckets(resources).find((r) => r.id === name)!;

beforeEach(() => {
  s3.reset();
  control.reset();
  s3.on(ListBucketsCommand).resolves({ Buckets: [site, media], Owner: { ID: OWNER } });
  control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: allBlocked });
  answerFromOwnRegion([site, media, tokyo]);
});

describe("s3 collector", () => {
  it("lists buckets page by page at MaxBuckets 10000, each recorded in its BucketRegion", async () => {
    const pages = recordedPages<ListBucketsCommandInput, ListBucketsCommandOutput>([
      { Buckets: [site], Owner: { ID: OWNER }, ContinuationToken: "dGhlIG5leHQgcGFnZQ", $metadata: {} },
      { Buckets: [media], Owner: { ID: OWNER }, $metadata: {} },
    ]);
    s3.on(ListBucketsCommand).callsFake(pages.respond);
    const snapshot = await collect({ reads: [] });
    expect(snapshot.errors).toEqual([]);
    expect(pages.inputs).toEqual([
      { MaxBuckets: 10000 },
      { MaxBuckets: 10000, ContinuationToken: "dGhlIG5leHQgcGFnZQ" },
    ]);
    expect(buckets(snapshot.resources)).toEqual([
      { type: BUCKET, id: "media-eu-123456789012", arn: "arn:aws:s3:::media-eu-123456789012", accountId: ACCOUNT, region: "eu-west-1", name: "media-eu-123456789012", tags: {}, attributes: {} },
      { type: BUCKET, id: "amzn-s3-demo-bucket", arn: "arn:aws:s3:::amzn-s3-demo-bucket", accountId: ACCOUNT, region: "us-east-1", name: "amzn-s3-demo-bucket", tags: {}, attributes: {} },
    ]);
  });

  it("reads each bucket's settings from its own region, through one client per region", async () => {
    const snapshot = await collect();
    expect(snapshot.errors).toEqual([]);
    for (const command of [GetPublicAccessBlockCommand, GetBucketPolicyCommand, GetBucketPolicyStatusCommand, GetBucketAclCommand, GetBucketVersioningCommand]) {
      const asked = await Promise.all(s3.commandCalls(command).map(async (call) => [(call.args[0].input as { Bucket: string }).Bucket, await (call.thisValue as S3Client).config.region()]));
      expect(asked.sort()).toEqual([["amzn-s3-demo-bucket", "us-east-1"], ["media-eu-123456789012", "eu-west-1"]]);
    }
    const clients = new Set(s3.calls().map((call) => call.thisValue));
    // us-east-1 (ListBuckets and the us-east-1 bucket) and eu-west-1.
    expect(clients.size).toBe(2);
    expect(bucketNamed(snapshot.resources, "media-eu-123456789012").attributes).toEqual({
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      policy: [
        {
          sid: "AllowCloudFrontServicePrincipal",
          effect: "Allow",
          principal: { Service: ["cloudfront.amazonaws.com"] },
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::amzn-s3-demo-bucket/*"],
          condition: { StringEquals: { "AWS:SourceArn": ["arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"] } },
        },
      ],
      policyIsPublic: false,
      // Sorted by grantee type, then grantee: the email grant keeps its address, the group its URI.
      aclGrants: [
        { granteeType: "AmazonCustomerByEmail", grantee: "ops@example.com", permission: "READ_ACP" },
        { granteeType: "CanonicalUser", grantee: OWNER, permission: "FULL_CONTROL" },
        { granteeType: "Group", grantee: "http://acs.amazonaws.com/groups/global/AllUsers", permission: "READ" },
      ],
      versioning: "Enabled",
    });
  });

  it("neither records nor reads the buckets of regions the run does not audit", async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [site, media, tokyo], Owner: { ID: OWNER } });
    const snapshot = await collect({ regions: ["us-east-1"] });
    expect(snapshot.errors).toEqual([]);
    expect(buckets(snapshot.resources).map((b) => b.id)).toEqual(["amzn-s3-demo-bucket"]);
    expect(s3.commandCalls(GetBucketAclCommand).map((call) => (call.args[0].input as { Bucket: string }).Bucket)).toEqual(["amzn-s3-demo-bucket"]);
  });

  it("sends no per-bucket request that no rule needs, and still reads the account's Block Public Access", async () => {
    const snapshot = await collect({ reads: [] });
    expect(snapshot.errors).toEqual([]);
    expect(s3.calls().map((call) => call.args[0].constructor.name)).toEqual(["ListBucketsCommand"]);
    expect(control.commandCalls(GetAccountPublicAccessBlockCommand).map((call) => call.args[0].input)).toEqual([{ AccountId: ACCOUNT }]);
    expect(buckets(snapshot.resources).map((b) => b.attributes)).toEqual([{}, {}]);
    expect(snapshot.resources.find((r) => r.type === ACCOUNT_BLOCK)).toEqual({
      type: ACCOUNT_BLOCK,
      id: ACCOUNT,
      accountId: ACCOUNT,
      region: "us-east-1",
      tags: {},
      attributes: { publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
    });
  });

  it("reads only what is asked: versioning alone costs one request per bucket", async () => {
    const snapshot = await collect({ reads: ["s3.bucketVersioning"] });
    expect(s3.calls().map((call) => call.args[0].constructor.name).sort()).toEqual(["GetBucketVersioningCommand", "GetBucketVersioningCommand", "ListBucketsCommand"]);
    expect(buckets(snapshot.resources).map((b) => b.attributes)).toEqual([{ versioning: "Enabled" }, { versioning: "Enabled" }]);
  });

  it("takes S3's answers for settings a bucket does not have as their values", async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(noSuch("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"));
    s3.on(GetBucketPolicyCommand).rejects(noSuch("NoSuchBucketPolicy", "The bucket policy does not exist"));
    s3.on(GetBucketPolicyStatusCommand).rejects(noSuch("NoSuchBucketPolicy", "The bucket policy does not exist"));
    // Versioning never enabled: the configuration comes back empty.
    s3.on(GetBucketVersioningCommand).resolves({});
    control.on(GetAccountPublicAccessBlockCommand).rejects(noSuch("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"));
    const snapshot = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(bucketNamed(snapshot.resources, "amzn-s3-demo-bucket").attributes).toMatchObject({ publicAccessBlock: null, policy: [], policyIsPublic: false, versioning: "Off" });
    expect(snapshot.resources.find((r) => r.type === ACCOUNT_BLOCK)?.attributes).toEqual({ publicAccessBlock: null });
  });

  it("lets one bucket's denied read cost only that bucket's attribute, named in the error", async () => {
    s3.on(GetBucketPolicyCommand, { Bucket: "amzn-s3-demo-bucket" }).rejects(accessDenied("s3:GetBucketPolicy on resource: \"arn:aws:s3:::amzn-s3-demo-bucket\" with an explicit deny in a resource-based policy"));
    const snapshot = await collect();
    const denied = bucketNamed(snapshot.resources, "amzn-s3-demo-bucket");
    expect(denied.attributes).not.toHaveProperty("policy");
    expect(denied.unreadable).toEqual([{ attribute: "policy", field: "GetBucketPolicy answer (AccessDenied)" }]);
    // Its other settings, and the other bucket's policy, were read.
    expect(denied.attributes).toMatchObject({ versioning: "Enabled", policyIsPublic: false });
    expect(bucketNamed(snapshot.resources, "media-eu-123456789012").attributes.policy).toHaveLength(1);
    expect(snapshot.errors).toEqual(
      REGIONS.map((region) =>
        expect.objectContaining({ service: "s3", region, operation: "GetBucketPolicy", code: "AccessDenied", resourceTypes: [BUCKET], resourceIds: ["amzn-s3-demo-bucket"], message: expect.stringContaining("failed for 1 of 2 (amzn-s3-demo-bucket)") }),
      ).reverse(),
    );
    for (const region of REGIONS) expect(isIncomplete(snapshot.errors, region, BUCKET)).toBe(false);
  });

  it("leaves the type incomplete when throttling stops the reads before every bucket was tried", async () => {
    const many: Bucket[] = Array.from({ length: S3_CONCURRENCY + 10 }, (_, i) => ({ Name: `logs-${String(i).padStart(3, "0")}`, BucketRegion: "us-east-1" }));
    s3.on(ListBucketsCommand).resolves({ Buckets: many, Owner: { ID: OWNER } });
    s3.on(GetBucketVersioningCommand).rejects(throttled("SlowDown"));
    const snapshot = await collect({ reads: ["s3.bucketVersioning"], regions: ["us-east-1"] });
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "GetBucketVersioning", code: "SlowDown", resourceTypes: [BUCKET], message: expect.stringContaining("10 more not tried") })]);
    expect(snapshot.errors[0]).not.toHaveProperty("resourceIds");
    expect(isIncomplete(snapshot.errors, "us-east-1", BUCKET)).toBe(true);
  });

  it("marks a policy that is not a JSON document unreadable on its bucket alone", async () => {
    s3.on(GetBucketPolicyCommand, { Bucket: "media-eu-123456789012" }).resolves({ Policy: "{\"Version\": \"2012-10-17\", \"Statement\": [" });
    const snapshot = await collect({ reads: ["s3.bucketPolicy"] });
    expect(bucketNamed(snapshot.resources, "media-eu-123456789012").unreadable).toEqual([{ attribute: "policy", field: "Policy (not a JSON document)" }]);
    expect(bucketNamed(snapshot.resources, "amzn-s3-demo-bucket").attributes.policy).toHaveLength(1);
    expect(snapshot.errors.map((e) => [e.operation, e.code, e.resourceIds])).toEqual([
      ["GetBucketPolicy", "MalformedResponse", ["media-eu-123456789012"]],
      ["GetBucketPolicy", "MalformedResponse", ["media-eu-123456789012"]],
    ]);
    for (const region of REGIONS) expect(isIncomplete(snapshot.errors, region, BUCKET)).toBe(false);
  });

  it("skips a listed bucket without its Name and names it, keeping the others", async () => {
    const { Name: _, ...nameless } = media;
    s3.on(ListBucketsCommand).resolves({ Buckets: [site, nameless], Owner: { ID: OWNER } });
    const snapshot = await collect({ reads: [] });
    expect(buckets(snapshot.resources).map((b) => b.id)).toEqual(["amzn-s3-demo-bucket"]);
    expect(snapshot.errors.map((e) => [e.region, e.operation, e.code, e.resourceTypes, e.message])).toEqual([
      ["eu-west-1", "ListBuckets", "MalformedResponse", [BUCKET], "1 AWS::S3::Bucket item skipped: no Bucket.Name"],
      ["us-east-1", "ListBuckets", "MalformedResponse", [BUCKET], "1 AWS::S3::Bucket item skipped: no Bucket.Name"],
    ]);
  });

  it("reads a page without its bucket list as cut short, not as an account without buckets", async () => {
    s3.on(ListBucketsCommand).resolves({ Owner: { ID: OWNER }, ContinuationToken: "dGhlIG5leHQgcGFnZQ" });
    const snapshot = await collect({ reads: [] });
    expect(buckets(snapshot.resources)).toEqual([]);
    expect(snapshot.errors.map((e) => [e.operation, e.code])).toEqual([["ListBuckets", "MalformedResponse"], ["ListBuckets", "MalformedResponse"]]);
    for (const region of REGIONS) expect(isIncomplete(snapshot.errors, region, BUCKET)).toBe(true);
  });

  it("with ListBuckets denied leaves the buckets of every audited region incomplete, and still reads the account's settings", async () => {
    s3.on(ListBucketsCommand).rejects(accessDenied("s3:ListAllMyBuckets"));
    const snapshot = await collectWith([s3Collector], REGIONS);
    expect(snapshot.errors.map((e) => [e.region, e.operation, e.code, e.resourceTypes])).toEqual([
      ["eu-west-1", "ListBuckets", "AccessDenied", [BUCKET]],
      ["us-east-1", "ListBuckets", "AccessDenied", [BUCKET]],
    ]);
    for (const region of REGIONS) expect(isIncomplete(snapshot.errors, region, BUCKET)).toBe(true);
    expect(isIncomplete(snapshot.errors, "us-east-1", ACCOUNT_BLOCK)).toBe(false);
    expect(snapshot.resources.map((r) => r.type)).toEqual([ACCOUNT_BLOCK]);
  });

  it("with the account's Block Public Access denied leaves only that type incomplete, in us-east-1 and every audited region", async () => {
    control.on(GetAccountPublicAccessBlockCommand).rejects(accessDenied("s3:GetAccountPublicAccessBlock"));
    const snapshot = await collectWith([s3Collector], ["eu-west-1"]);
    expect(snapshot.errors.map((e) => [e.region, e.operation, e.code, e.resourceTypes])).toEqual([
      ["eu-west-1", "GetPublicAccessBlock", "AccessDenied", [ACCOUNT_BLOCK]],
      ["us-east-1", "GetPublicAccessBlock", "AccessDenied", [ACCOUNT_BLOCK]],
    ]);
    expect(buckets(snapshot.resources).map((b) => b.id)).toEqual(["media-eu-123456789012"]);
  });

  it("declares the IAM actions of the calls it makes", () => {
    expect(s3Collector.permissions).toEqual([
      "s3:ListAllMyBuckets",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketPolicy",
      "s3:GetBucketPolicyStatus",
      "s3:GetBucketAcl",
      "s3:GetBucketVersioning",
      "s3:GetAccountPublicAccessBlock",
    ]);
  });
});
