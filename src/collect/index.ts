/** Every collector driftwarden runs, one per service. */
import type { Collector } from "./collector.js";
import { autoscalingCollector } from "./autoscaling.js";
import { cloudfrontCollector } from "./cloudfront.js";
import { cloudtrailCollector } from "./cloudtrail/collector.js";
import { dynamodbCollector } from "./dynamodb.js";
import { ec2Collector } from "./ec2/collector.js";
import { elbCollector } from "./elb/classic.js";
import { elbv2Collector } from "./elb/v2.js";
import { iamCollector } from "./iam.js";
import { rdsCollector } from "./rds.js";
import { route53Collector } from "./route53/collector.js";
import { s3Collector } from "./s3/collector.js";

export const allCollectors: Collector<any>[] = [ec2Collector, rdsCollector, autoscalingCollector, elbv2Collector, elbCollector, cloudfrontCollector, route53Collector, dynamodbCollector, cloudtrailCollector, iamCollector, s3Collector];
