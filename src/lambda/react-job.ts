/**
 * One invocation of the event path: an SQS batch → per account, the touched
 * resources read again, judged, alerted on and recorded (runEvents). Reports
 * the messages to retry: those of an account whose run failed, and those that
 * cannot be read (they reach the dead-letter queue after the queue's
 * retries). An account whose resources could not be read is retried too, so
 * a throttled read is tried again rather than forgotten.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Pluggable } from "@smithy/types";
import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import type { ConnectionOptions } from "../collect/client-config.js";
import type { RunnableCollector } from "../collect/collector.js";
import { memberCredentials } from "../collect/member-credentials.js";
import { readTargets } from "../collect/targeted.js";
import type { DriftwardenConfig } from "../config/config.js";
import { memberRole } from "../organization-request.js";
import { eventAlerts } from "../publish/notify/event-alert.js";
import type { Notifier } from "../publish/notify/sns-notifier.js";
import type { EventRunResult, EventStore } from "../run-events.js";
import { runEvents } from "../run-events.js";
import { parseBatch } from "./event-batch.js";

export interface ReactJobDeps {
  config: DriftwardenConfig;
  store: EventStore;
  notifier?: Notifier;
  collectors: RunnableCollector[];
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** The deployment's own account: read with the function's credentials; any other through its member role. */
  accountId: string;
  credentials?: ConnectionOptions["credentials"];
  plugins?: Pluggable<any, any>[];
  endpointUrl?: string;
  maxAttempts?: number;
  now: () => Date;
}

export interface ReactJobResult extends SQSBatchResponse {
  results: EventRunResult[];
  alerts: number;
}

export async function reactJob(records: readonly Pick<SQSRecord, "messageId" | "body">[], deps: ReactJobDeps): Promise<ReactJobResult> {
  const { events, unreadable } = parseBatch(records);
  for (const { messageId, reason } of unreadable) deps.logger.error("unreadable event message", { messageId, reason });
  const failed = new Set(unreadable.map((u) => u.messageId));
  const byAccount = new Map<string, typeof events>();
  for (const item of events) {
    if (!item.event) continue;
    if (!item.accountId) {
      deps.logger.error("event names no account", { messageId: item.messageId, eventID: item.event.eventID });
      failed.add(item.messageId);
      continue;
    }
    byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), item]);
  }
  const results: EventRunResult[] = [];
  let alerts = 0;
  for (const [accountId, items] of byAccount) {
    try {
      const result = await runEvents({
        accountId,
        events: items.map((i) => i.event!),
        config: deps.config,
        store: deps.store,
        read: (targets) => readTargets({ ...connectionOf(accountId, deps), accountId, collectors: deps.collectors, reads: deps.config.reads, now: deps.now, targets }),
        now: deps.now,
        beforeRecord: async (transitions) => {
          for (const message of eventAlerts([{ accountId, transitions }], deps.config.alerts.minSeverity)) {
            if (!deps.notifier) break;
            await deps.notifier.send(message);
            alerts += 1;
          }
        },
      });
      results.push(result);
      if (result.status === "recorded" && result.unknown.length > 0) {
        // Retried by the queue: a throttled read is read again, a denied one ends in the dead-letter queue, named.
        for (const i of items) failed.add(i.messageId);
        deps.logger.warn("some resources could not be read; their events will be retried", { accountId, errors: result.unknown.map((e) => `${e.region} ${e.operation}: ${e.code}`) });
      }
      deps.logger.info("events handled", { accountId, events: items.length, ...summaryOf(result) });
    } catch (error) {
      deps.logger.error("events of the account failed; retried by the queue", { accountId, error: error instanceof Error ? error.message : String(error) });
      for (const i of items) failed.add(i.messageId);
    }
  }
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })), results, alerts };
}

function connectionOf(accountId: string, deps: ReactJobDeps): ConnectionOptions {
  const own: ConnectionOptions = { ...(deps.credentials && { credentials: deps.credentials }), ...(deps.plugins && { plugins: deps.plugins }), ...(deps.endpointUrl && { endpointUrl: deps.endpointUrl }), ...(deps.maxAttempts && { maxAttempts: deps.maxAttempts }) };
  return accountId === deps.accountId ? own : { ...own, credentials: memberCredentials(accountId, memberRole({}, deps.config), own, deps.now) };
}

function summaryOf(result: EventRunResult): Record<string, unknown> {
  if (result.status === "skipped") return { status: result.status, reason: result.reason };
  return { status: result.status, read: result.read, transitions: result.transitions.filter((t) => t.kind !== "PERSISTING").length, written: result.recorded.written, superseded: result.recorded.superseded };
}
