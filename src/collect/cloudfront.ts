import {
  CloudFrontClient,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListTagsForResourceCommand,
  paginateListCloudFrontOriginAccessIdentities,
  paginateListDistributions,
} from "@aws-sdk/client-cloudfront";
import type {
  CacheBehavior as SdkCacheBehavior,
  DefaultCacheBehavior,
  Distribution,
  DistributionConfig,
  DistributionSummary,
  ListDistributionsCommandOutput,
  Origin,
} from "@aws-sdk/client-cloudfront";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";
import type { CacheBehavior, DistributionAttributes, DistributionOrigin } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import type { CollectorContext, ReadTargets } from "./collector.js";
import { defineCollector, isTarget, targetIds } from "./collector.js";
import { cloudfrontSpec } from "./specs.js";
import { required, unlessDeleted } from "./errors.js";
import { fillAttributes, ItemFields, recordsOf } from "./listed-items.js";
import { compact, sortedStrings, tagsOf } from "./normalize.js";
import { recordsToRead } from "./carried-reads.js";
import { PER_RESOURCE_CONCURRENCY, readEach } from "./partial-reads.js";
import { compareText } from "../types/order.js";

const TYPE = "AWS::CloudFront::Distribution";

type DistributionRecord = ResourceRecord<DistributionAttributes>;
type CloudFrontContext = CollectorContext<CloudFrontClient>;

export const cloudfrontCollector = defineCollector({
  ...cloudfrontSpec,
  createClient: (config) => new CloudFrontClient(config),
  async collect(ctx) {
    const limit = pLimit(PER_RESOURCE_CONCURRENCY);
    const records = ctx.targets ? await getTargets(ctx, ctx.targets, limit) : await listAll(ctx);
    const label = (record: DistributionRecord) => record.id;
    // Asked for before the canonical user ids are filled in: each record's list entry is hashed as its list read it (see carried-reads.ts).
    const configs = recordsToRead(ctx.carryOver, "cloudfront.distributionConfig", "GetDistributionConfig", ctx.reads("cloudfront.distributionConfig") && !ctx.targets ? records : [], [
      "defaultRootObject",
      "logging",
    ]);
    const tags = recordsToRead(ctx.carryOver, "cloudfront.tags", "ListTagsForResource", records, ["tags"]);
    await Promise.all([
      // One paged list per account: bucket policies may name an OAI by its S3 canonical user id.
      ctx.reads("cloudfront.originAccessIdentities") && records.some(usesOriginAccessIdentity)
        ? ctx.attempt("ListCloudFrontOriginAccessIdentities", [], async () => fillCanonicalUserIds(records, await canonicalUserIds(ctx.client)))
        : undefined,
      // The summary lacks DefaultRootObject and Logging; only the full config has them (GetDistribution's included).
      configs.then((items) =>
        readEach(ctx, {
          operation: "GetDistributionConfig",
          resourceTypes: [TYPE],
          items,
          label,
          limit,
          read: async (record) => {
            const { DistributionConfig } = await ctx.client.send(new GetDistributionConfigCommand({ Id: record.id }));
            fillAttributes(ctx, "GetDistributionConfig", record, (fields) => configAttributes(DistributionConfig, fields));
          },
        }),
      ),
      tags.then((items) =>
        readEach(ctx, {
          operation: "ListTagsForResource",
          resourceTypes: [TYPE],
          items,
          label,
          limit,
          read: async (record) => {
            record.tags = tagsOf((await ctx.client.send(new ListTagsForResourceCommand({ Resource: record.arn }))).Tags?.Items);
          },
        }),
      ),
    ]);
    return records as unknown as ResourceRecord[];
  },
});

async function listAll(ctx: CloudFrontContext): Promise<DistributionRecord[]> {
  const records: DistributionRecord[] = [];
  await ctx.attempt("ListDistributions", [TYPE], async () => {
    // MaxItems 100 is the API maximum for ListDistributions.
    for await (const page of paginateListDistributions({ client: ctx.client, pageSize: 100 }, {})) {
      records.push(...recordsOf(ctx, "ListDistributions", TYPE, distributionsOf(page), (summary, fields) => toRecord(summary, ctx.accountId, ctx.region, fields)));
    }
  });
  return records;
}

/**
 * The targeted distributions, by id (an ARN stands for its id): GetDistribution
 * returns what ListDistributions lists of it, and its config, so one call
 * builds the record the list and GetDistributionConfig build. NoSuchDistribution
 * says it was deleted: no record.
 */
