import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import {
  DescribeLoadBalancerAttributesCommand as ClassicAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand as ClassicDescribeCommand,
  DescribeTagsCommand as ClassicTagsCommand,
  ElasticLoadBalancingClient,
} from "@aws-sdk/client-elastic-load-balancing";
import type { DescribeAccessPointsInput, DescribeLoadBalancerPoliciesInput, LoadBalancerDescription, PolicyDescription } from "@aws-sdk/client-elastic-load-balancing";
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DescribeLoadBalancersInput, DescribeTagsInput, DescribeTargetGroupsInput, Listener, LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import type { Collector, ReadTargets } from "../../../src/collect/collector.js";
import { elbCollector } from "../../../src/collect/elb/classic.js";
import { elbv2Collector } from "../../../src/collect/elb/v2.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceRecord, ResourceType } from "../../../src/types/resource.js";
import { ACCOUNT } from "../../support/builders.js";
import { testClock } from "../../support/clock.js";
import { accessDenied, collectWith, testCredentials, throttled } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { syntheticAccount } from "../../support/synthetic/account.js";
import { syntheticEndpoint } from "../../support/synthetic/fake-endpoint.js";

const LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
const CLASSIC = "AWS::ElasticLoadBalancing::LoadBalancer";
const ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}`;

/** A targeted read of `targets` in us-east-1, through the real orchestration. */
function collectTargets(collectors: Collector<any>[], targets: Partial<Record<ResourceType, string[]>>, plugins?: Parameters<typeof collectAccount>[0]["plugins"]) {
  const named: ReadTargets = new Map(Object.entries(targets) as [ResourceType, string[]][]);
  return collectAccount({
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    collectors,
    credentials: testCredentials,
    maxAttempts: 1,
    now: testClock,
    ...(plugins && { plugins }),
    targets: new Map([["us-east-1", named]]),
  });
}

/** The commands a mocked client was sent, with their inputs, in a stable order. */
function sent(stub: AwsStub<any, any, any>): [string, unknown][] {
  return stub
    .calls()
    .map((call): [string, unknown] => {
      const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
      // Paginators leave Marker: undefined on the input of a first page.
      return [command.constructor.name.replace(/Command$/, ""), JSON.parse(JSON.stringify(command.input))];
    })
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const find = (resources: ResourceRecord[], type: string, id: string) => resources.find((r) => r.type === type && r.id === id);

// ── ELBv2: shapes as documented for DescribeLoadBalancers, DescribeListeners, DescribeTargetGroups ──────────

const nlbArn = `${ARN}:loadbalancer/net/api-nlb/8f2a4b6c8d0e1f23`;
const albArn = `${ARN}:loadbalancer/app/web-alb/50dc6c495c0c9188`;
const apiTgArn = `${ARN}:targetgroup/api-tg/1a2b3c4d5e6f7a8b`;
const webTgArn = `${ARN}:targetgroup/web-tg/73e2d6bc24d8a067`;
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

const nlb: LoadBalancer = {
  LoadBalancerArn: nlbArn,
  DNSName: "api-nlb-8f2a4b6c8d0e1f23.elb.us-east-1.amazonaws.com",
  CanonicalHostedZoneId: "Z26RNL4JYFTOTI",
  CreatedTime: new Date("2026-01-11T10:00:00Z"),
  LoadBalancerName: "api-nlb",
  Scheme: "internet-facing",
  VpcId: "vpc-0a1b2c3d4e5f60001",
  State: { Code: "active" },
  Type: "network",
  AvailabilityZones: [
    { ZoneName: "us-east-1b", SubnetId: "subnet-0b000000000000002", LoadBalancerAddresses: [] },
    { ZoneName: "us-east-1a", SubnetId: "subnet-0a000000000000001", LoadBalancerAddresses: [] },
  ],
  IpAddressType: "ipv4",
};

const alb: LoadBalancer = {
  ...nlb,
  LoadBalancerArn: albArn,
  LoadBalancerName: "web-alb",
  DNSName: "web-alb-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneId: "Z35SXDOTRQ7X7K",
  Type: "application",
  SecurityGroups: ["sg-0b00000000000a1b2", "sg-0a00000000000a1b1"],
};

const tlsListener: Listener = {
  ListenerArn: `${ARN}:listener/net/api-nlb/8f2a4b6c8d0e1f23/6e5d4c3b2a190817`,
  LoadBalancerArn: nlbArn,
  Port: 443,
  Protocol: "TLS",
  SslPolicy: TLS_POLICY,
  Certificates: [{ CertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/3b1c2d4e-0000-4000-8000-000000000443` }],
  DefaultActions: [{ Type: "forward", TargetGroupArn: apiTgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: apiTgArn, Weight: 1 }] } }],
};

