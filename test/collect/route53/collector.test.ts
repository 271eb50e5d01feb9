import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { DescribeAlarmsCommandInput, DescribeAlarmsOutput, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
} from "@aws-sdk/client-route-53";
import type {
  HealthCheck,
  HostedZone,
  ListHealthChecksResponse,
  ListHostedZonesCommandInput,
  ListHostedZonesResponse,
  ListResourceRecordSetsCommandInput,
  ListResourceRecordSetsResponse,
  ListTagsForResourcesCommandInput,
  ListTagsForResourcesResponse,
  ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { route53Collector } from "../../../src/collect/route53/collector.js";
import { aliasTargetKind, routingPolicyOf } from "../../../src/collect/route53/records.js";
import type { HealthCheckAttributes, RecordSetAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { accessDenied, collectWith, throttled } from "../../support/collect.js";
import { awsError, fakeAws } from "../../support/fake-aws.js";
import { unreadableError } from "../../support/builders.js";

const ZONE = "AWS::Route53::HostedZone";
const RECORD_SET = "AWS::Route53::RecordSet";
const HEALTH_CHECK = "AWS::Route53::HealthCheck";

// Shapes as documented for ListHostedZones, ListResourceRecordSets, ListHealthChecks and DescribeAlarms.
const publicZone: HostedZone = {
  Id: "/hostedzone/Z0PUBLIC00000001",
  Name: "example.com.",
  CallerReference: "2026-01-10-public",
  Config: { Comment: "public site", PrivateZone: false },
  ResourceRecordSetCount: 9,
};
const privateZone: HostedZone = {
  Id: "/hostedzone/Z0PRIVATE0000002",
  Name: "internal.example.com.",
  CallerReference: "2026-01-10-private",
  Config: { PrivateZone: true },
  ResourceRecordSetCount: 3,
};

const PRIMARY_CHECK = "abcdef11-2222-3333-4444-555555555551";
const MATH_CHECK = "abcdef11-2222-3333-4444-555555555552";
const UNWATCHED_CHECK = "abcdef11-2222-3333-4444-555555555553";

function httpsCheck(id: string, fqdn: string): HealthCheck {
  return {
    Id: id,
    CallerReference: `check-${id}`,
    HealthCheckConfig: {
      Type: "HTTPS",
      FullyQualifiedDomainName: fqdn,
      Port: 443,
      ResourcePath: "/health",
      RequestInterval: 30,
      FailureThreshold: 3,
      MeasureLatency: false,
      Inverted: false,
      Disabled: false,
      EnableSNI: true,
    },
    HealthCheckVersion: 1,
  };
}

const healthChecks: HealthCheck[] = [
  httpsCheck(PRIMARY_CHECK, "primary.example.com"),
  httpsCheck(MATH_CHECK, "blue.example.com"),
  { ...httpsCheck(UNWATCHED_CHECK, "green.example.com"), HealthCheckConfig: { Type: "TCP", IPAddress: "192.0.2.44", Port: 5432, RequestInterval: 10, FailureThreshold: 2 } },
];

const soa: ResourceRecordSet = {
  Name: "example.com.",
  Type: "SOA",
  TTL: 900,
  ResourceRecords: [{ Value: "ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400" }],
};
const apexToCloudFront: ResourceRecordSet = {
  Name: "example.com.",
  Type: "A",
  AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: "d111111abcdef8.cloudfront.net.", EvaluateTargetHealth: false },
};
const failoverPrimary: ResourceRecordSet = {
  Name: "api.example.com.",
  Type: "A",
  SetIdentifier: "primary",
  Failover: "PRIMARY",
  TTL: 60,
  ResourceRecords: [{ Value: "192.0.2.10" }, { Value: "192.0.2.1" }],
  HealthCheckId: PRIMARY_CHECK,
};
const failoverSecondary: ResourceRecordSet = {
  Name: "api.example.com.",
  Type: "A",
  SetIdentifier: "secondary",
  Failover: "SECONDARY",
  TTL: 60,
  ResourceRecords: [{ Value: "198.51.100.7" }],
};
const weightedBlue: ResourceRecordSet = {
  Name: "app.example.com.",
  Type: "A",
  SetIdentifier: "blue",
  Weight: 80,
  TTL: 60,
  ResourceRecords: [{ Value: "192.0.2.20" }],
  HealthCheckId: MATH_CHECK,
};
const weightedGreen: ResourceRecordSet = { ...weightedBlue, SetIdentifier: "green", Weight: 0, ResourceRecords: [{ Value: "192.0.2.21" }], HealthCheckId: undefined };
const wwwToAlb: ResourceRecordSet = {
  Name: "www.example.com.",
  Type: "A",
  AliasTarget: { HostedZoneId: "Z35SXDOTRQ7X7K", DNSName: "dualstack.web-123.us-east-1.elb.amazonaws.com.", EvaluateTargetHealth: true },
};
const docsToWww: ResourceRecordSet = {
  Name: "docs.example.com.",
  Type: "A",
  AliasTarget: { HostedZoneId: "Z0PUBLIC00000001", DNSName: "www.example.com.", EvaluateTargetHealth: false },
};
const dbCname: ResourceRecordSet = { Name: "db.internal.example.com.", Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "web-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com" }] };

