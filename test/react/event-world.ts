/**
 * The event path's test world: a synthetic account on the synthetic endpoint
 * (the real SDK, paginators and retries), the findings table in dynalite, one
 * clock every part reads, and real-shaped CloudTrail events of the webapp
 * trail moved onto the synthetic account, delivered as EventBridge delivers
 * them through the SQS batch job.
 */
import { allRules } from "../../rules/index.js";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import { allCollectors } from "../../src/collect/index.js";
import { collectAccount } from "../../src/collect/run.js";
import { defaultConfig } from "../../src/config/config.js";
import { reactJob } from "../../src/lambda/react-job.js";
import type { ReactJobDeps } from "../../src/lambda/react-job.js";
import type { AlertMessage } from "../../src/publish/notify/alert-message.js";
import { alertingTransitions } from "../../src/publish/notify/alert-message.js";
import type { AuditOutcome } from "../../src/run-audit.js";
import { runAudit } from "../../src/run-audit.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Snapshot } from "../../src/types/resource.js";
import { eventNamed, trail } from "../attribute/fixtures.js";
import { testCredentials } from "../support/collect.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import type { SyntheticAccount } from "../support/synthetic/account.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import type { SyntheticEndpoint } from "../support/synthetic/fake-endpoint.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

export const config = defaultConfig(allRules);
export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
export const REGION = "us-east-1";
/** The account id the webapp trail's records carry. */
const FIXTURE_ACCOUNT = "111122223333";

export interface World {
  account: SyntheticAccount;
  endpoint: SyntheticEndpoint;
  store: DynamoDbFindingsStore;
  sent: AlertMessage[];
  /** Sets the time every part reads. */
  at(iso: string): void;
  /** The nightly run: collect the account now, audit and record it; its alerting transitions. */
  nightly(runId: string): Promise<ReturnType<typeof alertingTransitions>>;
  /** The nightly run's collection alone, taken now. */
  collect(): Promise<Snapshot>;
  /** The nightly run's audit of a snapshot taken earlier, recorded now. */
  audit(snapshot: Snapshot, runId: string): Promise<AuditOutcome>;
  react(...events: CloudTrailEvent[]): Promise<Awaited<ReturnType<typeof reactJob>>>;
}

export async function world(dynamo: LocalDynamoDb): Promise<World> {
  const account = syntheticAccount({ resources: 400, regions: [REGION], seed: 7 });
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  let now = new Date("2026-11-20T02:00:00.000Z");
  const clock = () => new Date(now);
  const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: await dynamo.createTable(), now: clock });
  const sent: AlertMessage[] = [];
  const deps: ReactJobDeps = {
    config,
    store,
    notifier: { send: async (message) => (sent.push(message), `m-${sent.length}`) },
    collectors: allCollectors,
    logger: quiet,
    accountId: account.accountId,
    credentials: testCredentials,
    plugins: [endpoint.plugin],
    now: clock,
  };
  const collect = () => collectAccount({ accountId: account.accountId, regions: [REGION], collectors: allCollectors, credentials: testCredentials, plugins: [endpoint.plugin], now: clock });
  const audit = (snapshot: Snapshot, runId: string) => runAudit({ snapshot, config, runId, startedAt: clock(), now: clock(), store });
  return {
    account,
    endpoint,
    store,
    sent,
    at: (iso) => {
      now = new Date(iso);
    },
    async nightly(runId) {
      const { report } = await audit(await collect(), runId);
      return alertingTransitions(report.transitions ?? [], config.alerts.minSeverity);
    },
    collect,
    audit,
    react: (...events) => reactJob(events.map((event, i) => ({ messageId: `msg-${event.eventID}-${i}`, body: JSON.stringify(envelope(event)) })), deps),
  };
}

/**
 * A fixture record of the webapp trail, moved to the synthetic account and the
 * given resource, at `time`. The ids are swapped before the account, so a key
 * may be a fixture ARN as the fixture spells it.
 */
export function eventOf(name: string, account: SyntheticAccount, time: string, ids: Record<string, string>, eventID = `${name}-${time}`): CloudTrailEvent {
  let text = JSON.stringify(eventNamed(trail(), name));
  for (const [from, to] of [...Object.entries(ids), [FIXTURE_ACCOUNT, account.accountId]]) text = text.split(from).join(to);
  return { ...(JSON.parse(text) as CloudTrailEvent), eventTime: time, eventID, awsRegion: REGION, recipientAccountId: account.accountId };
}

/** As EventBridge delivers a CloudTrail event to its targets. */
export function envelope(event: CloudTrailEvent): Record<string, unknown> {
  return {
    version: "0",
    id: `eb-${event.eventID}`,
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${event.eventSource.split(".")[0]}`,
    account: event.recipientAccountId,
    time: event.eventTime,
    region: event.awsRegion,
    resources: [],
    detail: event,
  };
}
