import rule from "../../../rules/elb/elb-http-redirects-to-https.js";
import { alb, fixedResponse, forward, listener, listenersNotRead, nlb, redirect } from "../../support/elb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const https = listener("HTTPS", 443, forward());

ruleTester.run(rule, {
  pass: [
    { name: "HTTP redirects to HTTPS", resource: alb({ listeners: [listener("HTTP", 80, redirect()), https] }), reason: /every HTTP listener \(port 80\) redirects/ },
    {
      name: "two HTTP listeners, both redirecting",
      resource: alb({ listeners: [listener("HTTP", 80, redirect()), listener("HTTP", 8080, redirect("HTTPS", "8443")), https] }),
      evidence: { ports: [80, 8080] },
    },
  ],
  fail: [
    {
      name: "HTTP listener forwards to the target group",
      resource: alb({ listeners: [listener("HTTP", 80, forward()), https] }),
      reason: /^HTTP listener port 80 \(forward\) does not redirect to HTTPS$/,
      evidence: { ports: [80] },
    },
    {
      name: "one HTTP listener redirects and another does not",
      resource: alb({ listeners: [listener("HTTP", 80, redirect()), listener("HTTP", 8080, forward()), https] }),
      reason: /port 8080 \(forward\)/,
      evidence: { ports: [8080] },
    },
    {
      name: "a redirect that keeps the protocol",
      resource: alb({ listeners: [listener("HTTP", 80, redirect("#{protocol}", "8080"))] }),
      reason: /port 80 \(redirect to #\{protocol\}\)/,
    },
    {
      name: "two offending listeners are both named",
      resource: alb({ listeners: [listener("HTTP", 80, fixedResponse()), listener("HTTP", 81, forward())] }),
      reason: /HTTP listeners port 80 \(fixed-response\); port 81 \(forward\) do not redirect/,
      evidence: { ports: [80, 81] },
    },
  ],
  notApplicable: [
    { name: "HTTPS only", resource: alb({ listeners: [https] }), reason: /no HTTP listener/ },
    { name: "NLB", resource: nlb({ listeners: [listener("TCP", 80, forward())] }), reason: /NLB/ },
    { name: "ALB without listeners in a fully collected region", resource: alb(), reason: /no HTTP listener/ },
  ],
  error: [{ name: "no listeners recorded while listener collection failed", resource: alb(), errors: [listenersNotRead()], reason: /incomplete/ }],
});
