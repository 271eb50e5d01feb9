/**
 * What one nightly run of the organization would cost on Step Functions and
 * Lambda, on paper, from a measured run. The state machine: a discovery
 * Task, a Distributed Map whose child executions (Standard workflows, one per
 * account) each run one audit Task, and a digest Task. Step Functions bills
 * state transitions, the child executions' included; Lambda bills requests
 * and GB-seconds (the init phase of cold starts included).
 */

/** List prices in us-east-1, first tier, without the free tier. */
export const PRICES = {
  stepFunctionsStandardPerThousandTransitions: 0.025,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
};

/** The audit function's memory (serverless.yml's): GB-seconds are duration × this. */
export const LAMBDA_MEMORY_MB = 2048;

/** The parent execution's states: discovery, the Map, the digest. */
const PARENT_TRANSITIONS = 3;
/** Each child execution's states: the account's audit Task (each Lambda retry would add one). */
const CHILD_TRANSITIONS = 1;
/** Not measured here: the discovery and digest Tasks, and one cold start's init, taken as a second each. */
const ASSUMED_TASK_MS = 1000;

export interface CostInput {
  /** Accounts audited: one child execution and one audit invocation each. */
  accounts: number;
  /** Each account's unit of work as measured, with maxAccounts of them sharing one CPU. */
  accountDurationsMs: number[];
  /** The CPU the whole run spent. */
  cpuMs: number;
  minimum: { sumOfAccountsMs: number };
  /** Accounts at once: the Map's MaxConcurrency, so also how many functions start cold. */
  maxAccounts: number;
}

export interface LambdaEstimate {
  /** Mean duration of one account's invocation. */
  perAccountMs: number;
  gbSeconds: number;
  usd: number;
}

export interface NightlyCost {
  transitions: number;
  invocations: number;
  stepFunctionsUsd: number;
  /** Durations as measured in the in-process fan-out, where maxAccounts accounts share one CPU: an upper bound. */
  lambdaMeasured: LambdaEstimate;
  /** An account alone on its function: its share of the CPU plus its minimum time at this latency. */
  lambdaAlone: LambdaEstimate;
  /** Step Functions and Lambda (alone), one night. */
  totalUsd: number;
}

export function nightlyCost(input: CostInput): NightlyCost {
  const transitions = PARENT_TRANSITIONS + input.accounts * CHILD_TRANSITIONS;
  const invocations = input.accounts + 2;
  const stepFunctionsUsd = (transitions / 1000) * PRICES.stepFunctionsStandardPerThousandTransitions;
  const accounts = Math.max(1, input.accounts);
  const measured = sum(input.accountDurationsMs) / accounts;
  const alone = input.cpuMs / accounts + input.minimum.sumOfAccountsMs / accounts;
  const lambda = (perAccountMs: number): LambdaEstimate => {
    const billedMs = perAccountMs * input.accounts + 2 * ASSUMED_TASK_MS + input.maxAccounts * ASSUMED_TASK_MS;
    const gbSeconds = (billedMs / 1000) * (LAMBDA_MEMORY_MB / 1024);
    return { perAccountMs: Math.round(perAccountMs), gbSeconds: round(gbSeconds, 1), usd: round(gbSeconds * PRICES.lambdaArmPerGbSecond + (invocations / 1e6) * PRICES.lambdaPerMillionRequests, 4) };
  };
  const lambdaAlone = lambda(alone);
  return {
    transitions,
    invocations,
    stepFunctionsUsd: round(stepFunctionsUsd, 4),
    lambdaMeasured: lambda(measured),
    lambdaAlone,
    totalUsd: round(stepFunctionsUsd + lambdaAlone.usd, 4),
  };
}

/** How the estimate was made, for the bench's output. */
export function costAssumptions(): string {
  return (
    `Step Functions Standard $${PRICES.stepFunctionsStandardPerThousandTransitions} per 1,000 transitions (${PARENT_TRANSITIONS} in the parent, ${CHILD_TRANSITIONS} per child execution); ` +
    `Lambda arm64 $${PRICES.lambdaArmPerGbSecond} per GB-s at ${LAMBDA_MEMORY_MB} MB and $${PRICES.lambdaPerMillionRequests} per 1M requests; ` +
    `discovery, digest and each cold start's init taken as ${ASSUMED_TASK_MS / 1000} s; us-east-1 list prices, no free tier`
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
