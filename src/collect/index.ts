/** Every collector driftwarden runs, one per service. */
import type { Collector } from "./collector.js";
import { autoscalingCollector } from "./autoscaling.js";
import { cloudfrontCollector } from "./cloudfront.js";
import { ec2Collector } from "./ec2/collector.js";
import { elbCollector } from "./elb/classic.js";
import { elbv2Collector } from "./elb/v2.js";
import { rdsCollector } from "./rds.js";
import { route53Collector } from "./route53/collector.js";

export const allCollectors: Collector<any>[] = [ec2Collector, rdsCollector, autoscalingCollector, elbv2Collector, elbCollector, cloudfrontCollector, route53Collector];
