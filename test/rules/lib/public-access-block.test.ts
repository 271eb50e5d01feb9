/** S3 Block Public Access as S3 applies it: each setting from the bucket or the account level. */
import { describe, expect, it } from "@jest/globals";
import type { EffectiveBlock } from "../../../rules/lib/public-access-block.js";
import { effectiveBlock, levelsOf, levelWords, sameLevels } from "../../../rules/lib/public-access-block.js";
import type { RuleContext } from "../../../src/evaluate/rule.js";
import { SnapshotIndex } from "../../../src/evaluate/snapshot-index.js";
import type { BucketAttributes } from "../../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../../src/types/resource.js";
import { ACCOUNT } from "../../support/builders.js";
import { accountBlock, accountBlockNotRead, block, bucket, without } from "../../support/s3-builders.js";

/** The bucket as a rule sees it, from the snapshot index (unreadable attributes guarded), and the rule's context. */
function evaluated(resource: ResourceRecord<BucketAttributes>, related: ResourceRecord<any>[], errors: CollectionError[] = []) {
  const snapshot = new SnapshotIndex({ accountId: ACCOUNT, resources: [resource, ...related], errors });
  const ctx: RuleContext<unknown> = { params: {}, snapshot };
  const seen = snapshot.get<BucketAttributes>("AWS::S3::Bucket", resource.region, resource.id)!;
  return { bucket: seen, ctx };
}

/** Marks attributes unreadable as the collector does for a malformed per-bucket response: absent and listed. */
function unreadableAttributes(resource: ResourceRecord<BucketAttributes>, ...unread: [keyof BucketAttributes, string][]): ResourceRecord<BucketAttributes> {
  let result = resource;
  for (const [attribute] of unread) result = without(result, attribute);
  return { ...result, unreadable: unread.map(([attribute, field]) => ({ attribute, field })) };
}

describe("effectiveBlock", () => {
  it("reads the bucket's and the account's settings", () => {
    const { bucket: b, ctx } = evaluated(bucket({ publicAccessBlock: block({ blockPublicAcls: true }) }), [accountBlock(block(true))]);
    expect(effectiveBlock(b, ctx)).toEqual({ bucket: block({ blockPublicAcls: true }), account: block(true) });
  });

  it("a bucket whose policy was unreadable still has its Block Public Access settings", () => {
    const resource = unreadableAttributes(bucket({ publicAccessBlock: block(true) }), ["policy", "Policy.Statement"]);
    const { bucket: b, ctx } = evaluated(resource, [accountBlock(null)]);
    expect(effectiveBlock(b, ctx)).toEqual({ bucket: block(true), account: null });
  });

  it("bucket settings unreadable beside another unreadable attribute are not collected, and the account's still count", () => {
    const resource = unreadableAttributes(bucket(), ["policy", "Policy.Statement"], ["publicAccessBlock", "PublicAccessBlockConfiguration"]);
    const { bucket: b, ctx } = evaluated(resource, [accountBlock(block(true))]);
    expect(effectiveBlock(b, ctx)).toEqual({ bucket: "not collected", account: block(true) });
  });

  it("bucket settings whose read was not made are not collected", () => {
    const { bucket: b, ctx } = evaluated(without(bucket(), "publicAccessBlock"), [accountBlock(null)]);
    expect(effectiveBlock(b, ctx)).toEqual({ bucket: "not collected", account: null });
  });

  it("account settings whose read failed are not collected", () => {
    const { bucket: b, ctx } = evaluated(bucket({ publicAccessBlock: null }), [], [accountBlockNotRead()]);
    expect(effectiveBlock(b, ctx)).toEqual({ bucket: null, account: "not collected" });
  });
});

describe("levelsOf", () => {
  const both: EffectiveBlock = { bucket: block({ ignorePublicAcls: true, restrictPublicBuckets: true }), account: block({ restrictPublicBuckets: true, blockPublicPolicy: true }) };

  it("lists the levels a setting is on at, the bucket first", () => {
    expect(levelsOf(both, "ignorePublicAcls")).toEqual(["bucket"]);
    expect(levelsOf(both, "blockPublicPolicy")).toEqual(["account"]);
    expect(levelsOf(both, "restrictPublicBuckets")).toEqual(["bucket", "account"]);
    expect(levelsOf(both, "blockPublicAcls")).toEqual([]);
  });

  it("a setting off where read and a level not collected is unknown; on where read, it is on", () => {
    const partial: EffectiveBlock = { bucket: "not collected", account: block({ ignorePublicAcls: true }) };
    expect(levelsOf(partial, "blockPublicAcls")).toBeUndefined();
    expect(levelsOf(partial, "ignorePublicAcls")).toEqual(["account"]);
  });

  it("no configuration at either level is every setting off", () => {
    expect(levelsOf({ bucket: null, account: null }, "restrictPublicBuckets")).toEqual([]);
  });
});

describe("levelWords and sameLevels", () => {
  it("words one level or both", () => {
    expect(levelWords(["account"])).toBe("account");
    expect(levelWords(["bucket", "account"])).toBe("bucket and account");
  });

  it("compares the level lists levelsOf gives", () => {
    expect(sameLevels(["bucket", "account"], ["bucket", "account"])).toBe(true);
    expect(sameLevels(["account"], ["account"])).toBe(true);
    expect(sameLevels(["bucket"], ["account"])).toBe(false);
    expect(sameLevels(["bucket"], ["bucket", "account"])).toBe(false);
    expect(sameLevels(["bucket", "account"], ["bucket"])).toBe(false);
  });
});
