import { describe, expect, it } from "@jest/globals";
import type { EventLookup, EventsRequest, LookedUpEvents } from "../src/attribute/lookup.js";
import { carryOverFor, namedBy } from "../src/carry-over.js";
import type { FindingsStore, PreviousRunOptions } from "../src/publish/store/findings-store.js";
import { CARRIED_TYPES } from "../src/types/reads.js";
import type { Snapshot } from "../src/types/resource.js";
import type { CloudTrailEvent } from "../src/attribute/events.js";

const PREVIOUS: Snapshot = {
  schemaVersion: 1,
  accountId: "123456789012",
  takenAt: "2026-11-01T02:00:00.000Z",
  regions: ["eu-west-1"],
  resources: [
    { type: "AWS::EC2::Instance", id: "i-0aaa", accountId: "123456789012", region: "eu-west-1", tags: {}, attributes: {} },
    { type: "AWS::CloudFront::Distribution", id: "E2QWRUHAPOMQZL", accountId: "123456789012", region: "us-east-1", tags: {}, attributes: {} },
  ],
  errors: [{ service: "ec2", region: "eu-west-1", operation: "DescribeInstanceAttribute", code: "Throttling", message: "Rate exceeded", resourceTypes: ["AWS::EC2::Instance"] }],
};
const NOW = new Date("2026-11-02T02:00:00.000Z");

function storeWith(previous: Snapshot | undefined): FindingsStore & { asked: PreviousRunOptions[] } {
  const asked: PreviousRunOptions[] = [];
  const loadPrevious = async (_: string, options: PreviousRunOptions) => {
    asked.push(options);
    return previous && { snapshot: previous };
  };
  return { loadPrevious, asked } as unknown as FindingsStore & { asked: PreviousRunOptions[] };
}

function event(eventName: string, eventSource: string, awsRegion: string, requestParameters: Record<string, unknown>, eventTime = "2026-11-01T09:30:00Z"): CloudTrailEvent {
  return { eventID: `id-${eventName}-${awsRegion}`, eventName, eventSource, eventTime, awsRegion, requestParameters, readOnly: false };
}

/** A lookup that answers from `events` and records what it was asked. */
function recordingLookup(events: CloudTrailEvent[], unavailable: LookedUpEvents["unavailable"] = []): EventLookup & { requests: EventsRequest[] } {
  const requests: EventsRequest[] = [];
  const lookup = async (request: EventsRequest) => {
    requests.push(request);
    return { events: events.filter((e) => request.regions.includes(e.awsRegion)), unavailable: unavailable.filter((u) => request.regions.includes(u.region)) };
  };
  return Object.assign(lookup, { requests });
}

