import * as z from "zod";
import type { Outcome, RuleContext } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { HealthCheckAttributes, RecordSetAttributes, RoutingPolicy } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

type RecordSet = ResourceRecord<RecordSetAttributes>;

const HEALTH_CHECK = "AWS::Route53::HealthCheck";

/** Policies that choose among several records, where an unhealthy record must drop out. Simple routing has one answer. */
const CHOOSING_POLICIES = ["failover", "weighted", "latency", "multivalue", "geolocation", "geoproximity", "cidr"] as const satisfies readonly RoutingPolicy[];

const params = z
  .object({
    /** Geolocation, geoproximity and CIDR records can be added: they too skip a record whose health check fails. */
    routingPolicies: z.array(z.enum(CHOOSING_POLICIES)).default(["failover", "weighted", "latency", "multivalue"]),
  })
  .strict();

type Params = z.infer<typeof params>;

export default defineRule({
  id: "route53-failover-health-checks",
  title: "Route 53 failover and weighted records are health checked",
  service: "route53",
  severity: "high",
  resourceTypes: ["AWS::Route53::RecordSet"],
  rationale:
    "Route 53 treats a record with no health check (and an alias without EvaluateTargetHealth) as always healthy, so failover never happens and weighted or latency routing keeps answering with a dead endpoint. " +
    "Alias records to an ELB or to other records pass with EvaluateTargetHealth on; alias records to CloudFront pass, as Route 53 cannot evaluate a distribution's health.",
  remediation:
    "Create a health check for the record's endpoint and attach it (or set EvaluateTargetHealth on an alias to a load balancer):\n" +
    "aws route53 create-health-check --caller-reference primary-2026-01-01 " +
    "--health-check-config Type=HTTPS,FullyQualifiedDomainName=primary.example.com,Port=443,ResourcePath=/health,RequestInterval=30,FailureThreshold=3\n" +
    "aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch " +
    "'{\"Changes\":[{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{\"Name\":\"www.example.com\",\"Type\":\"A\",\"SetIdentifier\":\"primary\",\"Failover\":\"PRIMARY\"," +
    "\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"203.0.113.10\"}],\"HealthCheckId\":\"<health check id>\"}}]}'",
  references: {},
  params,
  evaluate(record: RecordSet, ctx: RuleContext<Params>) {
    const { routingPolicy, healthCheckId, aliasTarget } = record.attributes;
    if (routingPolicy === "simple") return notApplicable("simple routing: one answer, nothing to fail over to");
    if (!judges(ctx.params, routingPolicy)) return notApplicable(`${routingPolicy} routing is not judged (param routingPolicies)`);
    const evidence = evidenceOf(record.attributes);
    if (healthCheckId) return judgeHealthCheckId(record, healthCheckId, ctx, evidence);
    const what = `${routingPolicy} record${record.attributes.setIdentifier ? ` "${record.attributes.setIdentifier}"` : ""}`;
    if (aliasTarget?.targetKind === "cloudfront") return pass(`${what} is an alias to CloudFront, whose health Route 53 does not evaluate`, evidence);
    // EvaluateTargetHealth on an ELB alias uses the load balancer's target health; on an alias to other records, their health checks.
    if (aliasTarget && (aliasTarget.targetKind === "elb" || aliasTarget.targetKind === "record")) {
      const target = aliasTarget.targetKind === "elb" ? "a load balancer" : "other records";
      if (aliasTarget.evaluateTargetHealth) return pass(`${what} is an alias to ${target} with EvaluateTargetHealth on`, evidence);
      return fail(`${what} is an alias to ${target} with EvaluateTargetHealth off and no health check: Route 53 treats it as always healthy`, evidence);
    }
    return fail(`${what} has no health check: Route 53 treats it as always healthy`, evidence);
  },
});

// Apart from evaluate, whose locals a closure there would make every call allocate.
function judges(params: Params, policy: RoutingPolicy): boolean {
  return params.routingPolicies.some((judged) => judged === policy);
}

function judgeHealthCheckId(record: RecordSet, id: string, ctx: RuleContext<Params>, evidence: Record<string, unknown>): Outcome {
  // Health checks are global; their records share the region Route 53 records use.
  const check = ctx.snapshot.get<HealthCheckAttributes>(HEALTH_CHECK, record.region, id);
  if (check) return pass(`health check ${id} (${describeCheck(check.attributes)}) is attached`, evidence);
  if (!ctx.snapshot.complete(HEALTH_CHECK, record.region)) return cannotEvaluate(`health check ${id} is not in the snapshot and health-check collection was incomplete`);
  return fail(`health check ${id} does not exist`, evidence);
}

function describeCheck(check: HealthCheckAttributes): string {
  const target = check.fqdn ?? check.ipAddress;
  return target ? `${check.type} ${target}${check.port ? `:${check.port}` : ""}${check.resourcePath ?? ""}` : check.type;
}

function evidenceOf(record: RecordSetAttributes): Record<string, unknown> {
  const evidence: Record<string, unknown> = { name: record.name, recordType: record.recordType, routingPolicy: record.routingPolicy };
  if (record.setIdentifier) evidence.setIdentifier = record.setIdentifier;
  if (record.failover) evidence.failover = record.failover;
  if (record.weight !== undefined) evidence.weight = record.weight;
  evidence.healthCheckId = record.healthCheckId ?? null;
  if (record.aliasTarget) evidence.aliasTarget = record.aliasTarget;
  return evidence;
}
