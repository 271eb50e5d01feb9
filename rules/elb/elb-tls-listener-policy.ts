import * as z from "zod";
import type { Outcome, RuleContext } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { SslPolicyProtocols } from "../../src/types/attributes.js";
import type { ClassicLoadBalancer, LoadBalancerV2 } from "./load-balancers.js";
import { CLASSIC_LOAD_BALANCER, isClassic, LOAD_BALANCER_V2 } from "./load-balancers.js";

interface Params {
  allowedProtocols: string[];
}

/** One TLS listener as the rule judges it: where it listens and the policy that decides its protocols. */
interface TlsListener {
  label: string;
  port: number | undefined;
  protocol: string;
  /** The policy's name; for a classic listener, undefined when it names none of the SSL negotiation policies read. */
  policy: string | undefined;
}

export default defineRule({
  id: "elb-tls-listener-policy",
  title: "Load balancer TLS listeners offer only TLS 1.2 or later",
  service: "elb",
  severity: "medium",
  resourceTypes: [LOAD_BALANCER_V2, CLASSIC_LOAD_BALANCER],
  rationale:
    "TLS terminates on the load balancer, so its security policy decides what a client may negotiate: a policy that still offers TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, the old default) lets a downgraded or outdated client talk to the application over protocols with known weaknesses.",
  remediation:
    "Give each HTTPS/TLS listener a policy without TLS 1.0 and 1.1, such as ELBSecurityPolicy-TLS13-1-2-2021-06:\n" +
    "aws elbv2 modify-listener --listener-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2 --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06\n" +
    "A classic load balancer takes a policy that references a predefined TLS 1.2 one, set on its HTTPS/SSL listener:\n" +
    "aws elb create-load-balancer-policy --load-balancer-name web-classic --policy-name tls-1-2-only --policy-type-name SSLNegotiationPolicyType " +
    "--policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01\n" +
    "aws elb set-load-balancer-policies-of-listener --load-balancer-name web-classic --load-balancer-port 443 --policy-names tls-1-2-only",
  references: { awsConfig: "elb-tls-https-listeners-only, elbv2-predefined-security-policy-ssl-check", securityHub: "ELB.17" },
  needs: ["elbv2.sslPolicies", "elb.loadBalancerPolicies"],
  params: z.object({ allowedProtocols: z.array(z.string().min(1)).default(["TLSv1.2", "TLSv1.3"]) }).strict(),
  evaluate(lb: LoadBalancerV2 | ClassicLoadBalancer, ctx: RuleContext<Params>) {
    const listeners = isClassic(lb) ? classicTlsListeners(lb) : v2TlsListeners(lb);
    if (listeners.length === 0) {
      // Listeners of an ELBv2 load balancer are read per load balancer; an empty list in a partly collected region may be a failed read.
      if (!isClassic(lb) && lb.attributes.listeners.length === 0 && !ctx.snapshot.complete(LOAD_BALANCER_V2, lb.region)) {
        return cannotEvaluate(`no listeners recorded and load balancer collection in ${lb.region} was incomplete`);
      }
      return notApplicable(`no ${isClassic(lb) ? "HTTPS or SSL" : "HTTPS or TLS"} listener`);
    }
    return judge(lb, listeners, ctx.params.allowedProtocols);
  },
});

const V2_TLS_PROTOCOLS = ["HTTPS", "TLS"];
const CLASSIC_TLS_PROTOCOLS = ["HTTPS", "SSL"];

function v2TlsListeners(lb: LoadBalancerV2): TlsListener[] {
  return lb.attributes.listeners
    .filter((l) => V2_TLS_PROTOCOLS.includes(l.protocol?.toUpperCase() ?? ""))
    .map((l) => ({ label: `${l.protocol} listener on port ${l.port ?? "?"}`, port: l.port, protocol: l.protocol!, policy: l.sslPolicy }));
}

/** A classic listener's policies include any stickiness policy: its SSL negotiation policy is the one among the load balancer's SSL policies. */
function classicTlsListeners(lb: ClassicLoadBalancer): TlsListener[] {
  const known = new Set((lb.unreadable?.some((u) => u.attribute === "sslPolicies") ? [] : (lb.attributes.sslPolicies ?? [])).map((p) => p.name));
  return lb.attributes.listeners
    .filter((l) => CLASSIC_TLS_PROTOCOLS.includes(l.protocol.toUpperCase()))
    .map((l) => ({
      label: `${l.protocol} listener on port ${l.loadBalancerPort}`,
      port: l.loadBalancerPort,
      protocol: l.protocol,
      policy: l.policyNames.find((name) => known.has(name)),
    }));
}

/** A listener with the policy it names, and the protocols that policy offers beyond those allowed. */
interface JudgedListener {
  listener: TlsListener;
  policy: SslPolicyProtocols;
  older: string[];
}

function judge(lb: LoadBalancerV2 | ClassicLoadBalancer, listeners: TlsListener[], allowed: string[]): Outcome {
  const unread = lb.unreadable?.find((u) => u.attribute === "sslPolicies");
  if (unread) return cannotEvaluate(`the protocols of the listeners' security policies could not be read (${unread.field})`);
  const policies = lb.attributes.sslPolicies;
  if (!policies) return cannotEvaluate(`the protocols of the listeners' security policies were not collected (${isClassic(lb) ? "DescribeLoadBalancerPolicies" : "DescribeSSLPolicies"})`);
  const unknown = listeners.filter((l) => !l.policy || !policyNamed(policies, l.policy));
  if (unknown.length > 0) {
    return cannotEvaluate(unknown.map((l) => (l.policy ? `${l.label}: security policy ${l.policy} is not among the policies read` : `${l.label} names no security policy that was read`)).join("; "));
  }
  const judged = listeners.map((listener): JudgedListener => {
    const policy = policyNamed(policies, listener.policy!)!;
    return { listener, policy, older: policy.protocols.filter((p) => !allowed.includes(p)) };
  });
  const evidence = { listeners: judged.map(listenerEvidence), allowedProtocols: allowed };
  const offending = judged.filter((l) => l.older.length > 0);
  if (offending.length > 0) {
    return fail(offending.map((l) => `${l.listener.label} uses ${policyLabel(l)}, which offers ${l.older.join(", ")}`).join("; "), evidence);
  }
  return pass(judged.map((l) => `${l.listener.label} uses ${policyLabel(l)} (${l.policy.protocols.join(", ") || "no protocol enabled"})`).join("; "), evidence);
}

/** The policy read under `name`; of two with one name, the later, as a map of them by name would keep. */
function policyNamed(policies: SslPolicyProtocols[], name: string): SslPolicyProtocols | undefined {
  return policies.findLast((p) => p.name === name);
}

function listenerEvidence({ listener, policy }: JudgedListener): Record<string, unknown> {
  const port = listener.port ?? null;
  const { protocol, policy: name } = listener;
  const { protocols, reference } = policy;
  return reference ? { port, protocol, policy: name, protocols, reference } : { port, protocol, policy: name, protocols };
}

function policyLabel({ listener, policy }: JudgedListener): string {
  return policy.reference && policy.reference !== listener.policy ? `${listener.policy} (from ${policy.reference})` : listener.policy!;
}