async function getTargets(ctx: CloudFrontContext, targets: ReadTargets, limit: LimitFunction): Promise<DistributionRecord[]> {
  const records: DistributionRecord[] = [];
  await readEach(ctx, {
    operation: "GetDistribution",
    resourceTypes: [TYPE],
    items: targetIds(targets, TYPE),
    label: (id) => id,
    limit,
    read: async (id) => {
      const answer = await unlessDeleted(() => ctx.client.send(new GetDistributionCommand({ Id: id })), ["NoSuchDistribution"]);
      if (!answer) return;
      const distribution = required(answer.Distribution, "Distribution");
      const listed = recordsOf(ctx, "GetDistribution", TYPE, [summaryOf(distribution)], (summary, fields) => toRecord(summary, ctx.accountId, ctx.region, fields));
      for (const record of listed.filter((r) => isTarget(targets, r))) {
        if (ctx.reads("cloudfront.distributionConfig")) fillAttributes(ctx, "GetDistribution", record, (fields) => configAttributes(distribution.DistributionConfig, fields));
        records.push(record);
      }
    },
  });
  return records;
}

/** A distribution as ListDistributions would list it: its config's settings, with its id, ARN and domain name. */
function summaryOf(distribution: Distribution): DistributionSummary {
  const { Id, ARN, Status, LastModifiedTime, DomainName, DistributionConfig: config } = distribution;
  return { ...(config as Partial<DistributionSummary>), Id, ARN, Status, LastModifiedTime, DomainName } as DistributionSummary;
}

/**
 * A distribution as ListDistributions describes it: no tags, and no `defaultRootObject` or `logging` until its config is read.
 * Its ARN is part of its identity (its tags are read by it); without its DomainName it is named by its first alias, if any.
 */
export function toRecord(summary: DistributionSummary, accountId: string, region: string, fields = new ItemFields()): DistributionRecord {
  const id = required(summary.Id, "DistributionSummary.Id");
  const arn = required(summary.ARN, "DistributionSummary.ARN");
  const domainName = fields.read("domainName", () => required(summary.DomainName, "DistributionSummary.DomainName"));
  const aliases = sortedStrings(summary.Aliases?.Items);
  const attributes = compact({
    domainName,
    aliases,
    enabled: fields.read("enabled", () => required(summary.Enabled, "DistributionSummary.Enabled")),
    priceClass: summary.PriceClass,
    httpVersion: summary.HttpVersion,
    // "" when no web ACL is associated.
    webAclId: summary.WebACLId || undefined,
    defaultCacheBehavior: fields.read("defaultCacheBehavior", () => cacheBehavior(required(summary.DefaultCacheBehavior, "DistributionSummary.DefaultCacheBehavior"))),
    // Kept in AWS's order: it is the order of precedence in which CloudFront matches path patterns.
    cacheBehaviors: fields.read("cacheBehaviors", () => (summary.CacheBehaviors?.Items ?? []).map(cacheBehavior)),
    origins: fields.read("origins", () => (summary.Origins?.Items ?? []).map(origin).sort((a, b) => compareText(a.id, b.id))),
    viewerCertificate: fields.read("viewerCertificate", () => viewerCertificate(summary)),
  }) as DistributionAttributes;
  return compact({
    type: TYPE,
    id,
    arn,
    accountId,
    region,
    name: aliases[0] ?? domainName,
    tags: {},
    attributes,
  });
}

function viewerCertificate(summary: DistributionSummary): DistributionAttributes["viewerCertificate"] {
  const certificate = required(summary.ViewerCertificate, "DistributionSummary.ViewerCertificate");
  return compact({
    cloudFrontDefaultCertificate: certificate.CloudFrontDefaultCertificate ?? false,
    acmCertificateArn: certificate.ACMCertificateArn,
    iamCertificateId: certificate.IAMCertificateId,
    minimumProtocolVersion: certificate.MinimumProtocolVersion,
    sslSupportMethod: certificate.SSLSupportMethod,
  });
}

/** The attributes only GetDistributionConfig returns; both unreadable when the response lacks the config. */
export function configAttributes(config: DistributionConfig | undefined, fields = new ItemFields()): Pick<DistributionAttributes, "defaultRootObject" | "logging"> {
  const fromConfig = <T>(attribute: string, build: (config: DistributionConfig) => T) => fields.read(attribute, () => build(required(config, "DistributionConfig")));
  return compact({
    // "" when no root object is set.
    defaultRootObject: fromConfig("defaultRootObject", (c) => c.DefaultRootObject || undefined),
    // A disabled log config comes back with Bucket and Prefix as "".
    logging: fromConfig("logging", (c) => compact({ enabled: c.Logging?.Enabled ?? false, bucket: c.Logging?.Bucket || undefined, prefix: c.Logging?.Prefix || undefined })),
  });
}

