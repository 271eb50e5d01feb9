/** The rule registry: every rule driftwarden ships, in catalogue order. */
import type { Rule } from "../src/evaluate/rule.js";
import { autoscalingRules } from "./autoscaling/index.js";
import { cloudfrontRules } from "./cloudfront/index.js";
import { cloudtrailRules } from "./cloudtrail/index.js";
import { dynamodbRules } from "./dynamodb/index.js";
import { ec2Rules } from "./ec2/index.js";
import { elbRules } from "./elb/index.js";
import { iamRules } from "./iam/index.js";
import { rdsRules } from "./rds/index.js";
import { route53Rules } from "./route53/index.js";
import { s3Rules } from "./s3/index.js";
import { vpcRules } from "./vpc/index.js";

export const allRules: Rule[] = [...ec2Rules, ...vpcRules, ...rdsRules, ...autoscalingRules, ...elbRules, ...cloudfrontRules, ...route53Rules, ...s3Rules, ...dynamodbRules, ...cloudtrailRules, ...iamRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
