import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { HealthCheck, HealthCheckConfig } from "@aws-sdk/client-route-53";
import type { HealthCheckAttributes } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { describeAlarmPages } from "./cloudwatch-alarms.js";
import type { CollectorContext } from "../collector.js";
import { required } from "../errors.js";
import { ItemFields } from "../listed-items.js";
import { compact, sortedStrings } from "../normalize.js";
import type { TagReader } from "./tags.js";

export const HEALTH_CHECK = "AWS::Route53::HealthCheck";

export type HealthCheckRecord = ResourceRecord<HealthCheckAttributes>;

/** A health check as ListHealthChecks describes it: no tags and no `alarmNames` yet. Without its config, every attribute built from it is unreadable. */
export function toHealthCheck(check: HealthCheck, accountId: string, region: string, fields = new ItemFields()): HealthCheckRecord {
  const id = required(check.Id, "HealthCheck.Id");
  const fromConfig = <T>(attribute: string, build: (config: HealthCheckConfig) => T) =>
    fields.read(attribute, () => build(required(check.HealthCheckConfig, "HealthCheck.HealthCheckConfig")));
  const attributes = compact({
    type: fromConfig("type", (c) => required(c.Type, "HealthCheckConfig.Type")),
    fqdn: fromConfig("fqdn", (c) => c.FullyQualifiedDomainName),
    ipAddress: fromConfig("ipAddress", (c) => c.IPAddress),
    port: fromConfig("port", (c) => c.Port),
    resourcePath: fromConfig("resourcePath", (c) => c.ResourcePath),
    requestInterval: fromConfig("requestInterval", (c) => c.RequestInterval),
    failureThreshold: fromConfig("failureThreshold", (c) => c.FailureThreshold),
  }) as HealthCheckAttributes;
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

/**
 * What ListHealthChecks and GetHealthCheck leave out: tags (a Name tag names
 * the check) and the alarms watching it. The same for a full read and a targeted one.
 */
export async function readHealthCheckDetails(ctx: Pick<CollectorContext<unknown>, "newClient" | "attempt" | "reads">, checks: HealthCheckRecord[], readTags: TagReader): Promise<void> {
  const [, alarms] = await Promise.all([
    readTags("healthcheck", HEALTH_CHECK, checks),
    checks.length > 0 && ctx.reads("cloudwatch.healthCheckAlarms") ? alarmsByHealthCheck(ctx) : undefined,
  ]);
  for (const check of checks) {
    if (check.tags.Name) check.name = check.tags.Name;
    if (alarms) check.attributes.alarmNames = sortedStrings(alarms.get(check.id));
  }
}

/** Route 53 publishes health-check metrics only in us-east-1, under this namespace with a HealthCheckId dimension. */
const ROUTE53_NAMESPACE = "AWS/Route53";

/**
 * The names of the CloudWatch alarms watching each health check, by health-check id;
 * `undefined` when the alarms could not be read. The collector runs in us-east-1,
 * the only region holding these metrics.
 */
export async function alarmsByHealthCheck(ctx: Pick<CollectorContext<unknown>, "newClient" | "attempt">): Promise<Map<string, string[]> | undefined> {
  return ctx.attempt("DescribeAlarms", [HEALTH_CHECK], async () => {
    const byCheck = new Map<string, string[]>();
    // Metric alarms only (DescribeAlarms' default): the only kind that names a metric.
    for await (const page of describeAlarmPages(ctx)) {
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
