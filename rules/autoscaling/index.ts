import type { Rule } from "../../src/evaluate/rule.js";
import asgBehindLoadBalancer from "./asg-behind-load-balancer.js";
import asgElbHealthCheck from "./asg-elb-health-check.js";
import asgMultiAz from "./asg-multi-az.js";

export const autoscalingRules: Rule[] = [asgMultiAz, asgElbHealthCheck, asgBehindLoadBalancer];
