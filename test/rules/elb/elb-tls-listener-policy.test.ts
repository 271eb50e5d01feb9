import rule from "../../../rules/elb/elb-tls-listener-policy.js";
import { alb, classicLb, classicListener, forward, gwlb, listener, listenersNotRead, nlb, redirect, SSL_POLICY_PROTOCOLS, sslPoliciesFor, tlsListener } from "../../support/elb-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

/** An ALB with an HTTP redirect and one HTTPS listener using `policy`, its policies read as the collector records them. */
function albWith(policy: string, name = "web") {
  const listeners = [listener("HTTP", 80, redirect()), tlsListener("HTTPS", 443, policy, forward())];
  return alb({ name, listeners, sslPolicies: sslPoliciesFor(listeners) });
}

const predefined = (name: string, reference = name) => ({ name, protocols: SSL_POLICY_PROTOCOLS[reference]!, reference });
const httpsClassic = (sslPolicies: { name: string; protocols: string[]; reference?: string }[], policyNames = sslPolicies.map((p) => p.name)) =>
  classicLb({ name: "web-classic", listeners: [classicListener("HTTP", 80), classicListener("HTTPS", 443, policyNames)], sslPolicies });

const tlsNlbListeners = [tlsListener("TLS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", forward()), tlsListener("TLS", 8443, "ELBSecurityPolicy-TLS-1-1-2017-01", forward())];
const notRead = alb({ name: "web", listeners: [tlsListener("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", forward())] });

ruleTester.run(rule, {
  pass: [
    {
      name: "ALB on ELBSecurityPolicy-TLS13-1-2-2021-06",
      resource: albWith("ELBSecurityPolicy-TLS13-1-2-2021-06"),
      reason: /HTTPS listener on port 443 uses ELBSecurityPolicy-TLS13-1-2-2021-06 \(TLSv1\.2, TLSv1\.3\)/,
      evidence: { listeners: [{ port: 443, policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", protocols: ["TLSv1.2", "TLSv1.3"] }] },
    },
    { name: "ALB on ELBSecurityPolicy-TLS-1-2-2017-01", resource: albWith("ELBSecurityPolicy-TLS-1-2-2017-01"), reason: /\(TLSv1\.2\)/ },
    {
      name: "classic custom policy with only Protocol-TLSv1.2 (and a stickiness policy on the listener)",
      resource: httpsClassic([{ name: "tls-1-2-only", protocols: ["TLSv1.2"] }], ["sticky", "tls-1-2-only"]),
      reason: /HTTPS listener on port 443 uses tls-1-2-only \(TLSv1\.2\)/,
    },
    {
      name: "classic policy referencing ELBSecurityPolicy-TLS-1-2-2017-01",
      resource: httpsClassic([predefined("tls12", "ELBSecurityPolicy-TLS-1-2-2017-01")]),
      reason: /uses tls12 \(from ELBSecurityPolicy-TLS-1-2-2017-01\)/,
    },
    {
      name: "TLS 1.1 accepted by a param",
      resource: nlb({ name: "api", listeners: tlsNlbListeners, sslPolicies: sslPoliciesFor(tlsNlbListeners) }),
      params: { allowedProtocols: ["TLSv1.1", "TLSv1.2", "TLSv1.3"] },
    },
  ],
  fail: [
    {
      name: "ALB on ELBSecurityPolicy-2016-08 (TLS 1.0)",
      resource: albWith("ELBSecurityPolicy-2016-08"),
      reason: /HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08, which offers TLSv1, TLSv1\.1/,
      evidence: { listeners: [{ port: 443, protocol: "HTTPS", policy: "ELBSecurityPolicy-2016-08", protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] }] },
    },
    { name: "ALB on ELBSecurityPolicy-FS-1-1-2019-08 (TLS 1.1)", resource: albWith("ELBSecurityPolicy-FS-1-1-2019-08"), reason: /ELBSecurityPolicy-FS-1-1-2019-08, which offers TLSv1\.1$/ },
    {
      name: "NLB: one of two TLS listeners on a TLS 1.1 policy",
      resource: nlb({ name: "api", listeners: tlsNlbListeners, sslPolicies: sslPoliciesFor(tlsNlbListeners) }),
      reason: /^TLS listener on port 8443 uses ELBSecurityPolicy-TLS-1-1-2017-01, which offers TLSv1\.1$/,
    },
    {
      name: "classic listener on a copy of ELBSecurityPolicy-2016-08",
      resource: httpsClassic([predefined("ELBSecurityPolicy-2016-08")]),
      reason: /HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08, which offers TLSv1, TLSv1\.1/,
    },
    { name: "classic custom policy still enabling SSLv3", resource: httpsClassic([{ name: "legacy-clients", protocols: ["SSLv3", "TLSv1.2"] }]), reason: /legacy-clients, which offers SSLv3/ },
  ],
  notApplicable: [
    { name: "ALB with an HTTP listener only", resource: alb({ listeners: [listener("HTTP", 80, forward())], sslPolicies: [] }), reason: /no HTTPS or TLS listener/ },
    { name: "classic load balancer with an HTTP listener only", resource: classicLb(), reason: /no HTTPS or SSL listener/ },
    { name: "GWLB (GENEVE listeners)", resource: gwlb({ listeners: [listener("GENEVE", 6081, forward())] }), reason: /no HTTPS or TLS listener/ },
  ],
  error: [
    { name: "policies not collected (elbv2.sslPolicies not read)", resource: notRead, reason: /were not collected \(DescribeSSLPolicies\)/ },
    {
      name: "DescribeSSLPolicies denied",
      resource: { ...notRead, unreadable: [{ attribute: "sslPolicies", field: "DescribeSSLPolicies (AccessDenied)" }] },
      reason: /could not be read \(DescribeSSLPolicies \(AccessDenied\)\)/,
    },
    {
      name: "a policy the listing did not know",
      resource: alb({ name: "web", listeners: [tlsListener("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-FIPS-2099-01", forward())], sslPolicies: [] }),
      reason: /security policy ELBSecurityPolicy-TLS13-1-2-FIPS-2099-01 is not among the policies read/,
    },
    { name: "no listeners recorded in a partly collected region", resource: alb({ name: "web", listeners: [] }), errors: [listenersNotRead()], reason: /incomplete/ },
  ],
});
