/** Every collector driftwarden runs, one per service. */
import type { Collector } from "./collector.js";
import { autoscalingCollector } from "./autoscaling.js";
import { cloudfrontCollector } from "./cloudfront.js";
import { ec2Collector } from "./ec2.js";
import { elbCollector } from "./elb.js";
import { elbv2Collector } from "./elbv2.js";
import { rdsCollector } from "./rds.js";
import { route53Collector } from "./route53.js";

export const allCollectors: Collector<any>[] = [ec2Collector, rdsCollector, autoscalingCollector, elbv2Collector, elbCollector, cloudfrontCollector, route53Collector];