/** A page of ListResourceRecordSets; `next` is the record the following page starts at. */
function recordPage(sets: ResourceRecordSet[], next?: ResourceRecordSet): ListResourceRecordSetsResponse {
  return {
    ResourceRecordSets: sets,
    IsTruncated: next !== undefined,
    MaxItems: 300,
    ...(next && { NextRecordName: next.Name, NextRecordType: next.Type, ...(next.SetIdentifier && { NextRecordIdentifier: next.SetIdentifier }) }),
  };
}

const publicPages = [
  recordPage([apexToCloudFront, soa], failoverPrimary),
  recordPage([failoverPrimary, failoverSecondary], weightedBlue),
  recordPage([weightedBlue, weightedGreen, wwwToAlb, docsToWww]),
];
const privatePages = [recordPage([dbCname])];

const alarmOnPrimary: MetricAlarm = {
  AlarmName: "api-primary-unhealthy",
  AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-primary-unhealthy",
  ActionsEnabled: true,
  AlarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
  StateValue: "OK",
  MetricName: "HealthCheckStatus",
  Namespace: "AWS/Route53",
  Statistic: "Minimum",
  Dimensions: [{ Name: "HealthCheckId", Value: PRIMARY_CHECK }],
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: "LessThanThreshold",
};
// A metric-math alarm names its metrics inside Metrics[].MetricStat.
const mathAlarm: MetricAlarm = {
  AlarmName: "app-blue-health-percentage",
  AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-blue-health-percentage",
  ActionsEnabled: true,
  StateValue: "OK",
  EvaluationPeriods: 3,
  Threshold: 50,
  ComparisonOperator: "LessThanThreshold",
  Metrics: [
    { Id: "e1", Expression: "m1 * 100", ReturnData: true },
    {
      Id: "m1",
      MetricStat: { Metric: { Namespace: "AWS/Route53", MetricName: "HealthCheckPercentageHealthy", Dimensions: [{ Name: "HealthCheckId", Value: MATH_CHECK }] }, Period: 60, Stat: "Average" },
      ReturnData: false,
    },
  ],
};
const cpuAlarm: MetricAlarm = {
  AlarmName: "web-cpu-high",
  MetricName: "CPUUtilization",
  Namespace: "AWS/EC2",
  Statistic: "Average",
  Dimensions: [{ Name: "AutoScalingGroupName", Value: "web-asg" }],
  Period: 300,
  EvaluationPeriods: 2,
  Threshold: 80,
  ComparisonOperator: "GreaterThanThreshold",
};
const alarmPages: DescribeAlarmsOutput[] = [
  { MetricAlarms: [cpuAlarm, alarmOnPrimary], CompositeAlarms: [], NextToken: "alarms-2" },
  { MetricAlarms: [mathAlarm], CompositeAlarms: [] },
];

