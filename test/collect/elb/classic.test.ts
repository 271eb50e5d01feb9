import { beforeEach, describe, expect, it } from "@jest/globals";
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
} from "@aws-sdk/client-elastic-load-balancing";
import type {
  DescribeAccessPointsInput,
  DescribeLoadBalancerPoliciesInput,
  DescribeTagsInput,
  HealthCheck,
  LoadBalancerAttributes,
  LoadBalancerDescription,
  PolicyDescription,
  Tag,
} from "@aws-sdk/client-elastic-load-balancing";
import { mockClient } from "aws-sdk-client-mock";
import { elbCollector } from "../../../src/collect/elb/classic.js";
import type { ClassicLoadBalancerAttributes, ClassicLoadBalancerState } from "../../../src/types/attributes.js";
import { collectAccount } from "../../../src/collect/run.js";
import { accessDenied, collectWith, testCredentials } from "../../support/collect.js";
import { awsError } from "../../support/fake-aws.js";
import { pageAt } from "../recorded-pages.js";

const elb = mockClient(ElasticLoadBalancingClient);
const TYPE = "AWS::ElasticLoadBalancing::LoadBalancer";

// Shapes as documented for DescribeLoadBalancers and DescribeLoadBalancerAttributes (classic).
const legacyWeb: LoadBalancerDescription = {
  LoadBalancerName: "legacy-web",
  DNSName: "legacy-web-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneName: "legacy-web-1234567890.us-east-1.elb.amazonaws.com",
  CanonicalHostedZoneNameID: "Z35SXDOTRQ7X7K",
  ListenerDescriptions: [
    {
      Listener: {
        Protocol: "HTTPS",
        LoadBalancerPort: 443,
        InstanceProtocol: "HTTP",
        InstancePort: 80,
        SSLCertificateId: "arn:aws:acm:us-east-1:123456789012:certificate/3b1c2d4e-0000-4000-8000-000000000443",
      },
      PolicyNames: ["ELBSecurityPolicy-TLS-1-2-2017-01"],
    },
    { Listener: { Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 80 }, PolicyNames: [] },
  ],
  Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: ["ELBSecurityPolicy-TLS-1-2-2017-01"] },
  BackendServerDescriptions: [],
  AvailabilityZones: ["us-east-1b", "us-east-1a"],
  Subnets: ["subnet-0b000000000000002", "subnet-0a000000000000001"],
  VPCId: "vpc-0a1b2c3d4e5f60001",
  Instances: [{ InstanceId: "i-0b00000000000002" }, { InstanceId: "i-0a00000000000001" }],
  HealthCheck: { Target: "HTTP:80/health", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
  SourceSecurityGroup: { OwnerAlias: "123456789012", GroupName: "legacy-web-elb" },
  SecurityGroups: ["sg-0c00000000000e1b1"],
  CreatedTime: new Date("2019-05-01T10:00:00Z"),
  Scheme: "internet-facing",
};

const crossZoneOn: LoadBalancerAttributes = {
  CrossZoneLoadBalancing: { Enabled: true },
  AccessLog: { Enabled: false },
  ConnectionDraining: { Enabled: true, Timeout: 300 },
  ConnectionSettings: { IdleTimeout: 60 },
  AdditionalAttributes: [{ Key: "elb.http.desyncmitigationmode", Value: "defensive" }],
};

/**
 * DescribeLoadBalancerPolicies' answer for a policy made from a predefined one:
 * AWS copies its Protocol-* and cipher attributes beside the reference.
 */
function negotiation(name: string, enabled: string[], reference?: string): PolicyDescription {
  return {
    PolicyName: name,
    PolicyTypeName: "SSLNegotiationPolicyType",
    PolicyAttributeDescriptions: [
      ...(reference ? [{ AttributeName: "Reference-Security-Policy", AttributeValue: reference }] : []),
      ...["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"].map((p) => ({ AttributeName: `Protocol-${p}`, AttributeValue: String(enabled.includes(p)) })),
      { AttributeName: "Server-Defined-Cipher-Order", AttributeValue: "true" },
      { AttributeName: "ECDHE-ECDSA-AES128-GCM-SHA256", AttributeValue: "true" },
    ],
  };
}

