import rule from "../../../rules/route53/route53-failover-health-checks.js";
import { alias, healthCheck, healthChecksNotRead, recordSet } from "../../support/route53-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const PRIMARY_CHECK = "abcdef11-2222-3333-4444-555555fedcba";
const GONE_CHECK = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const primaryCheck = healthCheck(PRIMARY_CHECK);

ruleTester.run(rule, {
  pass: [
    {
      name: "failover primary with an existing health check",
      resource: recordSet({ routingPolicy: "failover", healthCheckId: PRIMARY_CHECK }),
      related: [primaryCheck],
      reason: /health check abcdef11-.* \(HTTPS primary\.example\.com:443\/health\) is attached/,
    },
    { name: "weighted record with a health check", resource: recordSet({ routingPolicy: "weighted", setIdentifier: "blue", healthCheckId: PRIMARY_CHECK }), related: [primaryCheck] },
    {
      name: "failover alias to an ELB evaluating target health",
      resource: recordSet({ routingPolicy: "failover", aliasTarget: alias("elb", true) }),
      reason: /alias to a load balancer with EvaluateTargetHealth on/,
      evidence: { aliasTarget: { targetKind: "elb", evaluateTargetHealth: true } },
    },
    {
      name: "weighted alias to CloudFront (Route 53 cannot evaluate its health)",
      resource: recordSet({ routingPolicy: "weighted", setIdentifier: "cdn", aliasTarget: alias("cloudfront", false) }),
      reason: /alias to CloudFront/,
    },
    { name: "failover alias to other records evaluating their health", resource: recordSet({ routingPolicy: "failover", aliasTarget: alias("record", true) }), reason: /alias to other records/ },
    {
      name: "latency alias to an ELB with its own health check",
      resource: recordSet({ routingPolicy: "latency", aliasTarget: alias("elb", false), healthCheckId: PRIMARY_CHECK }),
      related: [primaryCheck],
    },
  ],
  fail: [
    { name: "failover primary without a health check", resource: recordSet({ routingPolicy: "failover" }), reason: /failover record "primary" has no health check/ },
    {
      name: "failover secondary without a health check",
      resource: recordSet({ routingPolicy: "failover", setIdentifier: "secondary" }),
      evidence: { failover: "SECONDARY", healthCheckId: null },
    },
    { name: "weighted record without a health check", resource: recordSet({ routingPolicy: "weighted", setIdentifier: "green" }), reason: /weighted record "green" has no health check/ },
    { name: "multivalue answer without a health check", resource: recordSet({ routingPolicy: "multivalue", setIdentifier: "web-1" }), reason: /multivalue/ },
    {
      name: "failover alias to an ELB not evaluating target health",
      resource: recordSet({ routingPolicy: "failover", aliasTarget: alias("elb", false) }),
      reason: /EvaluateTargetHealth off and no health check/,
    },
    { name: "weighted alias to an S3 website needs a health check", resource: recordSet({ routingPolicy: "weighted", aliasTarget: alias("s3", true) }), reason: /has no health check/ },
    {
      name: "health check id that does not exist",
      resource: recordSet({ routingPolicy: "failover", healthCheckId: GONE_CHECK }),
      related: [primaryCheck],
      reason: /health check 0f1e2d3c-.* does not exist/,
      evidence: { healthCheckId: GONE_CHECK },
    },
    {
      name: "geolocation judged when the param adds it",
      resource: recordSet({ routingPolicy: "geolocation", setIdentifier: "europe" }),
      params: { routingPolicies: ["failover", "geolocation"] },
      reason: /geolocation record "europe"/,
    },
  ],
  notApplicable: [
    { name: "simple routing", resource: recordSet(), reason: /simple routing/ },
    { name: "simple alias to an ELB", resource: recordSet({ aliasTarget: alias("elb", false) }), reason: /simple routing/ },
    { name: "geolocation not judged by default", resource: recordSet({ routingPolicy: "geolocation", setIdentifier: "europe" }), reason: /geolocation routing is not judged/ },
  ],
  error: [
    {
      name: "health check missing while health checks were not fully collected",
      resource: recordSet({ routingPolicy: "failover", healthCheckId: GONE_CHECK }),
      errors: [healthChecksNotRead()],
      reason: /collection was incomplete/,
    },
  ],
});
