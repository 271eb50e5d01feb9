import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CloudFrontClient, GetDistributionConfigCommand, ListCloudFrontOriginAccessIdentitiesCommand, ListDistributionsCommand, ListTagsForResourceCommand } from "@aws-sdk/client-cloudfront";
import type {
  DefaultCacheBehavior,
  DistributionConfig,
  DistributionSummary,
  GetDistributionConfigCommandInput,
  GetDistributionConfigResult,
  ListDistributionsCommandInput,
  ListDistributionsResult,
  ListTagsForResourceCommandInput,
  ListTagsForResourceResult,
  Origin,
  ViewerProtocolPolicy,
} from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { cloudfrontCollector, originKind } from "../../src/collect/cloudfront.js";
import type { DistributionAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { accessDenied, collectWith } from "../support/collect.js";
import { unreadableError } from "../support/builders.js";

const TYPE = "AWS::CloudFront::Distribution";

// Shapes as documented for ListDistributions (DistributionSummary) and GetDistributionConfig.
const defaultCertificate = { CloudFrontDefaultCertificate: true, SSLSupportMethod: "vip", MinimumProtocolVersion: "TLSv1", CertificateSource: "cloudfront" } as const;

function summary(id: string, fields: Partial<DistributionSummary> & Pick<DistributionSummary, "DomainName" | "Origins" | "DefaultCacheBehavior">): DistributionSummary {
  return {
    Id: id,
    ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
    Status: "Deployed",
    LastModifiedTime: new Date("2026-09-14T08:30:00Z"),
    Aliases: { Quantity: 0 },
    OriginGroups: { Quantity: 0 },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Comment: "",
    PriceClass: "PriceClass_All",
    Enabled: true,
    ViewerCertificate: defaultCertificate,
    Restrictions: { GeoRestriction: { RestrictionType: "none", Quantity: 0 } },
    WebACLId: "",
    HttpVersion: "http2",
    IsIPV6Enabled: true,
    Staging: false,
    ...fields,
  };
}

function behavior(targetOriginId: string, viewerProtocolPolicy: ViewerProtocolPolicy): DefaultCacheBehavior {
  return {
    TargetOriginId: targetOriginId,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ViewerProtocolPolicy: viewerProtocolPolicy,
    AllowedMethods: { Quantity: 2, Items: ["HEAD", "GET"], CachedMethods: { Quantity: 2, Items: ["HEAD", "GET"] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 },
    FieldLevelEncryptionId: "",
    CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  };
}

const originDefaults = { OriginPath: "", CustomHeaders: { Quantity: 0 }, ConnectionAttempts: 3, ConnectionTimeout: 10, OriginShield: { Enabled: false } } as const;

// S3 REST origin behind origin access control: S3OriginConfig stays, with an empty OriginAccessIdentity.
const staticSite = summary("E1STATIC0000001", {
  DomainName: "d111111abcdef8.cloudfront.net",
  Aliases: { Quantity: 2, Items: ["www.example.com", "static.example.com"] },
  Origins: {
    Quantity: 1,
    Items: [{ ...originDefaults, Id: "static-bucket", DomainName: "static-example.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" }, OriginAccessControlId: "E2QWRUHAPOMQZL" }],
  },
  DefaultCacheBehavior: behavior("static-bucket", "redirect-to-https"),
  PriceClass: "PriceClass_100",
  WebACLId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
  ViewerCertificate: {
    CloudFrontDefaultCertificate: false,
    ACMCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
    SSLSupportMethod: "sni-only",
    MinimumProtocolVersion: "TLSv1.2_2021",
    Certificate: "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
    CertificateSource: "acm",
  },
});

// Legacy origin access identity; no aliases, and CloudFront omits Items of empty lists.
const legacyAssets = summary("E2LEGACY0000002", {
  DomainName: "d222222abcdef8.cloudfront.net",
  Origins: {
    Quantity: 1,
    Items: [{ ...originDefaults, Id: "assets-bucket", DomainName: "assets-example.s3.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "origin-access-identity/cloudfront/E15MNIMTCFKK4C" }, OriginAccessControlId: "" }],
  },
  DefaultCacheBehavior: behavior("assets-bucket", "https-only"),
});

// An ALB as custom origin, with a secondary behavior that still allows plain HTTP.
const webApp = summary("E3WEBAPP0000003", {
  DomainName: "d333333abcdef8.cloudfront.net",
  Aliases: { Quantity: 1, Items: ["app.example.com"] },
  Origins: {
    Quantity: 1,
    Items: [
      {
        ...originDefaults,
        Id: "web-alb",
        DomainName: "web-123.us-east-1.elb.amazonaws.com",
        CustomOriginConfig: {
          HTTPPort: 80,
          HTTPSPort: 443,
          OriginProtocolPolicy: "https-only",
          OriginSslProtocols: { Quantity: 1, Items: ["TLSv1.2"] },
          OriginReadTimeout: 30,
          OriginKeepaliveTimeout: 5,
        },
        OriginAccessControlId: "",
      },
    ],
  },
  DefaultCacheBehavior: behavior("web-alb", "redirect-to-https"),
  CacheBehaviors: {
    Quantity: 2,
    Items: [
      { ...behavior("web-alb", "https-only"), PathPattern: "/api/*" },
      { ...behavior("web-alb", "allow-all"), PathPattern: "/legacy/*" },
    ],
  },
});

function configOf(d: DistributionSummary, extra: Pick<DistributionConfig, "DefaultRootObject" | "Logging">): DistributionConfig {
  return {
    CallerReference: `cli-${d.Id}`,
    Aliases: d.Aliases,
    Origins: d.Origins,
    OriginGroups: d.OriginGroups,
    DefaultCacheBehavior: d.DefaultCacheBehavior,
    CacheBehaviors: d.CacheBehaviors,
    CustomErrorResponses: d.CustomErrorResponses,
    Comment: d.Comment,
    PriceClass: d.PriceClass,
    Enabled: d.Enabled,
    ViewerCertificate: d.ViewerCertificate,
    Restrictions: d.Restrictions,
    WebACLId: d.WebACLId,
    HttpVersion: d.HttpVersion,
    IsIPV6Enabled: d.IsIPV6Enabled,
    Staging: d.Staging,
    ...extra,
  };
}

const configs: Record<string, DistributionConfig> = {
  [staticSite.Id!]: configOf(staticSite, {
    DefaultRootObject: "index.html",
    Logging: { Enabled: true, IncludeCookies: false, Bucket: "logs-example.s3.amazonaws.com", Prefix: "cloudfront/static/" },
  }),
  // A distribution without logging or a root object reports both as empty strings.
  [legacyAssets.Id!]: configOf(legacyAssets, { DefaultRootObject: "", Logging: { Enabled: false, IncludeCookies: false, Bucket: "", Prefix: "" } }),
  [webApp.Id!]: configOf(webApp, { DefaultRootObject: "", Logging: { Enabled: true, IncludeCookies: false, Bucket: "logs-example.s3.amazonaws.com", Prefix: "" } }),
};

const tagsByArn: Record<string, ListTagsForResourceResult> = {
  [staticSite.ARN!]: { Tags: { Items: [{ Key: "team", Value: "web" }, { Key: "Name", Value: "static site" }] } },
  [legacyAssets.ARN!]: { Tags: {} },
  [webApp.ARN!]: { Tags: { Items: [{ Key: "env", Value: "prod" }] } },
};

function distributionList(items: DistributionSummary[], marker: string, nextMarker?: string): ListDistributionsResult {
  return { DistributionList: { Marker: marker, MaxItems: 100, IsTruncated: nextMarker !== undefined, Quantity: items.length, Items: items, ...(nextMarker && { NextMarker: nextMarker }) } };
}

function attributesOf(resources: ResourceRecord[], id: string): DistributionAttributes {
  return resources.find((r) => r.id === id)!.attributes as unknown as DistributionAttributes;
}

// ListCloudFrontOriginAccessIdentities as documented: the legacy distribution's OAI with its S3 canonical user id.
const OAI_CANONICAL_ID = "b970b42360b81c8ddbd79d2f5df0069ba9033c8a79655752abe380cd6d63ba8bcf23384d568fcf89fc49700b5e11a0fd";
const oaiList = {
  CloudFrontOriginAccessIdentityList: {
    Marker: "",
    MaxItems: 100,
    IsTruncated: false,
    Quantity: 1,
    Items: [{ Id: "E15MNIMTCFKK4C", S3CanonicalUserId: OAI_CANONICAL_ID, Comment: "legacy assets" }],
  },
};

describe("cloudfront collector", () => {
  let cloudfront: AwsStub<any, any, any>;
  let listInputs: ListDistributionsCommandInput[];

  beforeEach(() => {
    cloudfront = mockClient(CloudFrontClient);
    listInputs = [];
    const pages = [distributionList([staticSite, legacyAssets], "", legacyAssets.Id), distributionList([webApp], legacyAssets.Id!)];
    // The paginator reuses one input object, so copy it at call time.
    cloudfront.on(ListDistributionsCommand).callsFake((input: ListDistributionsCommandInput) => (listInputs.push({ ...input }), pages[listInputs.length - 1]));
    cloudfront.on(GetDistributionConfigCommand).callsFake((input: GetDistributionConfigCommandInput): GetDistributionConfigResult => ({ DistributionConfig: configs[input.Id!], ETag: "E2QWRUHEXAMPLE" }));
    cloudfront.on(ListTagsForResourceCommand).callsFake((input: ListTagsForResourceCommandInput) => tagsByArn[input.Resource!]);
    cloudfront.on(ListCloudFrontOriginAccessIdentitiesCommand).resolves(oaiList);
  });

  afterEach(() => cloudfront.restore());

  it("follows NextMarker at the API's page size and reads every distribution's config and tags", async () => {
    const snapshot = await collectWith([cloudfrontCollector]);
    expect(listInputs).toEqual([{ MaxItems: 100 }, { MaxItems: 100, Marker: legacyAssets.Id }]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources.map((r) => [r.type, r.id, r.region])).toEqual([
      [TYPE, staticSite.Id, "us-east-1"],
      [TYPE, legacyAssets.Id, "us-east-1"],
      [TYPE, webApp.Id, "us-east-1"],
    ]);
    expect(cloudfront.commandCalls(GetDistributionConfigCommand).map((c) => c.args[0].input.Id).sort()).toEqual([staticSite.Id, legacyAssets.Id, webApp.Id].sort());
  });

  it("normalizes an S3 origin with origin access control, aliases, certificate, logging and tags", async () => {
    const snapshot = await collectWith([cloudfrontCollector]);
    const site = snapshot.resources.find((r) => r.id === staticSite.Id)!;
    expect(site).toMatchObject({ arn: staticSite.ARN, accountId: "123456789012", name: "static.example.com", tags: { Name: "static site", team: "web" } });
    expect(site.attributes).toEqual({
      domainName: "d111111abcdef8.cloudfront.net",
      aliases: ["static.example.com", "www.example.com"],
      enabled: true,
      defaultRootObject: "index.html",
      priceClass: "PriceClass_100",
      httpVersion: "http2",
      webAclId: staticSite.WebACLId,
      defaultCacheBehavior: { targetOriginId: "static-bucket", viewerProtocolPolicy: "redirect-to-https" },
      cacheBehaviors: [],
      origins: [{ id: "static-bucket", domainName: "static-example.s3.us-east-1.amazonaws.com", kind: "s3", originAccessControlId: "E2QWRUHAPOMQZL" }],
      viewerCertificate: {
        cloudFrontDefaultCertificate: false,
        acmCertificateArn: staticSite.ViewerCertificate!.ACMCertificateArn,
        minimumProtocolVersion: "TLSv1.2_2021",
        sslSupportMethod: "sni-only",
      },
      logging: { enabled: true, bucket: "logs-example.s3.amazonaws.com", prefix: "cloudfront/static/" },
    });
  });

  it("keeps a legacy origin access identity and treats empty strings and missing Items as absent", async () => {
    const snapshot = await collectWith([cloudfrontCollector]);
    const assets = snapshot.resources.find((r) => r.id === legacyAssets.Id)!;
    expect(assets.name).toBe("d222222abcdef8.cloudfront.net");
    expect(assets.tags).toEqual({});
    const attributes = assets.attributes as unknown as DistributionAttributes;
    expect(attributes.aliases).toEqual([]);
    expect(attributes.origins).toEqual([
      {
        id: "assets-bucket",
        domainName: "assets-example.s3.amazonaws.com",
        kind: "s3",
        originAccessIdentity: "origin-access-identity/cloudfront/E15MNIMTCFKK4C",
        originAccessIdentityCanonicalUserId: OAI_CANONICAL_ID,
      },
    ]);
    expect(attributes.viewerCertificate).toEqual({ cloudFrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1", sslSupportMethod: "vip" });
    expect(attributes.logging).toEqual({ enabled: false });
    expect(attributes).not.toHaveProperty("defaultRootObject");
    expect(attributes).not.toHaveProperty("webAclId");
  });

  it("keeps cache behaviors in precedence order, including one that allows HTTP, and a custom ALB origin", async () => {
    const snapshot = await collectWith([cloudfrontCollector]);
    const attributes = attributesOf(snapshot.resources, webApp.Id!);
    expect(attributes.cacheBehaviors).toEqual([
      { pathPattern: "/api/*", targetOriginId: "web-alb", viewerProtocolPolicy: "https-only" },
      { pathPattern: "/legacy/*", targetOriginId: "web-alb", viewerProtocolPolicy: "allow-all" },
    ]);
    expect(attributes.origins).toEqual([{ id: "web-alb", domainName: "web-123.us-east-1.elb.amazonaws.com", kind: "custom", originProtocolPolicy: "https-only" }]);
    expect(attributes.logging).toEqual({ enabled: true, bucket: "logs-example.s3.amazonaws.com" });
  });

  it("keeps distributions without logging and root object when GetDistributionConfig is denied, with one error", async () => {
    cloudfront.on(GetDistributionConfigCommand).rejects(accessDenied("cloudfront:GetDistributionConfig"));
    const snapshot = await collectWith([cloudfrontCollector]);
    expect(snapshot.resources).toHaveLength(3);
    for (const resource of snapshot.resources) {
      expect(resource.attributes).not.toHaveProperty("logging");
      expect(resource.attributes).not.toHaveProperty("defaultRootObject");
    }
    // Tags come from another operation and are still read.
    expect(snapshot.resources.find((r) => r.id === webApp.Id)!.tags).toEqual({ env: "prod" });
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "cloudfront", region: "us-east-1", operation: "GetDistributionConfig", code: "AccessDenied", resourceTypes: [TYPE] }),
    ]);
    expect(snapshot.errors[0].message).toMatch(/^failed for 3 of 3 \(E1STATIC0000001, E2LEGACY0000002, E3WEBAPP0000003\): User: .* not authorized/);
  });

  it("lists the origin access identities once, and a denied list leaves their canonical ids absent without leaving distributions incomplete", async () => {
    expect(cloudfront.commandCalls(ListCloudFrontOriginAccessIdentitiesCommand)).toHaveLength(0);
    await collectWith([cloudfrontCollector]);
    expect(cloudfront.commandCalls(ListCloudFrontOriginAccessIdentitiesCommand).map((c) => c.args[0].input)).toEqual([{ MaxItems: 100 }]);

    cloudfront.on(ListCloudFrontOriginAccessIdentitiesCommand).rejects(accessDenied("cloudfront:ListCloudFrontOriginAccessIdentities"));
    listInputs = [];
    const snapshot = await collectWith([cloudfrontCollector]);
    expect(attributesOf(snapshot.resources, legacyAssets.Id!).origins[0]).not.toHaveProperty("originAccessIdentityCanonicalUserId");
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListCloudFrontOriginAccessIdentities", code: "AccessDenied", resourceTypes: [] })]);
  });

  it("reports one failing config read without losing the others", async () => {
    cloudfront.on(GetDistributionConfigCommand, { Id: legacyAssets.Id }).rejects(accessDenied("cloudfront:GetDistributionConfig"));
    const snapshot = await collectWith([cloudfrontCollector]);
    expect(attributesOf(snapshot.resources, legacyAssets.Id!)).not.toHaveProperty("logging");
    expect(attributesOf(snapshot.resources, staticSite.Id!).defaultRootObject).toBe("index.html");
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "GetDistributionConfig", message: expect.stringMatching(/^failed for 1 of 3 \(E2LEGACY0000002\)/) })]);
  });

  it("emits distributions with empty tags and one error when tags cannot be read", async () => {
    cloudfront.on(ListTagsForResourceCommand).rejects(accessDenied("cloudfront:ListTagsForResource"));
    const snapshot = await collectWith([cloudfrontCollector]);
    expect(snapshot.resources.map((r) => r.tags)).toEqual([{}, {}, {}]);
    expect(attributesOf(snapshot.resources, staticSite.Id!).logging).toEqual(expect.objectContaining({ enabled: true }));
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListTagsForResource", code: "AccessDenied", resourceTypes: [TYPE] })]);
  });

  describe("with one malformed distribution among good ones", () => {
    const serveList = (items: DistributionSummary[]) => cloudfront.on(ListDistributionsCommand).resolves(distributionList(items, ""));
    const others = (resources: ResourceRecord[], id: string) => resources.filter((r) => r.id !== id);
    const withoutKeys = (attributes: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(attributes).filter(([k]) => !keys.includes(k)));

    it("keeps a distribution whose origin lacks its domain name, with only its origins unreadable", async () => {
      serveList([staticSite, legacyAssets, webApp]);
      const clean = (await collectWith([cloudfrontCollector])).resources;
      const broken = { ...webApp, Origins: { Quantity: 1, Items: [{ ...webApp.Origins!.Items![0]!, DomainName: undefined }] } } as DistributionSummary;
      serveList([staticSite, legacyAssets, broken]);
      const snapshot = await collectWith([cloudfrontCollector]);
      expect(snapshot.errors).toEqual([
        unreadableError("cloudfront", "ListDistributions", TYPE, webApp.Id!, "Origin.DomainName"),
      ]);
      const app = clean.find((r) => r.id === webApp.Id)!;
      expect(snapshot.resources.find((r) => r.id === webApp.Id)).toEqual({ ...app, attributes: withoutKeys(app.attributes, "origins"), unreadable: [{ attribute: "origins", field: "Origin.DomainName" }] });
      expect(others(snapshot.resources, webApp.Id!)).toEqual(others(clean, webApp.Id!));
    });

    it("skips a distribution without its Id, names it in one error that leaves distributions incomplete, and keeps the others", async () => {
      serveList([staticSite, legacyAssets, webApp]);
      const clean = (await collectWith([cloudfrontCollector])).resources;
      serveList([staticSite, { ...legacyAssets, Id: undefined }, webApp]);
      const snapshot = await collectWith([cloudfrontCollector]);
      expect(snapshot.errors).toEqual([
        { service: "cloudfront", region: "us-east-1", operation: "ListDistributions", code: "MalformedResponse", message: `1 ${TYPE} item skipped: no DistributionSummary.Id`, resourceTypes: [TYPE] },
      ]);
      expect(snapshot.resources).toEqual(others(clean, legacyAssets.Id!));
    });

    it("keeps a distribution whose config read returns no DistributionConfig, with only its root object and logging unreadable", async () => {
      serveList([staticSite, legacyAssets, webApp]);
      const clean = (await collectWith([cloudfrontCollector])).resources;
      cloudfront.on(GetDistributionConfigCommand, { Id: staticSite.Id }).resolves({ ETag: "E2QWRUHEXAMPLE" });
      const snapshot = await collectWith([cloudfrontCollector]);
      expect(snapshot.errors).toEqual([
        unreadableError("cloudfront", "GetDistributionConfig", TYPE, staticSite.Id!, "DistributionConfig"),
      ]);
      const site = clean.find((r) => r.id === staticSite.Id)!;
      expect(snapshot.resources.find((r) => r.id === staticSite.Id)).toEqual({
        ...site,
        attributes: withoutKeys(site.attributes, "defaultRootObject", "logging"),
        unreadable: [
          { attribute: "defaultRootObject", field: "DistributionConfig" },
          { attribute: "logging", field: "DistributionConfig" },
        ],
      });
      expect(others(snapshot.resources, staticSite.Id!)).toEqual(others(clean, staticSite.Id!));
    });
  });

  it("reports a denied ListDistributions as the distributions left incomplete", async () => {
    cloudfront.on(ListDistributionsCommand).rejects(accessDenied("cloudfront:ListDistributions"));
    const snapshot = await collectWith([cloudfrontCollector], ["us-east-1", "eu-west-1"]);
    expect(snapshot.resources).toEqual([]);
    // A global collector runs once, in us-east-1, whatever the audited regions.
    expect(snapshot.errors).toEqual([expect.objectContaining({ service: "cloudfront", region: "us-east-1", operation: "ListDistributions", code: "AccessDenied", resourceTypes: [TYPE] })]);
  });
});