const httpsListener: Listener = {
  ListenerArn: `${ARN}:listener/app/web-alb/50dc6c495c0c9188/0467ef3c8400ae65`,
  LoadBalancerArn: albArn,
  Port: 443,
  Protocol: "HTTPS",
  SslPolicy: "ELBSecurityPolicy-2016-08",
  Certificates: [{ CertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/3b1c2d4e-0000-4000-8000-000000000444` }],
  DefaultActions: [{ Type: "forward", TargetGroupArn: webTgArn, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: webTgArn, Weight: 1 }] } }],
};

const apiTg: TargetGroup = {
  TargetGroupArn: apiTgArn,
  TargetGroupName: "api-tg",
  Protocol: "TCP",
  Port: 443,
  VpcId: "vpc-0a1b2c3d4e5f60001",
  HealthCheckProtocol: "TCP",
  HealthCheckPort: "traffic-port",
  HealthCheckEnabled: true,
  HealthCheckIntervalSeconds: 30,
  HealthCheckTimeoutSeconds: 10,
  HealthyThresholdCount: 5,
  UnhealthyThresholdCount: 2,
  LoadBalancerArns: [nlbArn],
  TargetType: "ip",
  IpAddressType: "ipv4",
};

const webTg: TargetGroup = {
  ...apiTg,
  TargetGroupArn: webTgArn,
  TargetGroupName: "web-tg",
  Protocol: "HTTP",
  Port: 80,
  HealthCheckProtocol: "HTTP",
  HealthCheckPath: "/health",
  Matcher: { HttpCode: "200" },
  LoadBalancerArns: [albArn],
  TargetType: "instance",
};

const v2Tags: Record<string, { Key: string; Value: string }[]> = {
  [nlbArn]: [{ Key: "Name", Value: "api" }, { Key: "team", Value: "payments" }],
  [albArn]: [{ Key: "Name", Value: "web" }],
  [apiTgArn]: [{ Key: "tier", Value: "api" }],
  [webTgArn]: [],
};

/** The elements a request names (by ARN or by name), or ELBv2's not-found error for the whole request. */
function describe2<T>(items: T[], arns: string[] | undefined, names: string[] | undefined, arnOf: (item: T) => string, nameOf: (item: T) => string, code: string, what: string): T[] {
  const wanted = arns ?? names;
  if (!wanted) return items;
  const keyOf = arns ? arnOf : nameOf;
  const found = wanted.map((value) => items.find((item) => keyOf(item) === value));
  if (found.some((item) => item === undefined)) throw awsError(code, `One or more ${what} not found`, 400);
  return found as T[];
}

function serveV2(elbv2: AwsStub<any, any, any>, loadBalancers = [nlb, alb], targetGroups = [apiTg, webTg]) {
  elbv2.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersInput) => ({
    LoadBalancers: describe2(loadBalancers, input.LoadBalancerArns, input.Names, (lb) => lb.LoadBalancerArn!, (lb) => lb.LoadBalancerName!, "LoadBalancerNotFound", "load balancers"),
  }));
  elbv2.on(DescribeTargetGroupsCommand).callsFake((input: DescribeTargetGroupsInput) => ({
    TargetGroups: describe2(targetGroups, input.TargetGroupArns, input.Names, (g) => g.TargetGroupArn!, (g) => g.TargetGroupName!, "TargetGroupNotFound", "target groups"),
  }));
  elbv2.on(DescribeListenersCommand).callsFake(({ LoadBalancerArn }) => ({ Listeners: [tlsListener, httpsListener].filter((l) => l.LoadBalancerArn === LoadBalancerArn) }));
  elbv2.on(DescribeLoadBalancerAttributesCommand).callsFake(() => ({
    Attributes: [
      { Key: "deletion_protection.enabled", Value: "true" },
      { Key: "load_balancing.cross_zone.enabled", Value: "true" },
    ],
  }));
  elbv2.on(DescribeTargetGroupAttributesCommand).callsFake(() => ({ Attributes: [{ Key: "load_balancing.cross_zone.enabled", Value: "use_load_balancer_configuration" }] }));
  elbv2.on(DescribeTagsCommand).callsFake((input: DescribeTagsInput) => ({ TagDescriptions: input.ResourceArns!.map((arn) => ({ ResourceArn: arn, Tags: v2Tags[arn] ?? [] })) }));
  elbv2.on(DescribeSSLPoliciesCommand).resolves({
    SslPolicies: [
      { Name: TLS_POLICY, SslProtocols: ["TLSv1.3", "TLSv1.2"], Ciphers: [{ Name: "ECDHE-ECDSA-AES128-GCM-SHA256", Priority: 1 }], SupportedLoadBalancerTypes: ["application", "network"] },
      { Name: "ELBSecurityPolicy-2016-08", SslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"], Ciphers: [{ Name: "ECDHE-ECDSA-AES128-GCM-SHA256", Priority: 1 }], SupportedLoadBalancerTypes: ["application", "network"] },
    ],
  });
}

describe("elbv2 targeted reads", () => {
  let elbv2: AwsStub<any, any, any>;
  // Restored after, so that the synthetic endpoint's tests reach the real client.
  beforeAll(() => void (elbv2 = mockClient(ElasticLoadBalancingV2Client)));
  afterAll(() => elbv2.restore());
  beforeEach(() => {
    elbv2.reset();
    serveV2(elbv2);
  });

  it("reads a network load balancer by ARN as the full read records it: listeners, attributes, tags and TLS policies", async () => {
    const full = await collectWith([elbv2Collector]);
    expect(full.errors).toEqual([]);
    elbv2.resetHistory();

    const targeted = await collectTargets([elbv2Collector], { [LOAD_BALANCER]: [nlbArn] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([find(full.resources, LOAD_BALANCER, "api-nlb")]);
    expect(targeted.resources[0]).toMatchObject({ tags: { Name: "api", team: "payments" }, attributes: { crossZoneEnabled: true, deletionProtection: true, sslPolicies: [{ name: TLS_POLICY }] } });
    // Only that load balancer's calls: no target group is listed, the tags asked for are its own.
    expect(sent(elbv2)).toEqual([
      ["DescribeListeners", { LoadBalancerArn: nlbArn, PageSize: 400 }],
      ["DescribeLoadBalancerAttributes", { LoadBalancerArn: nlbArn }],
      ["DescribeLoadBalancers", { LoadBalancerArns: [nlbArn] }],
      ["DescribeSSLPolicies", { PageSize: 400 }],
      ["DescribeTags", { ResourceArns: [nlbArn] }],
    ]);
  });

  it("reads a target group by ARN, and a load balancer by name, as the full read records them", async () => {
    const full = await collectWith([elbv2Collector]);
    elbv2.resetHistory();

    const targeted = await collectTargets([elbv2Collector], { [TARGET_GROUP]: [apiTgArn], [LOAD_BALANCER]: ["web-alb"] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([find(full.resources, LOAD_BALANCER, "web-alb"), find(full.resources, TARGET_GROUP, "api-tg")]);
    expect(targeted.resources[1]).toMatchObject({ tags: { tier: "api" }, attributes: { crossZone: "use_load_balancer_configuration" } });
    const calls = sent(elbv2);
    expect(calls).toContainEqual(["DescribeLoadBalancers", { Names: ["web-alb"] }]);
    expect(calls).toContainEqual(["DescribeTargetGroups", { TargetGroupArns: [apiTgArn] }]);
    expect(calls).toContainEqual(["DescribeTargetGroupAttributes", { TargetGroupArn: apiTgArn }]);
    expect(calls.filter(([name]) => name === "DescribeTags").flatMap(([, input]) => (input as DescribeTagsInput).ResourceArns).sort()).toEqual([albArn, apiTgArn].sort());
  });

  it("gives no record and no error for a deleted load balancer or target group, and still reads the others, one request each", async () => {
    const goneLb = `${ARN}:loadbalancer/app/gone-alb/0000000000000001`;
    const goneTg = `${ARN}:targetgroup/gone-tg/0000000000000002`;
    const targeted = await collectTargets([elbv2Collector], { [LOAD_BALANCER]: [goneLb, nlbArn], [TARGET_GROUP]: [goneTg] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources.map((r) => r.id)).toEqual(["api-nlb"]);
    const describes = sent(elbv2).filter(([name]) => name === "DescribeLoadBalancers" || name === "DescribeTargetGroups");
    expect(describes).toEqual([
      ["DescribeLoadBalancers", { LoadBalancerArns: [goneLb] }],
      ["DescribeLoadBalancers", { LoadBalancerArns: [nlbArn] }],
      ["DescribeTargetGroups", { TargetGroupArns: [goneTg] }],
    ]);
  });

  it.each([
    ["AccessDenied", accessDenied("elasticloadbalancing:DescribeLoadBalancers")],
    ["Throttling", throttled()],
  ])("reports a load balancer read refused with %s as an error naming its type, and no record", async (code, error) => {
    elbv2.on(DescribeLoadBalancersCommand).rejects(error);
    const targeted = await collectTargets([elbv2Collector], { [LOAD_BALANCER]: [nlbArn], [TARGET_GROUP]: [apiTgArn] });
    expect(targeted.resources.map((r) => r.type)).toEqual([TARGET_GROUP]);
    expect(targeted.errors).toEqual([expect.objectContaining({ service: "elbv2", operation: "DescribeLoadBalancers", code, resourceTypes: [LOAD_BALANCER] })]);
  });

  it("reports a failed join as the full read does: the record without what it could not read, and an error naming its type", async () => {
    elbv2.on(DescribeListenersCommand).rejects(accessDenied("elasticloadbalancing:DescribeListeners"));
    const targeted = await collectTargets([elbv2Collector], { [LOAD_BALANCER]: [nlbArn] });
    expect(targeted.resources).toEqual([expect.objectContaining({ id: "api-nlb", attributes: expect.objectContaining({ listeners: [] }) })]);
    expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeListeners", code: "AccessDenied", resourceTypes: [LOAD_BALANCER] })]);
  });
});

// ── Classic: shapes as documented for DescribeLoadBalancers, its attributes and policies ─────────────────────

const legacyWeb: LoadBalancerDescription = {
  LoadBalancerName: "legacy-web",
  DNSName: "legacy-web-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneName: "legacy-web-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneNameID: "Z35SXDOTRQ7X7K",
  ListenerDescriptions: [
    {
      Listener: { Protocol: "HTTPS", LoadBalancerPort: 443, InstanceProtocol: "HTTP", InstancePort: 80, SSLCertificateId: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/3b1c2d4e-0000-4000-8000-000000000443` },
      PolicyNames: ["legacy-tls"],
    },
    { Listener: { Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 80 }, PolicyNames: [] },
  ],
  Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: ["legacy-tls"] },
  BackendServerDescriptions: [],
  AvailabilityZones: ["us-east-1b", "us-east-1a"],
  Subnets: ["subnet-0b000000000000002", "subnet-0a000000000000001"],
  VPCId: "vpc-0a1b2c3d4e5f60001",
  Instances: [{ InstanceId: "i-0b00000000000002" }, { InstanceId: "i-0a00000000000001" }],
  HealthCheck: { Target: "HTTP:80/health", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
  SourceSecurityGroup: { OwnerAlias: ACCOUNT, GroupName: "legacy-web-elb" },
  SecurityGroups: ["sg-0c00000000000e1b1"],
  CreatedTime: new Date("2019-05-01T10:00:00Z"),
  Scheme: "internet-facing",
};
const legacyApi: LoadBalancerDescription = { ...legacyWeb, LoadBalancerName: "legacy-api", DNSName: "legacy-api-1.us-east-1.elb.amazonaws.com" };

