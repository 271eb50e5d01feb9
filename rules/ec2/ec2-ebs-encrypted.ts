import * as z from "zod";
import type { VolumeAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";

export default defineRule({
  id: "ec2-ebs-encrypted",
  title: "Attached EBS volumes are encrypted",
  service: "ec2",
  severity: "medium",
  resourceTypes: ["AWS::EC2::Volume"],
  rationale:
    "EBS encryption (AES-256 with a KMS key) protects data at rest, in snapshots and in transit between the instance and the volume; an unencrypted volume in use holds live application data in the clear.",
  remediation:
    "An existing volume cannot be encrypted in place: snapshot it, copy the snapshot with encryption, create a volume from the copy and swap it in. Turn on default encryption so new volumes are encrypted:\n" +
    "aws ec2 create-snapshot --volume-id vol-0123456789abcdef0\n" +
    "aws ec2 copy-snapshot --source-region us-east-1 --source-snapshot-id snap-0123456789abcdef0 --encrypted --kms-key-id alias/aws/ebs\n" +
    "aws ec2 enable-ebs-encryption-by-default",
  references: { awsConfig: "encrypted-volumes", securityHub: "EC2.3" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<VolumeAttributes>) {
    const { encrypted, kmsKeyId, attachments } = resource.attributes;
    if (attachments.length === 0) return notApplicable("the volume is not attached to an instance");
    if (typeof encrypted !== "boolean") return cannotEvaluate("the volume's Encrypted attribute was not collected");
    const instanceIds = attachments.map((a) => a.instanceId);
    if (encrypted) return pass(`encrypted${kmsKeyId ? ` with ${kmsKeyId}` : ""}`, { encrypted, kmsKeyId: kmsKeyId ?? null, instanceIds });
    return fail(`the volume attached to ${instanceIds.join(", ")} is not encrypted (Encrypted: false)`, { encrypted, instanceIds });
  },
});
