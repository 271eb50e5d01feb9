import { CloudWatchClient, paginateDescribeAlarms } from "@aws-sdk/client-cloudwatch";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { HealthCheck } from "@aws-sdk/client-route-53";
import type { HealthCheckAttributes } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import type { CollectorContext } from "./collector.js";
import { required } from "./errors.js";
import { compact } from "./normalize.js";

export const HEALTH_CHECK = "AWS::Route53::HealthCheck";

export type HealthCheckRecord = ResourceRecord<HealthCheckAttributes>;

/** A health check as ListHealthChecks describes it: no tags and no `alarmNames` yet. */
export function toHealthCheck(check: HealthCheck, accountId: string, region: string): HealthCheckRecord {
  const id = required(check.Id, "HealthCheck.Id");
  const config = required(check.HealthCheckConfig, "HealthCheck.HealthCheckConfig");
  const attributes: HealthCheckAttributes = compact({
    type: required(config.Type, "HealthCheckConfig.Type"),
    fqdn: config.FullyQualifiedDomainName,
    ipAddress: config.IPAddress,
    port: config.Port,
    resourcePath: config.ResourcePath,
    requestInterval: config.RequestInterval,
    failureThreshold: config.FailureThreshold,
  });
  return compact({
    type: HEALTH_CHECK,
    id,
    arn: `arn:aws:route53:::healthcheck/${id}`,
    accountId,
    region,
    name: attributes.fqdn ?? attributes.ipAddress,
    tags: {},
    attributes,
  });
}

/** Route 53 publishes health-check metrics only in us-east-1, under this namespace with a HealthCheckId dimension. */
const ROUTE53_NAMESPACE = "AWS/Route53";

/**
 * The names of the CloudWatch alarms watching each health check, by health-check id;
 * `undefined` when the alarms could not be read. The collector runs in us-east-1,
 * the only region holding these metrics.
 */
export async function alarmsByHealthCheck(ctx: Pick<CollectorContext<unknown>, "newClient" | "attempt">): Promise<Map<string, string[]> | undefined> {
  const cloudwatch = ctx.newClient((config) => new CloudWatchClient(config));
  return ctx.attempt("DescribeAlarms", [HEALTH_CHECK], async () => {
    const byCheck = new Map<string, string[]>();
    // MaxRecords 100 is the API maximum; without AlarmTypes only metric alarms are returned, the only kind that names a metric.
    for await (const page of paginateDescribeAlarms({ client: cloudwatch, pageSize: 100 }, {})) {
      for (const alarm of required(page.MetricAlarms, "MetricAlarms")) {
        const name = required(alarm.AlarmName, "MetricAlarm.AlarmName");
        for (const id of watchedHealthChecks(alarm)) byCheck.set(id, [...(byCheck.get(id) ?? []), name]);
      }
    }
    return byCheck;
  });
}

/** A metric alarm names its metric directly, or, for metric math, in each query's MetricStat. */
function watchedHealthChecks(alarm: MetricAlarm): Set<string> {
  const metrics = [{ Namespace: alarm.Namespace, Dimensions: alarm.Dimensions }, ...(alarm.Metrics ?? []).map((query) => query.MetricStat?.Metric)];
  const ids = new Set<string>();
  for (const metric of metrics) {
    if (metric?.Namespace !== ROUTE53_NAMESPACE) continue;
    for (const dimension of metric.Dimensions ?? []) if (dimension.Name === "HealthCheckId" && dimension.Value) ids.add(dimension.Value);
  }
  return ids;
}
