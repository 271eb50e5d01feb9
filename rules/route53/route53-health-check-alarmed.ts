import * as z from "zod";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { HealthCheckAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export default defineRule({
  id: "route53-health-check-alarmed",
  title: "Route 53 health checks have a CloudWatch alarm",
  service: "route53",
  severity: "medium",
  resourceTypes: ["AWS::Route53::HealthCheck"],
  rationale:
    "A failing health check silently moves traffic to the standby; without a CloudWatch alarm on its HealthCheckStatus metric nobody learns that the primary is down.",
  remediation:
    "Alarm on the health check's status metric (Route 53 metrics live in us-east-1) and notify an SNS topic:\n" +
    "aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name primary-unhealthy --namespace AWS/Route53 --metric-name HealthCheckStatus " +
    "--dimensions Name=HealthCheckId,Value=abcdef11-2222-3333-4444-555555fedcba --statistic Minimum --period 60 --evaluation-periods 1 " +
    "--threshold 1 --comparison-operator LessThanThreshold --alarm-actions arn:aws:sns:us-east-1:123456789012:ops-alerts",
  references: {},
  needs: ["cloudwatch.healthCheckAlarms"],
  params: z.object({}).strict(),
  evaluate(check: ResourceRecord<HealthCheckAttributes>) {
    const alarms = check.attributes.alarmNames;
    if (!alarms) return cannotEvaluate("the CloudWatch alarms on this health check were not collected");
    if (alarms.length === 0) return fail("no CloudWatch alarm watches this health check", { alarmNames: [] });
    return pass(`watched by ${alarms.length === 1 ? "alarm" : "alarms"} ${alarms.join(", ")}`, { alarmNames: alarms });
  },
});
