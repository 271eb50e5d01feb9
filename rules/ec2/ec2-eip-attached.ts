import * as z from "zod";
import type { ElasticIpAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";

export default defineRule({
  id: "ec2-eip-attached",
  title: "Elastic IP addresses are associated",
  service: "ec2",
  severity: "low",
  resourceTypes: ["AWS::EC2::EIP"],
  rationale:
    "AWS bills every public IPv4 address, associated or not; an Elastic IP attached to nothing costs money and is often left over from a resource that was removed.",
  remediation:
    "Associate the address with an instance or network interface, or release it if it is no longer needed:\n" +
    "aws ec2 associate-address --allocation-id eipalloc-0123456789abcdef0 --instance-id i-0123456789abcdef0\n" +
    "aws ec2 release-address --allocation-id eipalloc-0123456789abcdef0",
  references: { securityHub: "EC2.12" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<ElasticIpAttributes>) {
    const { publicIp, associationId, instanceId, networkInterfaceId } = resource.attributes;
    const target = instanceId ?? networkInterfaceId;
    if (associationId || target) {
      return pass(`${publicIp} is associated${target ? ` with ${target}` : ""}`, {
        associationId: associationId ?? null,
        instanceId: instanceId ?? null,
        networkInterfaceId: networkInterfaceId ?? null,
      });
    }
    return fail(`${publicIp} is not associated with any instance or network interface`, { publicIp, associationId: null, instanceId: null, networkInterfaceId: null });
  },
});
