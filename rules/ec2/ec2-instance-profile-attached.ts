import * as z from "zod";
import type { InstanceAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import { unlessRunning } from "./instance-lifecycle.js";

export default defineRule({
  id: "ec2-instance-profile-attached",
  title: "Running instances have an IAM instance profile",
  service: "ec2",
  severity: "medium",
  resourceTypes: ["AWS::EC2::Instance"],
  rationale:
    "An instance that reaches RDS, DynamoDB or S3 should do so with its role's temporary credentials, delivered and rotated through the instance profile; without one, its software is left to long-lived access keys on disk, which leak with every image, backup and copied configuration file.",
  remediation:
    "Create a role for the instance's work, an instance profile holding it, and attach the profile (no restart needed):\n" +
    "aws iam create-instance-profile --instance-profile-name app-instance\n" +
    "aws iam add-role-to-instance-profile --instance-profile-name app-instance --role-name app-instance-role\n" +
    "aws ec2 associate-iam-instance-profile --instance-id i-0123456789abcdef0 --iam-instance-profile Name=app-instance\n" +
    "Then remove any access keys stored on the instance and deactivate them in IAM.",
  references: { awsConfig: "ec2-instance-profile-attached" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<InstanceAttributes>) {
    const lifecycle = unlessRunning(resource);
    if (lifecycle) return lifecycle;
    const { iamInstanceProfileArn } = resource.attributes;
    if (iamInstanceProfileArn) return pass(`instance profile ${iamInstanceProfileArn} is attached`, { iamInstanceProfileArn });
    return fail("no IAM instance profile is attached: software on the instance has no role credentials and must use access keys to call AWS", {
      iamInstanceProfileArn: null,
      ...(resource.attributes.autoScalingGroupName && { autoScalingGroupName: resource.attributes.autoScalingGroupName }),
    });
  },
});
