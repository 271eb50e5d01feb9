import rule from "../../../rules/route53/route53-health-check-alarmed.js";
import { healthCheck } from "../../support/route53-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "one alarm", resource: healthCheck("abcdef11-2222-3333-4444-555555fedcba"), reason: /watched by alarm abcdef11-.*-unhealthy$/ },
    {
      name: "two alarms",
      resource: healthCheck("a1b2c3d4-0000-1111-2222-333344445555", { alarmNames: ["primary-down", "primary-latency"] }),
      reason: /alarms primary-down, primary-latency/,
      evidence: { alarmNames: ["primary-down", "primary-latency"] },
    },
  ],
  fail: [
    { name: "no alarm", resource: healthCheck("abcdef11-2222-3333-4444-555555fedcba", { alarmNames: [] }), reason: /no CloudWatch alarm/ },
    { name: "calculated health check without an alarm", resource: healthCheck("b1b2c3d4-0000-1111-2222-333344445555", { type: "CALCULATED", alarmNames: [] }), evidence: { alarmNames: [] } },
    { name: "TCP health check without an alarm", resource: healthCheck("c1b2c3d4-0000-1111-2222-333344445555", { type: "TCP", alarmNames: [] }), reason: /watches this health check/ },
  ],
  notApplicable: [],
  error: [{ name: "alarms not collected", resource: healthCheck("abcdef11-2222-3333-4444-555555fedcba", { alarmNames: null }), reason: /not collected/ }],
});
