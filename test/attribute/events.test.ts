import { describe, expect, it } from "@jest/globals";
import { EventsFileError, readEvents } from "../../src/attribute/events.js";
import { fixtureText, trail } from "./fixtures.js";

describe("readEvents", () => {
  it("reads a CloudTrail log file", () => {
    const events = trail();
    expect(events).toHaveLength(91);
    expect(events[0]).toMatchObject({ eventID: "a1f0c6d2-0001-4e5f-8a9b-0c1d2e3f4a5b", eventName: "AuthorizeSecurityGroupIngress", eventSource: "ec2.amazonaws.com", awsRegion: "us-east-1", recipientAccountId: "111122223333" });
  });

  it("reads lookup-events output, dropping the failed and the read-only call", () => {
    const events = readEvents(fixtureText("lookup-events.json"), "lookup-events.json");
    expect(events.map((e) => e.eventName)).toEqual(["AuthorizeSecurityGroupIngress", "DeleteSecurityGroup", "CreateDistributionWithTags2020_05_31"]);
    expect(events[0]!.userIdentity?.sessionContext?.sessionIssuer?.userName).toBe("AWSReservedSSO_AdminAccess_0123456789abcdef");
  });

  it("reads an array of records, skipping one without eventTime", () => {
    const events = readEvents(fixtureText("records-array.json"), "records-array.json");
    expect(events.map((e) => e.eventName)).toEqual(["RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"]);
  });

  it("unwraps EventBridge envelopes", () => {
    const [record] = trail();
    const events = readEvents(JSON.stringify([{ "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", detail: record }]), "bus.json");
    expect(events).toEqual([record]);
  });

  it("names the file when it is not JSON", () => {
    expect(() => readEvents(fixtureText("truncated.json"), "logs/truncated.json")).toThrow(EventsFileError);
    expect(() => readEvents(fixtureText("truncated.json"), "logs/truncated.json")).toThrow(/^logs\/truncated\.json: not JSON \(.*\)$/);
  });

  it("names the file when the JSON is not events", () => {
    expect(() => readEvents('{"Trails": []}', "trails.json")).toThrow(/^trails\.json: expected a CloudTrail log file/);
  });

  it("names the file and the event when a CloudTrailEvent string is not JSON", () => {
    expect(() => readEvents('{"Events": [{"EventId": "x", "CloudTrailEvent": "{oops"}]}', "lookup.json")).toThrow("lookup.json: event 1 has a CloudTrailEvent that is not JSON");
  });
});