const tls12Copy = negotiation("ELBSecurityPolicy-TLS-1-2-2017-01", ["TLSv1.2"], "ELBSecurityPolicy-TLS-1-2-2017-01");
const stickiness: PolicyDescription = { PolicyName: "sticky", PolicyTypeName: "LBCookieStickinessPolicyType", PolicyAttributeDescriptions: [{ AttributeName: "CookieExpirationPeriod", AttributeValue: "300" }] };
/** The predefined policies, as DescribeLoadBalancerPolicies describes them without a load balancer name. */
const PREDEFINED: PolicyDescription[] = [negotiation("ELBSecurityPolicy-2016-08", ["TLSv1", "TLSv1.1", "TLSv1.2"]), negotiation("ELBSecurityPolicy-TLS-1-2-2017-01", ["TLSv1.2"])];

interface Account {
  loadBalancers: LoadBalancerDescription[][];
  attributes: Record<string, LoadBalancerAttributes>;
  tags: Record<string, Tag[]>;
  policies: Record<string, PolicyDescription[]>;
}

const webAccount = (): Account => ({
  loadBalancers: [[legacyWeb]],
  attributes: { "legacy-web": crossZoneOn },
  tags: { "legacy-web": [{ Key: "Name", Value: "legacy" }, { Key: "app", Value: "shop" }] },
  policies: { "legacy-web": [tls12Copy] },
});

/** Serves `account` and records each list and tag request, copied at call time. */
function serve(account: Account) {
  const requests = { loadBalancers: [] as DescribeAccessPointsInput[], tags: [] as DescribeTagsInput[], policies: [] as DescribeLoadBalancerPoliciesInput[] };
  elb.on(DescribeLoadBalancersCommand).callsFake((input: DescribeAccessPointsInput) => {
    requests.loadBalancers.push({ ...input });
    const { items, NextMarker } = pageAt(account.loadBalancers, input.Marker);
    return { LoadBalancerDescriptions: items, NextMarker };
  });
  elb.on(DescribeLoadBalancerAttributesCommand).callsFake(({ LoadBalancerName }) => ({ LoadBalancerAttributes: account.attributes[LoadBalancerName!] ?? {} }));
  elb.on(DescribeLoadBalancerPoliciesCommand).callsFake((input: DescribeLoadBalancerPoliciesInput) => {
    requests.policies.push({ ...input });
    const policies = input.LoadBalancerName ? (account.policies[input.LoadBalancerName] ?? []) : PREDEFINED;
    const missing = input.PolicyNames?.find((name) => !policies.some((p) => p.PolicyName === name));
    if (missing) throw awsError("PolicyNotFound", `There is no policy with name ${missing}`, 400);
    return { PolicyDescriptions: input.PolicyNames ? policies.filter((p) => input.PolicyNames!.includes(p.PolicyName!)) : policies };
  });
  elb.on(DescribeTagsCommand).callsFake((input: DescribeTagsInput) => {
    requests.tags.push({ ...input });
    return { TagDescriptions: input.LoadBalancerNames!.map((name) => ({ LoadBalancerName: name, Tags: account.tags[name] ?? [] })) };
  });
  return requests;
}

const named = (name: string): LoadBalancerDescription => ({ ...legacyWeb, LoadBalancerName: name, DNSName: `${name}-1.us-east-1.elb.amazonaws.com` });

