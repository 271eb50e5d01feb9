import * as z from "zod";
import type { VpcAttributes, VpcState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import { collectionGap } from "../lib/collection-gap.js";

export default defineRule({
  id: "vpc-flow-logs-enabled",
  title: "VPCs in use have active flow logs",
  service: "vpc",
  severity: "medium",
  resourceTypes: ["AWS::EC2::VPC"],
  rationale:
    "VPC Flow Logs record the IP traffic of every network interface in the VPC; without them there is no record to investigate an intrusion or to verify that security groups behave as intended.",
  remediation:
    "Create a flow log for the VPC (CloudWatch Logs or S3); if one exists but is not ACTIVE, fix its delivery role or destination:\n" +
    "aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-0123456789abcdef0 --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::example-flow-logs",
  references: { awsConfig: "vpc-flow-logs-enabled", securityHub: "EC2.6" },
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<VpcAttributes>, { snapshot }) {
    const interfaces = (resource.state as Partial<VpcState> | undefined)?.networkInterfaceCount;
    if (interfaces === 0) return notApplicable("the VPC has no network interfaces");
    const { flowLogs } = resource.attributes;
    // FlowLogStatus is ACTIVE for a working flow log; anything else (or a failed delivery status) records nothing.
    const active = flowLogs.filter((log) => log.status === "ACTIVE");
    if (active.length > 0) {
      return pass(`active flow log${active.length > 1 ? "s" : ""}: ${active.map((log) => `${log.id} (${log.trafficType ?? "traffic type unknown"})`).join(", ")}`, {
        flowLogs: active,
      });
    }
    const gap = collectionGap(snapshot, resource.type, resource.region);
    if (gap) return cannotEvaluate(`no active flow log was seen, but ${gap}`);
    if (interfaces === undefined) return cannotEvaluate("no active flow log, and the VPC's network interface count was not collected, so whether it is in use is unknown");
    const inactive = flowLogs.map((log) => `${log.id} is ${log.status ?? "of unknown status"}`);
    return fail(
      flowLogs.length === 0
        ? `no flow log for a VPC with ${interfaces} network interface${interfaces > 1 ? "s" : ""}`
        : `no ACTIVE flow log for a VPC with ${interfaces} network interface${interfaces > 1 ? "s" : ""}: ${inactive.join(", ")}`,
      { flowLogs, networkInterfaceCount: interfaces },
    );
  },
});
