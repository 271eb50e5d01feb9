/**
 * The organization state machine's last step: one digest message for every
 * account's outcome. A table of contents; the work is in src/.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { parseDigestEvent, runDigestJob } from "../src/lambda/digest-job.js";
import { auditEnvironment } from "../src/lambda/environment.js";
import { snsNotifier } from "../src/publish/notify/sns-notifier.js";
import { runClient } from "../src/collect/run-client.js";

const logger = new Logger({ serviceName: "driftwarden" });
// Created once per container and reused across invocations.
const sns = runClient(new SNSClient({}));

export async function digest(event: unknown) {
  const run = parseDigestEvent(event);
  const env = auditEnvironment();
  return runDigestJob(run, env, { logger, ...(env.topicArn && { notifier: snsNotifier(sns, env.topicArn) }) });
}

export const handler = middy(digest).use(injectLambdaContext(logger, { resetKeys: true }));
