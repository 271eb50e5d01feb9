import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
  GetHealthCheckCommand,
  GetHostedZoneCommand,
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
} from "@aws-sdk/client-route-53";
import type { HealthCheck, HostedZone, ListResourceRecordSetsCommandInput, ListTagsForResourcesCommandInput, ResourceRecordSet } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { recordName } from "../../../src/attribute/event-targets.js";
import type { ReadTargets } from "../../../src/collect/collector.js";
import { route53Collector } from "../../../src/collect/route53/collector.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceRecord, ResourceType } from "../../../src/types/resource.js";
import { ACCOUNT } from "../../support/builders.js";
import { testClock } from "../../support/clock.js";
import { accessDenied, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { syntheticAccount } from "../../support/synthetic/account.js";
import { compareKeys, compareRecordSets, recordSetKey } from "../../support/synthetic/edge.js";
import { syntheticEndpoint } from "../../support/synthetic/fake-endpoint.js";

const RECORD_SET = "AWS::Route53::RecordSet";
const HEALTH_CHECK = "AWS::Route53::HealthCheck";

/** A full read (no targets) or a targeted one, through the real orchestration. */
function collect(targets?: Partial<Record<ResourceType, string[]>>, plugins?: Parameters<typeof collectAccount>[0]["plugins"]) {
  const named = targets && (new Map(Object.entries(targets)) as ReadTargets);
  return collectAccount({
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    collectors: [route53Collector],
    credentials: testCredentials,
    maxAttempts: 1,
    now: testClock,
    ...(plugins && { plugins }),
    ...(named && { targets: new Map([["us-east-1", named]]) }),
  });
}

/** A record set's id as the event path names it (src/attribute/event-targets.ts). */
const recordSetId = (zoneId: string, name: string, type: string, setIdentifier?: string) => [zoneId, recordName(name), type, ...(setIdentifier ? [setIdentifier] : [])].join("/");

// Shapes as documented for GetHostedZone, ListResourceRecordSets, GetHealthCheck and DescribeAlarms.
const PUBLIC = "Z0PUBLIC00000001";
const PRIVATE = "Z0PRIVATE0000002";
const zones: HostedZone[] = [
  { Id: `/hostedzone/${PUBLIC}`, Name: "example.com.", CallerReference: "2026-01-10-public", Config: { Comment: "public site", PrivateZone: false }, ResourceRecordSetCount: 7 },
  { Id: `/hostedzone/${PRIVATE}`, Name: "internal.example.com.", CallerReference: "2026-01-10-private", Config: { PrivateZone: true }, ResourceRecordSetCount: 1 },
];

const PRIMARY_CHECK = "abcdef11-2222-3333-4444-555555555551";
const OTHER_CHECK = "abcdef11-2222-3333-4444-555555555552";
const checks: HealthCheck[] = [PRIMARY_CHECK, OTHER_CHECK].map((id, i) => ({
  Id: id,
  CallerReference: `check-${i}`,
  HealthCheckConfig: { Type: "HTTPS", FullyQualifiedDomainName: `check-${i}.example.com`, Port: 443, ResourcePath: "/health", RequestInterval: 30, FailureThreshold: 3, EnableSNI: true },
  HealthCheckVersion: 1,
}));

/** Names as Route 53 returns them: lower case, "*" escaped as \\052; sorted below into ListResourceRecordSets order. */
const publicSets: ResourceRecordSet[] = [
  { Name: "example.com.", Type: "SOA", TTL: 900, ResourceRecords: [{ Value: "ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400" }] },
  { Name: "\\052.example.com.", Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "www.example.com" }] },
  { Name: "api.example.com.", Type: "A", SetIdentifier: "primary", Failover: "PRIMARY", TTL: 60, ResourceRecords: [{ Value: "192.0.2.10" }, { Value: "192.0.2.1" }], HealthCheckId: PRIMARY_CHECK },
  { Name: "api.example.com.", Type: "A", SetIdentifier: "secondary", Failover: "SECONDARY", TTL: 60, ResourceRecords: [{ Value: "198.51.100.7" }] },
  { Name: "docs.example.com.", Type: "A", AliasTarget: { HostedZoneId: PUBLIC, DNSName: "www.example.com.", EvaluateTargetHealth: false } },
  { Name: "legacy.example.com.", Type: "A", AliasTarget: { HostedZoneId: "Z117KPS5GTRQ2G", DNSName: "legacy-env.us-east-1.elasticbeanstalk.com.", EvaluateTargetHealth: true } },
  { Name: "www.example.com.", Type: "A", AliasTarget: { HostedZoneId: "Z35SXDOTRQ7X7K", DNSName: "dualstack.web-123.us-east-1.elb.amazonaws.com.", EvaluateTargetHealth: true } },
];
const recordSets: Record<string, ResourceRecordSet[]> = {
  [PUBLIC]: publicSets.sort(compareRecordSets),
  [PRIVATE]: [{ Name: "db.internal.example.com.", Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "web-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com" }] }],
};

