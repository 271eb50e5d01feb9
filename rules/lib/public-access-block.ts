/**
 * S3 Block Public Access as S3 applies it: each of the four settings is on for
 * a bucket when it is on at the bucket or at the account level (S3 applies the
 * most restrictive combination), so a mix of the two levels counts.
 */
import type { RuleContext } from "../../src/evaluate/rule.js";
import type { AccountPublicAccessBlockAttributes, BucketAttributes, PublicAccessBlock } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "AWS::S3::AccountPublicAccessBlock";
/** The account's settings are one record, kept in us-east-1 with the other account-wide types. */
export const ACCOUNT_RECORD_REGION = "us-east-1";

export const SETTINGS: (keyof PublicAccessBlock)[] = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"];

export type Level = "bucket" | "account";

/** One level's settings: null when it has none configured, "not collected" when its read was not made or failed. */
export type LevelSettings = PublicAccessBlock | null | "not collected";

export interface EffectiveBlock {
  bucket: LevelSettings;
  account: LevelSettings;
}

export function effectiveBlock(bucket: ResourceRecord<BucketAttributes>, ctx: RuleContext<unknown>): EffectiveBlock {
  return { bucket: bucketLevel(bucket), account: accountLevel(bucket.accountId, ctx) };
}

function bucketLevel(bucket: ResourceRecord<BucketAttributes>): LevelSettings {
  // An unreadable attribute throws when touched; asking first keeps the other level usable.
  if (bucket.unreadable?.some((u) => u.attribute === "publicAccessBlock")) return "not collected";
  const settings = bucket.attributes.publicAccessBlock;
  return settings === undefined ? "not collected" : settings;
}

function accountLevel(accountId: string, ctx: RuleContext<unknown>): LevelSettings {
  const record = ctx.snapshot.get<AccountPublicAccessBlockAttributes>(ACCOUNT_PUBLIC_ACCESS_BLOCK, ACCOUNT_RECORD_REGION, accountId);
  if (!record || !ctx.snapshot.complete(ACCOUNT_PUBLIC_ACCESS_BLOCK, ACCOUNT_RECORD_REGION)) return "not collected";
  return record.attributes.publicAccessBlock;
}

/** The levels at which a setting is on; undefined when it is on at neither and a level was not collected (it may be on there). */
export function levelsOf(block: EffectiveBlock, setting: keyof PublicAccessBlock): Level[] | undefined {
  const atBucket = isOn(block.bucket, setting);
  const atAccount = isOn(block.account, setting);
  if (atBucket) return atAccount ? ["bucket", "account"] : ["bucket"];
  if (atAccount) return ["account"];
  return block.bucket === "not collected" || block.account === "not collected" ? undefined : [];
}

function isOn(settings: LevelSettings, setting: keyof PublicAccessBlock): boolean {
  return settings !== "not collected" && !!settings?.[setting];
}

/** "account", "bucket", or "bucket and account". */
export function levelWords(levels: Level[]): string {
  return levels.length === 1 ? levels[0]! : levels.join(" and ");
}

/** Whether two lists from levelsOf name the same levels (they list them in one order). */
export function sameLevels(a: Level[], b: Level[]): boolean {
  return a.length === b.length && a[0] === b[0] && a[1] === b[1];
}
