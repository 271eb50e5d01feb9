/**
 * The event path's speed: CloudTrail events, one SQS message each, through
 * the react job against a synthetic account on the synthetic endpoint (its
 * latency on every AWS call) and the findings table in dynalite. Each event
 * follows a real change (a security group's SSH opened or closed in turn), so
 * each ends in an alert: the time measured is from the message entering the
 * handler to its alert leaving it.
 */
import type { Pluggable } from "@smithy/types";
import { allRules } from "../rules/index.js";
import { allCollectors } from "../src/collect/index.js";
import { collectAccount } from "../src/collect/run.js";
import { defaultConfig } from "../src/config/config.js";
import { reactJob } from "../src/lambda/react-job.js";
import { DynamoDbFindingsStore } from "../src/publish/store/dynamodb-store.js";
import { runAudit } from "../src/run-audit.js";
import { testCredentials } from "../test/support/collect.js";
import { startDynalite } from "../test/support/dynalite.js";
import { syntheticAccount } from "../test/support/synthetic/account.js";
import { syntheticEndpoint } from "../test/support/synthetic/fake-endpoint.js";

export interface EventPathJob {
  kind: "event-path";
  size: number;
  regions: number;
  events: number;
  seed: number;
  latencyMs: number;
}

export interface EventPathBench {
  size: number;
  regions: number;
  events: number;
  latencyMs: number;
  /** From the message entering the handler to its alert being sent, in ms. */
  toAlertMs: { median: number; p99: number; max: number };
  /** The whole invocation, the store's write included. */
  handlerMs: { median: number; p99: number };
  alerts: number;
  /** Per event: AWS reads (by operation), and DynamoDB requests. */
  awsCallsPerEvent: number;
  awsCallsByOperation: Record<string, number>;
  dynamodbCallsPerEvent: number;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function benchEventPath(job: EventPathJob): Promise<EventPathBench> {
  const account = syntheticAccount({ resources: job.size, regions: job.regions, seed: job.seed });
  const dynamo = await startDynalite();
  try {
    let now = Date.parse("2026-11-20T02:00:00.000Z");
    const clock = () => new Date(now);
    const dynamoCalls = { count: 0 };
    const counter: Pluggable<any, any> = { applyToStack: (stack) => stack.add((next) => (args) => (dynamoCalls.count++, next(args)), { step: "initialize", name: "countDynamoCalls" }) };
    const store = new DynamoDbFindingsStore({ client: dynamo.client([counter]), tableName: await dynamo.createTable(), now: clock });
    const config = defaultConfig(allRules);
    const quick = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const regions = account.regions.map((r) => r.region);
    const snapshot = await collectAccount({ accountId: account.accountId, regions, collectors: allCollectors, credentials: testCredentials, plugins: [quick.plugin], now: clock });
    await runAudit({ snapshot, config, runId: "night-1", startedAt: clock(), now: clock(), store });

    const endpoint = syntheticEndpoint(account, { latencyMs: job.latencyMs });
    let alertAt = 0;
    let alerts = 0;
    const deps = {
      config,
      store,
      notifier: { send: async () => ((alertAt = performance.now()), (alerts += 1), `m-${alerts}`) },
      collectors: allCollectors,
      logger: quiet,
      accountId: account.accountId,
      credentials: testCredentials,
      plugins: [endpoint.plugin],
      now: clock,
    };
    const groups = account.regions.flatMap((data) => data.securityGroups.filter((g) => g.GroupName !== "default").map((group) => ({ group, region: data.region })));
    const toAlert: number[] = [];
    const handler: number[] = [];
    dynamoCalls.count = 0;
    for (let n = 0; n < job.events; n++) {
      const { group, region } = groups[(n * 7919) % groups.length]!;
      const open = (group.IpPermissions ?? []).some((p) => p.FromPort === 22 && p.IpRanges?.some((r) => r.CidrIp === "0.0.0.0/0"));
      group.IpPermissions = open
        ? (group.IpPermissions ?? []).filter((p) => p.FromPort !== 22)
        : [...(group.IpPermissions ?? []), { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];
      now += 60_000;
      const body = JSON.stringify(envelope(n, account.accountId, region, group.GroupId!, open ? "RevokeSecurityGroupIngress" : "AuthorizeSecurityGroupIngress", new Date(now - 5_000).toISOString()));
      alertAt = 0;
      const started = performance.now();
      const result = await reactJob([{ messageId: `m-${n}`, body }], deps);
      handler.push(performance.now() - started);
      if (result.batchItemFailures.length > 0) throw new Error(`event ${n} failed: ${JSON.stringify(result.results)}`);
      if (alertAt > 0) toAlert.push(alertAt - started);
    }
    const byOperation: Record<string, number> = {};
    for (const call of endpoint.calls) byOperation[`${call.service}.${call.operation}`] = (byOperation[`${call.service}.${call.operation}`] ?? 0) + 1;
    return {
      size: job.size,
      regions: job.regions,
      events: job.events,
      latencyMs: job.latencyMs,
      toAlertMs: { median: percentile(toAlert, 0.5), p99: percentile(toAlert, 0.99), max: Math.round(Math.max(...toAlert)) },
      handlerMs: { median: percentile(handler, 0.5), p99: percentile(handler, 0.99) },
      alerts,
      awsCallsPerEvent: round(endpoint.calls.length / job.events),
      awsCallsByOperation: Object.fromEntries(Object.entries(byOperation).map(([op, count]) => [op, round(count / job.events)])),
      dynamodbCallsPerEvent: round(dynamoCalls.count / job.events),
    };
  } finally {
    await dynamo.stop();
  }
}

/** As EventBridge delivers a CloudTrail record of the call to the queue. */
function envelope(n: number, accountId: string, region: string, groupId: string, eventName: string, eventTime: string): Record<string, unknown> {
  const detail = {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", principalId: "AIDAJ45Q7YFFAREXAMPLE", arn: `arn:aws:iam::${accountId}:user/deploy-bot`, accountId, userName: "deploy-bot" },
    eventTime,
    eventSource: "ec2.amazonaws.com",
    eventName,
    awsRegion: region,
    sourceIPAddress: "198.51.100.7",
    requestParameters: { groupId, ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } },
    responseElements: { _return: true },
    eventID: `bench-${n}`,
    readOnly: false,
    eventType: "AwsApiCall",
    recipientAccountId: accountId,
  };
  return { version: "0", id: `eb-${n}`, "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", account: accountId, time: eventTime, region, resources: [], detail };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
