import rule from "../../../rules/vpc/vpc-flow-logs-enabled.js";
import { ec2CollectionError, flowLog, vpc } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const failed = flowLog("FAILED");

ruleTester.run(rule, {
  pass: [
    { name: "an active flow log of all traffic", resource: vpc({ flowLogs: [flowLog("ACTIVE")] }), reason: /active flow log: fl-\w+ \(ALL\)/ },
    { name: "one active flow log beside a failed one", resource: vpc({ flowLogs: [failed, flowLog("ACTIVE", "REJECT")] }), reason: /\(REJECT\)$/ },
    { name: "active flow log, interface count not collected", resource: vpc({ flowLogs: [flowLog("ACTIVE")], state: null }) },
    { name: "a collection error elsewhere does not matter once a flow log is seen", resource: vpc({ flowLogs: [flowLog("ACTIVE")] }), errors: [ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"])] },
  ],
  fail: [
    { resource: vpc({ networkInterfaces: 3 }), reason: /^no flow log for a VPC with 3 network interfaces$/, severity: "medium" },
    { name: "flow log in FAILED status does not count", resource: vpc({ flowLogs: [failed] }), reason: new RegExp(`no ACTIVE flow log .*: ${failed.id} is FAILED`) },
    { name: "the default VPC with one interface", resource: vpc({ isDefault: true, networkInterfaces: 1 }), reason: /1 network interface$/, evidence: { flowLogs: [], networkInterfaceCount: 1 } },
    { name: "a collection error in another region", resource: vpc(), errors: [ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"], "eu-west-1")] },
  ],
  notApplicable: [
    { name: "no network interfaces", resource: vpc({ networkInterfaces: 0, instances: 0 }), reason: /no network interfaces/ },
    { name: "no network interfaces, failed flow log", resource: vpc({ networkInterfaces: 0, flowLogs: [flowLog("FAILED")] }) },
  ],
  error: [
    { name: "interface count not collected", resource: vpc({ state: null }), reason: /network interface count was not collected/ },
    {
      name: "flow logs could not be read in the region",
      resource: vpc(),
      errors: [ec2CollectionError("DescribeFlowLogs", ["AWS::EC2::VPC"])],
      reason: /AWS::EC2::VPC in us-east-1 was not fully collected \(DescribeFlowLogs: UnauthorizedOperation\)/,
    },
  ],
});