const alarm = (name: string, checkId: string): MetricAlarm => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`,
  ActionsEnabled: true,
  StateValue: "OK",
  MetricName: "HealthCheckStatus",
  Namespace: "AWS/Route53",
  Statistic: "Minimum",
  Dimensions: [{ Name: "HealthCheckId", Value: checkId }],
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: "LessThanThreshold",
});

const tags: Record<string, { Key: string; Value: string }[]> = {
  [`hostedzone/${PUBLIC}`]: [{ Key: "env", Value: "prod" }],
  [`hostedzone/${PRIVATE}`]: [],
  [`healthcheck/${PRIMARY_CHECK}`]: [{ Key: "Name", Value: "api primary" }, { Key: "team", Value: "edge" }],
  [`healthcheck/${OTHER_CHECK}`]: [],
};

const noSuchZone = (id: string) => awsError("NoSuchHostedZone", `No hosted zone found with ID: ${id}`, 404);

/** ListResourceRecordSets as Route 53 orders and starts it: from the first record set at or after the start name, type and identifier. */
function listRecordSets(input: ListResourceRecordSetsCommandInput) {
  const sets = recordSets[input.HostedZoneId!];
  if (!sets) throw noSuchZone(input.HostedZoneId!);
  const size = Number(input.MaxItems ?? 300);
  const from = recordSetKey({ Name: input.StartRecordName, Type: input.StartRecordType, SetIdentifier: input.StartRecordIdentifier });
  const start = input.StartRecordName ? sets.findIndex((s) => compareKeys(recordSetKey(s), from) >= 0) : 0;
  const page = start < 0 ? [] : sets.slice(start, start + size);
  const next = start < 0 ? undefined : sets[start + size];
  return { ResourceRecordSets: page, IsTruncated: next !== undefined, MaxItems: size, ...(next && { NextRecordName: next.Name, NextRecordType: next.Type, ...(next.SetIdentifier && { NextRecordIdentifier: next.SetIdentifier }) }) };
}

function serve(route53: AwsStub<any, any, any>, cloudwatch: AwsStub<any, any, any>) {
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: zones, Marker: "", IsTruncated: false, MaxItems: 100 });
  route53.on(GetHostedZoneCommand).callsFake(({ Id }) => {
    const zone = zones.find((z) => z.Id === `/hostedzone/${Id}`);
    if (!zone) throw noSuchZone(Id);
    return { HostedZone: zone, DelegationSet: { NameServers: ["ns-2048.awsdns-64.net", "ns-2049.awsdns-65.com"] } };
  });
  route53.on(ListResourceRecordSetsCommand).callsFake(listRecordSets);
  route53.on(ListHealthChecksCommand).resolves({ HealthChecks: checks, Marker: "", IsTruncated: false, MaxItems: 1000 });
  route53.on(GetHealthCheckCommand).callsFake(({ HealthCheckId }) => {
    const check = checks.find((c) => c.Id === HealthCheckId);
    if (!check) throw awsError("NoSuchHealthCheck", `No health check exists with the specified ID ${HealthCheckId}`, 404);
    return { HealthCheck: check };
  });
  route53.on(ListTagsForResourcesCommand).callsFake((input: ListTagsForResourcesCommandInput) => ({
    ResourceTagSets: input.ResourceIds!.map((id) => ({ ResourceType: input.ResourceType, ResourceId: id, Tags: tags[`${input.ResourceType}/${id}`] })),
  }));
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm("api-primary-unhealthy", PRIMARY_CHECK), alarm("api-primary-flapping", PRIMARY_CHECK), alarm("other-unhealthy", OTHER_CHECK)], CompositeAlarms: [] });
}

/** The commands sent, with their inputs, in a stable order. */
function sent(...stubs: AwsStub<any, any, any>[]): [string, unknown][] {
  return stubs
    .flatMap((stub) => stub.calls())
    .map((call): [string, unknown] => {
      const command = call.args[0] as { constructor: { name: string }; input: unknown };
      return [command.constructor.name.replace(/Command$/, ""), JSON.parse(JSON.stringify(command.input))];
    })
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const pick = (resources: ResourceRecord[], ...ids: string[]) => ids.map((id) => resources.find((r) => r.id === id));

describe("route53 targeted reads", () => {
  let route53: AwsStub<any, any, any>;
  let cloudwatch: AwsStub<any, any, any>;
  let full: ResourceRecord[];

  beforeEach(async () => {
    route53 = mockClient(Route53Client);
    cloudwatch = mockClient(CloudWatchClient);
    serve(route53, cloudwatch);
    const snapshot = await collect();
    expect(snapshot.errors).toEqual([]);
    full = snapshot.resources;
    route53.resetHistory();
    cloudwatch.resetHistory();
  });

  afterEach(() => {
    route53.restore();
    cloudwatch.restore();
  });

  it("reads a record set with a set identifier as the full read records it, from its place in the zone and the zone's name", async () => {
    const id = recordSetId(PUBLIC, "API.example.com", "A", "primary");
    const targeted = await collect({ [RECORD_SET]: [id] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual(pick(full, id));
    expect(targeted.resources[0].attributes).toMatchObject({ zoneName: "example.com.", routingPolicy: "failover", healthCheckId: PRIMARY_CHECK });
    // Nothing of the health checks, the other zones or the zone's other record sets.
    expect(sent(route53, cloudwatch)).toEqual([
      ["GetHostedZone", { Id: PUBLIC }],
      ["ListResourceRecordSets", { HostedZoneId: PUBLIC, StartRecordName: "api.example.com.", StartRecordType: "A", StartRecordIdentifier: "primary", MaxItems: 1 }],
    ]);
  });

  it("reads a record set whose name Route 53 escapes (a wildcard) by the id the event path gives it", async () => {
    const id = recordSetId(PUBLIC, "*.example.com.", "CNAME");
    expect(id).toBe(`${PUBLIC}/\\052.example.com./CNAME`);
    const targeted = await collect({ [RECORD_SET]: [id] });
    expect(targeted.resources).toEqual(pick(full, id));
    expect(targeted.resources).toHaveLength(1);
  });

  it("lists the account's zones only for an alias that neither names an AWS endpoint nor lies in its own zone", async () => {
    const inZone = recordSetId(PUBLIC, "docs.example.com", "A");
    const beanstalk = recordSetId(PUBLIC, "legacy.example.com", "A");
    const own = await collect({ [RECORD_SET]: [inZone] });
    expect(own.resources).toEqual(pick(full, inZone));
    expect(own.resources[0].attributes).toMatchObject({ aliasTarget: { targetKind: "record" } });
    expect(sent(route53).map(([name]) => name)).not.toContain("ListHostedZones");

    route53.resetHistory();
    const other = await collect({ [RECORD_SET]: [beanstalk] });
    expect(other.resources).toEqual(pick(full, beanstalk));
    expect(other.resources[0].attributes).toMatchObject({ aliasTarget: { targetKind: "other" } });
    expect(sent(route53)).toContainEqual(["ListHostedZones", { MaxItems: 100 }]);
  });

  it("reads a health check with its tags and alarms as the full read records it", async () => {
    const targeted = await collect({ [HEALTH_CHECK]: [PRIMARY_CHECK] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual(pick(full, PRIMARY_CHECK));
    expect(targeted.resources[0]).toMatchObject({ name: "api primary", tags: { team: "edge" }, attributes: { alarmNames: ["api-primary-flapping", "api-primary-unhealthy"] } });
    // CloudWatch cannot filter alarms by dimension: the region's alarms are listed, as in the full read.
    expect(sent(route53, cloudwatch)).toEqual([
      ["DescribeAlarms", { MaxRecords: 100 }],
      ["GetHealthCheck", { HealthCheckId: PRIMARY_CHECK }],
      ["ListTagsForResources", { ResourceType: "healthcheck", ResourceIds: [PRIMARY_CHECK] }],
    ]);
  });

  it("gives no record and no error for what was deleted, and still reads the others named with it", async () => {
    const kept = recordSetId(PRIVATE, "db.internal.example.com", "CNAME");
    const targeted = await collect({
      [RECORD_SET]: [
        // No such record set: the one after its place is another.
        recordSetId(PUBLIC, "api.example.com", "A", "tertiary"),
        recordSetId(PUBLIC, "api.example.com", "A"),
        // Its zone was deleted.
        recordSetId("Z0DELETED0000009", "old.example.org", "A"),
        kept,
      ],
      [HEALTH_CHECK]: ["abcdef11-2222-3333-4444-55555555dead", OTHER_CHECK],
    });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources.map((r) => r.id).sort()).toEqual([kept, OTHER_CHECK]);
  });

  it.each([
    ["AccessDenied", accessDenied("route53:ListResourceRecordSets")],
    ["Throttling", throttled()],
  ])("reports a record set read refused with %s as an error naming its type, and no record", async (code, error) => {
    route53.on(ListResourceRecordSetsCommand).rejects(error);
    const targeted = await collect({ [RECORD_SET]: [recordSetId(PUBLIC, "www.example.com", "A")], [HEALTH_CHECK]: [OTHER_CHECK] });
    expect(targeted.resources.map((r) => r.type)).toEqual([HEALTH_CHECK]);
    expect(targeted.errors).toEqual([expect.objectContaining({ service: "route53", operation: "ListResourceRecordSets", code, resourceTypes: [RECORD_SET] })]);
  });

  it("gives no record set, and an error naming the type, when its zone's facts cannot be read", async () => {
    route53.on(GetHostedZoneCommand).rejects(accessDenied("route53:GetHostedZone"));
    route53.on(ListHostedZonesCommand).rejects(accessDenied("route53:ListHostedZones"));
    const zoneDenied = await collect({ [RECORD_SET]: [recordSetId(PUBLIC, "www.example.com", "A")] });
    expect(zoneDenied.resources).toEqual([]);
    expect(zoneDenied.errors).toEqual([expect.objectContaining({ operation: "GetHostedZone", code: "AccessDenied", resourceTypes: [RECORD_SET] })]);

    serve(route53, cloudwatch);
    route53.on(ListHostedZonesCommand).rejects(accessDenied("route53:ListHostedZones"));
    const listDenied = await collect({ [RECORD_SET]: [recordSetId(PUBLIC, "legacy.example.com", "A"), recordSetId(PUBLIC, "www.example.com", "A")] });
    expect(listDenied.resources.map((r) => r.id)).toEqual([recordSetId(PUBLIC, "www.example.com", "A")]);
    expect(listDenied.errors).toEqual([expect.objectContaining({ operation: "ListHostedZones", code: "AccessDenied", resourceTypes: [RECORD_SET] })]);
  });

  it("reports a health check read refused as an error naming its type, and no record", async () => {
    route53.on(GetHealthCheckCommand).rejects(accessDenied("route53:GetHealthCheck"));
    const targeted = await collect({ [HEALTH_CHECK]: [PRIMARY_CHECK] });
    expect(targeted.resources).toEqual([]);
    expect(targeted.errors).toEqual([expect.objectContaining({ operation: "GetHealthCheck", code: "AccessDenied", resourceTypes: [HEALTH_CHECK] })]);
    expect(sent(cloudwatch)).toEqual([]);
  });
});

describe("route53 targeted reads through the synthetic endpoint", () => {
  it("read record sets of every routing policy and health checks as the full read records them, and deleted ones as nothing", async () => {
    const account = syntheticAccount({ resources: 600, seed: 5, regions: 1 });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const full = await collect(undefined, [endpoint.plugin]);
    expect(full.errors).toEqual([]);
    // A record set of each routing policy and alias kind, from every zone.
    const sets = full.resources.filter((r) => r.type === RECORD_SET);
    const kinds = new Map(sets.map((r) => [`${(r.attributes as { routingPolicy: string }).routingPolicy} ${(r.attributes as { aliasTarget?: { targetKind: string } }).aliasTarget?.targetKind}`, r.id]));
    const zonesOf = new Map(sets.map((r) => [(r.attributes as { hostedZoneId: string }).hostedZoneId, r.id]));
    const wanted = [...new Set([...kinds.values(), ...zonesOf.values()])];
    const healthChecks = full.resources.filter((r) => r.type === HEALTH_CHECK).slice(0, 3).map((r) => r.id);
    expect(kinds.size).toBeGreaterThan(3);

    endpoint.calls.length = 0;
    const targeted = await collect(
      { [RECORD_SET]: [...wanted, recordSetId([...zonesOf.keys()][0], "deleted.example.com", "TXT")], [HEALTH_CHECK]: [...healthChecks, "00000000-0000-4000-8000-000000000000"] },
      [endpoint.plugin],
    );
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual(full.resources.filter((r) => wanted.includes(r.id) || healthChecks.includes(r.id)));
    expect(endpoint.calls.filter((c) => c.operation === "GetHealthCheck").map((c) => c.code ?? c.outcome).sort()).toEqual(["NoSuchHealthCheck", "ok", "ok", "ok"]);
    expect(endpoint.calls.map((c) => c.operation)).not.toContain("ListHealthChecks");
  });
});
