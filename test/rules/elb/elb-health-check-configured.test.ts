import rule from "../../../rules/elb/elb-health-check-configured.js";
import { alb, classicLb, nlb, targetGroup } from "../../support/elb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const web = alb({ name: "web" });
const api = nlb({ name: "api" });

ruleTester.run(rule, {
  pass: [
    { name: "ALB target group with the default HTTP check", resource: targetGroup({ loadBalancers: [web] }), reason: /HTTP check .*path \/ \(matcher 200\), every 30 s, unhealthy after 2/ },
    { name: "NLB target group with a TCP check needs no path", resource: targetGroup({ protocol: "TCP", loadBalancers: [api] }), reason: /^TCP check/ },
    { name: "classic load balancer with AWS's default TCP:80 check", resource: classicLb(), reason: /TCP check on port 80, every 30 s/ },
    { name: "classic load balancer with an HTTP check on a path", resource: classicLb({ healthCheck: { target: "HTTP:80/health" } }), reason: /path \/health/ },
    {
      name: "Lambda target group with its health check enabled",
      resource: targetGroup({ targetType: "lambda", loadBalancers: [web], healthCheck: { enabled: true } }),
      reason: /HTTP check path \/ \(matcher 200\)/,
    },
    {
      name: "interval within a raised limit",
      resource: targetGroup({ loadBalancers: [web], healthCheck: { intervalSeconds: 90 } }),
      params: { maxIntervalSeconds: 120 },
    },
  ],
  fail: [
    { name: "HTTP check without a path", resource: targetGroup({ loadBalancers: [web], healthCheck: { path: undefined } }), reason: /HTTP check has no path/ },
    {
      name: "HTTPS check without a matcher",
      resource: targetGroup({ protocol: "HTTPS", loadBalancers: [web], healthCheck: { protocol: "HTTPS", matcher: undefined } }),
      reason: /HTTPS check has no success matcher/,
    },
    {
      name: "NLB target group with an HTTP check but no path",
      resource: targetGroup({ protocol: "TCP", loadBalancers: [api], healthCheck: { protocol: "HTTP", matcher: "200-399" } }),
      reason: /HTTP check has no path/,
    },
    { name: "interval above 60 s", resource: targetGroup({ loadBalancers: [web], healthCheck: { intervalSeconds: 120 } }), reason: /interval 120 s exceeds 60 s/ },
    {
      name: "unhealthy threshold above 5",
      resource: targetGroup({ protocol: "TCP", loadBalancers: [api], healthCheck: { unhealthyThreshold: 10 } }),
      reason: /unhealthy threshold 10 exceeds 5/,
    },
    {
      name: "every problem is listed in evidence",
      resource: targetGroup({ loadBalancers: [web], healthCheck: { path: undefined, intervalSeconds: 300 } }),
      evidence: { problems: ["HTTP check has no path", "interval 300 s exceeds 60 s"] },
    },
    {
      name: "a stricter threshold by param",
      resource: targetGroup({ loadBalancers: [web], healthCheck: { unhealthyThreshold: 3 } }),
      params: { maxUnhealthyThreshold: 2 },
      reason: /unhealthy threshold 3 exceeds 2/,
    },
    { name: "health check disabled on an instance target group", resource: targetGroup({ loadBalancers: [web], healthCheck: { enabled: false } }), reason: /disabled/ },
    {
      name: "classic TCP check probing every 5 minutes",
      resource: classicLb({ healthCheck: { target: "TCP:80", interval: 300, unhealthyThreshold: 10 } }),
      reason: /interval 300 s exceeds 60 s; unhealthy threshold 10 exceeds 5/,
    },
    { name: "classic HTTP check without a path", resource: classicLb({ healthCheck: { target: "HTTP:80" } }), reason: /HTTP check has no path/ },
    { name: "Lambda target group with health checks off (the default for Lambda targets)", resource: targetGroup({ targetType: "lambda", loadBalancers: [web] }), reason: /disabled for the Lambda targets/ },
    { name: "classic load balancer without a health check (empty Target)", resource: classicLb({ healthCheck: null }), reason: /no health check is configured/ },
    { name: "classic target that is not PROTOCOL:port", resource: classicLb({ healthCheck: { target: "HTTP80/health" } }), reason: /"HTTP80\/health" is not PROTOCOL:port/ },
  ],
  notApplicable: [
    { name: "target group not used by any load balancer", resource: targetGroup({ healthCheck: { enabled: false } }), reason: /not used by any load balancer/ },
    {
      name: "Lambda target group with health checks off, exempted by param",
      resource: targetGroup({ targetType: "lambda", loadBalancers: [web] }),
      params: { exemptLambdaTargets: true },
      reason: /exempted by exemptLambdaTargets/,
    },
  ],
  error: [
    {
      name: "classic health check unreadable (HealthCheck.Interval missing from the response)",
      resource: { ...classicLb({ healthCheck: null }), unreadable: [{ attribute: "healthCheck", field: "HealthCheck.Interval" }] },
      reason: /^could not evaluate: HealthCheck\.Interval missing$/,
    },
  ],
});
