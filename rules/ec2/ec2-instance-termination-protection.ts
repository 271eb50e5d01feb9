import * as z from "zod";
import type { InstanceAttributes, InstanceState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";

/** Instances on their way out: protection no longer means anything, and AWS keeps listing them for about an hour. */
const ENDING_STATES = ["shutting-down", "terminated"];

export default defineRule({
  id: "ec2-instance-termination-protection",
  title: "Stand-alone instances have termination protection",
  service: "ec2",
  severity: "low",
  resourceTypes: ["AWS::EC2::Instance"],
  rationale:
    "An instance outside an Auto Scaling group is not replaced when it is terminated by mistake; the DisableApiTermination attribute makes TerminateInstances fail until someone turns it off deliberately.",
  remediation:
    "Enable termination protection on the instance (Auto Scaling groups replace their instances and are exempt):\n" +
    "aws ec2 modify-instance-attribute --instance-id i-0123456789abcdef0 --disable-api-termination",
  references: {},
  needs: ["ec2.instanceAttribute.disableApiTermination"],
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<InstanceAttributes>) {
    const { autoScalingGroupName, disableApiTermination } = resource.attributes;
    if (autoScalingGroupName) return notApplicable(`in Auto Scaling group ${autoScalingGroupName}, which replaces terminated instances`);
    const lifecycle = (resource.state as InstanceState | undefined)?.state;
    if (lifecycle && ENDING_STATES.includes(lifecycle)) return notApplicable(`the instance is ${lifecycle}`);
    if (disableApiTermination === undefined) return cannotEvaluate("the instance's disableApiTermination attribute was not collected (DescribeInstanceAttribute)");
    if (disableApiTermination) return pass("termination protection is enabled (disableApiTermination: true)", { disableApiTermination });
    return fail("termination protection is disabled (disableApiTermination: false) and the instance is not in an Auto Scaling group", {
      disableApiTermination,
      ...(lifecycle && { state: lifecycle }),
    });
  },
});
