import * as z from "zod";
import type { Outcome } from "../../src/evaluate/rule.js";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { ClassicLoadBalancer, TargetGroup } from "./load-balancers.js";
import { CLASSIC_LOAD_BALANCER, isClassic, TARGET_GROUP } from "./load-balancers.js";

const params = z
  .object({
    /** AWS allows 5-300 s; a slow check keeps sending traffic to a dead target for minutes. */
    maxIntervalSeconds: z.number().int().positive().default(60),
    maxUnhealthyThreshold: z.number().int().positive().default(5),
    /** Lambda targets are the only ones whose health check can be off; teams that accept that exempt them here. */
    exemptLambdaTargets: z.boolean().default(false),
  })
  .strict();

type Params = z.infer<typeof params>;

/** One view of a target-group or classic health check, so both are judged by the same code. */
interface Check {
  protocol?: string;
  port?: string;
  path?: string;
  matcher?: string;
  intervalSeconds?: number;
  unhealthyThreshold?: number;
}

const HTTP_PROTOCOLS = ["HTTP", "HTTPS"];

function isHttp(protocol: string | undefined): protocol is string {
  return protocol !== undefined && HTTP_PROTOCOLS.includes(protocol.toUpperCase());
}

export default defineRule({
  id: "elb-health-check-configured",
  title: "Load balancer health checks are configured",
  service: "elb",
  severity: "high",
  resourceTypes: [TARGET_GROUP, CLASSIC_LOAD_BALANCER],
  rationale:
    "A load balancer only stops sending traffic to a broken target when its health check notices; an HTTP check without a path and matcher, or one that probes rarely or tolerates many failures, keeps routing users to dead instances.",
  remediation:
    "Enable the health check with an application path, a success matcher, an interval of at most 60 s and an unhealthy threshold of at most 5:\n" +
    "aws elbv2 modify-target-group --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067 " +
    "--health-check-enabled --health-check-protocol HTTP --health-check-path /health --matcher HttpCode=200 " +
    "--health-check-interval-seconds 30 --unhealthy-threshold-count 3\n" +
    "aws elb configure-health-check --load-balancer-name web-classic " +
    "--health-check Target=HTTP:80/health,Interval=30,UnhealthyThreshold=3,HealthyThreshold=5,Timeout=5",
  references: {},
  params,
  evaluate(resource: TargetGroup | ClassicLoadBalancer, { params }) {
    return isClassic(resource) ? judgeClassic(resource, params) : judgeTargetGroup(resource, params);
  },
});

function judgeTargetGroup(group: TargetGroup, params: Params): Outcome {
  const { healthCheck, loadBalancerArns, targetType } = group.attributes;
  if (loadBalancerArns.length === 0) return notApplicable("target group is not used by any load balancer");
  if (!healthCheck.enabled) {
    // Only Lambda targets can have health checks off (the default for them); that a default is off is no reason to exempt them.
    if (targetType === "lambda" && params.exemptLambdaTargets) return notApplicable("Lambda target group with health checks disabled (exempted by exemptLambdaTargets)");
    return fail(targetType === "lambda" ? "health check is disabled for the Lambda targets" : "health check is disabled", { healthCheck });
  }
  const { port, path, matcher, intervalSeconds, unhealthyThreshold } = healthCheck;
  // A Lambda target's health check is an invocation carrying the path, judged by the matcher like HTTP.
  const protocol = healthCheck.protocol ?? (targetType === "lambda" ? "HTTP" : undefined);
  return judge({ protocol, port, path, matcher, intervalSeconds, unhealthyThreshold }, params, healthCheck);
}

function judgeClassic(lb: ClassicLoadBalancer, params: Params): Outcome {
  // The collector leaves it out only when the response has none, or one with an empty Target; one it could not read is unreadable (ERROR).
  const healthCheck = lb.attributes.healthCheck;
  if (!healthCheck) return fail("no health check is configured", {});
  const target = parseTarget(healthCheck.target);
  if (!target) return fail(`health check target "${healthCheck.target}" is not PROTOCOL:port[/path]`, { healthCheck });
  return judge(
    // Classic load balancers have no matcher to set: an HTTP(S) check counts only 200 OK as healthy.
    { protocol: target.protocol, port: target.port, path: target.path, matcher: isHttp(target.protocol) ? "200" : undefined, intervalSeconds: healthCheck.interval, unhealthyThreshold: healthCheck.unhealthyThreshold },
    params,
    healthCheck,
  );
}

/** Classic HealthCheck.Target is "PROTOCOL:port" for TCP/SSL and "PROTOCOL:port/path" for HTTP/HTTPS. */
function parseTarget(target: string): Pick<Check, "protocol" | "port" | "path"> | undefined {
  const match = /^([A-Za-z]+):(\d+)(\/.*)?$/.exec(target);
  if (!match) return undefined;
  return { protocol: match[1]!.toUpperCase(), port: match[2], path: match[3] };
}

/** `healthCheck` as read, for the evidence. */
function judge(check: Check, params: Params, healthCheck: unknown): Outcome {
  const problems = problemsOf(check, params);
  if (problems.length > 0) return fail(`health check ${problems.join("; ")}`, { healthCheck, problems });
  return pass(describe(check), { healthCheck });
}

function problemsOf(check: Check, params: Params): string[] {
  const problems: string[] = [];
  if (isHttp(check.protocol)) {
    const protocol = check.protocol.toUpperCase();
    if (!check.path) problems.push(`${protocol} check has no path`);
    if (!check.matcher) problems.push(`${protocol} check has no success matcher`);
  }
  if (check.intervalSeconds !== undefined && check.intervalSeconds > params.maxIntervalSeconds) {
    problems.push(`interval ${check.intervalSeconds} s exceeds ${params.maxIntervalSeconds} s`);
  }
  if (check.unhealthyThreshold !== undefined && check.unhealthyThreshold > params.maxUnhealthyThreshold) {
    problems.push(`unhealthy threshold ${check.unhealthyThreshold} exceeds ${params.maxUnhealthyThreshold}`);
  }
  return problems;
}

/** "HTTP check on port traffic-port path /health (matcher 200), every 30 s, unhealthy after 2 failures". */
function describe(check: Check): string {
  const parts = [`${check.protocol ?? "health"} check`];
  if (check.port) parts.push(`on port ${check.port}`);
  if (check.path) parts.push(`path ${check.path}`);
  if (check.matcher) parts.push(`(matcher ${check.matcher})`);
  let text = parts.join(" ");
  if (check.intervalSeconds !== undefined) text += `, every ${check.intervalSeconds} s`;
  if (check.unhealthyThreshold !== undefined) text += `, unhealthy after ${check.unhealthyThreshold} failures`;
  return text;
}
