import { beforeEach, describe, expect, it } from "@jest/globals";
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
import type {
  DescribeListenersInput,
  DescribeLoadBalancersInput,
  DescribeSSLPoliciesInput,
  DescribeTagsInput,
  DescribeTargetGroupsInput,
  Listener,
  LoadBalancer,
  LoadBalancerAttribute,
  SslPolicy,
  Tag,
  TargetGroup,
  TargetGroupAttribute,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { elbv2Collector } from "../../../src/collect/elb/v2.js";
import type { LoadBalancerV2Attributes, TargetGroupAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { collectAccount } from "../../../src/collect/run.js";
import { accessDenied, collectWith, testCredentials } from "../../support/collect.js";
import { pageAt } from "../recorded-pages.js";
import { PER_RESOURCE_CONCURRENCY } from "../../../src/collect/partial-reads.js";
import { unreadableError } from "../../support/builders.js";

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

// Shapes as documented for DescribeLoadBalancers, DescribeListeners, DescribeTargetGroups and their attributes.
const albArn = `${ARN}:loadbalancer/app/web-alb/50dc6c495c0c9188`;
const nlbArn = `${ARN}:loadbalancer/net/api-nlb/8f2a4b6c8d0e1f23`;
const webTgArn = `${ARN}:targetgroup/web-tg/73e2d6bc24d8a067`;
const apiTgArn = `${ARN}:targetgroup/api-tg/1a2b3c4d5e6f7a8b`;
const spareTgArn = `${ARN}:targetgroup/spare-grpc-tg/9c8b7a6d5e4f3a2b`;

const alb: LoadBalancer = {
  LoadBalancerArn: albArn,
  DNSName: "web-alb-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneId: "Z35SXDOTRQ7X7K",
  CreatedTime: new Date("2026-01-10T10:00:00Z"),
  LoadBalancerName: "web-alb",
  Scheme: "internet-facing",
  VpcId: "vpc-0a1b2c3d4e5f60001",
  State: { Code: "active" },
  Type: "application",
  AvailabilityZones: [
    { ZoneName: "us-east-1b", SubnetId: "subnet-0b000000000000002", LoadBalancerAddresses: [] },
    { ZoneName: "us-east-1a", SubnetId: "subnet-0a000000000000001", LoadBalancerAddresses: [] },
  ],
  SecurityGroups: ["sg-0b00000000000a1b2", "sg-0a00000000000a1b1"],
  IpAddressType: "ipv4",
};

const nlb: LoadBalancer = {
  LoadBalancerArn: nlbArn,
  DNSName: "api-nlb-8f2a4b6c8d0e1f23.elb.us-east-1.amazonaws.com",
  CanonicalHostedZoneId: "Z26RNL4JYFTOTI",
  CreatedTime: new Date("2026-01-11T10:00:00Z"),
  LoadBalancerName: "api-nlb",
  Scheme: "internal",
  VpcId: "vpc-0a1b2c3d4e5f60001",
  State: { Code: "active" },
  Type: "network",
  AvailabilityZones: [{ ZoneName: "us-east-1a", SubnetId: "subnet-0a000000000000001", LoadBalancerAddresses: [{ PrivateIPv4Address: "10.0.1.10" }] }],
  IpAddressType: "ipv4",
};

const httpRedirect: Listener = {
  ListenerArn: `${ARN}:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  LoadBalancerArn: albArn,
  Port: 80,
  Protocol: "HTTP",
  DefaultActions: [
    {
      Type: "redirect",
      Order: 1,
      RedirectConfig: { Protocol: "HTTPS", Port: "443", Host: "#{host}", Path: "/#{path}", Query: "#{query}", StatusCode: "HTTP_301" },
    },
  ],
};

const httpsForward: Listener = {
  ListenerArn: `${ARN}:listener/app/web-alb/50dc6c495c0c9188/0467ef3c8400ae65`,
  LoadBalancerArn: albArn,
  Port: 443,
  Protocol: "HTTPS",
  SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  Certificates: [{ CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/3b1c2d4e-0000-4000-8000-000000000443" }],
  DefaultActions: [
    {
      Type: "forward",
      TargetGroupArn: webTgArn,
      Order: 1,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: webTgArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    },
  ],
};

const tcpForward: Listener = {
  ListenerArn: `${ARN}:listener/net/api-nlb/8f2a4b6c8d0e1f23/6e5d4c3b2a190817`,
  LoadBalancerArn: nlbArn,
  Port: 443,
  Protocol: "TCP",
  DefaultActions: [{ Type: "forward", TargetGroupArn: apiTgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: apiTgArn, Weight: 1 }] } }],
};

const webTg: TargetGroup = {
  TargetGroupArn: webTgArn,
  TargetGroupName: "web-tg",
  Protocol: "HTTP",
  Port: 80,
  VpcId: "vpc-0a1b2c3d4e5f60001",
  HealthCheckProtocol: "HTTP",
  HealthCheckPort: "traffic-port",
  HealthCheckEnabled: true,
  HealthCheckIntervalSeconds: 30,
  HealthCheckTimeoutSeconds: 5,
  HealthyThresholdCount: 5,
  UnhealthyThresholdCount: 2,
  HealthCheckPath: "/health",
  Matcher: { HttpCode: "200" },
  LoadBalancerArns: [albArn],
  TargetType: "instance",
  ProtocolVersion: "HTTP1",
  IpAddressType: "ipv4",
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

const spareTg: TargetGroup = {
  ...webTg,
  TargetGroupArn: spareTgArn,
  TargetGroupName: "spare-grpc-tg",
  Protocol: "HTTPS",
  Port: 50051,
  HealthCheckProtocol: "HTTPS",
  HealthCheckPath: "/AWS.ALB/healthcheck",
  Matcher: { GrpcCode: "12" },
  ProtocolVersion: "GRPC",
  LoadBalancerArns: [],
};

interface Account {
  /** Pages of each list operation. */
  loadBalancers: LoadBalancer[][];
  targetGroups: TargetGroup[][];
  listeners: Record<string, Listener[][]>;
  loadBalancerAttributes: Record<string, LoadBalancerAttribute[]>;
  targetGroupAttributes: Record<string, TargetGroupAttribute[]>;
  tags: Record<string, Tag[]>;
}

const webAccount = (): Account => ({
  loadBalancers: [[alb], [nlb]],
  targetGroups: [[webTg, apiTg], [spareTg]],
  listeners: { [albArn]: [[httpRedirect], [httpsForward]], [nlbArn]: [[tcpForward]] },
  loadBalancerAttributes: {
    [albArn]: [
      { Key: "deletion_protection.enabled", Value: "true" },
      { Key: "load_balancing.cross_zone.enabled", Value: "true" },
      { Key: "idle_timeout.timeout_seconds", Value: "60" },
      { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
    ],
    [nlbArn]: [
      { Key: "deletion_protection.enabled", Value: "false" },
      { Key: "load_balancing.cross_zone.enabled", Value: "true" },
      { Key: "access_logs.s3.enabled", Value: "false" },
    ],
  },
  targetGroupAttributes: {
    [webTgArn]: [
      { Key: "load_balancing.cross_zone.enabled", Value: "use_load_balancer_configuration" },
      { Key: "deregistration_delay.timeout_seconds", Value: "300" },
    ],
    [apiTgArn]: [{ Key: "load_balancing.cross_zone.enabled", Value: "true" }],
    [spareTgArn]: [{ Key: "load_balancing.cross_zone.enabled", Value: "false" }],
  },
  tags: { [albArn]: [{ Key: "Name", Value: "web" }], [webTgArn]: [{ Key: "tier", Value: "web" }] },
});

/** DescribeSSLPolicies' answer (two of the region's policies, ciphers shortened), in the pages it is served in. */
const sslPolicy = (name: string, protocols: string[]): SslPolicy => ({
  Name: name,
  SslProtocols: protocols,
  Ciphers: [{ Name: "ECDHE-ECDSA-AES128-GCM-SHA256", Priority: 1 }],
  SupportedLoadBalancerTypes: ["application", "network"],
});
let sslPolicyPages: SslPolicy[][] = [];
const DEFAULT_POLICY_PAGES = [[sslPolicy("ELBSecurityPolicy-TLS13-1-2-2021-06", ["TLSv1.3", "TLSv1.2"]), sslPolicy("ELBSecurityPolicy-2016-08", ["TLSv1", "TLSv1.1", "TLSv1.2"])]];

/** Serves `account` and records each request, copied at call time. */
function serve(account: Account) {
  const requests = {
    sslPolicies: [] as DescribeSSLPoliciesInput[],
    loadBalancers: [] as DescribeLoadBalancersInput[],
    targetGroups: [] as DescribeTargetGroupsInput[],
    listeners: [] as DescribeListenersInput[],
    tags: [] as DescribeTagsInput[],
  };
  elbv2.on(DescribeLoadBalancersCommand).callsFake((input: DescribeLoadBalancersInput) => {
    requests.loadBalancers.push({ ...input });
    const { items, NextMarker } = pageAt(account.loadBalancers, input.Marker);
    return { LoadBalancers: items, NextMarker };
  });
  elbv2.on(DescribeTargetGroupsCommand).callsFake((input: DescribeTargetGroupsInput) => {
    requests.targetGroups.push({ ...input });
    const { items, NextMarker } = pageAt(account.targetGroups, input.Marker);
    return { TargetGroups: items, NextMarker };
  });
  elbv2.on(DescribeListenersCommand).callsFake((input: DescribeListenersInput) => {
    requests.listeners.push({ ...input });
    const { items, NextMarker } = pageAt(account.listeners[input.LoadBalancerArn!] ?? [], input.Marker);
    return { Listeners: items, NextMarker };
  });
  elbv2.on(DescribeLoadBalancerAttributesCommand).callsFake(({ LoadBalancerArn }) => ({ Attributes: account.loadBalancerAttributes[LoadBalancerArn!] ?? [] }));
  elbv2.on(DescribeTargetGroupAttributesCommand).callsFake(({ TargetGroupArn }) => ({ Attributes: account.targetGroupAttributes[TargetGroupArn!] ?? [] }));
  elbv2.on(DescribeTagsCommand).callsFake((input: DescribeTagsInput) => {
    requests.tags.push({ ...input });
    return { TagDescriptions: input.ResourceArns!.map((arn) => ({ ResourceArn: arn, Tags: account.tags[arn] ?? [] })) };
  });
  elbv2.on(DescribeSSLPoliciesCommand).callsFake((input: DescribeSSLPoliciesInput) => {
    requests.sslPolicies.push({ ...input });
    const { items, NextMarker } = pageAt(sslPolicyPages, input.Marker);
    return { SslPolicies: items, NextMarker };
  });
  return requests;
}

const byId = <A>(resources: ResourceRecord[], type: string, id: string) =>
  resources.find((r) => r.type === type && r.id === id) as ResourceRecord<A>;

describe("elbv2 collector", () => {
  beforeEach(() => {
    elbv2.reset();
    sslPolicyPages = DEFAULT_POLICY_PAGES;
  });

  it("follows NextMarker over several pages of load balancers, target groups and listeners at PageSize 400", async () => {
    const requests = serve(webAccount());
    const snapshot = await collectWith([elbv2Collector]);
    expect(snapshot.errors).toEqual([]);
    expect(requests.loadBalancers).toEqual([{ PageSize: 400 }, { PageSize: 400, Marker: "1" }]);
    expect(requests.targetGroups).toEqual([{ PageSize: 400 }, { PageSize: 400, Marker: "1" }]);
    expect(requests.listeners.filter((r) => r.LoadBalancerArn === albArn)).toEqual([
      { LoadBalancerArn: albArn, PageSize: 400 },
      { LoadBalancerArn: albArn, PageSize: 400, Marker: "1" },
    ]);
    expect(snapshot.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      `${LOAD_BALANCER} api-nlb`,
      `${LOAD_BALANCER} web-alb`,
      `${TARGET_GROUP} api-tg`,
      `${TARGET_GROUP} spare-grpc-tg`,
      `${TARGET_GROUP} web-tg`,
    ]);
  });

  it("normalizes an ALB with an HTTP listener redirecting to HTTPS and an HTTPS listener forwarding", async () => {
    serve(webAccount());
    const { resources } = await collectWith([elbv2Collector]);
    const web = byId<LoadBalancerV2Attributes>(resources, LOAD_BALANCER, "web-alb");
    expect(web).toEqual({
      type: LOAD_BALANCER,
      id: "web-alb",
      arn: albArn,
      accountId: "123456789012",
      region: "us-east-1",
      name: "web-alb",
      tags: { Name: "web" },
      attributes: {
        loadBalancerType: "application",
        scheme: "internet-facing",
        vpcId: "vpc-0a1b2c3d4e5f60001",
        dnsName: "web-alb-1234567890.us-east-1.elb.amazonaws.com",
        ipAddressType: "ipv4",
        availabilityZones: [
          { zoneName: "us-east-1a", subnetId: "subnet-0a000000000000001" },
          { zoneName: "us-east-1b", subnetId: "subnet-0b000000000000002" },
        ],
        securityGroups: ["sg-0a00000000000a1b1", "sg-0b00000000000a1b2"],
        listeners: [
          {
            arn: httpRedirect.ListenerArn!,
            port: 80,
            protocol: "HTTP",
            certificateArns: [],
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", host: "#{host}", path: "/#{path}", statusCode: "HTTP_301" } }],
          },
          {
            arn: httpsForward.ListenerArn!,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/3b1c2d4e-0000-4000-8000-000000000443"],
            defaultActions: [{ type: "forward", targetGroupArn: webTgArn, forwardTargetGroupArns: [webTgArn] }],
          },
        ],
        sslPolicies: [{ name: "ELBSecurityPolicy-TLS13-1-2-2021-06", protocols: ["TLSv1.2", "TLSv1.3"] }],
        // ALBs always balance across zones: their attributes are not read at all.
      } satisfies LoadBalancerV2Attributes,
    });
  });

  it("records an NLB's cross-zone attribute as returned", async () => {
    const account = webAccount();
    serve(account);
    const on = await collectWith([elbv2Collector]);
    expect(byId<LoadBalancerV2Attributes>(on.resources, LOAD_BALANCER, "api-nlb").attributes).toMatchObject({
      loadBalancerType: "network",
      crossZoneEnabled: true,
      deletionProtection: false,
      securityGroups: [],
      listeners: [{ port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: apiTgArn }] }],
    });

    elbv2.reset();
    account.loadBalancerAttributes[nlbArn] = [{ Key: "load_balancing.cross_zone.enabled", Value: "false" }];
    serve(account);
    const off = await collectWith([elbv2Collector]);
    expect(byId<LoadBalancerV2Attributes>(off.resources, LOAD_BALANCER, "api-nlb").attributes.crossZoneEnabled).toBe(false);
  });

  it("normalizes target groups, including one used by no load balancer", async () => {
    serve(webAccount());
    const { resources } = await collectWith([elbv2Collector]);
    expect(byId<TargetGroupAttributes>(resources, TARGET_GROUP, "web-tg")).toMatchObject({
      arn: webTgArn,
      tags: { tier: "web" },
      attributes: {
        protocol: "HTTP",
        port: 80,
        targetType: "instance",
        vpcId: "vpc-0a1b2c3d4e5f60001",
        loadBalancerArns: [albArn],
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: "/health",
          matcher: "200",
          intervalSeconds: 30,
          timeoutSeconds: 5,
          healthyThreshold: 5,
          unhealthyThreshold: 2,
        },
        // An HTTP target group belongs to an ALB, which always balances across zones: not read.
      } satisfies TargetGroupAttributes,
    });
    const spare = byId<TargetGroupAttributes>(resources, TARGET_GROUP, "spare-grpc-tg").attributes;
    expect(spare.loadBalancerArns).toEqual([]);
    expect(spare.healthCheck.matcher).toBe("12");
    expect(spare).not.toHaveProperty("crossZone");
    const api = byId<TargetGroupAttributes>(resources, TARGET_GROUP, "api-tg").attributes;
    expect(api.healthCheck).not.toHaveProperty("path");
    expect(api.healthCheck).not.toHaveProperty("matcher");
    // A TCP target group serves an NLB, whose cross-zone setting it may override: read.
    expect(api.crossZone).toEqual(expect.any(String));
  });

  it("asks DescribeTags for at most 20 ARNs at a time", async () => {
    const account = webAccount();
    const extra = Array.from({ length: 23 }, (_, i): TargetGroup => ({
      ...apiTg,
      TargetGroupName: `batch-tg-${i}`,
      TargetGroupArn: `${ARN}:targetgroup/batch-tg-${i}/0000000000000${i.toString(16).padStart(3, "0")}`,
      LoadBalancerArns: [],
    }));
    account.targetGroups = [extra];
    for (const group of extra) account.tags[group.TargetGroupArn!] = [{ Key: "Name", Value: group.TargetGroupName! }];
    const requests = serve(account);
    const { resources, errors } = await collectWith([elbv2Collector]);
    expect(errors).toEqual([]);
    const asked = requests.tags.map((r) => r.ResourceArns!);
    expect(asked.map((arns) => arns.length).sort((a, b) => a - b)).toEqual([5, 20]);
    expect(asked.flat().sort()).toEqual(resources.map((r) => r.arn).sort());
    for (const group of resources.filter((r) => r.type === TARGET_GROUP)) expect(group.tags).toEqual({ Name: group.id });
  });

  it("keeps the load balancers when DescribeListeners is denied, with one error naming the load balancer type", async () => {
    serve(webAccount());
    elbv2.on(DescribeListenersCommand).rejects(accessDenied("elasticloadbalancing:DescribeListeners"));
    const snapshot = await collectWith([elbv2Collector]);
    expect(snapshot.errors).toEqual([
      {
        service: "elbv2",
        region: "us-east-1",
        operation: "DescribeListeners",
        code: "AccessDenied",
        message: expect.stringMatching(/^failed for 2 of 2 \(api-nlb, web-alb\): .*not authorized to perform: elasticloadbalancing:DescribeListeners/),
        resourceTypes: [LOAD_BALANCER],
      },
    ]);
    const web = byId<LoadBalancerV2Attributes>(snapshot.resources, LOAD_BALANCER, "web-alb");
    expect(web.attributes).toMatchObject({ listeners: [] });
    // The NLB's cross-zone setting is still read.
    expect(byId<LoadBalancerV2Attributes>(snapshot.resources, LOAD_BALANCER, "api-nlb").attributes.crossZoneEnabled).toEqual(expect.any(Boolean));
    expect(snapshot.resources.filter((r) => r.type === LOAD_BALANCER)).toHaveLength(2);
    expect(snapshot.resources.filter((r) => r.type === TARGET_GROUP)).toHaveLength(3);
  });

  it("reports a DescribeTags failure once, naming both types, and keeps the untagged records", async () => {
    serve(webAccount());
    elbv2.on(DescribeTagsCommand).rejects(accessDenied("elasticloadbalancing:DescribeTags"));
    const snapshot = await collectWith([elbv2Collector]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeTags", code: "AccessDenied", resourceTypes: [LOAD_BALANCER, TARGET_GROUP] })]);
    expect(snapshot.resources).toHaveLength(5);
    expect(snapshot.resources).not.toHaveLength(0);
    expect(snapshot.resources.every((r) => Object.keys(r.tags).length === 0)).toBe(true);
  });

  it(`keeps at most ${PER_RESOURCE_CONCURRENCY} per-resource requests in flight`, async () => {
    const account = webAccount();
    account.loadBalancers = [
      Array.from({ length: 12 }, (_, i): LoadBalancer => ({ ...alb, LoadBalancerName: `web-${i}`, LoadBalancerArn: `${ARN}:loadbalancer/app/web-${i}/00000000000000${i}` })),
    ];
    serve(account);
    let inFlight = 0;
    let most = 0;
    const slowly = async <T>(value: T): Promise<T> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return value;
    };
    elbv2.on(DescribeListenersCommand).callsFake(() => slowly({ Listeners: [] }));
    elbv2.on(DescribeLoadBalancerAttributesCommand).callsFake(() => slowly({ Attributes: [] }));
    elbv2.on(DescribeTargetGroupAttributesCommand).callsFake(() => slowly({ Attributes: [] }));
    const { errors } = await collectWith([elbv2Collector]);
    expect(errors).toEqual([]);
    expect(most).toBe(PER_RESOURCE_CONCURRENCY);
  });

  describe("with one malformed item among good ones", () => {
    let clean: ResourceRecord[];
    beforeEach(async () => {
      serve(webAccount());
      clean = (await collectWith([elbv2Collector])).resources;
      elbv2.reset();
    });
    const record = (resources: ResourceRecord[], type: string, id: string) => resources.find((r) => r.type === type && r.id === id)!;
    const others = (resources: ResourceRecord[], id: string) => resources.filter((r) => r.id !== id);
    const withoutKey = (attributes: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(attributes).filter(([k]) => k !== key));

    it("skips a load balancer without its ARN, names it in one error that leaves load balancers incomplete, and keeps the rest", async () => {
      const account = webAccount();
      account.loadBalancers = [[{ ...alb, LoadBalancerArn: undefined }], [nlb]];
      serve(account);
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([
        { service: "elbv2", region: "us-east-1", operation: "DescribeLoadBalancers", code: "MalformedResponse", message: `1 ${LOAD_BALANCER} item skipped: no LoadBalancerArn`, resourceTypes: [LOAD_BALANCER] },
      ]);
      // The target groups keep their tags; only the skipped load balancer is missing.
      expect(snapshot.resources).toEqual(others(clean, "web-alb"));
    });

    it("keeps a load balancer without its Type with only loadBalancerType unreadable", async () => {
      const account = webAccount();
      account.loadBalancers = [[{ ...alb, Type: undefined }], [nlb]];
      serve(account);
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ operation: "DescribeLoadBalancers", code: "MalformedResponse", resourceTypes: [LOAD_BALANCER], resourceIds: ["web-alb"], message: "read with attributes missing: web-alb (Type missing)" }),
      ]);
      const web = record(clean, LOAD_BALANCER, "web-alb");
      // Not known to be an ALB, its attributes are read: deletion protection is recorded, cross-zone (set only for NLBs and GWLBs) is not.
      const attributes = { ...withoutKey(web.attributes, "loadBalancerType"), deletionProtection: true };
      expect(record(snapshot.resources, LOAD_BALANCER, "web-alb")).toEqual({ ...web, attributes, unreadable: [{ attribute: "loadBalancerType", field: "Type" }] });
      expect(others(snapshot.resources, "web-alb")).toEqual(others(clean, "web-alb"));
    });

    it("keeps a load balancer whose listener lacks an action's type, with only its listeners unreadable and the read not failed", async () => {
      const account = webAccount();
      const broken: Listener = { ...httpsForward, DefaultActions: [{ ...httpsForward.DefaultActions![0]!, Type: undefined }] };
      account.listeners[albArn] = [[httpRedirect], [broken]];
      serve(account);
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([
        unreadableError("elbv2", "DescribeListeners", LOAD_BALANCER, "web-alb", "DefaultActions.Type"),
      ]);
      const web = record(clean, LOAD_BALANCER, "web-alb");
      // Without its listeners, no policy of them is known either.
      expect(record(snapshot.resources, LOAD_BALANCER, "web-alb")).toEqual({
        ...web,
        attributes: withoutKey(withoutKey(web.attributes, "listeners"), "sslPolicies"),
        unreadable: [{ attribute: "listeners", field: "DefaultActions.Type" }],
      });
      expect(others(snapshot.resources, "web-alb")).toEqual(others(clean, "web-alb"));
    });

    it("keeps a target group without HealthCheckEnabled with only its health check unreadable, and skips one without its ARN", async () => {
      const account = webAccount();
      account.targetGroups = [[{ ...webTg, HealthCheckEnabled: undefined }, apiTg], [{ ...spareTg, TargetGroupArn: undefined }]];
      serve(account);
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([
        unreadableError("elbv2", "DescribeTargetGroups", TARGET_GROUP, "web-tg", "HealthCheckEnabled"),
        { service: "elbv2", region: "us-east-1", operation: "DescribeTargetGroups", code: "MalformedResponse", message: `1 ${TARGET_GROUP} item skipped: no TargetGroupArn`, resourceTypes: [TARGET_GROUP] },
      ]);
      const web = record(clean, TARGET_GROUP, "web-tg");
      expect(record(snapshot.resources, TARGET_GROUP, "web-tg")).toEqual({ ...web, attributes: withoutKey(web.attributes, "healthCheck"), unreadable: [{ attribute: "healthCheck", field: "HealthCheckEnabled" }] });
      expect(others(snapshot.resources, "web-tg")).toEqual(others(clean, "web-tg").filter((r) => r.id !== "spare-grpc-tg"));
    });
  });

  describe("security policies (elbv2.sslPolicies)", () => {
    const tlsNlb = (policy: string): Listener => ({ ...tcpForward, ListenerArn: `${tcpForward.ListenerArn}1`, Protocol: "TLS", SslPolicy: policy, Certificates: httpsForward.Certificates });

    it("lists every policy once per region, following NextMarker at PageSize 400, and gives each load balancer the protocols of the policies it names", async () => {
      const account = webAccount();
      account.listeners[nlbArn] = [[tcpForward, tlsNlb("ELBSecurityPolicy-2016-08")]];
      sslPolicyPages = [[DEFAULT_POLICY_PAGES[0]![0]!], [DEFAULT_POLICY_PAGES[0]![1]!]];
      const requests = serve(account);
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([]);
      expect(requests.sslPolicies).toEqual([{ PageSize: 400 }, { PageSize: 400, Marker: "1" }]);
      expect(byId<LoadBalancerV2Attributes>(snapshot.resources, LOAD_BALANCER, "web-alb").attributes.sslPolicies).toEqual([
        { name: "ELBSecurityPolicy-TLS13-1-2-2021-06", protocols: ["TLSv1.2", "TLSv1.3"] },
      ]);
      expect(byId<LoadBalancerV2Attributes>(snapshot.resources, LOAD_BALANCER, "api-nlb").attributes.sslPolicies).toEqual([
        { name: "ELBSecurityPolicy-2016-08", protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] },
      ]);
    });

    it("makes one listing per audited region", async () => {
      const requests = serve(webAccount());
      await collectWith([elbv2Collector], ["us-east-1", "eu-west-1"]);
      expect(requests.sslPolicies).toEqual([{ PageSize: 400 }, { PageSize: 400 }]);
    });

    it("leaves out a policy the listing does not know, for the rule to say so", async () => {
      const account = webAccount();
      account.listeners[nlbArn] = [[tlsNlb("ELBSecurityPolicy-TLS13-1-3-FIPS-2099-01")]];
      serve(account);
      const { resources, errors } = await collectWith([elbv2Collector]);
      expect(errors).toEqual([]);
      expect(byId<LoadBalancerV2Attributes>(resources, LOAD_BALANCER, "api-nlb").attributes.sslPolicies).toEqual([]);
    });

    it("when denied, marks only the load balancers with HTTPS or TLS listeners unreadable and names them, leaving the type complete", async () => {
      serve(webAccount());
      elbv2.on(DescribeSSLPoliciesCommand).rejects(accessDenied("elasticloadbalancing:DescribeSSLPolicies"));
      const snapshot = await collectWith([elbv2Collector]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ service: "elbv2", operation: "DescribeSSLPolicies", code: "AccessDenied", resourceTypes: [LOAD_BALANCER], resourceIds: ["web-alb"] }),
      ]);
      const web = byId<LoadBalancerV2Attributes>(snapshot.resources, LOAD_BALANCER, "web-alb");
      expect(web.unreadable).toEqual([{ attribute: "sslPolicies", field: "DescribeSSLPolicies (AccessDenied)" }]);
      expect(web.attributes).not.toHaveProperty("sslPolicies");
      // The NLB has only a TCP listener: nothing of it depended on the call.
      expect(byId(snapshot.resources, LOAD_BALANCER, "api-nlb")).not.toHaveProperty("unreadable");
    });

    it("makes no call when no enabled rule needs the policies, nor in a region without an HTTPS or TLS listener", async () => {
      const requests = serve(webAccount());
      const snapshot = await collectAccount({ accountId: "123456789012", regions: ["us-east-1"], collectors: [elbv2Collector], credentials: testCredentials, reads: [], now: () => new Date("2026-11-01T02:00:00.000Z") });
      expect(requests.sslPolicies).toEqual([]);
      expect(byId(snapshot.resources, LOAD_BALANCER, "web-alb").attributes).not.toHaveProperty("sslPolicies");
      elbv2.reset();
      const account = webAccount();
      account.listeners[albArn] = [[httpRedirect]];
      const again = serve(account);
      await collectWith([elbv2Collector]);
      expect(again.sslPolicies).toEqual([]);
    });
  });
});
