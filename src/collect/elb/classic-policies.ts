/**
 * The protocols a classic load balancer's HTTPS/SSL listeners offer. Each
 * listener names its SSL negotiation policy (ListenerDescriptions[].PolicyNames);
 * the policy is one of the load balancer's own (DescribeLoadBalancerPolicies
 * with its name), whose Protocol-SSLv3 / Protocol-TLSv1 / Protocol-TLSv1.1 /
 * Protocol-TLSv1.2 attributes say what it enables. A policy that only names a
 * predefined one (Reference-Security-Policy) takes that policy's protocols,
 * read once per region for every load balancer that needs them. So the cost
 * is one call per load balancer with an HTTPS/SSL listener, plus at most one.
 */
import { DescribeLoadBalancerPoliciesCommand } from "@aws-sdk/client-elastic-load-balancing";
import type { ElasticLoadBalancingClient, PolicyDescription } from "@aws-sdk/client-elastic-load-balancing";
import pLimit from "p-limit";
import type { ClassicLoadBalancerAttributes, SslPolicyProtocols } from "../../types/attributes.js";
import { compareText } from "../../types/order.js";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { errorCode, failedFor, firstLine, required } from "../errors.js";
import { markUnreadable } from "../listed-items.js";
import { PER_RESOURCE_CONCURRENCY, readEach } from "../partial-reads.js";

const TYPE = "AWS::ElasticLoadBalancing::LoadBalancer";
const OPERATION = "DescribeLoadBalancerPolicies";
const SSL_NEGOTIATION = "SSLNegotiationPolicyType";
const PROTOCOL_ATTRIBUTE = /^Protocol-(.+)$/;

type ClassicRecord = ResourceRecord<ClassicLoadBalancerAttributes>;

/** What one load balancer's policies say: resolved protocols, and the policies that wait for their reference. */
interface Pending {
  lb: ClassicRecord;
  resolved: SslPolicyProtocols[];
  references: { name: string; reference: string }[];
}

export function hasTlsListener(lb: ClassicRecord): boolean {
  return (lb.attributes.listeners ?? []).some((l) => isTls(l.protocol));
}

/** HTTPS and SSL are the classic listener protocols that terminate TLS. */
export function isTls(protocol: string): boolean {
  return protocol.toUpperCase() === "HTTPS" || protocol.toUpperCase() === "SSL";
}

export async function readSslPolicies(ctx: CollectorContext<ElasticLoadBalancingClient>, loadBalancers: ClassicRecord[]): Promise<void> {
  const pending: Pending[] = [];
  await readEach(ctx, {
    operation: OPERATION,
    resourceTypes: [TYPE],
    items: loadBalancers.filter(hasTlsListener),
    label: (lb) => lb.id,
    limit: pLimit(PER_RESOURCE_CONCURRENCY),
    read: async (lb) => {
      const { PolicyDescriptions } = await ctx.client.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: lb.id }));
      pending.push(sslPoliciesOf(lb, required(PolicyDescriptions, "PolicyDescriptions")));
    },
    markUnreadable: (lb, field) => markUnreadable(lb, "sslPolicies", field),
  });
  const waiting = pending.filter((p) => p.references.length > 0);
  const names = [...new Set(waiting.flatMap((p) => p.references.map((r) => r.reference)))].sort(compareText);
  const predefined = new Map<string, string[]>();
  if (names.length > 0) {
    // Without LoadBalancerName the call describes the predefined (sample) policies named.
    await ctx.attempt(OPERATION, [TYPE], async () => {
      try {
        const { PolicyDescriptions } = await ctx.client.send(new DescribeLoadBalancerPoliciesCommand({ PolicyNames: names }));
        for (const policy of required(PolicyDescriptions, "PolicyDescriptions")) predefined.set(required(policy.PolicyName, "PolicyName"), protocolsOf(policy) ?? []);
      } catch (error) {
        // Only the load balancers waiting for these policies lose their verdicts: the error names them.
        const ids = waiting.map((p) => markUnreadable(p.lb, "sslPolicies", `${OPERATION} ${names.join(", ")} (${errorCode(error)})`)).sort(compareText);
        throw failedFor(error, `predefined policies ${names.join(", ")} for ${ids.join(", ")}: ${firstLine(error)}`, ids);
      }
    });
  }
  for (const { lb, resolved, references } of pending) {
    if (lb.unreadable?.some((u) => u.attribute === "sslPolicies")) continue;
    const fromReferences = references.flatMap(({ name, reference }) => {
      const protocols = predefined.get(reference);
      return protocols ? [{ name, protocols, reference }] : [];
    });
    lb.attributes.sslPolicies = [...resolved, ...fromReferences].sort((a, b) => compareText(a.name, b.name));
  }
}

/** The SSL negotiation policies the load balancer's HTTPS/SSL listeners name. */
function sslPoliciesOf(lb: ClassicRecord, policies: PolicyDescription[]): Pending {
  const named = new Set(lb.attributes.listeners.filter((l) => isTls(l.protocol)).flatMap((l) => l.policyNames));
  const pending: Pending = { lb, resolved: [], references: [] };
  for (const policy of policies) {
    const name = required(policy.PolicyName, "PolicyDescriptions.PolicyName");
    if (policy.PolicyTypeName !== SSL_NEGOTIATION || !named.has(name)) continue;
    const protocols = protocolsOf(policy);
    const reference = attributeOf(policy, "Reference-Security-Policy");
    if (protocols) pending.resolved.push({ name, protocols, ...(reference && { reference }) });
    else if (reference) pending.references.push({ name, reference });
  }
  return pending;
}

/** The protocols whose Protocol-* attribute is "true"; undefined when the policy sets none of them. */
function protocolsOf(policy: PolicyDescription): string[] | undefined {
  const attributes = policy.PolicyAttributeDescriptions ?? [];
  const protocols = attributes.flatMap((a) => (a.AttributeName && PROTOCOL_ATTRIBUTE.test(a.AttributeName) ? [a] : []));
  if (protocols.length === 0) return undefined;
  return protocols
    .filter((a) => a.AttributeValue?.toLowerCase() === "true")
    .map((a) => PROTOCOL_ATTRIBUTE.exec(a.AttributeName!)![1]!)
    .sort(compareText);
}

function attributeOf(policy: PolicyDescription, name: string): string | undefined {
  return policy.PolicyAttributeDescriptions?.find((a) => a.AttributeName === name)?.AttributeValue;
}


