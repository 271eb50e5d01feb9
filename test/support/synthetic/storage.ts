/**
 * The account's S3 buckets, as ListBuckets and the per-bucket Get* calls
 * return them: mostly private buckets behind bucket-level Block Public
 * Access, some without it, a few public through their policy or their ACL,
 * versioning on, suspended or never enabled, TLS-only policies on some; the
 * static-content bucket behind each distribution's S3 origin, with the
 * policy its access method calls for (OAC, OAI, or public for a distribution
 * with neither or a website origin); and the CloudFront logs bucket. The
 * account-level Block Public Access blocks ACLs but not policies, as in an
 * account that serves some content straight from S3.
 *
 * Draws from its own random sequence, so that adding buckets leaves every
 * other resource of a seed as it was.
 */
import type { Bucket, Grant, PublicAccessBlockConfiguration } from "@aws-sdk/client-s3";
import type { StorageData, SyntheticAccount } from "./account.js";
import type { S3Origin } from "./edge.js";
import { CREATED } from "./ids.js";
import { Random } from "./random.js";

/** General-purpose buckets per requested record; the static-content buckets of distributions bring the share to about 5 %. */
const GENERAL_SHARE = 0.035;

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
/** The awslogsdelivery account, which CloudFront standard logging writes as (its canonical user id). */
const LOG_DELIVERY = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";
const PURPOSES = ["app-data", "backups", "media", "reports", "artifacts", "exports"];

type Kind = "private" | "no-block" | "partial-block" | "public-policy" | "public-acl";

export class StorageBuilder {
  private readonly random: Random;
  private readonly storage: StorageData;
  private readonly accountId: string;
  private readonly ownerId: string;
  /** The general-purpose buckets, in the order added: the ones `trim` may take back. */
  private readonly general: string[] = [];

  constructor(account: SyntheticAccount, seed: number) {
    // Any fixed offset gives another sequence; the buckets then do not shift what the other generators draw.
    this.random = new Random(seed + 0x5_3000);
    this.storage = account.global.storage;
    this.accountId = account.accountId;
    this.ownerId = this.random.hex(64);
    this.storage.accountPublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
  }

  /** `count` general-purpose buckets round-robin over `regions`, and the CloudFront logs bucket in the first. */
  addGeneral(count: number, regions: string[]): void {
    this.addLogsBucket(regions[0]!);
    for (let i = 0; i < count; i++) {
      const name = `${PURPOSES[i % PURPOSES.length]}-${String(i).padStart(4, "0")}-${this.accountId}`;
      this.general.push(name);
      this.addBucket(name, regions[i % regions.length]!, this.random.pick<Kind>(["private", "private", "private", "private", "private", "private", "private", "no-block", "no-block", "partial-block", "public-policy", "public-acl"]));
    }
  }