const tagSets: ListTagsForResourcesResponse["ResourceTagSets"] = [
  { ResourceType: "hostedzone", ResourceId: "Z0PUBLIC00000001", Tags: [{ Key: "env", Value: "prod" }] },
  { ResourceType: "hostedzone", ResourceId: "Z0PRIVATE0000002", Tags: [] },
  { ResourceType: "healthcheck", ResourceId: PRIMARY_CHECK, Tags: [{ Key: "Name", Value: "api primary" }] },
  { ResourceType: "healthcheck", ResourceId: MATH_CHECK, Tags: [] },
  { ResourceType: "healthcheck", ResourceId: UNWATCHED_CHECK, Tags: [] },
];

function tagsResponse(input: ListTagsForResourcesCommandInput): ListTagsForResourcesResponse {
  return { ResourceTagSets: tagSets!.filter((set) => set.ResourceType === input.ResourceType && input.ResourceIds!.includes(set.ResourceId!)) };
}

function zonesResponse(zones: HostedZone[], marker = "", nextMarker?: string): ListHostedZonesResponse {
  return { HostedZones: zones, Marker: marker, IsTruncated: nextMarker !== undefined, MaxItems: 100, ...(nextMarker && { NextMarker: nextMarker }) };
}

function healthChecksResponse(checks: HealthCheck[]): ListHealthChecksResponse {
  return { HealthChecks: checks, Marker: "", IsTruncated: false, MaxItems: 1000 };
}

const bareId = (zone: HostedZone) => zone.Id!.replace("/hostedzone/", "");

function find<A>(resources: ResourceRecord[], type: string, id: string): ResourceRecord<A> {
  const found = resources.find((r) => r.type === type && r.id === id);
  if (!found) throw new Error(`no ${type} ${id} in ${resources.map((r) => r.id).join(", ")}`);
  return found as unknown as ResourceRecord<A>;
}

