import { describe, expect, it } from "@jest/globals";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { Pluggable } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { autoscalingCollector } from "../../../src/collect/autoscaling.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { ResourceType } from "../../../src/types/resource.js";
import { ACCOUNT, REGION } from "../../support/builders.js";
import { accessDenied, collectWith, testCredentials, throttled } from "../../support/collect.js";
import { fakeAws } from "../../support/fake-aws.js";

const asg = mockClient(AutoScalingClient);
const TYPE = "AWS::AutoScaling::AutoScalingGroup";

// Shape as documented for DescribeAutoScalingGroups.
const webGroup: AutoScalingGroup = {
  AutoScalingGroupName: "web-asg",
  AutoScalingGroupARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:6a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/web-asg`,
  MixedInstancesPolicy: {
    LaunchTemplate: {
      LaunchTemplateSpecification: { LaunchTemplateId: "lt-0b1c2d3e4f5a60001", LaunchTemplateName: "web", Version: "$Latest" },
      Overrides: [{ InstanceType: "m6i.large" }, { InstanceType: "m6g.large", LaunchTemplateSpecification: { LaunchTemplateId: "lt-0b1c2d3e4f5a60002", LaunchTemplateName: "web-arm", Version: "3" } }],
    },
  },
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ["us-east-1b", "us-east-1a"],
  LoadBalancerNames: [],
  TargetGroupARNs: [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`],
  TrafficSources: [{ Identifier: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`, Type: "elbv2" }],
  HealthCheckType: "ELB",
  HealthCheckGracePeriod: 300,
  Instances: [
    { InstanceId: "i-0b00000000000002", AvailabilityZone: "us-east-1b", LifecycleState: "InService", HealthStatus: "Healthy", ProtectedFromScaleIn: false },
    { InstanceId: "i-0a00000000000001", AvailabilityZone: "us-east-1a", LifecycleState: "InService", HealthStatus: "Healthy", ProtectedFromScaleIn: false },
  ],
  CreatedTime: new Date("2026-01-10T10:00:00Z"),
  VPCZoneIdentifier: "subnet-0b000000000000002,subnet-0a000000000000001",
  Tags: [
    { ResourceId: "web-asg", ResourceType: "auto-scaling-group", Key: "Name", Value: "web", PropagateAtLaunch: true },
    { ResourceId: "web-asg", ResourceType: "auto-scaling-group", Key: "team", Value: "storefront", PropagateAtLaunch: false },
  ],
  TerminationPolicies: ["Default"],
  NewInstancesProtectedFromScaleIn: false,
};

const batchGroup: AutoScalingGroup = {
  ...webGroup,
  AutoScalingGroupName: "batch-asg",
  AutoScalingGroupARN: webGroup.AutoScalingGroupARN!.replace(/web-asg$/, "batch-asg"),
  MixedInstancesPolicy: undefined,
  LaunchConfigurationName: "batch-lc",
  TargetGroupARNs: [],
  TrafficSources: [],
  HealthCheckType: "EC2",
  Instances: [],
  Tags: [],
};

const GROUPS = [batchGroup, webGroup];

/** DescribeAutoScalingGroups as the API answers it: names of no group are left out, not failed. Records each input as sent. */
function serve(groups: AutoScalingGroup[] = GROUPS): Record<string, unknown>[] {
  asg.reset();
  const inputs: Record<string, unknown>[] = [];
  asg.on(DescribeAutoScalingGroupsCommand).callsFake((input: { AutoScalingGroupNames?: string[] }) => {
    inputs.push(structuredClone(input));
    const named = input.AutoScalingGroupNames;
    return { AutoScalingGroups: named ? groups.filter((g) => named.includes(g.AutoScalingGroupName!)) : groups };
  });
  return inputs;
}

function collectTargets(names: string[], extra: { plugins?: Pluggable<any, any>[]; maxAttempts?: number } = {}) {
  return collectAccount({
    accountId: ACCOUNT,
    regions: [REGION],
    collectors: [autoscalingCollector],
    credentials: testCredentials,
    maxAttempts: extra.maxAttempts ?? 3,
    ...(extra.plugins && { plugins: extra.plugins }),
    now: () => new Date("2026-11-01T02:00:00.000Z"),
    targets: new Map([[REGION, new Map<ResourceType, string[]>([[TYPE, names]])]]),
  });
}

async function fullRecord(name: string) {
  serve();
  const snapshot = await collectWith([autoscalingCollector]);
  expect(snapshot.errors).toEqual([]);
  return snapshot.resources.find((r) => r.id === name)!;
}

describe("autoscaling collector: targeted reads", () => {
  it.each([
    ["its name", "web-asg"],
    ["its ARN", webGroup.AutoScalingGroupARN!],
  ])("gives the record the full collection gives, for a group named by %s", async (_, target) => {
    const full = await fullRecord("web-asg");
    expect(full).toMatchObject({ tags: { team: "storefront" }, attributes: { overrideLaunchTemplates: [expect.anything()] } });
    const inputs = serve();
    const targeted = await collectTargets([target]);
    expect(targeted.errors).toEqual([]);
    expect(targeted.resources).toEqual([full]);
    expect(inputs).toEqual([{ AutoScalingGroupNames: ["web-asg"], MaxRecords: 100 }]);
  });

  it("reads several groups in one request of their names, each once", async () => {
    const inputs = serve();
    const targeted = await collectTargets(["web-asg", "batch-asg", "web-asg"]);
    expect(targeted.resources.map((r) => r.id)).toEqual(["batch-asg", "web-asg"]);
    expect(inputs).toEqual([{ AutoScalingGroupNames: ["web-asg", "batch-asg"], MaxRecords: 100 }]);
  });

  it("sends at most 100 names a request: 50 are allowed, or as many as a larger MaxRecords", async () => {
    const inputs = serve();
    const names = Array.from({ length: 101 }, (_, i) => `group-${String(i).padStart(3, "0")}`);
    await collectTargets(names);
    expect(inputs.map((i) => [(i.AutoScalingGroupNames as string[]).length, i.MaxRecords])).toEqual(expect.arrayContaining([[100, 100], [1, 100]]));
    expect(inputs).toHaveLength(2);
  });

  it("takes a group the answer leaves out for a deleted one: no record, no error, and the other target is still read", async () => {
    serve();
    expect(await collectTargets(["retired-asg"])).toMatchObject({ resources: [], errors: [] });
    const beside = await collectTargets(["retired-asg", "web-asg"]);
    expect(beside.errors).toEqual([]);
    expect(beside.resources).toEqual([await fullRecord("web-asg")]);
  });

  it("reads nothing without a target of its type", async () => {
    serve();
    const snapshot = await collectAccount({
      accountId: ACCOUNT,
      regions: [REGION],
      collectors: [autoscalingCollector],
      credentials: testCredentials,
      now: () => new Date("2026-11-01T02:00:00.000Z"),
      targets: new Map([[REGION, new Map<ResourceType, string[]>([["AWS::EC2::Instance", ["i-0a00000000000001"]]])]]),
    });
    expect(snapshot).toMatchObject({ resources: [], errors: [] });
    expect(asg.calls()).toEqual([]);
  });

  it("reports a denied read as a CollectionError naming the type, with no record", async () => {
    asg.reset();
    asg.on(DescribeAutoScalingGroupsCommand).rejects(accessDenied("autoscaling:DescribeAutoScalingGroups"));
    const targeted = await collectTargets(["web-asg"]);
    expect(targeted.resources).toEqual([]);
    expect(targeted.errors).toEqual([expect.objectContaining({ service: "autoscaling", operation: "DescribeAutoScalingGroups", code: "AccessDenied", resourceTypes: [TYPE] })]);
  });

  it("reports throttling that outlasts the retries the same way", async () => {
    // The fake endpoint answers only when the client mock is off.
    asg.restore();
    let calls = 0;
    const fake = fakeAws(() => {
      calls += 1;
      throw throttled();
    });
    const targeted = await collectTargets(["web-asg"], { plugins: [fake], maxAttempts: 2 });
    expect(calls).toBe(2);
    expect(targeted.resources).toEqual([]);
    expect(targeted.errors).toEqual([expect.objectContaining({ operation: "DescribeAutoScalingGroups", code: "Throttling", resourceTypes: [TYPE] })]);
  });
});