/** An SSL negotiation policy made from a predefined one: AWS copies its Protocol-* attributes beside the reference. */
const legacyTls: PolicyDescription = {
  PolicyName: "legacy-tls",
  PolicyTypeName: "SSLNegotiationPolicyType",
  PolicyAttributeDescriptions: [
    { AttributeName: "Reference-Security-Policy", AttributeValue: "ELBSecurityPolicy-2016-08" },
    { AttributeName: "Protocol-TLSv1", AttributeValue: "true" },
    { AttributeName: "Protocol-TLSv1.1", AttributeValue: "true" },
    { AttributeName: "Protocol-TLSv1.2", AttributeValue: "true" },
    { AttributeName: "Protocol-SSLv3", AttributeValue: "false" },
  ],
};

function serveClassic(elb: AwsStub<any, any, any>) {
  const loadBalancers = [legacyWeb, legacyApi];
  elb.on(ClassicDescribeCommand).callsFake((input: DescribeAccessPointsInput) => {
    if (!input.LoadBalancerNames) return { LoadBalancerDescriptions: loadBalancers };
    const missing = input.LoadBalancerNames.find((name) => !loadBalancers.some((lb) => lb.LoadBalancerName === name));
    if (missing) throw awsError("LoadBalancerNotFound", `There is no ACTIVE Load Balancer named '${missing}'`, 400);
    return { LoadBalancerDescriptions: loadBalancers.filter((lb) => input.LoadBalancerNames!.includes(lb.LoadBalancerName!)) };
  });
  elb.on(ClassicAttributesCommand).resolves({ LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: false }, AccessLog: { Enabled: false }, ConnectionDraining: { Enabled: true, Timeout: 300 } } });
  elb.on(DescribeLoadBalancerPoliciesCommand).callsFake((input: DescribeLoadBalancerPoliciesInput) => ({ PolicyDescriptions: input.LoadBalancerName ? [legacyTls] : [] }));
  elb.on(ClassicTagsCommand).callsFake((input: { LoadBalancerNames?: string[] }) => ({
    TagDescriptions: input.LoadBalancerNames!.map((name) => ({ LoadBalancerName: name, Tags: [{ Key: "Name", Value: name }, { Key: "app", Value: "shop" }] })),
  }));
}

