/**
 * A live run's events, from CloudTrail LookupEvents: one paced lookup per
 * region with drift, and a region read in full or not used at all.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { Event as LookupEvent, LookupEventsCommandInput, LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { attributeDrift } from "../../src/attribute/attribute.js";
import type { LookupOptions } from "../../src/attribute/lookup.js";
import { LOOKUP_PAGE_SIZE, lookupEvents, lookupRegions } from "../../src/attribute/lookup.js";
import type { Drift } from "../../src/diff/types.js";
import type { ResourceRef, ResourceType } from "../../src/types/resource.js";

const A = "111122223333";
const WINDOW = { from: "2026-11-21T02:00:00.000Z", to: "2026-11-22T02:00:00.000Z" };
const ref = (type: ResourceType, id: string, region: string): ResourceRef => ({ type, id, region });
const SG_EAST = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60002", "us-east-1");
const SG_WEST = ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60007", "eu-west-1");
const BUCKET_WEST = ref("AWS::S3::Bucket", "logs-eu", "eu-west-1");
const DISTRIBUTION = ref("AWS::CloudFront::Distribution", "E2QWRUHAPOMQZL", "us-east-1");
const modified = (resource: ResourceRef) => ({ resource, changes: [{ path: "attributes.ingress", after: "tcp/22 from 0.0.0.0/0" }] });
const drift = (...resources: ResourceRef[]): Drift => ({ added: [], removed: [], modified: resources.map(modified) });

/** A LookupEvents entry as the API returns it: the envelope, and the record as a JSON string. */
function entry(n: number, options: { region: string; group?: string; user?: string; time?: string; name?: string }): LookupEvent {
  const time = options.time ?? "2026-11-21T14:02:11Z";
  const eventName = options.name ?? "AuthorizeSecurityGroupIngress";
  const user = options.user ?? "alice@example.com";
  const record = {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLEID:${user}`,
      arn: `arn:aws:sts::${A}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/${user}`,
      accountId: A,
      sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${A}:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef`, accountId: A, userName: "AWSReservedSSO_AdministratorAccess_0123456789abcdef" } },
    },
    eventTime: time,
    eventSource: "ec2.amazonaws.com",
    eventName,
    awsRegion: options.region,
    sourceIPAddress: "198.51.100.7",
    requestParameters: { groupId: options.group ?? `sg-unrelated${String(n).padStart(6, "0")}` },
    responseElements: { _return: true },
    eventID: `evt-${options.region}-${n}`,
    readOnly: false,
    eventType: "AwsApiCall",
    recipientAccountId: A,
  };
  return {
    EventId: record.eventID,
    EventName: eventName,
    ReadOnly: "false",
    EventTime: new Date(time),
    EventSource: "ec2.amazonaws.com",
    Username: user,
    Resources: [{ ResourceType: "AWS::EC2::SecurityGroup", ResourceName: record.requestParameters.groupId }],
    CloudTrailEvent: JSON.stringify(record),
  };
}

const page = (events: LookupEvent[], next?: string): LookupEventsCommandOutput => ({ Events: events, ...(next && { NextToken: next }), $metadata: {} });

/** A clock that moves only when pacing sleeps: every request's time is the time the bucket let it through. */
function fakeTime(start = "2026-11-22T02:05:00.000Z"): Pick<LookupOptions, "now" | "sleep"> & { at: () => number } {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    sleep: async (ms) => {
      at += ms;
    },
    at: () => at,
  };
}

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

const cloudtrail = mockClient(CloudTrailClient);
afterEach(() => {
  cloudtrail.reset();
});

const regionOf = async (getClient: () => { config: { region: unknown } }): Promise<string> => (getClient().config.region as () => Promise<string>)();

