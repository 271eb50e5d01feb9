import type { Rule } from "../../src/evaluate/rule.js";
import elbCrossZone from "./elb-cross-zone.js";
import elbHealthCheckConfigured from "./elb-health-check-configured.js";
import elbHttpRedirectsToHttps from "./elb-http-redirects-to-https.js";
import elbMultiAz from "./elb-multi-az.js";
import elbTlsListenerPolicy from "./elb-tls-listener-policy.js";

export const elbRules: Rule[] = [elbHealthCheckConfigured, elbMultiAz, elbHttpRedirectsToHttps, elbCrossZone, elbTlsListenerPolicy];
