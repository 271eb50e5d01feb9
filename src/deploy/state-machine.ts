/**
 * The organization audit as a Step Functions state machine: discovery, one
 * audit per account in a Distributed Map, one digest. The one definition
 * serverless.yml deploys (deploy/organization.cjs) and the tests validate
 * and run.
 */
import { ConfigError } from "../config/errors.js";
import { RUN_IN_PROGRESS } from "../lambda/account-result.js";
import type { PolicyStatement } from "./iam-policy.js";

export const STATES = {
  discover: "Discover accounts",
  map: "Audit accounts",
  audit: "Audit account",
  failed: "Name the failed account",
  digest: "Send digest",
} as const;

export interface StateMachineOptions {
  /** Each task's Resource: the functions' ARNs, or CloudFormation references to them. */
  functions: { discover: unknown; audit: unknown; digest: unknown };
  /** Accounts audited at once. */
  maxConcurrency: number;
  /** Map items that may fail (outside the per-account Catch) before the Map run fails. */
  toleratedFailurePercentage: number;
}

/** Lambda's longest timeout and a minute: a task never gives up before its function does. */
export const TASK_TIMEOUT_SECONDS = 15 * 60 + 60;

/** The errors Step Functions reports for an invocation that Lambda throttled or failed to run, which a retry may get through. */
export const LAMBDA_TRANSIENT_ERRORS = ["Lambda.TooManyRequestsException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"];

/** 2 s doubling to at most a minute, with full jitter so that throttled items of a Map do not retry in step. */
const lambdaRetry = { ErrorEquals: LAMBDA_TRANSIENT_ERRORS, IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 60, JitterStrategy: "FULL" };

/**
 * Another delivery of the item holds the account's run until it records it or
 * its invocation ends: waits of 1, 1.5, 2.25 … minutes add up to more than
 * Lambda's 15-minute limit, after which the run is recorded or free to take over.
 */
export const RUN_IN_PROGRESS_RETRY = { ErrorEquals: [RUN_IN_PROGRESS], IntervalSeconds: 60, BackoffRate: 1.5, MaxAttempts: 6 };

export function organizationStateMachine(options: StateMachineOptions) {
  const { functions } = options;
  return {
    Comment: "driftwarden: every account of the organization audited on its own, then one digest",
    StartAt: STATES.discover,
    States: {
      [STATES.discover]: {
        Type: "Task",
        Resource: functions.discover,
        // The execution's name gives the run id when the input names none; a redriven execution keeps it.
        Parameters: { "execution.$": "$$.Execution.Name", "input.$": "$" },
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Retry: [lambdaRetry],
        Next: STATES.map,
      },
      [STATES.map]: {
        Type: "Map",
        ItemsPath: "$.accounts",
        // The number of accounts sets each one's share of the Map's results (256 KB in all).
        ItemSelector: { "runId.$": "$.runId", "account.$": "$$.Map.Item.Value", "accountCount.$": "States.ArrayLength($.accounts)" },
        MaxConcurrency: options.maxConcurrency,
        ToleratedFailurePercentage: options.toleratedFailurePercentage,
        ItemProcessor: {
          // Each account a child execution of its own: its own history, retries and redrive.
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: STATES.audit,
          States: {
            [STATES.audit]: {
              Type: "Task",
              Resource: functions.audit,
              TimeoutSeconds: TASK_TIMEOUT_SECONDS,
              Retry: [lambdaRetry, RUN_IN_PROGRESS_RETRY],
              // Whatever ends an account's audit, the account ends with an outcome naming it: one account never fails the map.
              Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATES.failed }],
              End: true,
            },
            [STATES.failed]: {
              Type: "Pass",
              Parameters: { "account.$": "$.account", status: "failed", "failure.$": "$.failure" },
              End: true,
            },
          },
        },
        // Each account's entry replaced by its outcome: the digest's input holds one list, not two.
        ResultPath: "$.accounts",
        Next: STATES.digest,
      },
      [STATES.digest]: {
        Type: "Task",
        Resource: functions.digest,
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Retry: [lambdaRetry],
        End: true,
      },
    },
  };
}

/**
 * What the state machine's role needs beyond what serverless-step-functions
 * derives from the definition: a Distributed Map's child executions are named
 * `<state machine>/<map run>:<id>`, and the Map describes, stops and (on a
 * redrive) redrives them; the plugin grants Describe and Stop on
 * `<state machine>:*` only.
 */
export function stateMachineRoleStatements(stateMachineName: string): PolicyStatement[] {
  return [
    {
      Effect: "Allow",
      Action: ["states:DescribeExecution", "states:StopExecution", "states:RedriveExecution"],
      // A list: the plugin takes a statement's Resource as a string or a list only.
      Resource: [{ "Fn::Sub": `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${stateMachineName}/*` }],
    },
  ];
}

/** serverless.yml's parameters for an organization deployment, as --param gives them (strings). */
export interface OrganizationParams {
  /** What the nightly schedule starts: the state machine (true) or the audit function alone (false). */
  organization: boolean;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
}

export function organizationParams(raw: { organization: unknown; maxConcurrency: unknown; toleratedFailurePercentage: unknown }): OrganizationParams {
  const organization = String(raw.organization);
  if (organization !== "true" && organization !== "false") throw new ConfigError(`organization parameter: expected true or false, got "${organization}"`);
  return {
    organization: organization === "true",
    maxConcurrency: integerParam("maxConcurrency", raw.maxConcurrency, 1, 10_000),
    toleratedFailurePercentage: integerParam("toleratedFailurePercentage", raw.toleratedFailurePercentage, 0, 100),
  };
}

/** Distributed Map runs at most 10,000 child executions at once; ToleratedFailurePercentage is 0 to 100. */
function integerParam(name: string, value: unknown, min: number, max: number): number {
  const number = Number(String(value).trim() || NaN);
  if (!Number.isInteger(number) || number < min || number > max) throw new ConfigError(`${name} parameter: expected a whole number from ${min} to ${max}, got "${String(value)}"`);
  return number;
}
