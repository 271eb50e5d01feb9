import * as z from "zod";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { Listener, ListenerAction } from "../../src/types/attributes.js";
import type { LoadBalancerV2 } from "./load-balancers.js";
import { isApplication, kindOf, LOAD_BALANCER_V2 } from "./load-balancers.js";

export default defineRule({
  id: "elb-http-redirects-to-https",
  title: "ALB HTTP listeners redirect to HTTPS",
  service: "elb",
  severity: "medium",
  resourceTypes: [LOAD_BALANCER_V2],
  rationale:
    "TLS terminates on the load balancer; an HTTP listener that forwards instead of redirecting serves the application, cookies included, in clear text to anyone who types the http:// URL.",
  remediation:
    "Make every HTTP listener's default action a redirect to HTTPS:\n" +
    "aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2 " +
    "--default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
  references: { awsConfig: "alb-http-to-https-redirection-check", securityHub: "ELB.1" },
  params: z.object({}).strict(),
  evaluate(lb: LoadBalancerV2, ctx) {
    if (!isApplication(lb)) return notApplicable(`${kindOf(lb)}: only Application Load Balancers have HTTP listeners`);
    const http = lb.attributes.listeners.filter((l) => l.protocol?.toUpperCase() === "HTTP");
    if (http.length === 0) {
      // Listeners are read per load balancer; an empty list in a partly collected region may be a failed read.
      if (lb.attributes.listeners.length === 0 && !ctx.snapshot.complete(LOAD_BALANCER_V2, lb.region)) {
        return cannotEvaluate(`no listeners recorded and load balancer collection in ${lb.region} was incomplete`);
      }
      return notApplicable("no HTTP listener");
    }
    const offending = http.filter((l) => !l.defaultActions.some(redirectsToHttps));
    const ports = http.map((l) => l.port);
    if (offending.length === 0) return pass(`every HTTP listener (port${ports.length === 1 ? "" : "s"} ${ports.join(", ")}) redirects to HTTPS`, { ports });
    return fail(`${listenerNoun(offending)} ${offending.map(describeListener).join("; ")} ${offending.length === 1 ? "does" : "do"} not redirect to HTTPS`, {
      ports: offending.map((l) => l.port),
      listeners: offending.map((l) => ({ arn: l.arn, port: l.port, defaultActions: l.defaultActions })),
    });
  },
});

/** A redirect keeping "#{protocol}" (the default) sends HTTP requests back to HTTP. */
function redirectsToHttps(action: ListenerAction): boolean {
  return action.type === "redirect" && action.redirect?.protocol?.toUpperCase() === "HTTPS";
}

function listenerNoun(listeners: Listener[]): string {
  return listeners.length === 1 ? "HTTP listener" : "HTTP listeners";
}

/** "port 8080 (forward)", "port 81 (redirect to #{protocol})". */
function describeListener(listener: Listener): string {
  const actions = listener.defaultActions.map((a) => (a.type === "redirect" ? `redirect to ${a.redirect?.protocol ?? "#{protocol}"}` : a.type));
  return `port ${listener.port ?? "?"} (${actions.join(", ") || "no default action"})`;
}
