import * as z from "zod";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Bucket } from "./bucket.js";
import { BUCKET } from "./bucket.js";
import type { Level } from "../lib/public-access-block.js";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK, effectiveBlock, levelsOf, levelWords, sameLevels, SETTINGS } from "../lib/public-access-block.js";

export default defineRule({
  id: "s3-bucket-public-access-blocked",
  title: "S3 Block Public Access is on for the bucket",
  service: "s3",
  severity: "high",
  resourceTypes: [BUCKET],
  rationale:
    "Block Public Access is the guard that holds when a bucket policy or ACL is later written too wide: with all four settings on, S3 refuses public ACLs and public policies and ignores any already there. " +
    "S3 applies each setting when it is on at the bucket or at the account level, so either level (or a mix) protects the bucket.",
  remediation:
    "Turn on all four settings for the account (every bucket) or for the bucket:\n" +
    "aws s3control put-public-access-block --account-id 123456789012 --public-access-block-configuration " +
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n" +
    "aws s3api put-public-access-block --bucket amzn-s3-demo-bucket --public-access-block-configuration " +
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
  references: { awsConfig: "s3-bucket-level-public-access-prohibited, s3-account-level-public-access-blocks-periodic", securityHub: "S3.8, S3.1" },
  needs: ["s3.publicAccessBlock"],
  explainedBy: { attributes: ["publicAccessBlock"], related: [ACCOUNT_PUBLIC_ACCESS_BLOCK] },
  params: z.object({}).strict(),
  evaluate(bucket: Bucket, ctx) {
    const block = effectiveBlock(bucket, ctx);
    const evidence = { bucket: block.bucket, account: block.account };
    const on: Record<string, Level[]> = {};
    const off: string[] = [];
    const unknown: string[] = [];
    for (const setting of SETTINGS) {
      const levels = levelsOf(block, setting);
      if (levels === undefined) unknown.push(setting);
      else if (levels.length === 0) off.push(setting);
      else on[setting] = levels;
    }
    // A setting is off only when both levels were read: an unread level might have it on.
    if (off.length === SETTINGS.length && block.bucket === null && block.account === null) {
      return fail("no Block Public Access configuration at the bucket or the account level", evidence);
    }
    if (off.length > 0) return fail(`${off.join(", ")} ${off.length === 1 ? "is" : "are"} off at both the bucket and the account level`, evidence);
    if (unknown.length > 0) {
      const missing = (["bucket", "account"] as const).filter((level) => block[level] === "not collected");
      return cannotEvaluate(`${unknown.join(", ")} not on where read, and the ${missing.join(" and ")}-level settings were not collected`);
    }
    return pass(allOn(on), { bucket: block.bucket, account: block.account, levels: on });
  },
});

/**
 * The reason to pass, for each combination of levels the four settings are on
 * at (81 at most, and buckets share a few): described once per combination
 * rather than once per bucket.
 */
const allOnReasons = new Map<number, string>();

function allOn(on: Record<string, Level[]>): string {
  let combination = 0;
  for (const setting of SETTINGS) combination = combination * 4 + (on[setting]!.includes("bucket") ? 1 : 0) + (on[setting]!.includes("account") ? 2 : 0);
  let reason = allOnReasons.get(combination);
  if (reason === undefined) allOnReasons.set(combination, (reason = `all four settings are on: ${describeLevels(on)}`));
  return reason;
}

/** "at the account level", or per setting where the levels differ: "blockPublicAcls at the bucket level, … at the account level". */
function describeLevels(on: Record<string, Level[]>): string {
  const levels = Object.values(on);
  if (levels.every((l) => sameLevels(l, levels[0]!))) return `at the ${levelWords(levels[0]!)} level`;
  return Object.entries(on)
    .map(([setting, levels]) => `${setting} at the ${levelWords(levels)} level`)
    .join(", ");
}