describe("elb (classic) collector", () => {
  beforeEach(() => {
    elb.reset();
  });

  it("follows NextMarker at PageSize 400 and asks DescribeTags for at most 20 names at a time", async () => {
    const account = webAccount();
    const others = Array.from({ length: 20 }, (_, i) => named(`site-${String(i).padStart(2, "0")}`));
    account.loadBalancers = [[legacyWeb, ...others.slice(0, 10)], others.slice(10)];
    for (const lb of others) account.tags[lb.LoadBalancerName!] = [{ Key: "Name", Value: lb.LoadBalancerName! }];
    const requests = serve(account);
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.errors).toEqual([]);
    expect(requests.loadBalancers).toEqual([{ PageSize: 400 }, { PageSize: 400, Marker: "1" }]);
    expect(snapshot.resources).toHaveLength(21);
    const asked = requests.tags.map((r) => r.LoadBalancerNames!);
    expect(asked.map((names) => names.length).sort((a, b) => a - b)).toEqual([1, 20]);
    expect(asked.flat().sort()).toEqual(snapshot.resources.map((r) => r.id).sort());
    for (const lb of snapshot.resources.filter((r) => r.id !== "legacy-web")) expect(lb.tags).toEqual({ Name: lb.id });
  });

  it("normalizes a classic load balancer with its health check, cross-zone setting and instances", async () => {
    serve(webAccount());
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.resources).toEqual([
      {
        type: TYPE,
        id: "legacy-web",
        arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-web",
        accountId: "123456789012",
        region: "us-east-1",
        name: "legacy-web",
        tags: { Name: "legacy", app: "shop" },
        attributes: {
          scheme: "internet-facing",
          vpcId: "vpc-0a1b2c3d4e5f60001",
          dnsName: "legacy-web-1234567890.us-east-1.elb.amazonaws.com",
          availabilityZones: ["us-east-1a", "us-east-1b"],
          subnets: ["subnet-0a000000000000001", "subnet-0b000000000000002"],
          securityGroups: ["sg-0c00000000000e1b1"],
          listeners: [
            { protocol: "HTTP", loadBalancerPort: 80, instanceProtocol: "HTTP", instancePort: 80, policyNames: [] },
            {
              protocol: "HTTPS",
              loadBalancerPort: 443,
              instanceProtocol: "HTTP",
              instancePort: 80,
              sslCertificateId: "arn:aws:acm:us-east-1:123456789012:certificate/3b1c2d4e-0000-4000-8000-000000000443",
              policyNames: ["ELBSecurityPolicy-TLS-1-2-2017-01"],
            },
          ],
          healthCheck: { target: "HTTP:80/health", interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10 },
          crossZoneEnabled: true,
          sslPolicies: [{ name: "ELBSecurityPolicy-TLS-1-2-2017-01", protocols: ["TLSv1.2"], reference: "ELBSecurityPolicy-TLS-1-2-2017-01" }],
        } satisfies ClassicLoadBalancerAttributes,
        state: { instanceIds: ["i-0a00000000000001", "i-0b00000000000002"] } satisfies ClassicLoadBalancerState,
      },
    ]);
  });

  it("records cross-zone load balancing turned off", async () => {
    const account = webAccount();
    account.attributes["legacy-web"] = { ...crossZoneOn, CrossZoneLoadBalancing: { Enabled: false } };
    serve(account);
    const { resources } = await collectWith([elbCollector]);
    expect(resources[0].attributes.crossZoneEnabled).toBe(false);
  });

  it("builds the ARN in the region's partition", async () => {
    serve(webAccount());
    const { resources } = await collectWith([elbCollector], ["cn-north-1"]);
    expect(resources[0].arn).toBe("arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/legacy-web");
  });

  it("keeps the load balancers when DescribeLoadBalancerAttributes is denied, with one error", async () => {
    const account = webAccount();
    account.loadBalancers = [[legacyWeb, named("site-a"), named("site-b")]];
    serve(account);
    elb.on(DescribeLoadBalancerAttributesCommand).rejects(accessDenied("elasticloadbalancing:DescribeLoadBalancerAttributes"));
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "elb", operation: "DescribeLoadBalancerAttributes", code: "AccessDenied", resourceTypes: [TYPE], message: expect.stringMatching(/^failed for 3 of 3 \(legacy-web, site-a, site-b\): /) }),
    ]);
    expect(snapshot.resources.map((r) => r.id)).toEqual(["legacy-web", "site-a", "site-b"]);
    for (const lb of snapshot.resources) expect(lb.attributes).not.toHaveProperty("crossZoneEnabled");
  });

  it("keeps a load balancer whose listener lacks its protocol, with only its listeners unreadable", async () => {
    const account = webAccount();
    account.loadBalancers = [[{ ...legacyWeb, ListenerDescriptions: [{ Listener: { Protocol: undefined, LoadBalancerPort: 80, InstancePort: 80 } }] }, named("site-a")]];
    serve(account);
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "DescribeLoadBalancers", code: "MalformedResponse", resourceTypes: [TYPE], resourceIds: ["legacy-web"], message: "read with attributes missing: legacy-web (Listener.Protocol missing)" }),
    ]);
    const [broken, fine] = snapshot.resources;
    expect(broken).toMatchObject({ id: "legacy-web", unreadable: [{ attribute: "listeners", field: "Listener.Protocol" }] });
    expect(broken!.attributes).not.toHaveProperty("listeners");
    expect(broken!.attributes).toMatchObject({ healthCheck: { target: "HTTP:80/health" }, availabilityZones: ["us-east-1a", "us-east-1b"] });
    expect(fine).not.toHaveProperty("unreadable");
  });

  it("skips a load balancer without its name and names it in one error, keeping the others", async () => {
    const account = webAccount();
    account.loadBalancers = [[{ ...legacyWeb, LoadBalancerName: undefined }, named("site-a"), { ...named("site-b"), LoadBalancerName: undefined }]];
    serve(account);
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "DescribeLoadBalancers", code: "MalformedResponse", resourceTypes: [TYPE], message: `2 ${TYPE} items skipped: no LoadBalancerName` }),
    ]);
    expect(snapshot.errors[0]).not.toHaveProperty("resourceIds");
    expect(snapshot.resources.map((r) => r.id)).toEqual(["site-a"]);
  });

  it("reads a health check with an empty Target (as emulators answer for none) as no health check", async () => {
    const account = webAccount();
    account.loadBalancers = [[{ ...legacyWeb, HealthCheck: { Target: "" } as HealthCheck }]];
    serve(account);
    const snapshot = await collectWith([elbCollector]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources[0]!.attributes).not.toHaveProperty("healthCheck");
    expect(snapshot.resources[0]).not.toHaveProperty("unreadable");
  });

  describe("SSL negotiation policies (elb.loadBalancerPolicies)", () => {
    const withPolicy = (name: string, policy: string, ...others: string[]): LoadBalancerDescription => {
      const lb = named(name);
      return { ...lb, ListenerDescriptions: [{ ...lb.ListenerDescriptions![0]!, PolicyNames: [policy, ...others] }, lb.ListenerDescriptions![1]!] };
    };
    const plainHttp: LoadBalancerDescription = { ...named("plain-http"), ListenerDescriptions: [legacyWeb.ListenerDescriptions![1]!] };

    it("resolves policies that only reference a predefined one with one more call for the region, and reads no load balancer without an HTTPS/SSL listener", async () => {
      const account = webAccount();
      const reference = (name: string, to: string): PolicyDescription => ({
        PolicyName: name,
        PolicyTypeName: "SSLNegotiationPolicyType",
        PolicyAttributeDescriptions: [{ AttributeName: "Reference-Security-Policy", AttributeValue: to }],
      });
      account.loadBalancers = [[withPolicy("shop-a", "old-default", "sticky"), withPolicy("shop-b", "old-default"), withPolicy("shop-c", "tls12"), plainHttp]];
      account.policies = {
        "shop-a": [reference("old-default", "ELBSecurityPolicy-2016-08"), stickiness],
        "shop-b": [reference("old-default", "ELBSecurityPolicy-2016-08")],
        "shop-c": [reference("tls12", "ELBSecurityPolicy-TLS-1-2-2017-01")],
      };
      const requests = serve(account);
      const snapshot = await collectWith([elbCollector]);
      expect(snapshot.errors).toEqual([]);
      // Three load balancers with an HTTPS listener, then the two predefined policies they name, once.
      expect(requests.policies.filter((r) => r.LoadBalancerName).map((r) => r.LoadBalancerName).sort()).toEqual(["shop-a", "shop-b", "shop-c"]);
      expect(requests.policies.filter((r) => !r.LoadBalancerName)).toEqual([{ PolicyNames: ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-2-2017-01"] }]);
      const policies = Object.fromEntries(snapshot.resources.map((r) => [r.id, (r.attributes as unknown as ClassicLoadBalancerAttributes).sslPolicies]));
      expect(policies).toEqual({
        "plain-http": undefined,
        "shop-a": [{ name: "old-default", protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"], reference: "ELBSecurityPolicy-2016-08" }],
        "shop-b": [{ name: "old-default", protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"], reference: "ELBSecurityPolicy-2016-08" }],
        "shop-c": [{ name: "tls12", protocols: ["TLSv1.2"], reference: "ELBSecurityPolicy-TLS-1-2-2017-01" }],
      });
    });

    it("takes a custom policy's own Protocol-* attributes without looking anything up", async () => {
      const account = webAccount();
      account.loadBalancers = [[withPolicy("shop-a", "tls-1-2-only")]];
      account.policies = { "shop-a": [negotiation("tls-1-2-only", ["TLSv1.2"])] };
      const requests = serve(account);
      const { resources } = await collectWith([elbCollector]);
      expect(requests.policies).toEqual([{ LoadBalancerName: "shop-a" }]);
      expect(resources[0]!.attributes.sslPolicies).toEqual([{ name: "tls-1-2-only", protocols: ["TLSv1.2"] }]);
    });

    it("marks only the denied load balancer's policies unreadable, naming it in an error that leaves the type complete", async () => {
      const account = webAccount();
      account.loadBalancers = [[legacyWeb, withPolicy("shop-a", "ELBSecurityPolicy-TLS-1-2-2017-01")]];
      account.policies["shop-a"] = [tls12Copy];
      serve(account);
      elb.on(DescribeLoadBalancerPoliciesCommand, { LoadBalancerName: "shop-a" }).rejects(accessDenied("elasticloadbalancing:DescribeLoadBalancerPolicies"));
      const snapshot = await collectWith([elbCollector]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ service: "elb", operation: "DescribeLoadBalancerPolicies", code: "AccessDenied", resourceTypes: [TYPE], resourceIds: ["shop-a"] }),
      ]);
      const [legacy, denied] = snapshot.resources;
      expect(legacy!.attributes.sslPolicies).toEqual([{ name: "ELBSecurityPolicy-TLS-1-2-2017-01", protocols: ["TLSv1.2"], reference: "ELBSecurityPolicy-TLS-1-2-2017-01" }]);
      expect(denied).toMatchObject({ id: "shop-a", unreadable: [{ attribute: "sslPolicies", field: expect.stringContaining("AccessDenied") }] });
      expect(denied!.attributes).not.toHaveProperty("sslPolicies");
    });

    it("reads no policy when no enabled rule needs them", async () => {
      const requests = serve(webAccount());
      const snapshot = await collectAccount({ accountId: "123456789012", regions: ["us-east-1"], collectors: [elbCollector], credentials: testCredentials, reads: [], now: () => new Date("2026-11-01T02:00:00.000Z") });
      expect(requests.policies).toEqual([]);
      expect(snapshot.resources[0]!.attributes).not.toHaveProperty("sslPolicies");
      expect(snapshot.resources[0]!.attributes.listeners).toContainEqual(expect.objectContaining({ protocol: "HTTPS", policyNames: ["ELBSecurityPolicy-TLS-1-2-2017-01"] }));
    });
  });
});
