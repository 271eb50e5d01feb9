import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  CloudFrontClient,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListCloudFrontOriginAccessIdentitiesCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-cloudfront";
import type { DefaultCacheBehavior, DistributionConfig, DistributionSummary, GetDistributionResult, ListTagsForResourceResult } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { cloudfrontCollector } from "../../../src/collect/cloudfront.js";
import type { ReadTargets } from "../../../src/collect/collector.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { OptionalRead } from "../../../src/types/reads.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { ACCOUNT } from "../../support/builders.js";
import { testClock } from "../../support/clock.js";
import { accessDenied, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { syntheticAccount } from "../../support/synthetic/account.js";
import { syntheticEndpoint } from "../../support/synthetic/fake-endpoint.js";

const TYPE = "AWS::CloudFront::Distribution";

/** A full read (no targets) or a targeted one of these distribution ids or ARNs, through the real orchestration. */
function collect(options: { targets?: string[]; reads?: OptionalRead[]; plugins?: Parameters<typeof collectAccount>[0]["plugins"] } = {}) {
  const named: ReadTargets | undefined = options.targets && new Map([[TYPE, options.targets]]);
  return collectAccount({
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    collectors: [cloudfrontCollector],
    credentials: testCredentials,
    maxAttempts: 1,
    now: testClock,
    ...(options.reads && { reads: options.reads }),
    ...(options.plugins && { plugins: options.plugins }),
    ...(named && { targets: new Map([["us-east-1", named]]) }),
  });
}

// Shapes as documented for ListDistributions (DistributionSummary), GetDistributionConfig and GetDistribution.
function behavior(targetOriginId: string): DefaultCacheBehavior {
  return {
    TargetOriginId: targetOriginId,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ViewerProtocolPolicy: "redirect-to-https",
    AllowedMethods: { Quantity: 2, Items: ["HEAD", "GET"], CachedMethods: { Quantity: 2, Items: ["HEAD", "GET"] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 },
    FieldLevelEncryptionId: "",
    CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  };
}

/** The settings a distribution's summary and its config share. */
function settings(originId: string, originDomain: string, oai: string, aliases: string[]) {
  return {
    Aliases: { Quantity: aliases.length, ...(aliases.length > 0 && { Items: aliases }) },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: originId,
          DomainName: originDomain,
          OriginPath: "",
          CustomHeaders: { Quantity: 0 },
          S3OriginConfig: { OriginAccessIdentity: oai },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
          OriginShield: { Enabled: false },
          OriginAccessControlId: "",
        },
      ],
    },
    OriginGroups: { Quantity: 0 },
    DefaultCacheBehavior: behavior(originId),
    CacheBehaviors: { Quantity: 1, Items: [{ ...behavior(originId), PathPattern: "/downloads/*", ViewerProtocolPolicy: "allow-all" as const }] },
    CustomErrorResponses: { Quantity: 0 },
    Comment: "",
    PriceClass: "PriceClass_100" as const,
    Enabled: true,
    ViewerCertificate: {
      CloudFrontDefaultCertificate: false,
      ACMCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`,
      SSLSupportMethod: "sni-only" as const,
      MinimumProtocolVersion: "TLSv1.2_2021" as const,
      Certificate: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`,
      CertificateSource: "acm" as const,
    },
    Restrictions: { GeoRestriction: { RestrictionType: "none" as const, Quantity: 0 } },
    WebACLId: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
    HttpVersion: "http2" as const,
    IsIPV6Enabled: true,
    Staging: false,
  };
}

interface Fixture {
  summary: DistributionSummary;
  config: DistributionConfig;
  tags: ListTagsForResourceResult;
}