function cacheBehavior(behavior: DefaultCacheBehavior | SdkCacheBehavior): CacheBehavior {
  return compact({
    pathPattern: "PathPattern" in behavior ? behavior.PathPattern : undefined,
    targetOriginId: required(behavior.TargetOriginId, "CacheBehavior.TargetOriginId"),
    viewerProtocolPolicy: required(behavior.ViewerProtocolPolicy, "CacheBehavior.ViewerProtocolPolicy"),
  });
}

function origin(o: Origin): DistributionOrigin {
  const domainName = required(o.DomainName, "Origin.DomainName");
  return compact({
    id: required(o.Id, "Origin.Id"),
    domainName,
    kind: originKind(o, domainName),
    // Both fields come back as "" when the origin uses neither.
    originAccessControlId: o.OriginAccessControlId || undefined,
    originAccessIdentity: o.S3OriginConfig?.OriginAccessIdentity || undefined,
    originProtocolPolicy: o.CustomOriginConfig?.OriginProtocolPolicy,
  });
}

// Website endpoints: bucket.s3-website-us-east-1.amazonaws.com and bucket.s3-website.eu-central-1.amazonaws.com.
// Website endpoints: bucket.s3-website-us-east-1.amazonaws.com, bucket.s3-website.eu-west-2.amazonaws.com; the region ends the name,
// so a bucket whose own name holds ".s3-website-" (assets.s3-website-archive.s3.us-east-1.amazonaws.com) is not taken for one.
const S3_WEBSITE = /\.s3-website[.-][a-z]{2}(?:-gov)?-[a-z]+-\d\.amazonaws\.com(\.cn)?$/;
// REST endpoints: bucket.s3.amazonaws.com, bucket.s3.us-west-2.amazonaws.com, bucket.s3.dualstack…, and legacy bucket.s3-us-west-2.amazonaws.com.
const S3_REST = /\.s3(?:[.-][a-z0-9]+)*\.amazonaws\.com(\.cn)?$/;

/**
 * An S3 website endpoint can only be a custom origin (it speaks HTTP only and
 * ignores OAC/OAI), so it is told apart from a REST endpoint, which may also be
 * configured as a custom origin.
 */
export function originKind(o: Origin, domainName: string): DistributionOrigin["kind"] {
  const domain = domainName.toLowerCase();
  // An S3OriginConfig is a REST origin: a website endpoint can only be a custom origin.
  if (o.S3OriginConfig) return "s3";
  if (S3_WEBSITE.test(domain)) return "s3-website";
  if (S3_REST.test(domain)) return "s3";
  return "custom";
}

function usesOriginAccessIdentity(record: DistributionRecord): boolean {
  return (record.attributes.origins ?? []).some((o) => o.originAccessIdentity);
}

/** OAI id → S3CanonicalUserId. MaxItems 100 is the API maximum. */
async function canonicalUserIds(client: CloudFrontClient): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const page of paginateListCloudFrontOriginAccessIdentities({ client, pageSize: 100 }, {})) {
    const list = required(page.CloudFrontOriginAccessIdentityList, "CloudFrontOriginAccessIdentityList");
    for (const oai of list.Items ?? []) ids.set(required(oai.Id, "CloudFrontOriginAccessIdentitySummary.Id"), required(oai.S3CanonicalUserId, "CloudFrontOriginAccessIdentitySummary.S3CanonicalUserId"));
  }
  return ids;
}

/**
 * A failed list leaves the ids absent and no type incomplete: only a rule
 * meeting a canonical-user principal needs them, and it then says ERROR.
 */
function fillCanonicalUserIds(records: DistributionRecord[], ids: Map<string, string>): void {
  for (const record of records) {
    for (const origin of record.attributes.origins ?? []) {
      const canonical = ids.get(origin.originAccessIdentity?.split("/").pop() ?? "");
      if (canonical) origin.originAccessIdentityCanonicalUserId = canonical;
    }
  }
}

/** CloudFront leaves Items out when Quantity is 0; a page with neither is truncated, not empty. */
function distributionsOf(page: ListDistributionsCommandOutput): DistributionSummary[] {
  const list = required(page.DistributionList, "DistributionList");
  if (required(list.Quantity, "DistributionList.Quantity") === 0) return [];
  return required(list.Items, "DistributionList.Items");
}
