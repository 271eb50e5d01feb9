import { describe, expect, it } from "@jest/globals";
import type { CarryOver, PreviousReads, WrittenResources } from "../../src/collect/carried-reads.js";
import { recordsToRead, refreshFraction } from "../../src/collect/carried-reads.js";
import { resourceKey } from "../../src/types/canonical.js";
import type { ResourceRecord } from "../../src/types/resource.js";

const READ = "ec2.instanceAttribute.disableApiTermination" as const;
const OPERATION = "DescribeInstanceAttribute";
const FIELDS = ["disableApiTermination"];
const PREVIOUS_NIGHT = "2026-11-01T02:00:00.000Z";
const NOW = new Date("2026-11-02T02:00:00.000Z");
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** An instance as DescribeInstances lists it: no disableApiTermination until DescribeInstanceAttribute. */
function listed(id: string, attributes: Record<string, unknown> = {}): ResourceRecord {
  return { type: "AWS::EC2::Instance", id, accountId: "123456789012", region: "eu-west-1", tags: { Name: `web-${id}` }, attributes: { instanceType: "t3.micro", ...attributes } };
}

/** Last night's record of the same instance, read whole, as the store gives it back. */
async function previousOf(id: string, protection: boolean, extra: Partial<ResourceRecord> = {}): Promise<ResourceRecord> {
  const record = listed(id);
  await recordsToRead(carryOverOf([]), READ, OPERATION, [record], FIELDS);
  return { ...record, attributes: { ...record.attributes, disableApiTermination: protection }, ...extra };
}

function carryOverOf(previous: ResourceRecord[], changes: Partial<WrittenResources> = {}, more: Partial<CarryOver> & Partial<Pick<PreviousReads, "failed">> = {}): CarryOver {
  const { failed = new Set<string>(), ...rest } = more;
  return {
    previous: Promise.resolve({
      records: new Map(previous.map((r) => [resourceKey(r), r])),
      takenAt: PREVIOUS_NIGHT,
      failed,
      changes: { regions: new Set(["eu-west-1"]), named: new Set(), ...changes },
    }),
    maxAgeMs: WEEK_MS,
    now: NOW,
    ...rest,
  };
}