describe("classic elb targeted reads", () => {
  let elb: AwsStub<any, any, any>;
  beforeAll(() => void (elb = mockClient(ElasticLoadBalancingClient)));
  afterAll(() => elb.restore());
  beforeEach(() => {
    elb.reset();
    serveClassic(elb);
  });

  it("reads a load balancer by name as the full read records it: attributes, tags and SSL policies, with its own calls only", async () => {
    const full = await collectWith([elbCollector]);
    expect(full.errors).toEqual([]);
    elb.resetHistory();

    const targeted = await collectTargets([elbCollector], { [CLASSIC]: ["legacy-web"] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([find(full.resources, CLASSIC, "legacy-web")]);
    expect(targeted.resources[0]).toMatchObject({ tags: { Name: "legacy-web" }, attributes: { crossZoneEnabled: false, sslPolicies: [{ name: "legacy-tls", protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] }] } });
    expect(sent(elb)).toEqual([
      ["DescribeLoadBalancerAttributes", { LoadBalancerName: "legacy-web" }],
      ["DescribeLoadBalancerPolicies", { LoadBalancerName: "legacy-web" }],
      ["DescribeLoadBalancers", { LoadBalancerNames: ["legacy-web"] }],
      ["DescribeTags", { LoadBalancerNames: ["legacy-web"] }],
    ]);
  });

  it("takes an ARN for the name it ends in", async () => {
    const targeted = await collectTargets([elbCollector], { [CLASSIC]: [`${ARN}:loadbalancer/legacy-api`] });
    expect(targeted.resources.map((r) => r.arn)).toEqual([`${ARN}:loadbalancer/legacy-api`]);
    expect(sent(elb)).toContainEqual(["DescribeLoadBalancers", { LoadBalancerNames: ["legacy-api"] }]);
  });

  it("gives no record and no error for a deleted load balancer, and still reads the other named with it", async () => {
    const targeted = await collectTargets([elbCollector], { [CLASSIC]: ["decommissioned", "legacy-api"] });
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources.map((r) => r.id)).toEqual(["legacy-api"]);
    expect(sent(elb).filter(([name]) => name === "DescribeLoadBalancers")).toEqual([
      ["DescribeLoadBalancers", { LoadBalancerNames: ["decommissioned"] }],
      ["DescribeLoadBalancers", { LoadBalancerNames: ["legacy-api"] }],
    ]);
  });

  it("reports a refused read as an error naming the type, and no record", async () => {
    elb.on(ClassicDescribeCommand).rejects(accessDenied("elasticloadbalancing:DescribeLoadBalancers"));
    const targeted = await collectTargets([elbCollector], { [CLASSIC]: ["legacy-web"] });
    expect(targeted.resources).toEqual([]);
    expect(targeted.errors).toEqual([expect.objectContaining({ service: "elb", operation: "DescribeLoadBalancers", code: "AccessDenied", resourceTypes: [CLASSIC] })]);
  });
});

