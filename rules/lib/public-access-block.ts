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
  const levels: Level[] = [];
  let unknown = false;
  for (const level of ["bucket", "account"] as const) {
    const settings = block[level];
    if (settings === "not collected") unknown = true;
    else if (settings?.[setting]) levels.push(level);
  }
  return levels.length === 0 && unknown ? undefined : levels;
}

/** "account", "bucket", or "bucket and account". */
export function levelWords(levels: Level[]): string {
  return levels.join(" and ");
}
