/**
 * Builders for Auto Scaling group records in the normalized shape the
 * autoscaling collector produces: arrays sorted, HealthCheckType as AWS
 * reports it.
 */
import type { AutoScalingGroupAttributes, AutoScalingGroupState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { sortedByJson, sortedStrings } from "../../src/collect/normalize.js";
import { ACCOUNT, REGION, record } from "./builders.js";

/** An ELB (ALB/NLB/GWLB) target group ARN, "…:targetgroup/<name>/<id>". */
export function targetGroupArn(name: string): string {
  return `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/73e2d6bc24d8a067`;
}

/** A VPC Lattice target group ARN, "…:targetgroup/tg-<id>". */
export function latticeTargetGroupArn(id: string): string {
  return `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`;
}

export interface AsgOptions extends Partial<AutoScalingGroupAttributes> {
  tags?: Record<string, string>;
}

/**
 * A group as CreateAutoScalingGroup leaves it by default: EC2 health checks
 * and nothing attached, here over two zones. Cases set what they test.
 */
export function asg(name: string, options: AsgOptions = {}): ResourceRecord<AutoScalingGroupAttributes> {
  const { tags = {}, ...overrides } = options;
  const attributes: AutoScalingGroupAttributes = {
    availabilityZones: ["us-east-1a", "us-east-1b"],
    subnetIds: ["subnet-0a000000000000001", "subnet-0b000000000000002"],
    healthCheckType: "EC2",
    healthCheckGracePeriod: 300,
    targetGroupArns: [],
    loadBalancerNames: [],
    trafficSources: [],
    minSize: 2,
    maxSize: 6,
    launchTemplate: { id: "lt-0b1c2d3e4f5a60001", name, version: "$Latest" },
    ...overrides,
  };
  for (const list of ["availabilityZones", "subnetIds", "targetGroupArns", "loadBalancerNames"] as const) attributes[list] = sortedStrings(attributes[list]);
  attributes.trafficSources = sortedByJson(attributes.trafficSources);
  const state: AutoScalingGroupState = { desiredCapacity: attributes.minSize, instances: [] };
  return record<AutoScalingGroupAttributes>("AWS::AutoScaling::AutoScalingGroup", name, attributes, {
    arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:6a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/${name}`,
    name,
    tags,
    state: state as unknown as Record<string, unknown>,
  });
}