describe("originKind", () => {
  const custom = (domainName: string): Origin => ({ ...originDefaults, Id: "o", DomainName: domainName, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } });
  it.each([
    ["bucket.s3-website-us-east-1.amazonaws.com", "s3-website"],
    ["bucket.s3-website.eu-central-1.amazonaws.com", "s3-website"],
    ["bucket.s3-website-us-gov-west-1.amazonaws.com", "s3-website"],
    ["bucket.s3-website.cn-north-1.amazonaws.com.cn", "s3-website"],
    // A bucket whose own name holds ".s3-website-", behind its REST endpoint.
    ["assets.s3-website-archive.s3.us-east-1.amazonaws.com", "s3"],
    // A REST endpoint set up as a custom origin is still S3.
    ["bucket.s3.eu-west-1.amazonaws.com", "s3"],
    ["bucket.s3-us-west-2.amazonaws.com", "s3"],
    ["bucket.s3.amazonaws.com", "s3"],
    ["origin.example.com", "custom"],
    ["assets.s3.example.com", "custom"],
    ["web-123.us-east-1.elb.amazonaws.com", "custom"],
  ])("%s is %s", (domainName, kind) => {
    expect(originKind(custom(domainName), domainName)).toBe(kind);
  });

  it("takes an origin with an S3OriginConfig for a REST endpoint, whatever its bucket is called", () => {
    const domainName = "assets.s3-website-us-east-1.s3.us-east-1.amazonaws.com";
    expect(originKind({ ...originDefaults, Id: "o", DomainName: domainName, S3OriginConfig: { OriginAccessIdentity: "" } }, domainName)).toBe("s3");
  });
});
