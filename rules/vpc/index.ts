import type { Rule } from "../../src/evaluate/rule.js";
import vpcFlowLogsEnabled from "./vpc-flow-logs-enabled.js";
import vpcSubnetsMultiAz from "./vpc-subnets-multi-az.js";

export const vpcRules: Rule[] = [vpcFlowLogsEnabled, vpcSubnetsMultiAz];