describe("elb targeted reads through the synthetic endpoint", () => {
  const account = syntheticAccount({ resources: 600, seed: 5, regions: 1 });
  const data = account.regions[0];

  it("read each kind of load balancer and target group as the full read records it, and a deleted one as nothing", async () => {
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const full = await collectWith([elbv2Collector, elbCollector], ["us-east-1"], { plugins: [endpoint.plugin] });
    expect(full.errors).toEqual([]);
    // One load balancer of each type, a target group of each protocol, and one classic load balancer.
    const loadBalancers = [...new Map(data.loadBalancers.map((lb) => [lb.Type, lb.LoadBalancerArn!])).values()];
    const targetGroups = [...new Map(data.targetGroups.map((g) => [g.Protocol, g.TargetGroupArn!])).values()];
    const classic = data.classicLoadBalancers[0].LoadBalancerName!;
    const deleted = `${ARN}:loadbalancer/app/deleted/0000000000000000`;

    endpoint.calls.length = 0;
    const targeted = await collectTargets([elbv2Collector, elbCollector], { [LOAD_BALANCER]: [...loadBalancers, deleted], [TARGET_GROUP]: targetGroups, [CLASSIC]: [classic] }, [endpoint.plugin]);
    expect(targeted.errors).toEqual([]);
    const expected = full.resources.filter((r) => loadBalancers.includes(r.arn!) || targetGroups.includes(r.arn!) || (r.type === CLASSIC && r.id === classic));
    expect(expected).toHaveLength(loadBalancers.length + targetGroups.length + 1);
    expect(targeted.resources).toEqual(expected);
    const describes = endpoint.calls.filter((c) => c.operation === "DescribeLoadBalancers" || c.operation === "DescribeTargetGroups");
    expect(describes).toHaveLength(loadBalancers.length + 1 + targetGroups.length + 1);
    expect(describes.filter((c) => c.outcome === "error").map((c) => c.code)).toEqual(["LoadBalancerNotFound"]);
  });
});
