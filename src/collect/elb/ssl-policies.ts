/**
 * The protocols of the security policies ELBv2 listeners use. ELBv2 has only
 * predefined policies, the same for every load balancer of a region, so one
 * DescribeSSLPolicies listing (every policy, 400 a page: one page today)
 * serves the region. Listing them all, rather than asking for the names in
 * use, keeps one unknown name (SSLPolicyNotFound fails the whole request)
 * from costing every load balancer its verdict. A failed listing costs only
 * the load balancers whose listeners name a policy: their `sslPolicies` is
 * marked unreadable and the error names them.
 */
import { DescribeSSLPoliciesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { LoadBalancerV2Attributes } from "../../types/attributes.js";
import { compareText } from "../../types/order.js";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { errorCode, failedFor, firstLine, required } from "../errors.js";
import { markUnreadable } from "../listed-items.js";

const TYPE = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const OPERATION = "DescribeSSLPolicies";

/** DescribeSSLPolicies' maximum PageSize; the SDK has no paginator for it. */
const PAGE_SIZE = 400;

type LoadBalancerRecord = ResourceRecord<LoadBalancerV2Attributes>;

/** The policy names a load balancer's listeners use (HTTPS on ALBs, TLS on NLBs). */
function policiesUsedBy(lb: LoadBalancerRecord): string[] {
  return [...new Set((lb.attributes.listeners ?? []).flatMap((l) => (l.sslPolicy ? [l.sslPolicy] : [])))].sort(compareText);
}

export async function readSslPolicies(ctx: CollectorContext<ElasticLoadBalancingV2Client>, loadBalancers: LoadBalancerRecord[]): Promise<void> {
  const users = loadBalancers.filter((lb) => policiesUsedBy(lb).length > 0);
  if (users.length === 0) return;
  const protocols = await ctx.attempt(OPERATION, [TYPE], async () => {
    try {
      return await allPolicies(ctx.client);
    } catch (error) {
      const ids = users.map((lb) => markUnreadable(lb, "sslPolicies", `${OPERATION} (${errorCode(error)})`)).sort(compareText);
      throw failedFor(error, `security policies of ${ids.length} load balancer${ids.length === 1 ? "" : "s"} not read: ${firstLine(error)}`, ids);
    }
  });
  if (!protocols) return;
  for (const lb of users) {
    lb.attributes.sslPolicies = policiesUsedBy(lb).flatMap((name) => {
      const offered = protocols.get(name);
      return offered ? [{ name, protocols: offered }] : [];
    });
  }
}

/** Every security policy of the region, name → its protocols sorted. */
async function allPolicies(client: ElasticLoadBalancingV2Client): Promise<Map<string, string[]>> {
  const protocols = new Map<string, string[]>();
  let marker: string | undefined;
  do {
    const page = await client.send(new DescribeSSLPoliciesCommand({ PageSize: PAGE_SIZE, ...(marker && { Marker: marker }) }));
    for (const policy of required(page.SslPolicies, "SslPolicies")) {
      protocols.set(required(policy.Name, "SslPolicies.Name"), [...required(policy.SslProtocols, "SslPolicies.SslProtocols")].sort(compareText));
    }
    marker = page.NextMarker;
  } while (marker);
  return protocols;
}
