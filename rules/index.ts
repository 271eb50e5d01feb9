/** The rule registry: every rule driftwarden ships, in catalogue order. */
import type { Rule } from "../src/evaluate/rule.js";
import { autoscalingRules } from "./autoscaling/index.js";
import { cloudfrontRules } from "./cloudfront/index.js";
import { ec2Rules } from "./ec2/index.js";
import { elbRules } from "./elb/index.js";
import { rdsRules } from "./rds/index.js";
import { route53Rules } from "./route53/index.js";
import { vpcRules } from "./vpc/index.js";

export const allRules: Rule[] = [...ec2Rules, ...vpcRules, ...rdsRules, ...autoscalingRules, ...elbRules, ...cloudfrontRules, ...route53Rules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