describe("recordsToRead", () => {
  it("carries last night's value of an unchanged instance, with the time it was read, and leaves the others to read", async () => {
    const carryOver = carryOverOf([await previousOf("i-0aaa", true)]);
    const [kept, fresh] = [listed("i-0aaa"), listed("i-0bbb")];

    const toRead = await recordsToRead(carryOver, READ, OPERATION, [kept, fresh], FIELDS);

    expect(toRead).toEqual([fresh]);
    expect(kept.attributes).toEqual({ instanceType: "t3.micro", disableApiTermination: true });
    expect(kept.reads).toEqual({ [READ]: PREVIOUS_NIGHT });
    expect(fresh.reads).toBeUndefined();
    // Both stamped with their list entry, for the next night.
    expect(kept.listed).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.listed).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps the time a value carried several nights was first read, and reads it again once that is older than the maximum age", async () => {
    const readAt = "2026-10-30T02:00:00.000Z";
    const carried = await previousOf("i-0aaa", false, { reads: { [READ]: readAt } });
    const record = listed("i-0aaa");
    expect(await recordsToRead(carryOverOf([carried]), READ, OPERATION, [record], FIELDS)).toEqual([]);
    expect(record.reads).toEqual({ [READ]: readAt });

    const tooOld = await recordsToRead(carryOverOf([carried], {}, { now: new Date(Date.parse(readAt) + WEEK_MS) }), READ, OPERATION, [listed("i-0aaa")], FIELDS);
    expect(tooOld).toHaveLength(1);
  });

  it.each([
    ["its list entry changed", async () => [await previousOf("i-0aaa", true)], listed("i-0aaa", { instanceType: "m5.large" }), {}, {}],
    ["its tags changed", async () => [await previousOf("i-0aaa", true)], { ...listed("i-0aaa"), tags: { Name: "renamed" } }, {}, {}],
    ["it is new", async () => [], listed("i-0aaa"), {}, {}],
    ["last night's record has no list entry (read by the event path)", async () => [{ ...(await previousOf("i-0aaa", true)), listed: undefined }], listed("i-0aaa"), {}, {}],
    ["a write event named it", async () => [await previousOf("i-0aaa", true)], listed("i-0aaa"), { named: new Set(["AWS::EC2::Instance/eu-west-1/i-0aaa"]) }, {}],
    ["a write event named its ARN", async () => [await previousOf("i-0aaa", true, { arn: "arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaa" })], { ...listed("i-0aaa"), arn: "arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaa" }, { named: new Set(["arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaa"]) }, {}],
    ["its region's events could not all be read", async () => [await previousOf("i-0aaa", true)], listed("i-0aaa"), { regions: new Set<string>() }, {}],
    ["last night's read failed", async () => [await previousOf("i-0aaa", true)], listed("i-0aaa"), {}, { failed: new Set([OPERATION]) }],
    ["last night's record has no value of it (its read was not tried)", async () => [{ ...(await previousOf("i-0aaa", true)), attributes: { instanceType: "t3.micro" } }], listed("i-0aaa"), {}, {}],
    ["last night's value was unreadable", async () => [await previousOf("i-0aaa", true, { unreadable: [{ attribute: "disableApiTermination", field: "DisableApiTermination.Value" }] })], listed("i-0aaa"), {}, {}],
  ] as [string, () => Promise<ResourceRecord[]>, ResourceRecord, Partial<WrittenResources>, Partial<Pick<PreviousReads, "failed">>][])("reads it again when %s", async (_, previous, record, changes, more) => {
    const toRead = await recordsToRead(carryOverOf(await previous(), changes, more), READ, OPERATION, [record], FIELDS);
    expect(toRead).toEqual([record]);
    expect(record.attributes).not.toHaveProperty("disableApiTermination");
    expect(record.reads).toBeUndefined();
  });

  it("dates a value of a record the previous run kept from an earlier one by when that one read it", async () => {
    const observedAt = "2026-10-31T02:00:00.000Z";
    const record = listed("i-0aaa");
    expect(await recordsToRead(carryOverOf([await previousOf("i-0aaa", true, { observedAt })]), READ, OPERATION, [record], FIELDS)).toEqual([]);
    expect(record.reads).toEqual({ [READ]: observedAt });
  });

  it("carries tags as a field of their own", async () => {
    const previous = { ...listed("E2QWRUHAPOMQZL"), type: "AWS::CloudFront::Distribution" as const, region: "us-east-1", tags: {} };
    await recordsToRead(carryOverOf([]), "cloudfront.tags", "ListTagsForResource", [previous], ["tags"]);
    const stored = { ...previous, tags: { team: "edge" } };
    const record = { ...listed("E2QWRUHAPOMQZL"), type: "AWS::CloudFront::Distribution" as const, region: "us-east-1", tags: {} };

    const toRead = await recordsToRead(carryOverOf([stored], { regions: new Set(["us-east-1"]) }), "cloudfront.tags", "ListTagsForResource", [record], ["tags"]);

    expect(toRead).toEqual([]);
    expect(record.tags).toEqual({ team: "edge" });
    expect(record.reads).toEqual({ "cloudfront.tags": PREVIOUS_NIGHT });
  });

  it("refuses a read carried for another type than the record's: a programming error, not a quiet miss", async () => {
    await expect(recordsToRead(carryOverOf([]), "cloudfront.tags", "ListTagsForResource", [listed("i-0aaa")], ["tags"])).rejects.toThrow(
      "cloudfront.tags is carried for AWS::CloudFront::Distribution, not AWS::EC2::Instance",
    );
  });

  it("reads everything and stamps nothing without a carry-over (no state, --full)", async () => {
    const record = listed("i-0aaa");
    expect(await recordsToRead(undefined, READ, OPERATION, [record], FIELDS)).toEqual([record]);
    expect(record.listed).toBeUndefined();
  });
});

describe("refreshFraction", () => {
  it("gives each resource its own share of the maximum age, between half and all of it, the same on every run", () => {
    const keys = Array.from({ length: 1000 }, (_, n) => `AWS::EC2::Instance/eu-west-1/i-${n.toString(16).padStart(17, "0")}`);
    const fractions = keys.map(refreshFraction);
    expect(fractions).toHaveLength(1000);
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...fractions)).toBeLessThan(1);
    // Spread: each tenth of the range holds some of them.
    for (let tenth = 0; tenth < 10; tenth++) expect(fractions.filter((f) => Math.floor((f - 0.5) * 20) === tenth).length).toBeGreaterThan(50);
    expect(keys.map(refreshFraction)).toEqual(fractions);
  });
});
