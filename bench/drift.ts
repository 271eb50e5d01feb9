/**
 * A later snapshot of the same account in which about 1 % of the resources
 * changed: of every hundred resources one is touched, in turn modified
 * (a security group gains SSH from the internet, a database loses Multi-AZ,
 * an Auto Scaling group its ELB health check, anything else a tag), removed,
 * or joined by a new resource of its kind.
 */
import type { AutoScalingGroupAttributes, DbInstanceAttributes, SecurityGroupAttributes } from "../src/types/attributes.js";
import type { ResourceRecord, Snapshot } from "../src/types/resource.js";

export function driftedSnapshot(previous: Snapshot, everyNth = 100): Snapshot {
  const resources: ResourceRecord[] = [];
  previous.resources.forEach((resource, i) => {
    if (i % everyNth !== 0) return resources.push(resource);
    const action = (i / everyNth) % 5;
    if (action < 3) resources.push(modified(structuredClone(resource)));
    else if (action === 4) resources.push(resource, { ...structuredClone(resource), id: `${resource.id}-new`, arn: resource.arn && `${resource.arn}-new` });
  });
  return { ...previous, takenAt: new Date(Date.parse(previous.takenAt) + 86_400_000).toISOString(), resources };
}

function modified(resource: ResourceRecord): ResourceRecord {
  switch (resource.type) {
    case "AWS::EC2::SecurityGroup":
      (resource.attributes as unknown as SecurityGroupAttributes).ingress.push({ protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" });
      break;
    case "AWS::RDS::DBInstance":
      (resource.attributes as unknown as DbInstanceAttributes).multiAZ = !(resource.attributes as unknown as DbInstanceAttributes).multiAZ;
      break;
    case "AWS::AutoScaling::AutoScalingGroup":
      (resource.attributes as unknown as AutoScalingGroupAttributes).healthCheckType = "EC2";
      break;
    default:
      resource.tags = { ...resource.tags, "cost-center": "drifted" };
  }
  return resource;
}
