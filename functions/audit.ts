/**
 * The audit Lambda: nightly on a schedule, or on demand with a payload
 * ({"regions", "rules", "notify", "dryRun", "runId"}); in an organization
 * deployment, once per account ({"runId", "account"}) from the state
 * machine's Map. A table of contents of the pipeline; the work is in src/.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { allCollectors } from "../src/collect/index.js";
import { auditEnvironment } from "../src/lambda/environment.js";
import type { AuditJobDeps } from "../src/lambda/audit-job.js";
import { runAuditRequest } from "../src/lambda/audit-job.js";
import { parseAuditEvent } from "../src/lambda/payload.js";
import { snsNotifier } from "../src/publish/notify/sns-notifier.js";
import { DynamoDbFindingsStore } from "../src/publish/store/dynamodb-store.js";
import { systemClock as clock } from "../src/types/clock.js";
import { runClient } from "../src/collect/run-client.js";

const logger = new Logger({ serviceName: "driftwarden" });
// Created once per container and reused across invocations.
const dynamodb = runClient(new DynamoDBClient({}));
const sns = runClient(new SNSClient({}));

export async function audit(event: unknown, context: Context) {
  const request = parseAuditEvent(event);
  const env = auditEnvironment();
  logger.appendKeys({ trigger: request.trigger, ...(request.account && { accountId: request.account.id }) });
  const deps: AuditJobDeps = {
    openStore: (config) => new DynamoDbFindingsStore({ client: dynamodb, tableName: env.tableName, retentionDays: config.retentionDays, now: clock }),
    ...(env.topicArn && { notifier: snsNotifier(sns, env.topicArn) }),
    collectors: allCollectors,
    logger,
    deadline: clock().getTime() + context.getRemainingTimeInMillis() - env.reserveMs,
    requestId: context.awsRequestId,
    // Lambda can deliver one request id twice at once: this tells the two deliveries' claims on the run apart.
    deliveryId: randomUUID(),
    now: clock,
    ...(process.env.AWS_REGION && { defaultRegion: process.env.AWS_REGION }),
  };
  return runAuditRequest(request, env, deps);
}

export const handler = middy(audit).use(injectLambdaContext(logger, { resetKeys: true }));