describe("carryOverFor", () => {
  it("reads the write events since the previous run in the run's regions and us-east-1, once, and names what they touched", async () => {
    const modify = event("ModifyInstanceAttribute", "ec2.amazonaws.com", "eu-west-1", { instanceId: "i-0aaa", disableApiTermination: { value: true } });
    const lookup = recordingLookup([modify]);

    const store = storeWith(PREVIOUS);
    const { carryOver } = carryOverFor({ store, accountId: "123456789012", regions: ["eu-west-1"], lookupEvents: lookup, now: NOW, maxAgeDays: 7 });
    const { changes, records, failed } = await carryOver.previous;

    expect(lookup.requests).toEqual([{ window: { from: PREVIOUS.takenAt, to: NOW.toISOString() }, regions: ["eu-west-1", "us-east-1"] }]);
    expect([...changes.regions]).toEqual(["eu-west-1", "us-east-1"]);
    expect([...changes.named]).toEqual(["AWS::EC2::Instance/eu-west-1/i-0aaa"]);
    // Only the records of the types whose reads carry, and no findings.
    expect(store.asked).toEqual([{ findings: false, types: CARRIED_TYPES }]);
    expect([...records.keys()]).toEqual(["AWS::EC2::Instance/eu-west-1/i-0aaa", "AWS::CloudFront::Distribution/us-east-1/E2QWRUHAPOMQZL"]);
    expect([...failed]).toEqual(["DescribeInstanceAttribute"]);
    expect((await carryOver.previous).takenAt).toBe(PREVIOUS.takenAt);
    expect(carryOver).toMatchObject({ maxAgeMs: 7 * 24 * 60 * 60 * 1000, now: NOW });
  });

  it("serves the run's attribution from the events it read, and asks CloudTrail again only for what they do not cover", async () => {
    const events = [
      event("ModifyInstanceAttribute", "ec2.amazonaws.com", "eu-west-1", { instanceId: "i-0aaa" }, "2026-11-01T01:00:00Z"),
      event("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com", "eu-west-1", { groupId: "sg-0aaa" }, "2026-11-01T12:00:00Z"),
      event("UpdateDistribution", "cloudfront.amazonaws.com", "us-east-1", { id: "E2QWRUHAPOMQZL" }, "2026-11-01T12:00:00Z"),
    ];
    const lookup = recordingLookup(events);
    const { lookupEvents } = carryOverFor({ store: storeWith(PREVIOUS), accountId: "123456789012", regions: ["eu-west-1"], lookupEvents: lookup, now: NOW, maxAgeDays: 7 });

    // The same window as the run reads it (its snapshot taken a few seconds later), one region: no second request.
    const served = await lookupEvents!({ window: { from: "2026-11-01T06:00:00.000Z", to: "2026-11-02T02:00:05.000Z" }, regions: ["eu-west-1"] });
    expect(served.events.map((e) => e.eventName)).toEqual(["AuthorizeSecurityGroupIngress"]);
    expect(lookup.requests).toHaveLength(1);

    // A window that starts before the previous run (a record kept from an earlier one): asked of CloudTrail.
    await lookupEvents!({ window: { from: "2026-10-30T02:00:00.000Z", to: "2026-11-02T02:00:05.000Z" }, regions: ["eu-west-1"] });
    // A region not read: asked of CloudTrail.
    await lookupEvents!({ window: { from: PREVIOUS.takenAt, to: NOW.toISOString() }, regions: ["ap-south-1"] });
    expect(lookup.requests.slice(1).map((r) => r.window.from + " " + r.regions.join())).toEqual(["2026-10-30T02:00:00.000Z eu-west-1", "2026-11-01T02:00:00.000Z ap-south-1"]);
  });

  it("carries nothing in a region whose events could not all be read, nor anywhere when the lookup fails as a whole", async () => {
    const partly = recordingLookup([], [{ region: "us-east-1", code: "ThrottlingException", message: "Rate exceeded" }]);
    const one = carryOverFor({ store: storeWith(PREVIOUS), accountId: "123456789012", regions: ["eu-west-1"], lookupEvents: partly, now: NOW, maxAgeDays: 7 });
    expect([...(await one.carryOver.previous).changes.regions]).toEqual(["eu-west-1"]);

    const failing: EventLookup = async () => {
      throw Object.assign(new Error("not authorized to perform: cloudtrail:LookupEvents"), { name: "AccessDeniedException" });
    };
    const none = carryOverFor({ store: storeWith(PREVIOUS), accountId: "123456789012", regions: ["eu-west-1"], lookupEvents: failing, now: NOW, maxAgeDays: 7 });
    expect((await none.carryOver.previous).changes.regions.size).toBe(0);
    // Attribution then asks CloudTrail itself, and is told.
    await expect(none.lookupEvents!({ window: { from: PREVIOUS.takenAt, to: NOW.toISOString() }, regions: ["eu-west-1"] })).rejects.toThrow("cloudtrail:LookupEvents");
  });

  it("carries nothing, and leaves the audit's own load to say why, when the store cannot be read", async () => {
    const lookup = recordingLookup([]);
    const broken = { loadPrevious: async () => Promise.reject(new Error("findings.json: line 3 is not a run's finding changes")) } as unknown as FindingsStore;
    const { carryOver } = carryOverFor({ store: broken, accountId: "123456789012", regions: ["eu-west-1"], lookupEvents: lookup, now: NOW, maxAgeDays: 7 });
    const previous = await carryOver.previous;
    expect([previous.records.size, previous.changes.regions.size]).toEqual([0, 0]);
    expect(lookup.requests).toHaveLength(0);
  });

  it("reads no events without a previous run, with carryOverDays 0, or without CloudTrail, and still stamps the records for the next run", async () => {
    for (const [previous, maxAgeDays, withLookup] of [[undefined, 7, true], [PREVIOUS, 0, true], [PREVIOUS, 7, false]] as const) {
      const lookup = recordingLookup([]);
      const { carryOver, lookupEvents } = carryOverFor({ store: storeWith(previous), accountId: "123456789012", regions: ["eu-west-1"], ...(withLookup && { lookupEvents: lookup }), now: NOW, maxAgeDays });
      expect((await carryOver.previous).changes.regions.size).toBe(0);
      expect(lookup.requests).toHaveLength(0);
      // Attribution, if any, asks CloudTrail itself.
      expect(lookupEvents === undefined).toBe(!withLookup);
      await lookupEvents?.({ window: { from: PREVIOUS.takenAt, to: NOW.toISOString() }, regions: ["eu-west-1"] });
      expect(lookup.requests).toHaveLength(withLookup ? 1 : 0);
    }
  });
});

describe("namedBy", () => {
  it("names resources by key in the region their events are recorded in, and by ARN where the event gives one", () => {
    const named = namedBy([
      event("ModifyInstanceAttribute", "ec2.amazonaws.com", "eu-west-1", { instanceId: "i-0aaa" }),
      event("TagResource", "cloudfront.amazonaws.com", "us-east-1", { resource: "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL", tags: { items: [{ key: "team", value: "edge" }] } }),
      event("UpdateDistribution", "cloudfront.amazonaws.com", "us-east-1", { id: "E3ABCDEFGHIJKL" }),
      event("ModifyLoadBalancerAttributes", "elasticloadbalancing.amazonaws.com", "eu-west-1", { loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/edge/50dc6c495c0c9188" }),
      // Not in the targets table: names nothing.
      event("PutFunctionConcurrency", "lambda.amazonaws.com", "eu-west-1", { functionName: "fn" }),
    ]);
    expect([...named].sort()).toEqual(
      [
        "AWS::EC2::Instance/eu-west-1/i-0aaa",
        "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
        "AWS::CloudFront::Distribution/us-east-1/E3ABCDEFGHIJKL",
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/edge/50dc6c495c0c9188",
      ].sort(),
    );
  });
});