function fixture(id: string, domainName: string, shared: ReturnType<typeof settings>, extra: Pick<DistributionConfig, "DefaultRootObject" | "Logging">, tags: { Key: string; Value: string }[]): Fixture {
  const ARN = `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;
  return {
    summary: { ...shared, Id: id, ARN, Status: "Deployed", LastModifiedTime: new Date("2026-09-14T08:30:00Z"), DomainName: domainName },
    config: { ...shared, CallerReference: `cli-${id}`, ...extra },
    tags: { Tags: { Items: tags } },
  };
}

// A legacy origin access identity (its canonical user id is joined), aliases, a web ACL, logging and tags.
const assets = fixture(
  "E2LEGACY0000002",
  "d222222abcdef8.cloudfront.net",
  settings("assets-bucket", "assets-example.s3.amazonaws.com", "origin-access-identity/cloudfront/E15MNIMTCFKK4C", ["assets.example.com", "cdn.example.com"]),
  { DefaultRootObject: "index.html", Logging: { Enabled: true, IncludeCookies: false, Bucket: "logs-example.s3.amazonaws.com", Prefix: "cloudfront/assets/" } },
  [{ Key: "team", Value: "web" }, { Key: "Name", Value: "assets" }],
);
const docs = fixture(
  "E4DOCS00000004",
  "d444444abcdef8.cloudfront.net",
  settings("docs-bucket", "docs-example.s3.us-east-1.amazonaws.com", "", []),
  { DefaultRootObject: "", Logging: { Enabled: false, IncludeCookies: false, Bucket: "", Prefix: "" } },
  [],
);
const FIXTURES = [assets, docs];
const OAI_CANONICAL_ID = "b970b42360b81c8ddbd79d2f5df0069ba9033c8a79655752abe380cd6d63ba8bcf23384d568fcf89fc49700b5e11a0fd";

const noSuchDistribution = () => awsError("NoSuchDistribution", "The specified distribution does not exist.", 404);

function serve(cloudfront: AwsStub<any, any, any>) {
  cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: "", MaxItems: 100, IsTruncated: false, Quantity: 2, Items: FIXTURES.map((f) => f.summary) } });
  const byId = (id: string | undefined) => FIXTURES.find((f) => f.summary.Id === id);
  cloudfront.on(GetDistributionConfigCommand).callsFake(({ Id }) => ({ DistributionConfig: byId(Id)!.config, ETag: "E2QWRUHEXAMPLE" }));
  cloudfront.on(GetDistributionCommand).callsFake(({ Id }): GetDistributionResult => {
    const found = byId(Id);
    if (!found) throw noSuchDistribution();
    const { summary, config } = found;
    const trusted = { Enabled: false, Quantity: 0 };
    return {
      Distribution: {
        Id: summary.Id,
        ARN: summary.ARN,
        Status: summary.Status,
        LastModifiedTime: summary.LastModifiedTime,
        InProgressInvalidationBatches: 0,
        DomainName: summary.DomainName,
        ActiveTrustedSigners: trusted,
        ActiveTrustedKeyGroups: trusted,
        DistributionConfig: config,
      },
      ETag: "E2QWRUHEXAMPLE",
    };
  });
  cloudfront.on(ListTagsForResourceCommand).callsFake(({ Resource }) => FIXTURES.find((f) => f.summary.ARN === Resource)!.tags);
  cloudfront.on(ListCloudFrontOriginAccessIdentitiesCommand).resolves({
    CloudFrontOriginAccessIdentityList: { Marker: "", MaxItems: 100, IsTruncated: false, Quantity: 1, Items: [{ Id: "E15MNIMTCFKK4C", S3CanonicalUserId: OAI_CANONICAL_ID, Comment: "legacy assets" }] },
  });
}

/** The commands sent, with their inputs, in a stable order. */
function sent(stub: AwsStub<any, any, any>): [string, unknown][] {
  return stub
    .calls()
    .map((call): [string, unknown] => {
      const command = call.args[0] as { constructor: { name: string }; input: unknown };
      return [command.constructor.name.replace(/Command$/, ""), JSON.parse(JSON.stringify(command.input))];
    })
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const byId = (resources: ResourceRecord[], id: string) => resources.find((r) => r.id === id);

describe("cloudfront targeted reads", () => {
  let cloudfront: AwsStub<any, any, any>;
  beforeEach(() => {
    cloudfront = mockClient(CloudFrontClient);
    serve(cloudfront);
  });
  afterEach(() => cloudfront.restore());

  it("builds from GetDistribution the record ListDistributions, GetDistributionConfig and the tags build, with only that distribution's calls", async () => {
    const full = await collect();
    expect(full.errors).toEqual([]);
    cloudfront.resetHistory();

    const targeted = await collect({ targets: [assets.summary.Id!] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([byId(full.resources, assets.summary.Id!)]);
    expect(targeted.resources[0]).toMatchObject({
      name: "assets.example.com",
      tags: { Name: "assets", team: "web" },
      attributes: { defaultRootObject: "index.html", logging: { enabled: true }, origins: [{ originAccessIdentityCanonicalUserId: OAI_CANONICAL_ID }] },
    });
    // The origin access identity's canonical id needs the list the full read makes; nothing else is listed.
    expect(sent(cloudfront)).toEqual([
      ["GetDistribution", { Id: assets.summary.Id }],
      ["ListCloudFrontOriginAccessIdentities", { MaxItems: 100 }],
      ["ListTagsForResource", { Resource: assets.summary.ARN }],
    ]);
  });

  it("reads a distribution named by its ARN, without its config's attributes where the run plan does not ask for them", async () => {
    const reads: OptionalRead[] = [];
    const full = await collect({ reads });
    cloudfront.resetHistory();
    const targeted = await collect({ targets: [docs.summary.ARN!], reads });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([byId(full.resources, docs.summary.Id!)]);
    expect(targeted.resources[0].attributes).not.toHaveProperty("logging");
    expect(sent(cloudfront)).toEqual([
      ["GetDistribution", { Id: docs.summary.Id }],
      ["ListTagsForResource", { Resource: docs.summary.ARN }],
    ]);
  });

  it("gives no record and no error for a deleted distribution, and still reads the other named with it", async () => {
    const targeted = await collect({ targets: ["E9DELETED000009", docs.summary.Id!] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources.map((r) => r.id)).toEqual([docs.summary.Id]);
  });

  it.each([
    ["AccessDenied", accessDenied("cloudfront:GetDistribution")],
    ["Throttling", throttled()],
  ])("reports a read refused with %s as an error naming the type, and no record", async (code, error) => {
    cloudfront.on(GetDistributionCommand).rejects(error);
    const targeted = await collect({ targets: [assets.summary.Id!] });
    expect(targeted.resources).toEqual([]);
    expect(targeted.errors).toEqual([expect.objectContaining({ service: "cloudfront", operation: "GetDistribution", code, resourceTypes: [TYPE] })]);
  });
});

describe("cloudfront targeted reads through the synthetic endpoint", () => {
  it("read distributions as the full read records them, and a deleted one as nothing", async () => {
    const account = syntheticAccount({ resources: 600, seed: 5, regions: 1 });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const full = await collect({ plugins: [endpoint.plugin] });
    expect(full.errors).toEqual([]);
    const ids = account.global.distributions.slice(0, 3).map((d) => d.Id!);

    endpoint.calls.length = 0;
    const targeted = await collect({ targets: [...ids, "E9DELETED000009"], plugins: [endpoint.plugin] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual(full.resources.filter((r) => ids.includes(r.id)));
    expect(targeted.resources).toHaveLength(3);
    expect(endpoint.calls.filter((c) => c.operation === "GetDistribution").map((c) => c.code ?? c.outcome)).toEqual(["ok", "ok", "ok", "NoSuchDistribution"]);
    expect(endpoint.calls.map((c) => c.operation)).not.toContain("ListDistributions");
  });
});
