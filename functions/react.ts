/**
 * The event path's Lambda: CloudTrail write events (EventBridge → SQS FIFO)
 * in; each touched resource read again, judged with the nightly rules,
 * alerted on within seconds and recorded in the findings table. A table of
 * contents; the work is in src/.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { allCollectors } from "../src/collect/index.js";
import { auditEnvironment, deployedConfig } from "../src/lambda/environment.js";
import { reactJob } from "../src/lambda/react-job.js";
import { snsNotifier } from "../src/publish/notify/sns-notifier.js";
import { DynamoDbFindingsStore } from "../src/publish/store/dynamodb-store.js";
import { systemClock as clock } from "../src/types/clock.js";
import { runClient } from "../src/collect/run-client.js";

const logger = new Logger({ serviceName: "driftwarden" });
// Created once per container and reused across invocations.
const dynamodb = runClient(new DynamoDBClient({}));
const sns = runClient(new SNSClient({}));

export async function react(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const env = auditEnvironment();
  const config = deployedConfig(env);
  const { batchItemFailures } = await reactJob(event.Records, {
    config,
    store: new DynamoDbFindingsStore({ client: dynamodb, tableName: env.tableName, retentionDays: config.retentionDays, now: clock }),
    ...(env.topicArn && { notifier: snsNotifier(sns, env.topicArn) }),
    collectors: allCollectors,
    logger,
    // arn:aws:lambda:<region>:<account>:function:<name>: the deployment's own account, without a call.
    accountId: context.invokedFunctionArn.split(":")[4]!,
    now: clock,
  });
  return { batchItemFailures };
}

export const handler = middy(react).use(injectLambdaContext(logger, { resetKeys: true }));