  /** The bucket behind a distribution's S3 origin, with the policy its access method needs. */
  addOrigin(origin: S3Origin): void {
    const { bucket, region, access } = origin;
    const arn = `arn:aws:s3:::${bucket}`;
    const secure = this.random.chance(0.6) ? [denyInsecureTransport(arn)] : [];
    if (access === "oac") {
      // One in ten names another distribution (copied from a sibling site), which the rules must catch.
      const sourceArn = this.random.chance(0.9) ? origin.distributionArn : `arn:aws:cloudfront::${this.accountId}:distribution/E${this.random.alphanumeric(13)}`;
      const grant = { Sid: "AllowCloudFrontServicePrincipal", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${arn}/*`, Condition: { StringEquals: { "AWS:SourceArn": sourceArn } } };
      this.put(bucket, region, { block: allBlocked(), statements: [grant, ...secure] });
    } else if (access === "oai") {
      const identity = origin.originAccessIdentity!.replace("origin-access-identity/cloudfront/", "");
      const grant = { Sid: "AllowLegacyOAIReadOnly", Effect: "Allow", Principal: { AWS: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${identity}` }, Action: "s3:GetObject", Resource: `${arn}/*` };
      this.put(bucket, region, { block: allBlocked(), statements: [grant, ...secure] });
    } else {
      // Without OAC or OAI (or behind a website endpoint), CloudFront reads the bucket as anyone does.
      this.put(bucket, region, { statements: [publicRead(arn), ...secure] });
    }
  }

  /**
   * Takes back up to `excess` general-purpose buckets, the last added first,
   * keeping at least half of them: the applications come in steps of dozens
   * of records, the buckets in ones, so they bring the account back to the
   * size asked for.
   */
  trim(excess: number): void {
    const dropped = new Set(this.general.splice(Math.max(Math.ceil(this.general.length / 2), this.general.length - Math.max(0, excess))));
    if (dropped.size === 0) return;
    this.storage.buckets = this.storage.buckets.filter((b) => !dropped.has(b.Name!));
    for (const name of dropped) for (const settings of [this.storage.policies, this.storage.publicAccessBlocks, this.storage.acls, this.storage.versioning]) settings.delete(name);
  }

  private addLogsBucket(region: string): void {
    const grants = [{ Grantee: { Type: "CanonicalUser" as const, ID: LOG_DELIVERY }, Permission: "FULL_CONTROL" as const }];
    this.put(`logs-${this.accountId}`, region, { block: allBlocked(), statements: [denyInsecureTransport(`arn:aws:s3:::logs-${this.accountId}`)], grants });
  }

  private addBucket(name: string, region: string, kind: Kind): void {
    const arn = `arn:aws:s3:::${name}`;
    const secure = this.random.chance(0.5) ? [denyInsecureTransport(arn)] : [];
    switch (kind) {
      case "private":
        return this.put(name, region, { block: allBlocked(), statements: secure });
      case "no-block":
        return this.put(name, region, { statements: secure });
      case "partial-block":
        return this.put(name, region, { block: { ...allBlocked(), BlockPublicPolicy: false, RestrictPublicBuckets: false }, statements: secure });
      case "public-policy":
        return this.put(name, region, { statements: [publicRead(arn), ...secure] });
      case "public-acl":
        return this.put(name, region, { statements: secure, grants: [{ Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" }] });
    }
  }

  private put(name: string, region: string, settings: { block?: PublicAccessBlockConfiguration; statements: object[]; grants?: Grant[] }): void {
    const bucket: Bucket = { Name: name, CreationDate: CREATED, BucketRegion: region, BucketArn: `arn:aws:s3:::${name}` };
    this.storage.buckets.push(bucket);
    if (settings.block) this.storage.publicAccessBlocks.set(name, settings.block);
    if (settings.statements.length > 0) this.storage.policies.set(name, JSON.stringify({ Version: "2012-10-17", Statement: settings.statements }));
    const owner = { Grantee: { Type: "CanonicalUser" as const, ID: this.ownerId }, Permission: "FULL_CONTROL" as const };
    this.storage.acls.set(name, { Owner: { ID: this.ownerId }, Grants: [owner, ...(settings.grants ?? [])] });
    const versioning = this.random.pick(["Enabled", "Enabled", "Enabled", "Enabled", "Suspended", "Off", "Off", "Off"] as const);
    if (versioning !== "Off") this.storage.versioning.set(name, versioning);
  }
}

function allBlocked(): PublicAccessBlockConfiguration {
  return { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
}

function publicRead(arn: string) {
  return { Sid: "PublicReadGetObject", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/*` };
}

/** The policy AWS recommends for TLS-only access (s3-bucket-ssl-requests-only). */
function denyInsecureTransport(arn: string) {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
}

/** Starts the account's storage before the applications are added, so that `totalRecords` counts the buckets (see `trim` for after). */
export function addStorage(account: SyntheticAccount, resources: number, seed: number): StorageBuilder {
  const builder = new StorageBuilder(account, seed);
  builder.addGeneral(Math.max(1, Math.round(resources * GENERAL_SHARE)), account.regions.map((r) => r.region));
  return builder;
}

/** Whether GetBucketPolicyStatus reports the policy public: an Allow to anyone with no condition narrowing it. */
export function isPublicPolicy(document: string): boolean {
  const statements: { Effect?: string; Principal?: unknown; Condition?: unknown }[] = [JSON.parse(document).Statement].flat();
  const anyone = (p: unknown) => p === "*" || (typeof p === "object" && p !== null && [(p as { AWS?: unknown }).AWS].flat().includes("*"));
  return statements.some((s) => s.Effect === "Allow" && anyone(s.Principal) && s.Condition === undefined);
}
