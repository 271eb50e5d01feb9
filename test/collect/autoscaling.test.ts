import { describe, expect, it } from "@jest/globals";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { mockClient } from "aws-sdk-client-mock";
import { autoscalingCollector, toRecord } from "../../src/collect/autoscaling.js";
import { accessDenied, collectWith, throttled } from "../support/collect.js";
import { fakeAws } from "../support/fake-aws.js";

const asg = mockClient(AutoScalingClient);

// Shape as documented for DescribeAutoScalingGroups.
const webGroup: AutoScalingGroup = {
  AutoScalingGroupName: "web-asg",
  AutoScalingGroupARN: "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:6a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/web-asg",
  LaunchTemplate: { LaunchTemplateId: "lt-0b1c2d3e4f5a60001", LaunchTemplateName: "web", Version: "$Latest" },
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ["us-east-1b", "us-east-1a"],
  LoadBalancerNames: [],
  TargetGroupARNs: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067"],
  HealthCheckType: "ELB",
  HealthCheckGracePeriod: 300,
  Instances: [
    { InstanceId: "i-0b00000000000002", AvailabilityZone: "us-east-1b", LifecycleState: "InService", HealthStatus: "Healthy", ProtectedFromScaleIn: false },
    { InstanceId: "i-0a00000000000001", AvailabilityZone: "us-east-1a", LifecycleState: "InService", HealthStatus: "Healthy", ProtectedFromScaleIn: false },
  ],
  CreatedTime: new Date("2026-01-10T10:00:00Z"),
  VPCZoneIdentifier: "subnet-0b000000000000002,subnet-0a000000000000001",
  Tags: [{ ResourceId: "web-asg", ResourceType: "auto-scaling-group", Key: "Name", Value: "web", PropagateAtLaunch: true }],
  TerminationPolicies: ["Default"],
  NewInstancesProtectedFromScaleIn: false,
};

describe("autoscaling collector", () => {
  it("follows NextToken across pages at the API's page size and normalizes each group", async () => {
    asg.reset();
    const inputs: unknown[] = [];
    const pages = [
      { AutoScalingGroups: [webGroup], NextToken: "page-2" },
      { AutoScalingGroups: [{ ...webGroup, AutoScalingGroupName: "batch-asg", AvailabilityZones: ["us-east-1a"], TargetGroupARNs: [], HealthCheckType: "EC2", Instances: [] }] },
    ];
    // The paginator reuses one input object, so copy it at call time.
    asg.on(DescribeAutoScalingGroupsCommand).callsFake((input) => (inputs.push({ ...input }), pages[inputs.length - 1]));
    const snapshot = await collectWith([autoscalingCollector]);
    expect(inputs).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, NextToken: "page-2" }]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources.map((r) => r.id)).toEqual(["batch-asg", "web-asg"]);
    const web = snapshot.resources.find((r) => r.id === "web-asg")!;
    expect(web).toMatchObject({
      type: "AWS::AutoScaling::AutoScalingGroup",
      region: "us-east-1",
      accountId: "123456789012",
      tags: { Name: "web" },
      attributes: {
        availabilityZones: ["us-east-1a", "us-east-1b"],
        subnetIds: ["subnet-0a000000000000001", "subnet-0b000000000000002"],
        healthCheckType: "ELB",
        targetGroupArns: webGroup.TargetGroupARNs,
        loadBalancerNames: [],
        minSize: 2,
        maxSize: 6,
      },
      state: { desiredCapacity: 2, instances: [{ instanceId: "i-0a00000000000001" }, { instanceId: "i-0b00000000000002" }] },
    });
  });

  it("lets the SDK's retry strategy retry a throttled page, then succeeds", async () => {
    asg.restore();
    let calls = 0;
    const fake = fakeAws(() => {
      calls += 1;
      if (calls === 1) throw throttled();
      return { AutoScalingGroups: [webGroup] };
    });
    const snapshot = await collectWith([autoscalingCollector], ["us-east-1"], { plugins: [fake] });
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it("reports throttling that outlasts the retries as a collection error", async () => {
    // The fake endpoint answers only when the client mock is off; earlier tests may have left it on.
    asg.restore();
    let calls = 0;
    const fake = fakeAws(() => {
      calls += 1;
      throw throttled();
    });
    const snapshot = await collectWith([autoscalingCollector], ["us-east-1"], { plugins: [fake], maxAttempts: 2 });
    expect(calls).toBe(2);
    expect(snapshot.errors).toEqual([expect.objectContaining({ code: "Throttling", operation: "DescribeAutoScalingGroups" })]);
    expect(snapshot.resources).toEqual([]);
  });

  it("turns AccessDenied into a CollectionError naming the operation and the types left incomplete", async () => {
    asg.reset();
    asg.on(DescribeAutoScalingGroupsCommand).rejects(accessDenied("autoscaling:DescribeAutoScalingGroups"));
    const snapshot = await collectWith([autoscalingCollector], ["us-east-1", "eu-west-1"]);
    expect(snapshot.resources).toEqual([]);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "autoscaling", region: "eu-west-1", operation: "DescribeAutoScalingGroups", code: "AccessDenied", resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"] }),
      expect.objectContaining({ service: "autoscaling", region: "us-east-1", operation: "DescribeAutoScalingGroups", code: "AccessDenied" }),
    ]);
  });

  describe("with one malformed group among good ones", () => {
    const batchGroup: AutoScalingGroup = { ...webGroup, AutoScalingGroupName: "batch-asg", AutoScalingGroupARN: webGroup.AutoScalingGroupARN!.replace(/web-asg$/, "batch-asg"), Instances: [] };
    async function collect(groups: AutoScalingGroup[]) {
      asg.reset();
      asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: groups });
      return collectWith([autoscalingCollector]);
    }

    it("skips a group without its name, names it in one error that leaves the type incomplete, and keeps the others", async () => {
      const clean = await collect([webGroup, batchGroup]);
      const snapshot = await collect([{ ...webGroup, AutoScalingGroupName: undefined }, batchGroup]);
      expect(snapshot.errors).toEqual([
        {
          service: "autoscaling",
          region: "us-east-1",
          operation: "DescribeAutoScalingGroups",
          code: "MalformedResponse",
          message: "1 AWS::AutoScaling::AutoScalingGroup item skipped: no AutoScalingGroupName",
          resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
        },
      ]);
      expect(snapshot.resources).toEqual(clean.resources.filter((r) => r.id === "batch-asg"));
    });

    it("keeps a group without MinSize with only minSize unreadable", async () => {
      const clean = await collect([webGroup, batchGroup]);
      const snapshot = await collect([{ ...webGroup, MinSize: undefined }, batchGroup]);
      expect(snapshot.errors).toEqual([
        expect.objectContaining({ operation: "DescribeAutoScalingGroups", code: "MalformedResponse", resourceIds: ["web-asg"], message: "read with attributes missing: web-asg (MinSize missing)" }),
      ]);
      const [cleanBatch, cleanWeb] = clean.resources;
      const { minSize: _unread, ...attributes } = cleanWeb!.attributes;
      expect(snapshot.resources).toEqual([cleanBatch, { ...cleanWeb, attributes, unreadable: [{ attribute: "minSize", field: "MinSize" }] }]);
    });

    it("keeps a group with an instance lacking its id, its state left without instances (no rule reads them), reported", async () => {
      const clean = await collect([webGroup, batchGroup]);
      const snapshot = await collect([{ ...webGroup, Instances: [{ ...webGroup.Instances![0]!, InstanceId: undefined }, webGroup.Instances![1]!] }, batchGroup]);
      expect(snapshot.errors).toEqual([expect.objectContaining({ code: "MalformedResponse", resourceIds: ["web-asg"], message: "read with attributes missing: web-asg (Instances.InstanceId missing)" })]);
      const [cleanBatch, cleanWeb] = clean.resources;
      expect(snapshot.resources).toEqual([cleanBatch, { ...cleanWeb, state: { desiredCapacity: 2 } }]);
    });
  });
});

