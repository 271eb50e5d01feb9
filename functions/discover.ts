/**
 * The organization state machine's first step: the run id and the accounts
 * to audit, one Map item each. A table of contents; the work is in src/.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { runDiscoverJob, parseDiscoverEvent } from "../src/lambda/discover-job.js";
import { auditEnvironment } from "../src/lambda/environment.js";
import { systemClock as clock } from "../src/types/clock.js";

const logger = new Logger({ serviceName: "driftwarden" });

export async function discover(event: unknown) {
  const request = parseDiscoverEvent(event);
  return runDiscoverJob(request, auditEnvironment(), {
    logger,
    now: clock,
    ...(process.env.AWS_REGION && { defaultRegion: process.env.AWS_REGION }),
  });
}

export const handler = middy(discover).use(injectLambdaContext(logger, { resetKeys: true }));