describe("route53 collector", () => {
  let route53: AwsStub<any, any, any>;
  let cloudwatch: AwsStub<any, any, any>;
  let zoneInputs: ListHostedZonesCommandInput[];
  let recordInputs: ListResourceRecordSetsCommandInput[];
  let alarmInputs: DescribeAlarmsCommandInput[];

  beforeEach(() => {
    route53 = mockClient(Route53Client);
    cloudwatch = mockClient(CloudWatchClient);
    zoneInputs = [];
    recordInputs = [];
    alarmInputs = [];
    // Paginators reuse one input object, so every input is copied at call time.
    const zonePages = [zonesResponse([publicZone], "", "Z0PRIVATE0000002"), zonesResponse([privateZone], "Z0PRIVATE0000002")];
    route53.on(ListHostedZonesCommand).callsFake((input: ListHostedZonesCommandInput) => (zoneInputs.push({ ...input }), zonePages[zoneInputs.length - 1]));
    route53.on(ListHealthChecksCommand).resolves(healthChecksResponse(healthChecks));
    const recordPages: Record<string, ListResourceRecordSetsResponse[]> = { [bareId(publicZone)]: publicPages, [bareId(privateZone)]: privatePages };
    route53.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
      recordInputs.push({ ...input });
      return recordPages[input.HostedZoneId!][recordInputs.filter((i) => i.HostedZoneId === input.HostedZoneId).length - 1];
    });
    route53.on(ListTagsForResourcesCommand).callsFake(tagsResponse);
    cloudwatch.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => (alarmInputs.push({ ...input }), alarmPages[alarmInputs.length - 1]));
  });

  afterEach(() => {
    route53.restore();
    cloudwatch.restore();
  });

  it("pages hosted zones, record sets and alarms at each API's maximum page size", async () => {
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.errors).toEqual([]);
    expect(zoneInputs).toEqual([{ MaxItems: 100 }, { MaxItems: 100, Marker: "Z0PRIVATE0000002" }]);
    expect(route53.commandCalls(ListHealthChecksCommand).map((c) => c.args[0].input)).toEqual([{ MaxItems: 1000 }]);
    expect(recordInputs.filter((i) => i.HostedZoneId === "Z0PUBLIC00000001")).toEqual([
      { HostedZoneId: "Z0PUBLIC00000001", MaxItems: 300 },
      { HostedZoneId: "Z0PUBLIC00000001", MaxItems: 300, StartRecordName: "api.example.com.", StartRecordType: "A", StartRecordIdentifier: "primary" },
      { HostedZoneId: "Z0PUBLIC00000001", MaxItems: 300, StartRecordName: "app.example.com.", StartRecordType: "A", StartRecordIdentifier: "blue" },
    ]);
    expect(recordInputs.filter((i) => i.HostedZoneId === "Z0PRIVATE0000002")).toHaveLength(1);
    expect(alarmInputs).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, NextToken: "alarms-2" }]);
    expect(snapshot.resources.filter((r) => r.type === RECORD_SET).map((r) => r.id)).toEqual([
      "Z0PRIVATE0000002/db.internal.example.com./CNAME",
      "Z0PUBLIC00000001/api.example.com./A/primary",
      "Z0PUBLIC00000001/api.example.com./A/secondary",
      "Z0PUBLIC00000001/app.example.com./A/blue",
      "Z0PUBLIC00000001/app.example.com./A/green",
      "Z0PUBLIC00000001/docs.example.com./A",
      "Z0PUBLIC00000001/example.com./A",
      "Z0PUBLIC00000001/example.com./SOA",
      "Z0PUBLIC00000001/www.example.com./A",
    ]);
    expect(snapshot.resources).not.toHaveLength(0);
    expect(snapshot.resources.every((r) => r.region === "us-east-1" && r.accountId === "123456789012")).toBe(true);
  });

  it("normalizes hosted zones with their bare ids and tags", async () => {
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.resources.filter((r) => r.type === ZONE)).toEqual([
      { type: ZONE, id: "Z0PRIVATE0000002", arn: "arn:aws:route53:::hostedzone/Z0PRIVATE0000002", accountId: "123456789012", region: "us-east-1", name: "internal.example.com.", tags: {}, attributes: { name: "internal.example.com.", privateZone: true } },
      { type: ZONE, id: "Z0PUBLIC00000001", arn: "arn:aws:route53:::hostedzone/Z0PUBLIC00000001", accountId: "123456789012", region: "us-east-1", name: "example.com.", tags: { env: "prod" }, attributes: { name: "example.com.", privateZone: false } },
    ]);
    expect(route53.commandCalls(ListTagsForResourcesCommand).map((c) => c.args[0].input)).toEqual(
      expect.arrayContaining([{ ResourceType: "hostedzone", ResourceIds: ["Z0PUBLIC00000001", "Z0PRIVATE0000002"] }]),
    );
  });

  it("derives failover and weighted routing, keeping the health check only where it is set", async () => {
    const { resources } = await collectWith([route53Collector]);
    expect(find<RecordSetAttributes>(resources, RECORD_SET, "Z0PUBLIC00000001/api.example.com./A/primary").attributes).toEqual({
      hostedZoneId: "Z0PUBLIC00000001",
      zoneName: "example.com.",
      name: "api.example.com.",
      recordType: "A",
      routingPolicy: "failover",
      setIdentifier: "primary",
      failover: "PRIMARY",
      healthCheckId: PRIMARY_CHECK,
      ttl: 60,
      values: ["192.0.2.1", "192.0.2.10"],
    });
    const secondary = find<RecordSetAttributes>(resources, RECORD_SET, "Z0PUBLIC00000001/api.example.com./A/secondary").attributes;
    expect(secondary).toMatchObject({ routingPolicy: "failover", failover: "SECONDARY", values: ["198.51.100.7"] });
    expect(secondary).not.toHaveProperty("healthCheckId");
    expect(find<RecordSetAttributes>(resources, RECORD_SET, "Z0PUBLIC00000001/app.example.com./A/blue").attributes).toMatchObject({ routingPolicy: "weighted", weight: 80, healthCheckId: MATH_CHECK });
    // Weight 0 still marks a weighted record.
    expect(find<RecordSetAttributes>(resources, RECORD_SET, "Z0PUBLIC00000001/app.example.com./A/green").attributes).toMatchObject({ routingPolicy: "weighted", weight: 0 });
    expect(find<RecordSetAttributes>(resources, RECORD_SET, "Z0PUBLIC00000001/example.com./SOA").attributes).toMatchObject({ routingPolicy: "simple", ttl: 900 });
  });

  it("classifies alias targets: an ALB, CloudFront, and a record in one of the account's zones", async () => {
    const { resources } = await collectWith([route53Collector]);
    const alias = (id: string) => find<RecordSetAttributes>(resources, RECORD_SET, `Z0PUBLIC00000001/${id}`).attributes;
    expect(alias("www.example.com./A")).toEqual({
      hostedZoneId: "Z0PUBLIC00000001",
      zoneName: "example.com.",
      name: "www.example.com.",
      recordType: "A",
      routingPolicy: "simple",
      values: [],
      aliasTarget: { dnsName: "dualstack.web-123.us-east-1.elb.amazonaws.com.", hostedZoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true, targetKind: "elb" },
    });
    expect(alias("example.com./A").aliasTarget).toEqual({ dnsName: "d111111abcdef8.cloudfront.net.", hostedZoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false, targetKind: "cloudfront" });
    expect(alias("docs.example.com./A").aliasTarget?.targetKind).toBe("record");
  });

  it("names the alarms watching each health check, directly or through metric math", async () => {
    const { resources } = await collectWith([route53Collector]);
    const primary = find<HealthCheckAttributes>(resources, HEALTH_CHECK, PRIMARY_CHECK);
    expect(primary).toMatchObject({ arn: `arn:aws:route53:::healthcheck/${PRIMARY_CHECK}`, name: "api primary", tags: { Name: "api primary" } });
    expect(primary.attributes).toEqual({
      type: "HTTPS",
      fqdn: "primary.example.com",
      port: 443,
      resourcePath: "/health",
      requestInterval: 30,
      failureThreshold: 3,
      alarmNames: ["api-primary-unhealthy"],
    });
    expect(find<HealthCheckAttributes>(resources, HEALTH_CHECK, MATH_CHECK).attributes.alarmNames).toEqual(["app-blue-health-percentage"]);
    const unwatched = find<HealthCheckAttributes>(resources, HEALTH_CHECK, UNWATCHED_CHECK);
    expect(unwatched.attributes).toEqual({ type: "TCP", ipAddress: "192.0.2.44", port: 5432, requestInterval: 10, failureThreshold: 2, alarmNames: [] });
    expect(route53.commandCalls(ListTagsForResourcesCommand).map((c) => c.args[0].input)).toEqual(
      expect.arrayContaining([{ ResourceType: "healthcheck", ResourceIds: [PRIMARY_CHECK, MATH_CHECK, UNWATCHED_CHECK] }]),
    );
  });

  it("emits health checks without alarmNames and one error when DescribeAlarms is denied", async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(accessDenied("cloudwatch:DescribeAlarms"));
    const snapshot = await collectWith([route53Collector]);
    const checks = snapshot.resources.filter((r) => r.type === HEALTH_CHECK);
    expect(checks.map((c) => c.id)).toEqual([PRIMARY_CHECK, MATH_CHECK, UNWATCHED_CHECK]);
    for (const check of checks) expect(check.attributes).not.toHaveProperty("alarmNames");
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "route53", region: "us-east-1", operation: "DescribeAlarms", code: "AccessDenied", resourceTypes: [HEALTH_CHECK] }),
    ]);
  });

  it("does not read alarms when the account has no health checks", async () => {
    route53.on(ListHealthChecksCommand).resolves(healthChecksResponse([]));
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.errors).toEqual([]);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });

  it("keeps the records read before a failure on page 3 of 5 and reports one error naming the zone", async () => {
    const sets = Array.from({ length: 10 }, (_, i): ResourceRecordSet => ({ Name: `host${i}.example.com.`, Type: "A", TTL: 300, ResourceRecords: [{ Value: `192.0.2.${100 + i}` }] }));
    const pages = [0, 2, 4, 6, 8].map((start) => recordPage(sets.slice(start, start + 2), sets[start + 2]));
    let publicCalls = 0;
    route53.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
      if (input.HostedZoneId !== "Z0PUBLIC00000001") return privatePages[0];
      publicCalls += 1;
      if (publicCalls === 3) throw awsError("InternalFailure", "An internal error occurred", 500);
      return pages[publicCalls - 1];
    });
    const snapshot = await collectWith([route53Collector]);
    expect(publicCalls).toBe(3);
    expect(snapshot.resources.filter((r) => r.type === RECORD_SET).map((r) => r.name)).toEqual([
      "db.internal.example.com.",
      "host0.example.com.",
      "host1.example.com.",
      "host2.example.com.",
      "host3.example.com.",
    ]);
    expect(snapshot.resources.filter((r) => r.type === ZONE)).toHaveLength(2);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "ListResourceRecordSets", code: "InternalFailure", resourceTypes: [RECORD_SET], message: "failed for 1 of 2 (Z0PUBLIC00000001): An internal error occurred" }),
    ]);
  });

  it("reports every failing zone as one error", async () => {
    route53.on(ListResourceRecordSetsCommand).rejects(accessDenied("route53:ListResourceRecordSets"));
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.resources.filter((r) => r.type === RECORD_SET)).toEqual([]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "ListResourceRecordSets", code: "AccessDenied", resourceTypes: [RECORD_SET], message: expect.stringMatching(/^failed for 2 of 2 \(Z0PRIVATE0000002, Z0PUBLIC00000001\)/) }),
    ]);
  });

  it("asks for tags ten resources at a time", async () => {
    const zones = Array.from({ length: 23 }, (_, i): HostedZone => ({ Id: `/hostedzone/Z0ZONE${String(i).padStart(10, "0")}`, Name: `site${i}.example.`, CallerReference: `zone-${i}` }));
    route53.on(ListHostedZonesCommand).resolves(zonesResponse(zones));
    route53.on(ListResourceRecordSetsCommand).resolves(recordPage([]));
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.errors).toEqual([]);
    const zoneTagCalls = route53.commandCalls(ListTagsForResourcesCommand).map((c) => c.args[0].input as ListTagsForResourcesCommandInput).filter((i) => i.ResourceType === "hostedzone");
    expect(zoneTagCalls.map((i) => i.ResourceIds!.length)).toEqual([10, 10, 3]);
    expect(zoneTagCalls.flatMap((i) => i.ResourceIds)).toEqual(zones.map(bareId));
  });

  it("reports a denied ListHostedZones as both zones and record sets incomplete, and still reads health checks", async () => {
    route53.on(ListHostedZonesCommand).rejects(accessDenied("route53:ListHostedZones"));
    const snapshot = await collectWith([route53Collector]);
    expect(snapshot.resources.map((r) => r.type)).toEqual([HEALTH_CHECK, HEALTH_CHECK, HEALTH_CHECK]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "ListHostedZones", code: "AccessDenied", resourceTypes: [ZONE, RECORD_SET] })]);
  });

  it("stops listing a zone's record sets at the run's deadline", async () => {
    // The run's clock, moved by hand: no real waiting.
    let at = Date.parse("2026-11-01T02:00:00.000Z");
    const deadline = at + 1000;
    route53.on(ListResourceRecordSetsCommand).callsFake(async (input: ListResourceRecordSetsCommandInput) => {
      recordInputs.push({ ...input });
      // The first page returns after the deadline (once both zones' first requests are out), so the next one must not be requested.
      await new Promise((resolve) => setImmediate(resolve));
      at = deadline + 20;
      return input.HostedZoneId === "Z0PUBLIC00000001" ? publicPages[0] : privatePages[0];
    });
    const snapshot = await collectWith([route53Collector], ["us-east-1"], { deadline, now: () => new Date(at) });
    expect(recordInputs.filter((i) => i.HostedZoneId === "Z0PUBLIC00000001")).toHaveLength(1);
    expect(snapshot.resources.filter((r) => r.type === RECORD_SET).map((r) => r.name)).toEqual(["db.internal.example.com.", "example.com.", "example.com."]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "ListResourceRecordSets", code: "Deadline", resourceTypes: [RECORD_SET], message: expect.stringMatching(/^failed for 1 of 2 \(Z0PUBLIC00000001\): stopped before the invocation deadline/) }),
    ]);
  });
  describe("with one malformed item among good ones", () => {
    let clean: ResourceRecord[];
    /** Collects again, with the recorded inputs (which pick each page) cleared. */
    const collectAgain = () => {
      zoneInputs.length = 0;
      recordInputs.length = 0;
      alarmInputs.length = 0;
      return collectWith([route53Collector]);
    };
    beforeEach(async () => {
      clean = (await collectAgain()).resources;
    });
    const serveRecords = (pages: Record<string, ListResourceRecordSetsResponse[]>) =>
      route53.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
        recordInputs.push({ ...input });
        return pages[input.HostedZoneId!]![recordInputs.filter((i) => i.HostedZoneId === input.HostedZoneId).length - 1];
      });
    const others = (resources: ResourceRecord[], id: string) => resources.filter((r) => r.id !== id);
    const withoutKeys = (attributes: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(attributes).filter(([k]) => !keys.includes(k)));

    it("keeps a record set whose alias target lacks its hosted zone id, with only its aliasTarget unreadable", async () => {
      const broken = { ...wwwToAlb, AliasTarget: { ...wwwToAlb.AliasTarget!, HostedZoneId: undefined } } as ResourceRecordSet;
      serveRecords({ Z0PUBLIC00000001: [publicPages[0]!, publicPages[1]!, recordPage([weightedBlue, weightedGreen, broken, docsToWww])], Z0PRIVATE0000002: privatePages });
      const snapshot = await collectAgain();
      const id = "Z0PUBLIC00000001/www.example.com./A";
      expect(snapshot.errors).toEqual([
        unreadableError("route53", "ListResourceRecordSets", RECORD_SET, id, "AliasTarget.HostedZoneId"),
      ]);
      const www = find<Record<string, unknown>>(clean, RECORD_SET, id);
      expect(find(snapshot.resources, RECORD_SET, id)).toEqual({ ...www, attributes: withoutKeys(www.attributes, "aliasTarget"), unreadable: [{ attribute: "aliasTarget", field: "AliasTarget.HostedZoneId" }] });
      expect(others(snapshot.resources, id)).toEqual(others(clean, id));
    });

    it("skips a record set without its type, naming it in one error that leaves record sets incomplete", async () => {
      serveRecords({ Z0PUBLIC00000001: [recordPage([apexToCloudFront, { ...soa, Type: undefined }], failoverPrimary), publicPages[1]!, publicPages[2]!], Z0PRIVATE0000002: privatePages });
      const snapshot = await collectAgain();
      expect(snapshot.errors).toEqual([
        { service: "route53", region: "us-east-1", operation: "ListResourceRecordSets", code: "MalformedResponse", message: `1 ${RECORD_SET} item skipped: no ResourceRecordSet.Type`, resourceTypes: [RECORD_SET] },
      ]);
      expect(snapshot.resources).toEqual(others(clean, "Z0PUBLIC00000001/example.com./SOA"));
    });

    it("skips a hosted zone without its id, leaving zones and record sets incomplete, and keeps the other zone and its records", async () => {
      route53.on(ListHostedZonesCommand).resolves(zonesResponse([{ ...publicZone, Id: undefined }, privateZone]));
      const snapshot = await collectAgain();
      expect(snapshot.errors).toEqual([
        { service: "route53", region: "us-east-1", operation: "ListHostedZones", code: "MalformedResponse", message: `1 ${ZONE} item skipped: no HostedZone.Id`, resourceTypes: [ZONE, RECORD_SET] },
      ]);
      expect(snapshot.resources).toEqual(clean.filter((r) => r.id !== "Z0PUBLIC00000001" && !r.id.startsWith("Z0PUBLIC00000001/")));
    });

    it("keeps a health check without its config, every attribute built from it unreadable, and skips one without its id", async () => {
      route53.on(ListHealthChecksCommand).resolves(healthChecksResponse([healthChecks[0]!, { ...healthChecks[1]!, Id: undefined }, { ...healthChecks[2]!, HealthCheckConfig: undefined }]));
      const snapshot = await collectAgain();
      expect(snapshot.errors).toEqual([
        { service: "route53", region: "us-east-1", operation: "ListHealthChecks", code: "MalformedResponse", message: `1 ${HEALTH_CHECK} item skipped: no HealthCheck.Id`, resourceTypes: [HEALTH_CHECK] },
        unreadableError("route53", "ListHealthChecks", HEALTH_CHECK, UNWATCHED_CHECK, "HealthCheck.HealthCheckConfig"),
      ]);
      const configured = ["type", "fqdn", "ipAddress", "port", "resourcePath", "requestInterval", "failureThreshold"];
      // Named by its IP address while its config was read; now by nothing (it has no Name tag).
      const { name: _name, ...unwatched } = find(clean, HEALTH_CHECK, UNWATCHED_CHECK);
      expect(find(snapshot.resources, HEALTH_CHECK, UNWATCHED_CHECK)).toEqual({
        ...unwatched,
        attributes: { alarmNames: [] },
        unreadable: configured.map((attribute) => ({ attribute, field: "HealthCheck.HealthCheckConfig" })),
      });
      expect(snapshot.resources.filter((r) => r.id !== UNWATCHED_CHECK)).toEqual(clean.filter((r) => r.id !== UNWATCHED_CHECK && r.id !== MATH_CHECK));
    });
  });
});

