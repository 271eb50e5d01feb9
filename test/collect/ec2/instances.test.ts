import { describe, expect, it } from "@jest/globals";
import { DescribeInstanceAttributeCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { DescribeInstanceAttributeCommandInput, Instance, Reservation } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import type { InstanceAttributes, VolumeAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import { INSTANCE, SG, ec2Account, reservations } from "../../fixtures/ec2/account.js";
import { accessDenied, collectWith, throttled } from "../../support/collect.js";
import { serveAccount, terminationProtectionOf } from "./serve.js";
import { ATTRIBUTE_CONCURRENCY } from "../../../src/collect/ec2/instances.js";

const ec2 = mockClient(EC2Client);

/** Serves the account, lets `adjust` override a response, and collects. */
async function collect(account = ec2Account, adjust: () => void = () => {}) {
  serveAccount(ec2, account);
  adjust();
  const snapshot = await collectWith([ec2Collector]);
  const instances = snapshot.resources.filter((r) => r.type === "AWS::EC2::Instance") as unknown as ResourceRecord<InstanceAttributes>[];
  return { snapshot, instances, instance: (id: string) => instances.find((i) => i.id === id)! };
}

/** `count` running instances outside any Auto Scaling group, each needing an attribute read. */
function standaloneInstances(count: number) {
  const instances: Instance[] = Array.from({ length: count }, (_, n) => ({ ...reservations[1]!.Instances![0]!, InstanceId: `i-0${n.toString(16).padStart(16, "0")}` }));
  return { ...ec2Account, reservations: [{ ReservationId: "r-0d00000000000000d", OwnerId: "123456789012", Instances: instances } satisfies Reservation] };
}

const attributeReads = () => ec2.commandCalls(DescribeInstanceAttributeCommand).map((call) => call.args[0].input);

describe("ec2 collector: instances", () => {
  it("skips terminated instances and normalizes the rest", async () => {
    const { snapshot, instances, instance } = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(instances.map((i) => i.id)).not.toContain(INSTANCE.terminated);
    expect(instance(INSTANCE.web1)).toMatchObject({
      name: "web",
      tags: { Name: "web", "aws:autoscaling:groupName": "web-asg" },
      attributes: {
        instanceType: "t3.micro",
        imageId: "ami-0abcdef1234567890",
        vpcId: "vpc-0a1b2c3d4e5f60001",
        subnetId: "subnet-0a00000000000000a",
        availabilityZone: "us-east-1a",
        securityGroupIds: [SG.web, SG.legacy].sort(),
        autoScalingGroupName: "web-asg",
        iamInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web",
        httpTokens: "required",
      },
      state: { state: "running" },
    });
    expect(instance(INSTANCE.bastion)).toMatchObject({ attributes: { httpTokens: "optional" }, state: { state: "running", publicIpAddress: "203.0.113.25" } });
    expect(instance(INSTANCE.bastion).attributes.autoScalingGroupName).toBeUndefined();
  });

  it("reads disableApiTermination only for running or stopped instances outside an Auto Scaling group", async () => {
    const { instance } = await collect();
    const reads = attributeReads();
    expect(reads.map((input) => input.InstanceId).sort()).toEqual([INSTANCE.bastion, INSTANCE.batch].sort());
    expect(reads).not.toHaveLength(0);
    expect(reads.every((input) => input.Attribute === "disableApiTermination")).toBe(true);
    expect(instance(INSTANCE.bastion).attributes.disableApiTermination).toBe(true);
    expect(instance(INSTANCE.batch).attributes.disableApiTermination).toBe(false);
    // ASG members and a pending instance are left unread.
    for (const id of [INSTANCE.web1, INSTANCE.web2, INSTANCE.launching]) expect(instance(id).attributes).not.toHaveProperty("disableApiTermination");
  });

  it(`reads at most ${ATTRIBUTE_CONCURRENCY} instances' attributes at a time`, async () => {
    const account = standaloneInstances(ATTRIBUTE_CONCURRENCY + 7);
    let inFlight = 0;
    let peak = 0;
    const { snapshot } = await collect(account, () =>
      ec2.on(DescribeInstanceAttributeCommand).callsFake(async (input: DescribeInstanceAttributeCommandInput) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return terminationProtectionOf(account)(input);
      }),
    );
    expect(snapshot.errors).toEqual([]);
    expect(attributeReads()).toHaveLength(ATTRIBUTE_CONCURRENCY + 7);
    expect(peak).toBe(ATTRIBUTE_CONCURRENCY);
  });

  it("tries every instance after a denied read (a denial can be one resource's, by an IAM condition on its tags), with one error", async () => {
    const { snapshot, instances } = await collect(standaloneInstances(12), () =>
      ec2.on(DescribeInstanceAttributeCommand).rejects(accessDenied("ec2:DescribeInstanceAttribute")),
    );
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeInstanceAttribute", code: "AccessDenied", resourceTypes: ["AWS::EC2::Instance"], message: expect.stringMatching(/^failed for 12 of 12 /) })]);
    expect(attributeReads()).toHaveLength(12);
    expect(instances).toHaveLength(12);
    expect(instances.filter((i) => "disableApiTermination" in i.attributes)).toEqual([]);
  });

  it("stops reading once throttling outlasts the retries: the reads not yet started would only add to it", async () => {
    const { snapshot, instances } = await collect(standaloneInstances(30), () => ec2.on(DescribeInstanceAttributeCommand).rejects(throttled("RequestLimitExceeded")));
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeInstanceAttribute", code: "RequestLimitExceeded", message: expect.stringMatching(/more not tried/) })]);
    // Only the reads already in flight when the first one gave up (each with its retries).
    expect(new Set(attributeReads().map((r) => r.InstanceId)).size).toBeLessThanOrEqual(ATTRIBUTE_CONCURRENCY);
    expect(instances).toHaveLength(30);
  });

  it("records one error when reads fail, keeping the values it did read and leaving the rest absent", async () => {
    const { snapshot, instance } = await collect(ec2Account, () =>
      ec2.on(DescribeInstanceAttributeCommand, { InstanceId: INSTANCE.batch }).rejects(throttled("RequestLimitExceeded")),
    );
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ service: "ec2", operation: "DescribeInstanceAttribute", code: "RequestLimitExceeded", resourceTypes: ["AWS::EC2::Instance"] }),
    ]);
    expect(instance(INSTANCE.bastion).attributes.disableApiTermination).toBe(true);
    expect(instance(INSTANCE.batch).attributes).not.toHaveProperty("disableApiTermination");
    expect(instance(INSTANCE.batch).state).toEqual({ state: "stopped" });
  });
});

describe("ec2 collector: volumes", () => {
  it("records encryption and attachments", async () => {
    const { snapshot } = await collect();
    const volume = (id: string) => snapshot.resources.find((r) => r.id === id) as unknown as ResourceRecord<VolumeAttributes>;
    expect(volume("vol-0a00000000000000a").attributes).toEqual({
      volumeType: "gp3",
      size: 8,
      encrypted: true,
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      availabilityZone: "us-east-1a",
      attachments: [{ instanceId: INSTANCE.web1, device: "/dev/xvda" }],
    });
    expect(volume("vol-0b00000000000000b").attributes).toEqual({ volumeType: "gp2", size: 100, encrypted: false, availabilityZone: "us-east-1b", attachments: [] });
  });
});