describe("autoscaling collector: launch templates", () => {
  const base: AutoScalingGroup = {
    AutoScalingGroupName: "web-asg",
    MinSize: 2,
    MaxSize: 6,
    DesiredCapacity: 2,
    DefaultCooldown: 300,
    AvailabilityZones: ["us-east-1a", "us-east-1b"],
    HealthCheckType: "ELB",
    CreatedTime: new Date("2026-01-10T09:00:00Z"),
  };

  it("records a mixed instances policy's template, and its overrides' other templates once each", () => {
    const group: AutoScalingGroup = {
      ...base,
      MixedInstancesPolicy: {
        LaunchTemplate: {
          LaunchTemplateSpecification: { LaunchTemplateId: "lt-0a00000000000000a", LaunchTemplateName: "web", Version: "$Default" },
          Overrides: [
            { InstanceType: "m6i.large" },
            { InstanceType: "m6g.large", LaunchTemplateSpecification: { LaunchTemplateId: "lt-0b00000000000000b", LaunchTemplateName: "web-arm", Version: "3" } },
            { InstanceType: "c6g.large", LaunchTemplateSpecification: { LaunchTemplateId: "lt-0b00000000000000b", LaunchTemplateName: "web-arm", Version: "3" } },
          ],
        },
        InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50, SpotAllocationStrategy: "price-capacity-optimized" },
      },
    };
    expect(toRecord(group, "123456789012", "us-east-1").attributes).toMatchObject({
      launchTemplate: { id: "lt-0a00000000000000a", name: "web", version: "$Default" },
      overrideLaunchTemplates: [{ id: "lt-0b00000000000000b", name: "web-arm", version: "3" }],
    });
  });

  it("records a group's own launch template, with no overrides", () => {
    const attributes = toRecord({ ...base, LaunchTemplate: { LaunchTemplateName: "web", Version: "$Latest" } }, "123456789012", "us-east-1").attributes;
    expect(attributes.launchTemplate).toEqual({ name: "web", version: "$Latest" });
    expect(attributes).not.toHaveProperty("overrideLaunchTemplates");
  });
});

