import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import type { DescribeTrailsCommandInput, GetEventSelectorsCommandInput, GetTrailStatusCommandInput, ListTrailsCommandInput, Trail, TrailInfo } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { cloudtrailCollector } from "../../src/collect/cloudtrail/collector.js";
import { collectAccount } from "../../src/collect/run.js";
import type { OptionalRead } from "../../src/types/reads.js";
import { describedTrail, eventSelector, managementSelector, organizationTrail, trailStatus } from "../support/audit-builders.js";
import { ACCOUNT, unreadableError } from "../support/builders.js";
import { collectWith, testCredentials } from "../support/collect.js";
import { awsError } from "../support/fake-aws.js";

const TYPE = "AWS::CloudTrail::Trail";

const org = organizationTrail("aws-controltower-BaselineCloudTrail");
const main = describedTrail("management-events", { IsMultiRegionTrail: true });
const eu = describedTrail("app-audit-eu", { HomeRegion: "eu-west-1", LogFileValidationEnabled: false, KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789" });
const described = [org, main, eu];
const info = (t: Trail): TrailInfo => ({ TrailARN: t.TrailARN, Name: t.Name, HomeRegion: t.HomeRegion });

const selectorsByArn: Record<string, object> = {
  [main.TrailARN!]: { TrailARN: main.TrailARN, EventSelectors: [eventSelector("All")] },
  [eu.TrailARN!]: { TrailARN: eu.TrailARN, AdvancedEventSelectors: [managementSelector("false")] },
};
const statusByArn: Record<string, object> = { [org.TrailARN!]: trailStatus(true), [main.TrailARN!]: trailStatus(true), [eu.TrailARN!]: trailStatus(false) };

const unknownTrail = (name: string) => awsError("TrailNotFoundException", `Unknown trail: ${name} for the user: ${ACCOUNT}`);

/** The region of the client a mocked call was sent with. */
async function regionOf(call: { thisValue: unknown }): Promise<string> {
  return (call.thisValue as CloudTrailClient).config.region();
}

function collectReading(reads: OptionalRead[]) {
  return collectAccount({ accountId: ACCOUNT, regions: ["us-east-1"], collectors: [cloudtrailCollector], credentials: testCredentials, maxAttempts: 1, reads, now: () => new Date("2026-11-01T02:00:00.000Z") });
}

describe("cloudtrail collector", () => {
  let cloudtrail: AwsStub<any, any, any>;
  let listInputs: ListTrailsCommandInput[];

  beforeEach(() => {
    cloudtrail = mockClient(CloudTrailClient);
    listInputs = [];
    const pages = [{ Trails: [info(org), info(main)], NextToken: "AAAAAHtyYWlsczoy" }, { Trails: [info(eu)] }];
    cloudtrail.on(ListTrailsCommand).callsFake((input: ListTrailsCommandInput) => (listInputs.push({ ...input }), pages[listInputs.length - 1]));
    cloudtrail
      .on(DescribeTrailsCommand)
      .callsFake((input: DescribeTrailsCommandInput) => ({ trailList: described.filter((t) => input.trailNameList!.includes(t.TrailARN!)) }));
    cloudtrail.on(GetTrailStatusCommand).callsFake((input: GetTrailStatusCommandInput) => statusByArn[input.Name!] ?? Promise.reject(unknownTrail(input.Name!)));
    // The member account is refused its organization trail's selectors.
    cloudtrail.on(GetEventSelectorsCommand).callsFake((input: GetEventSelectorsCommandInput) => selectorsByArn[input.TrailName!] ?? Promise.reject(unknownTrail(input.TrailName!)));
  });

  afterEach(() => cloudtrail.restore());

  it("follows NextToken and records each listed trail once, in us-east-1, by ARN", async () => {
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(listInputs).toEqual([{}, { NextToken: "AAAAAHtyYWlsczoy" }]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources.map((r) => [r.type, r.id, r.name, r.region])).toEqual([
      [TYPE, eu.TrailARN, "app-audit-eu", "us-east-1"],
      [TYPE, org.TrailARN, "aws-controltower-BaselineCloudTrail", "us-east-1"],
      [TYPE, main.TrailARN, "management-events", "us-east-1"],
    ]);
  });

  it("describes each home region's trails by ARN, shadows included, with a client in that region", async () => {
    await collectWith([cloudtrailCollector]);
    const calls = cloudtrail.commandCalls(DescribeTrailsCommand);
    const asked = await Promise.all(calls.map(async (c) => [await regionOf(c), c.args[0].input.trailNameList, c.args[0].input.includeShadowTrails]));
    expect(asked.sort()).toEqual([
      ["eu-west-1", [eu.TrailARN], true],
      ["us-east-1", [org.TrailARN, main.TrailARN], true],
    ]);
    const statusRegions = await Promise.all(cloudtrail.commandCalls(GetTrailStatusCommand).map(async (c) => `${c.args[0].input.Name} ${await regionOf(c)}`));
    expect(statusRegions.sort()).toEqual([`${eu.TrailARN} eu-west-1`, `${org.TrailARN} us-east-1`, `${main.TrailARN} us-east-1`].sort());
  });

  it("normalizes settings, status and management events from basic and advanced selectors", async () => {
    const snapshot = await collectWith([cloudtrailCollector]);
    const byId = new Map(snapshot.resources.map((r) => [r.id, r]));
    expect(byId.get(main.TrailARN!)).toMatchObject({ arn: main.TrailARN, accountId: ACCOUNT, tags: {} });
    expect(byId.get(main.TrailARN!)!.attributes).toEqual({
      homeRegion: "us-east-1",
      ownerAccountId: ACCOUNT,
      isMultiRegionTrail: true,
      isOrganizationTrail: false,
      logFileValidationEnabled: true,
      includeGlobalServiceEvents: true,
      s3BucketName: main.S3BucketName,
      isLogging: true,
      managementEvents: "all",
    });
    expect(byId.get(eu.TrailARN!)!.attributes).toMatchObject({ homeRegion: "eu-west-1", logFileValidationEnabled: false, kmsKeyId: eu.KmsKeyId, isLogging: false, managementEvents: "write-only" });
  });

  it("keeps the organization trail's refused selectors as that trail's own unreadable attribute, with no error", async () => {
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(snapshot.errors).toEqual([]);
    const trail = snapshot.resources.find((r) => r.id === org.TrailARN)!;
    expect(trail.attributes).toMatchObject({ ownerAccountId: "111122223333", isOrganizationTrail: true, isMultiRegionTrail: true, isLogging: true });
    expect(trail.attributes).not.toHaveProperty("managementEvents");
    expect(trail.unreadable).toEqual([{ attribute: "managementEvents", field: "GetEventSelectors answer (TrailNotFoundException for a trail of account 111122223333)" }]);
    expect(snapshot.resources.filter((r) => r.unreadable)).toHaveLength(1);
  });

  it("reports TrailNotFound for one of the account's own trails as GetTrailStatus leaving trails incomplete", async () => {
    delete statusByArn[eu.TrailARN!];
    try {
      const snapshot = await collectWith([cloudtrailCollector]);
      expect(snapshot.errors).toEqual([expect.objectContaining({ service: "cloudtrail", operation: "GetTrailStatus", code: "TrailNotFoundException", resourceTypes: [TYPE] })]);
      expect(snapshot.resources.find((r) => r.id === eu.TrailARN)!.attributes).not.toHaveProperty("isLogging");
    } finally {
      statusByArn[eu.TrailARN!] = trailStatus(false);
    }
  });

  it("skips status and selectors when no enabled rule needs them", async () => {
    const snapshot = await collectReading([]);
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
    expect(cloudtrail.commandCalls(GetEventSelectorsCommand)).toHaveLength(0);
    for (const r of snapshot.resources) {
      expect(r.attributes).not.toHaveProperty("isLogging");
      expect(r.attributes).not.toHaveProperty("managementEvents");
    }
    expect(snapshot.resources.map((r) => r.attributes.logFileValidationEnabled)).toEqual([false, true, true]);
  });

  it("reads only the status when only it is needed", async () => {
    await collectReading(["cloudtrail.trailStatus"]);
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(3);
    expect(cloudtrail.commandCalls(GetEventSelectorsCommand)).toHaveLength(0);
  });

  it("reports a denied ListTrails as AWS::CloudTrail::Trail left incomplete, and reads nothing else", async () => {
    cloudtrail.on(ListTrailsCommand).rejects(awsError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: cloudtrail:ListTrails", 403));
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(snapshot.resources).toEqual([]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ service: "cloudtrail", region: "us-east-1", operation: "ListTrails", code: "AccessDeniedException", resourceTypes: [TYPE] })]);
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)).toHaveLength(0);
  });

  it("keeps the first page's trails when the second page is throttled beyond retries", async () => {
    let calls = 0;
    cloudtrail.on(ListTrailsCommand).callsFake(() => (++calls === 1 ? { Trails: [info(org), info(main)], NextToken: "t2" } : Promise.reject(awsError("ThrottlingException", "Rate exceeded"))));
    const snapshot = await collectWith([cloudtrailCollector], ["us-east-1"], { maxAttempts: 1 });
    expect(snapshot.resources.map((r) => r.id).sort()).toEqual([org.TrailARN, main.TrailARN].sort());
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListTrails", code: "ThrottlingException", resourceTypes: [TYPE] })]);
  });

  it("skips a listed trail without its ARN, naming it in one error that leaves trails incomplete", async () => {
    cloudtrail.on(ListTrailsCommand).resolves({ Trails: [info(org), { Name: "broken", HomeRegion: "us-east-1" }, info(main)] });
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(snapshot.resources.map((r) => r.id).sort()).toEqual([org.TrailARN, main.TrailARN].sort());
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListTrails", code: "MalformedResponse", resourceTypes: [TYPE], message: `1 ${TYPE} item skipped: no TrailInfo.TrailARN` })]);
  });

  it("reads a page without its Trails list as malformed, never as no trails", async () => {
    cloudtrail.on(ListTrailsCommand).resolves({ NextToken: "t2" });
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListTrails", code: "MalformedResponse", resourceTypes: [TYPE] })]);
  });

  it("keeps a trail whose description lacks LogFileValidationEnabled, with only that attribute unreadable", async () => {
    const { LogFileValidationEnabled: _, ...withoutValidation } = main;
    cloudtrail.on(DescribeTrailsCommand).callsFake((input: DescribeTrailsCommandInput) => ({
      trailList: [...described.filter((t) => t !== main), withoutValidation].filter((t) => input.trailNameList!.includes(t.TrailARN!)),
    }));
    const snapshot = await collectWith([cloudtrailCollector]);
    const trail = snapshot.resources.find((r) => r.id === main.TrailARN)!;
    expect(trail.unreadable).toEqual([{ attribute: "logFileValidationEnabled", field: "Trail.LogFileValidationEnabled" }]);
    expect(trail.attributes).toMatchObject({ isMultiRegionTrail: true, isLogging: true });
    expect(snapshot.errors).toEqual([unreadableError("cloudtrail", "DescribeTrails", TYPE, main.TrailARN!, "Trail.LogFileValidationEnabled")]);
  });

  it("reports a denied DescribeTrails in one region as one error, keeping the other region's settings", async () => {
    cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: DescribeTrailsCommandInput) => {
      if (input.trailNameList!.includes(eu.TrailARN!)) throw awsError("AccessDeniedException", "not authorized to perform: cloudtrail:DescribeTrails", 403);
      return { trailList: described.filter((t) => input.trailNameList!.includes(t.TrailARN!)) };
    });
    const snapshot = await collectWith([cloudtrailCollector]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeTrails", code: "AccessDeniedException", resourceTypes: [TYPE] })]);
    expect(snapshot.errors[0]!.message).toMatch(/^failed for 1 of 2 \(eu-west-1\)/);
    expect(snapshot.resources.find((r) => r.id === main.TrailARN)!.attributes).toHaveProperty("logFileValidationEnabled", true);
  });
});
