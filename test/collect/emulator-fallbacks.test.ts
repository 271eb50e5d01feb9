/**
 * Route 53 collection from an emulator that predates newer AWS calls (CI runs
 * against LocalStack or moto): CloudWatch alarms are read in the Query protocol
 * and tags one resource at a time, into the same records, while a real error
 * on the newer call stays a collection error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { route53Collector } from "../../src/collect/route53/collector.js";
import type { ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { collectWith } from "../support/collect.js";
import { MATH_CHECK, PRIMARY_CHECK, PUBLIC_ZONE, UNWATCHED_CHECK, startEmulator } from "../support/emulator-endpoint.js";
import type { Emulator, EmulatorOptions, Failure } from "../support/emulator-endpoint.js";

const ZONE = "AWS::Route53::HostedZone";
const HEALTH_CHECK = "AWS::Route53::HealthCheck";

const started: Emulator[] = [];
async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const endpoint = await startEmulator(options);
  started.push(endpoint);
  return endpoint;
}

const collect = (endpoint: Emulator, maxAttempts = 3) => collectWith([route53Collector], ["us-east-1"], { endpointUrl: endpoint.url, maxAttempts });
const count = (calls: string[], prefix: string) => calls.filter((call) => call.startsWith(prefix)).length;

function find(snapshot: Snapshot, type: string, id: string): ResourceRecord {
  const found = snapshot.resources.find((r) => r.type === type && r.id === id);
  if (!found) throw new Error(`no ${type} ${id}`);
  return found;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

describe("collecting Route 53 from an emulator without CloudWatch's JSON protocol or ListTagsForResources", () => {
  let reference: Snapshot;
  let referenceCalls: string[];

  beforeAll(async () => {
    const aws = await startEmulator({ cloudwatch: "aws", route53: "aws" });
    reference = await collect(aws);
    referenceCalls = [...aws.calls];
    await aws.close();
  });

  it("makes only the newer calls against an endpoint that has them", () => {
    expect(reference.errors).toEqual([]);
    expect(count(referenceCalls, "CloudWatch JSON DescribeAlarms")).toBe(2);
    expect(count(referenceCalls, "CloudWatch Query")).toBe(0);
    expect(count(referenceCalls, "Route53 ListTagsForResources ")).toBe(3);
    expect(count(referenceCalls, "Route53 ListTagsForResource ")).toBe(0);
    // Alarms from both pages, and tags from both batches, are on the records.
    expect(find(reference, HEALTH_CHECK, PRIMARY_CHECK)).toMatchObject({ name: "api primary", tags: { Name: "api primary" }, attributes: { alarmNames: ["api-primary-unhealthy"] } });
    expect(find(reference, HEALTH_CHECK, MATH_CHECK).attributes.alarmNames).toEqual(["app-blue-health-percentage"]);
    expect(find(reference, HEALTH_CHECK, UNWATCHED_CHECK).attributes.alarmNames).toEqual([]);
    expect(find(reference, ZONE, PUBLIC_ZONE).tags).toEqual({ env: "prod", team: "web" });
    expect(find(reference, ZONE, "Z0SITE0000000009").tags).toEqual({ site: "9" });
  });

  it.each<[EmulatorOptions["cloudwatch"], number]>([
    ["moto", 1],
    // LocalStack's 500 is retried as a server error (collectWith allows 3 attempts) before the fallback.
    ["localstack", 3],
  ])("yields the same records from %s's answers: alarms over the Query protocol, tags one resource at a time", async (kind, jsonAttempts) => {
    const old = await emulator({ cloudwatch: kind, route53: kind });
    const snapshot = await collect(old);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources).toEqual(reference.resources);
    expect(count(old.calls, "CloudWatch JSON DescribeAlarms")).toBe(jsonAttempts);
    expect(count(old.calls, "CloudWatch Query DescribeAlarms")).toBe(2);
    expect(count(old.calls, "Route53 ListTagsForResources ")).toBeLessThanOrEqual(3);
    // Twelve zones and three health checks, each asked once.
    expect(old.calls.filter((call) => call.startsWith("Route53 ListTagsForResource ")).sort()).toEqual(
      reference.resources
        .filter((r) => r.type === ZONE || r.type === HEALTH_CHECK)
        .map((r) => `Route53 ListTagsForResource ${r.type === ZONE ? "hostedzone" : "healthcheck"}/${r.id}`)
        .sort(),
    );
  });

  it("asks an endpoint that answered only in the Query protocol in that protocol from the start of a later run", async () => {
    const old = await emulator({ cloudwatch: "moto", route53: "aws" });
    await collect(old);
    const firstRun = old.calls.length;
    const snapshot = await collect(old);
    expect(snapshot.resources).toEqual(reference.resources);
    expect(old.calls.slice(firstRun).filter((call) => call.startsWith("CloudWatch"))).toEqual(["CloudWatch Query DescribeAlarms", "CloudWatch Query DescribeAlarms"]);
  });
});

// One attempt per call: what matters is whether the failure leads to a fallback, not the SDK's retries.
describe("the fallbacks never hide a real error", () => {
  // The SDK reports a dropped connection as an Error wrapping "socket hang up", without a code.
  it.each<[Failure, string, RegExp]>([
    ["AccessDenied", "AccessDenied", /not authorized to perform: cloudwatch:DescribeAlarms/],
    ["Throttling", "Throttling", /Rate exceeded/],
    ["connection reset", "Error", /socket hang up/],
  ])("%s on the JSON DescribeAlarms is a collection error, with no Query request", async (failure, code, message) => {
    const aws = await emulator({ cloudwatch: "aws", route53: "aws", failing: { "CloudWatch JSON DescribeAlarms": failure } });
    const snapshot = await collect(aws, 1);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeAlarms", code, message: expect.stringMatching(message), resourceTypes: [HEALTH_CHECK] })]);
    expect(count(aws.calls, "CloudWatch Query")).toBe(0);
    for (const check of snapshot.resources.filter((r) => r.type === HEALTH_CHECK)) expect(check.attributes).not.toHaveProperty("alarmNames");
  });

  it.each<[Failure, string, RegExp]>([
    ["AccessDenied", "AccessDenied", /not authorized to perform: route53:ListTagsForResources/],
    ["Throttling", "Throttling", /Rate exceeded/],
    ["connection reset", "Error", /socket hang up/],
    // A 404 that is Route 53's own: a zone deleted since it was listed, not a missing operation.
    ["NoSuchHostedZone", "NoSuchHostedZone", /No hosted zone found/],
  ])("%s on ListTagsForResources is a collection error, with no per-resource request", async (failure, code, message) => {
    const aws = await emulator({ cloudwatch: "aws", route53: "aws", failing: { "Route53 ListTagsForResources hostedzone": failure } });
    const snapshot = await collect(aws, 1);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListTagsForResources", code, message: expect.stringMatching(message), resourceTypes: [ZONE] })]);
    expect(count(aws.calls, "Route53 ListTagsForResource ")).toBe(0);
    // Health checks' tags are a separate batch call, still read.
    expect(find(snapshot, HEALTH_CHECK, PRIMARY_CHECK).tags).toEqual({ Name: "api primary" });
  });
});

describe("a failing fallback", () => {
  it("reports AccessDenied from a Query-only endpoint as the DescribeAlarms error", async () => {
    const old = await emulator({ cloudwatch: "moto", route53: "aws", failing: { "CloudWatch Query DescribeAlarms": "AccessDenied" } });
    const snapshot = await collect(old, 1);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeAlarms", code: "AccessDenied", resourceTypes: [HEALTH_CHECK] })]);
    expect(old.calls.filter((call) => call.startsWith("CloudWatch"))).toEqual(["CloudWatch JSON DescribeAlarms", "CloudWatch Query DescribeAlarms"]);
  });

  it("reports a failing per-resource tag read under its own operation, keeping the other resources' tags", async () => {
    const old = await emulator({ cloudwatch: "aws", route53: "localstack", failing: { [`Route53 ListTagsForResource hostedzone/${PUBLIC_ZONE}`]: "AccessDenied" } });
    const snapshot = await collect(old, 1);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "ListTagsForResource", code: "AccessDenied", resourceTypes: [ZONE], message: expect.stringMatching(new RegExp(`^failed for 1 of 12 \\(${PUBLIC_ZONE}\\)`)) }),
    ]);
    expect(find(snapshot, ZONE, "Z0SITE0000000009").tags).toEqual({ site: "9" });
  });
});

afterAll(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});