describe("lookupEvents", () => {
  it("reads every page of the window's write events, and attribution names the actor from them", async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce(page([entry(1, { region: "us-east-1" }), entry(2, { region: "us-east-1", group: SG_EAST.id, user: "bob@example.com", time: "2026-11-21T10:00:00Z" })], "page-2"))
      .resolvesOnce(page([entry(3, { region: "us-east-1", group: SG_EAST.id, time: "2026-11-21T14:02:11Z" })]));
    const found = await lookupEvents({ window: WINDOW, regions: ["us-east-1"] }, fakeTime());
    expect(found.unavailable).toEqual([]);
    expect(found.events.map((e) => e.eventID)).toEqual(["evt-us-east-1-1", "evt-us-east-1-2", "evt-us-east-1-3"]);
    const calls = cloudtrail.commandCalls(LookupEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.NextToken).toBe("page-2");

    const { drift: attributed } = attributeDrift({ drift: drift(SG_EAST), transitions: [], events: found.events, window: WINDOW });
    expect(attributed.modified[0]!.cause).toMatchObject({ eventId: "evt-us-east-1-3", actor: { name: "alice@example.com" } });
    expect(attributed.modified[0]!.cause!.earlier).toEqual([expect.objectContaining({ eventId: "evt-us-east-1-2" })]);
  });

  it("asks for write events (ReadOnly=false) of the window, 50 a page", async () => {
    cloudtrail.on(LookupEventsCommand).resolves(page([]));
    await lookupEvents({ window: WINDOW, regions: ["eu-west-1"] }, fakeTime());
    const input: LookupEventsCommandInput = cloudtrail.commandCalls(LookupEventsCommand)[0]!.args[0].input;
    expect(input).toEqual({
      LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
      StartTime: new Date(WINDOW.from),
      EndTime: new Date(WINDOW.to),
      MaxResults: 50,
    });
    expect(LOOKUP_PAGE_SIZE).toBe(50);
  });

  it("looks up each region with drift once, the global types in us-east-1 and S3 buckets in their own region, and no other region", async () => {
    const asked: string[] = [];
    cloudtrail.on(LookupEventsCommand).callsFake(async (_input, getClient) => {
      asked.push(await regionOf(getClient as never));
      return page([]);
    });
    const regions = lookupRegions({ added: [SG_WEST], removed: [DISTRIBUTION], modified: [modified(SG_EAST), modified(BUCKET_WEST), modified({ ...SG_WEST, id: "sg-0a1b2c3d4e5f60008" })] });
    expect(regions).toEqual(["eu-west-1", "us-east-1"]);
    expect(lookupRegions(drift(DISTRIBUTION, ref("AWS::::Account", A, "us-east-1")))).toEqual(["us-east-1"]);
    expect(lookupRegions(drift(BUCKET_WEST))).toEqual(["eu-west-1"]);
    expect(lookupRegions(drift())).toEqual([]);
    await lookupEvents({ window: WINDOW, regions }, fakeTime());
    expect(asked.sort()).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("paces each region to 2 requests a second, on the injected clock", async () => {
    const time = fakeTime();
    const sent: Record<string, number[]> = {};
    cloudtrail.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput, getClient) => {
      const region = await regionOf(getClient as never);
      (sent[region] ??= []).push(time.at());
      const n = Number(input.NextToken ?? 0) + 1;
      return page([entry(n, { region })], n < 6 ? String(n) : undefined);
    });
    await lookupEvents({ window: WINDOW, regions: ["eu-west-1", "us-east-1"] }, time);
    for (const region of ["eu-west-1", "us-east-1"]) {
      const times = sent[region]!;
      expect(times).toHaveLength(6);
      // No two requests of a region within half a second: so no second holds more than 2.
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(500);
      for (let i = 2; i < times.length; i += 1) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1000);
    }
  });

  it("leaves a region throttled past the retries unavailable, and its drift without a cause rather than the name on the pages read", async () => {
    cloudtrail.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput, getClient) => {
      const region = await regionOf(getClient as never);
      if (region === "us-east-1") return page([entry(1, { region, group: SG_EAST.id })]);
      // The first page names mallory; the one after, which would name the real last writer, is throttled.
      if (!input.NextToken) return page([entry(2, { region, group: SG_WEST.id, user: "mallory@example.com" })], "next");
      throw awsError("ThrottlingException", "Rate exceeded");
    });
    const found = await lookupEvents({ window: WINDOW, regions: ["eu-west-1", "us-east-1"] }, fakeTime());
    expect(found.unavailable).toEqual([{ region: "eu-west-1", code: "ThrottlingException", message: "Rate exceeded" }]);
    expect(found.events.map((e) => e.awsRegion)).toEqual(["us-east-1"]);

    const result = attributeDrift({ drift: drift(SG_EAST, SG_WEST), transitions: [], events: found.events, window: WINDOW, unavailableRegions: found.unavailable.map((u) => u.region) });
    expect(result.drift.modified.map((m) => m.cause?.actor.name)).toEqual(["alice@example.com", undefined]);
    expect(result.matched).toBe(1);
    // Even given the partial region's events, attribution names no one there.
    const partial = [entry(2, { region: "eu-west-1", group: SG_WEST.id, user: "mallory@example.com" })];
    const withPartial = attributeDrift({ drift: drift(SG_WEST), transitions: [], events: partial.map((e) => JSON.parse(e.CloudTrailEvent!)), window: WINDOW, unavailableRegions: ["eu-west-1"] });
    expect(withPartial.drift.modified[0]!.cause).toBeUndefined();
    expect(JSON.stringify(withPartial)).not.toContain("mallory");
  });

  it("leaves a region that refuses the call (AccessDenied) unavailable", async () => {
    cloudtrail.on(LookupEventsCommand).rejects(awsError("AccessDeniedException", "User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: cloudtrail:LookupEvents\nmore"));
    const found = await lookupEvents({ window: WINDOW, regions: ["eu-west-1"] }, fakeTime());
    expect(found).toEqual({ events: [], unavailable: [{ region: "eu-west-1", code: "AccessDeniedException", message: "User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: cloudtrail:LookupEvents" }] });
  });

  it("sends no request after the deadline: the region's events are then unavailable, not partial", async () => {
    const time = fakeTime("2026-11-22T02:05:00.000Z");
    cloudtrail.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput) => {
      const n = Number(input.NextToken ?? 0) + 1;
      return page([entry(n, { region: "us-east-1", group: SG_EAST.id })], String(n));
    });
    // Pacing lets through one request at once and one every 500 ms: the deadline falls after the third.
    const found = await lookupEvents({ window: WINDOW, regions: ["us-east-1"] }, { ...time, deadline: Date.parse("2026-11-22T02:05:01.200Z") });
    expect(cloudtrail.commandCalls(LookupEventsCommand)).toHaveLength(3);
    expect(found.events).toEqual([]);
    expect(found.unavailable).toEqual([{ region: "us-east-1", code: "Deadline", message: expect.stringMatching(/deadline/) }]);
  });

  it("leaves a region unavailable when a page is cut short (an event without its record)", async () => {
    const { CloudTrailEvent: _, ...envelope } = entry(2, { region: "us-east-1" });
    cloudtrail.on(LookupEventsCommand).resolvesOnce(page([entry(1, { region: "us-east-1" })], "next")).resolvesOnce(page([envelope]));
    const found = await lookupEvents({ window: WINDOW, regions: ["us-east-1"] }, fakeTime());
    expect(found.events).toEqual([]);
    expect(found.unavailable).toEqual([{ region: "us-east-1", code: "IncompleteLookup", message: "LookupEvents page 2: event evt-us-east-1-2 has no CloudTrailEvent" }]);
  });

  it("finds the 3 relevant events among 5,000 unrelated ones on 101 pages", async () => {
    const relevant = new Map([
      [777, SG_EAST.id],
      [2500, "sg-0a1b2c3d4e5f60003"],
      [4999, "sg-0a1b2c3d4e5f60004"],
    ]);
    const all = Array.from({ length: 5003 }, (_, i) => entry(i, { region: "us-east-1", ...(relevant.has(i) && { group: relevant.get(i)!, user: `owner-${i}@example.com` }) }));
    cloudtrail.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput) => {
      const start = Number(input.NextToken ?? 0);
      const end = start + input.MaxResults!;
      return page(all.slice(start, end), end < all.length ? String(end) : undefined);
    });
    const found = await lookupEvents({ window: WINDOW, regions: ["us-east-1"] }, fakeTime());
    expect(cloudtrail.commandCalls(LookupEventsCommand)).toHaveLength(101);
    expect(found.events).toHaveLength(5003);
    const targets = [SG_EAST, ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60003", "us-east-1"), ref("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60004", "us-east-1")];
    const result = attributeDrift({ drift: drift(...targets), transitions: [], events: found.events, window: WINDOW });
    expect(result.matched).toBe(3);
    expect(result.drift.modified.map((m) => m.cause?.actor.name)).toEqual(["owner-777@example.com", "owner-2500@example.com", "owner-4999@example.com"]);
  });

  it("leaves every region unavailable when the window starts before the 90 days LookupEvents holds", async () => {
    cloudtrail.on(LookupEventsCommand).resolves(page([]));
    const found = await lookupEvents({ window: { from: "2026-07-01T00:00:00.000Z", to: WINDOW.to }, regions: ["us-east-1"] }, fakeTime());
    expect(cloudtrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    expect(found.unavailable).toEqual([{ region: "us-east-1", code: "WindowBeyondRetention", message: expect.stringMatching(/90 days/) }]);
  });
});