describe("route53 collector with the SDK's retries", () => {
  it("reports throttling that outlasts the retries on one zone's record sets as one error, keeping the other zone", async () => {
    let throttledCalls = 0;
    const fake = fakeAws(({ commandName, input }) => {
      switch (commandName) {
        case "ListHostedZonesCommand":
          return zonesResponse([publicZone, privateZone]);
        case "ListHealthChecksCommand":
          return healthChecksResponse([]);
        case "ListTagsForResourcesCommand":
          return tagsResponse(input as ListTagsForResourcesCommandInput);
        case "ListResourceRecordSetsCommand":
          if (input.HostedZoneId === "Z0PUBLIC00000001") {
            throttledCalls += 1;
            throw throttled();
          }
          return privatePages[0];
        default:
          throw new Error(`unexpected ${commandName}`);
      }
    });
    const snapshot = await collectWith([route53Collector], ["us-east-1"], { plugins: [fake], maxAttempts: 2 });
    expect(throttledCalls).toBe(2);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "route53", operation: "ListResourceRecordSets", code: "Throttling", resourceTypes: [RECORD_SET], message: "failed for 1 of 2 (Z0PUBLIC00000001): Rate exceeded" }),
    ]);
    expect(snapshot.resources.filter((r) => r.type === RECORD_SET).map((r) => r.id)).toEqual(["Z0PRIVATE0000002/db.internal.example.com./CNAME"]);
    expect(snapshot.resources.filter((r) => r.type === ZONE).map((r) => r.id)).toEqual(["Z0PRIVATE0000002", "Z0PUBLIC00000001"]);
  });
});

