import rule from "../../../rules/elb/elb-cross-zone.js";
import { alb, classicLb, gwlb, nlb, targetGroup } from "../../support/elb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const nlbOn = nlb({ name: "api-on", crossZoneEnabled: true });
const nlbOff = nlb({ name: "api-off" });
const nlbUnread = nlb({ name: "api-unread", crossZoneEnabled: undefined });
const web = alb({ name: "web" });

ruleTester.run(rule, {
  pass: [
    { name: "classic load balancer with cross-zone on", resource: classicLb(), reason: /on for the classic load balancer/ },
    { name: "NLB with cross-zone on", resource: nlbOn, reason: /on for the NLB/ },
    { name: "NLB target group turning it on itself", resource: targetGroup({ protocol: "TCP", loadBalancers: [nlbOff], crossZone: "true" }), related: [nlbOff] },
    {
      name: "NLB target group inheriting it from its NLB",
      resource: targetGroup({ protocol: "TCP", loadBalancers: [nlbOn] }),
      related: [nlbOn],
      reason: /inherits cross-zone load balancing on from api-on/,
    },
  ],
  fail: [
    { name: "classic load balancer with cross-zone off", resource: classicLb({ crossZoneEnabled: false }), reason: /off for the classic load balancer/ },
    { name: "NLB left at its default (off)", resource: nlbOff, evidence: { crossZoneEnabled: false } },
    { name: "NLB target group turning it off", resource: targetGroup({ protocol: "TLS", loadBalancers: [nlbOn], crossZone: "false" }), related: [nlbOn], reason: /off for the target group/ },
    {
      name: "NLB target group inheriting off from its NLB",
      resource: targetGroup({ protocol: "UDP", loadBalancers: [nlbOff] }),
      related: [nlbOff],
      reason: /inherits cross-zone load balancing off from api-off/,
      evidence: { loadBalancers: [{ name: "api-off", crossZoneEnabled: false }] },
    },
  ],
  notApplicable: [
    { name: "ALB", resource: web, reason: /always on/ },
    { name: "target group of an ALB", resource: targetGroup({ protocol: "HTTP", loadBalancers: [web] }), related: [web], reason: /target group of an ALB/ },
    {
      name: "ALB target group turning it off is named in the reason",
      resource: targetGroup({ protocol: "HTTPS", loadBalancers: [web], crossZone: "false" }),
      reason: /turns it off for its own targets/,
    },
    { name: "Lambda target group", resource: targetGroup({ targetType: "lambda", loadBalancers: [web] }), reason: /ALB/ },
    { name: "target group not used", resource: targetGroup({ protocol: "TCP" }), reason: /not used by any load balancer/ },
    { name: "GWLB", resource: gwlb(), reason: /GWLB/ },
  ],
  error: [
    { name: "classic attribute not collected", resource: classicLb({ crossZoneEnabled: null }), reason: /not collected/ },
    { name: "NLB attribute not collected", resource: nlbUnread, reason: /not collected/ },
    { name: "target group attribute not collected", resource: targetGroup({ protocol: "TCP", loadBalancers: [nlbOn], crossZone: null }), related: [nlbOn], reason: /target group's cross-zone attribute/ },
    { name: "inherited from an NLB missing from the snapshot", resource: targetGroup({ protocol: "TCP", loadBalancers: [nlbOn] }), reason: /not in the snapshot/ },
    { name: "inherited from an NLB whose attribute was not collected", resource: targetGroup({ protocol: "TCP", loadBalancers: [nlbUnread] }), related: [nlbUnread], reason: /api-unread, whose cross-zone attribute was not collected/ },
  ],
});
