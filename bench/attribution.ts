/**
 * Attribution at scale: a night's drift on 1 % of a synthetic account's
 * resources (security groups opened), their CloudTrail events among twenty
 * times as many unrelated writes, read with LookupEvents through the synthetic
 * endpoint (its latency; paced to CloudTrail's 2 requests a second per
 * region) and matched to the drift.
 */
import { attributeDrift } from "../src/attribute/attribute.js";
import { lookupEvents, lookupRegions } from "../src/attribute/lookup.js";
import type { Drift } from "../src/diff/types.js";
import { systemClock } from "../src/types/clock.js";
import { refOf } from "../src/types/resource.js";
import { testCredentials } from "../test/support/collect.js";
import { syntheticAccount } from "../test/support/synthetic/account.js";
import { collectSynthetic, syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";

export interface AttributionJob {
  kind: "attribution";
  size: number;
  seed: number;
  latencyMs: number;
}

export interface AttributionBench {
  size: number;
  changed: number;
  /** Write events in the window, relevant and unrelated. */
  events: number;
  regions: number;
  calls: number;
  lookupMs: number;
  matchMs: number;
  matched: number;
  unavailable: number;
}

const WINDOW = { from: "2026-11-21T02:00:00.000Z", to: "2026-11-22T02:00:00.000Z" };
const UNRELATED_PER_CHANGE = 20;

export async function benchAttribution(job: AttributionJob): Promise<AttributionBench> {
  const account = syntheticAccount({ resources: job.size, seed: job.seed });
  const snapshot = await collectSynthetic(account, syntheticEndpoint(account, { latencyMs: 0, throttling: false }));
  const groups = snapshot.resources.filter((r) => r.type === "AWS::EC2::SecurityGroup");
  const wanted = Math.min(groups.length, Math.round(job.size / 100));
  const changed = groups.filter((_, i) => i % Math.floor(groups.length / wanted) === 0).slice(0, wanted);
  const drift: Drift = { added: [], removed: [], modified: changed.map((g) => ({ resource: refOf(g), changes: [{ path: "attributes.ingress", after: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" } }] })) };
  const span = Date.parse(WINDOW.to) - Date.parse(WINDOW.from);
  const at = (n: number, of: number) => new Date(Date.parse(WINDOW.from) + Math.floor(((n + 1) / (of + 1)) * span)).toISOString();
  const relevant = changed.map((g, n) => record(`open-${n}`, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", g.region, at(n, changed.length), account.accountId, { groupId: g.id }));
  const unrelated = Array.from({ length: changed.length * UNRELATED_PER_CHANGE }, (_, n) => {
    const region = account.regions[n % account.regions.length]!.region;
    return record(`other-${n}`, "lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", region, at(n, changed.length * UNRELATED_PER_CHANGE), account.accountId, { functionName: `fn-${n}` });
  });
  account.global.audit.lookupEvents = [...relevant, ...unrelated];

  const endpoint = syntheticEndpoint(account, { latencyMs: job.latencyMs });
  const started = performance.now();
  const found = await lookupEvents({ regions: lookupRegions(drift), window: WINDOW }, { credentials: testCredentials, plugins: [endpoint.plugin], now: systemClock });
  const lookupMs = performance.now() - started;
  const matching = performance.now();
  const result = attributeDrift({ drift, transitions: [], events: found.events, window: WINDOW });
  return {
    size: job.size,
    changed: changed.length,
    events: relevant.length + unrelated.length,
    regions: lookupRegions(drift).length,
    calls: endpoint.calls.length,
    lookupMs: Math.round(lookupMs),
    matchMs: Math.round(performance.now() - matching),
    matched: result.matched,
    unavailable: found.unavailable.length,
  };
}

/** A CloudTrail record of a write by an SSO session, as LookupEvents returns it in CloudTrailEvent. */
function record(id: string, eventSource: string, eventName: string, region: string, eventTime: string, accountId: string, requestParameters: Record<string, unknown>) {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", arn: `arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com`, accountId, sessionContext: { sessionIssuer: { type: "Role", userName: "AWSReservedSSO_AdministratorAccess_0123456789abcdef" } } },
    eventTime,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: "198.51.100.7",
    requestParameters,
    responseElements: null,
    eventID: `0f6c3c54-2b1e-4a8e-9d6c-${id}`,
    readOnly: false,
    eventType: "AwsApiCall",
    recipientAccountId: accountId,
  };
}