describe("routing policy and alias target kind", () => {
  const base: ResourceRecordSet = { Name: "x.example.com.", Type: "A", SetIdentifier: "s" };
  it.each<[Partial<ResourceRecordSet>, string]>([
    [{ Region: "eu-west-1" }, "latency"],
    [{ GeoLocation: { CountryCode: "DE" } }, "geolocation"],
    [{ GeoProximityLocation: { AWSRegion: "us-east-1", Bias: 10 } }, "geoproximity"],
    [{ MultiValueAnswer: true }, "multivalue"],
    [{ CidrRoutingConfig: { CollectionId: "c8c02a84-aaaa-bbbb-cccc-111111111111", LocationName: "office" } }, "cidr"],
    [{ SetIdentifier: undefined }, "simple"],
  ])("%j is %s", (fields, policy) => {
    expect(routingPolicyOf({ ...base, ...fields })).toBe(policy);
  });

  it.each([
    ["dualstack.web-123.us-east-1.elb.amazonaws.com.", "elb"],
    ["net-lb-0123456789abcdef.elb.eu-west-1.amazonaws.com.", "elb"],
    ["d111111abcdef8.cloudfront.net.", "cloudfront"],
    ["s3-website-us-east-1.amazonaws.com.", "s3"],
    ["s3-website.eu-central-1.amazonaws.com.", "s3"],
    ["d-abcdef1234.execute-api.us-east-1.amazonaws.com.", "apigateway"],
    ["WWW.Example.com.", "record"],
    ["example.com.", "record"],
    ["notexample.com.", "other"],
    ["vpce-0123-abcd.vpce-svc-0456.us-east-1.vpce.amazonaws.com.", "other"],
  ])("%s is %s", (dnsName, kind) => {
    expect(aliasTargetKind(dnsName, ["example.com.", "internal.example.com."])).toBe(kind);
  });
});
