import type { Rule } from "../../src/evaluate/rule.js";
import route53FailoverHealthChecks from "./route53-failover-health-checks.js";
import route53HealthCheckAlarmed from "./route53-health-check-alarmed.js";

export const route53Rules: Rule[] = [route53FailoverHealthChecks, route53HealthCheckAlarmed];
