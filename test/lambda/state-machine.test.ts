/**
 * The organization state machine: its one definition (src/deploy/state-machine.ts,
 * which serverless.yml deploys) validated with asl-validator, then run with
 * aws-local-stepfunctions over the real jobs: discovery against Organizations,
 * each account audited through its member role into dynalite, one digest.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import aslValidator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import type { StateMachineDefinition } from "aws-local-stepfunctions";
import { LAMBDA_TRANSIENT_ERRORS, organizationStateMachine, RUN_IN_PROGRESS_RETRY, STATES } from "../../src/deploy/state-machine.js";
import { outcomeBudget } from "../../src/lambda/account-result.js";
import type { AuditJobDeps } from "../../src/lambda/audit-job.js";
import { runAuditRequest } from "../../src/lambda/audit-job.js";
import { parseDigestEvent, runDigestJob } from "../../src/lambda/digest-job.js";
import { parseDiscoverEvent, runDiscoverJob } from "../../src/lambda/discover-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { parseAuditEvent } from "../../src/lambda/payload.js";
import { snsNotifier } from "../../src/publish/notify/sns-notifier.js";
import type { AccountOutcome } from "../../src/publish/notify/organization-digest.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Clock } from "../../src/types/clock.js";
import { compareText } from "../../src/types/order.js";
import { steppingClock, testClock } from "../support/clock.js";
import { startDynalite } from "../support/dynalite.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import { awsError } from "../support/fake-aws.js";
import type { ServeOptions } from "../support/snapshot-collectors.js";
import { collectorsByCredentials, demoSnapshot, FUNCTION_CREDENTIALS, MANAGEMENT, organizationAws } from "./organization-fixtures.js";
import type { OrgAccount } from "./organization-fixtures.js";

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 22 has and this machine's Node 20 does not.
const withResolvers = <T>() => {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};
(Promise as unknown as { withResolvers?: typeof withResolvers }).withResolvers ??= withResolvers;

const STAGING = "222222222222";
const SANDBOX = "333333333333";
const RETIRED = "444444444444";
const ACCOUNTS: OrgAccount[] = [
  { id: MANAGEMENT, name: "Management" },
  { id: STAGING, name: "Staging" },
  { id: SANDBOX, name: "Sandbox" },
  { id: RETIRED, name: "Retired", status: "SUSPENDED" },
];
const AUDITED = [MANAGEMENT, STAGING, SANDBOX];
const NIGHT_1 = "examples/webapp-account.json";
const NIGHT_2 = "examples/webapp-account-next.json";
const TOPIC = `arn:aws:sns:us-east-1:${MANAGEMENT}:driftwarden-test-AlertsTopic`;

const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:driftwarden-test-${name}`;
const definition = organizationStateMachine({
  functions: { discover: lambdaArn("discover"), audit: lambdaArn("audit"), digest: lambdaArn("digest") },
  maxConcurrency: 2,
  toleratedFailurePercentage: 10,
});

/** The definition as aws-local-stepfunctions runs it: it has no Distributed mode, so the Map runs its items inline, without the distributed-only fields. */
function inlineMap(deployed: typeof definition): StateMachineDefinition {
  const local = structuredClone(deployed) as any;
  const map = local.States[STATES.map];
  map.ItemProcessor.ProcessorConfig = { Mode: "INLINE" };
  delete map.ToleratedFailurePercentage;
  return local as StateMachineDefinition;
}

/** An error as Step Functions names it when Lambda refuses an invocation. */
const lambdaError = (name: string, message: string) => Object.assign(new Error(message), { name });

const sns = mockClient(SNSClient);
const silent = { info() {}, warn() {}, error() {} };
let dynamo: LocalDynamoDb;
let table: string;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.stop());
beforeEach(async () => {
  table = await dynamo.createTable();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "5f0c7e8e-0000-4000-8000-00000000d1g5" });
});

const env = (): AuditEnvironment => ({ tableName: table, topicArn: TOPIC, configText: "", reserveMs: 0 });
const store = () => new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });

interface Night {
  snapshotFile: string;
  start: string;
  /** The schedule tick's EventBridge event id. */
  tick: string;
  /** Members whose role cannot be assumed this night. */
  denied?: string[];
  /** Accounts whose first audit invocation Lambda throttles. */
  throttledOnce?: string[];
  /** How an account's services are served (pages, a hook on each page). */
  serve?: Record<string, ServeOptions>;
  /** Per account: the job's deadline and clock, and a store of its own. */
  deps?: Record<string, (clock: Clock) => Partial<AuditJobDeps>>;
}

async function runNight(night: Night) {
  const clock = steppingClock(night.start);
  const aws = organizationAws(ACCOUNTS, clock);
  for (const id of night.denied ?? []) aws.denied.add(id);
  const collectors = collectorsByCredentials(Object.fromEntries(AUDITED.map((id) => [id, { snapshot: demoSnapshot(night.snapshotFile, id), ...(night.serve?.[id] && { serve: night.serve[id] }) }])));
  const attempts: Record<string, number> = {};
  const outcomes: AccountOutcome[] = [];
  let invocation = 0;
  const common = { credentials: async () => FUNCTION_CREDENTIALS, plugins: [aws.plugin], accountId: MANAGEMENT, defaultRegion: "us-east-1" };

  const audit = async (input: unknown) => {
    const request = parseAuditEvent(input);
    const id = request.account!.id;
    attempts[id] = (attempts[id] ?? 0) + 1;
    if (night.throttledOnce?.includes(id) && attempts[id] === 1) throw lambdaError("Lambda.TooManyRequestsException", "Rate Exceeded.");
    const deps: AuditJobDeps = {
      ...common,
      openStore: (config) => new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, retentionDays: config.retentionDays, now: clock }),
      collectors,
      logger: silent,
      requestId: `request-${++invocation}`,
      deliveryId: `delivery-${invocation}`,
      now: clock,
      ...night.deps?.[id]?.(clock),
    };
    const outcome = (await runAuditRequest(request, env(), deps)) as AccountOutcome;
    outcomes.push(outcome);
    return outcome;
  };
  const handlers = {
    [STATES.discover]: async (input: unknown) => runDiscoverJob(parseDiscoverEvent(input), env(), { ...common, logger: silent, now: clock }),
    [STATES.audit]: audit,
    [STATES.digest]: async (input: unknown) => runDigestJob(parseDigestEvent(input), env(), { notifier: snsNotifier(new SNSClient({ region: "us-east-1" }), TOPIC), logger: silent }),
  };
  // EventBridge's scheduled event, the execution's input when the schedule starts it.
  const input = { version: "0", id: night.tick, "detail-type": "Scheduled Event", source: "aws.events", account: MANAGEMENT, time: night.start, region: "us-east-1", resources: [], detail: {} };
  const execution = new StateMachine(inlineMap(definition)).run(input, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      // Retries at once: what is tested is that they happen, not how long they wait.
      retryIntervalOverrides: { [STATES.discover]: 0, [STATES.audit]: 0, [STATES.digest]: 0 },
    },
    context: { Execution: { Id: `arn:aws:states:us-east-1:${MANAGEMENT}:execution:driftwarden-test-organization:${night.tick}`, Name: `tick-${night.tick}`, Input: input, StartTime: night.start } },
  });
  const output = (await execution.result) as any;
  const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
  return { output, attempts, outcomes, published, aws };
}

const openFindings = async (accountId: string) =>
  (await store().openFindings(accountId)).map((f) => ({ id: f.id, status: f.status, lastSeen: f.lastSeen })).sort((a, b) => compareText(a.id, b.id));

describe("the organization state machine's definition", () => {
  it("is valid ASL, its Distributed Map fields included, as asl-validator reads them", () => {
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText()).toBe("");
    expect(result.isValid).toBe(true);
    const map = definition.States[STATES.map] as any;
    expect(map).toMatchObject({ ItemsPath: "$.accounts", MaxConcurrency: 2, ToleratedFailurePercentage: 10, ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } } });
    expect(map.ItemSelector).toEqual({ "runId.$": "$.runId", "account.$": "$$.Map.Item.Value", "accountCount.$": "States.ArrayLength($.accounts)" });
    // The validator does read the distributed fields: a Map without its execution type, or tolerating 150 %, is refused.
    const broken = (change: (map: any) => void) => {
      const copy = structuredClone(definition) as any;
      change(copy.States[STATES.map]);
      return aslValidator(copy, { checkPaths: true, checkArn: true }).isValid;
    };
    expect(broken((m) => delete m.ItemProcessor.ProcessorConfig.ExecutionType)).toBe(false);
    expect(broken((m) => (m.ToleratedFailurePercentage = 150))).toBe(false);
  });

  it("retries each Lambda task on throttling and Lambda's transient errors, with backoff and jitter, and catches whatever ends an account's audit", () => {
    const audit = (definition.States[STATES.map] as any).ItemProcessor.States[STATES.audit];
    const tasks = [definition.States[STATES.discover], audit, definition.States[STATES.digest]] as any[];
    for (const task of tasks) {
      expect(task.Retry[0]).toEqual({ ErrorEquals: LAMBDA_TRANSIENT_ERRORS, IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 60, JitterStrategy: "FULL" });
      // Never timed out by Step Functions before its function's 15 minutes are up.
      expect(task.TimeoutSeconds).toBeGreaterThan(900);
    }
    expect(LAMBDA_TRANSIENT_ERRORS).toEqual(["Lambda.TooManyRequestsException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"]);
    expect(audit.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATES.failed }]);
    // A repeated item waits out the delivery holding its run: longer than any invocation can hold it (15 minutes).
    const { IntervalSeconds, BackoffRate, MaxAttempts } = RUN_IN_PROGRESS_RETRY;
    const waited = Array.from({ length: MaxAttempts }, (_, i) => IntervalSeconds * BackoffRate ** i).reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(15 * 60);
    expect(audit.Retry[1]).toBe(RUN_IN_PROGRESS_RETRY);
  });
});

describe("an organization run, with the real jobs behind the tasks", () => {
  it("audits every account with its own credentials, retries a throttled one, names a denied one in the one digest, and leaves its findings as they were", async () => {
    // Night 1: every account readable.
    const first = await runNight({ snapshotFile: NIGHT_1, start: "2026-11-22T02:00:00.000Z", tick: "0a1b2c3d-night-1" });
    expect(first.output).toMatchObject({ runId: "scheduled-0a1b2c3d-night-1", accounts: 3, byStatus: { complete: 3, partial: 0, unreadable: 0, failed: 0 }, skipped: 1, notification: { status: "sent" } });
    // Each member entered once through its role; the management account with the function's own credentials.
    const assumed = first.aws.calls.filter((c) => c.commandName === "AssumeRoleCommand").map((c) => c.input.RoleArn).sort();
    expect(assumed).toEqual([`arn:aws:iam::${STAGING}:role/driftwarden-audit`, `arn:aws:iam::${SANDBOX}:role/driftwarden-audit`]);
    expect(first.aws.calls.filter((c) => c.commandName === "ListAccountsCommand")).toHaveLength(2);
    for (const id of AUDITED) expect((await store().listRuns(id)).map((r) => r.id)).toEqual(["scheduled-0a1b2c3d-night-1"]);
    const sandboxBefore = await openFindings(SANDBOX);
    expect(sandboxBefore).toHaveLength(70);
    expect(first.published).toHaveLength(1);
    expect(first.published[0]!.Subject).toBe("driftwarden: 3 accounts: 165 new (critical)");

    // Night 2: the sandbox's role is gone, and Lambda throttles the staging account's first invocation.
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "5f0c7e8e-0000-4000-8000-00000000d1g6" });
    const second = await runNight({ snapshotFile: NIGHT_2, start: "2026-11-23T02:00:00.000Z", tick: "0a1b2c3d-night-2", denied: [SANDBOX], throttledOnce: [STAGING] });
    expect(second.output).toMatchObject({ runId: "scheduled-0a1b2c3d-night-2", accounts: 3, byStatus: { complete: 2, unreadable: 1 }, notification: { status: "sent" } });
    expect(second.attempts).toEqual({ [MANAGEMENT]: 1, [STAGING]: 2, [SANDBOX]: 1 });

    expect(second.published).toHaveLength(1);
    const digest = second.published[0]!;
    expect(digest.TopicArn).toBe(TOPIC);
    expect(digest.Subject).toBe("driftwarden: 3 accounts: 6 new, 14 regressed, 6 resolved (critical); 1 unreadable");
    expect(digest.Subject!.length).toBeLessThan(100);
    const body = digest.Message!;
    expect(body).toContain(
      `NOT AUDITED (1): their findings keep their previous state\n${"-".repeat(57)}\n${SANDBOX} Sandbox: unreadable: cannot assume arn:aws:iam::${SANDBOX}:role/driftwarden-audit (AccessDenied): User: arn:aws:sts::${MANAGEMENT}:assumed-role/`,
    );
    // The throttled account was audited on the retry: its changes are in the digest, most severe first.
    expect(body).toMatch(new RegExp(`ACCOUNTS WITH CHANGES \\(2\\), the most severe first\\n-+\\n${MANAGEMENT} Management\\n  3 new, 7 regressed, 3 resolved; failing now: [^\\n]+\\n  \\[CRITICAL\\] `));
    expect(body).toContain(`${STAGING} Staging\n  3 new, 7 regressed, 3 resolved`);
    expect(body).toContain(`SKIPPED (1)\n${"-".repeat(11)}\n${RETIRED} Retired: SUSPENDED\n`);
    expect(digest.MessageAttributes).toEqual({
      account: { DataType: "String.Array", StringValue: JSON.stringify([MANAGEMENT, STAGING, SANDBOX]) },
      highestSeverity: { DataType: "String", StringValue: "critical" },
      newCount: { DataType: "Number", StringValue: "6" },
      regressedCount: { DataType: "Number", StringValue: "14" },
      resolvedCount: { DataType: "Number", StringValue: "6" },
      notAuditedCount: { DataType: "Number", StringValue: "1" },
      accountCount: { DataType: "Number", StringValue: "3" },
      runStatus: { DataType: "String", StringValue: "partial" },
    });

    // The denied account's findings stand as night 1 left them: none resolved, none touched.
    expect(await openFindings(SANDBOX)).toEqual(sandboxBefore);
    const sandbox = second.outcomes.find((o) => o.account.id === SANDBOX)!;
    expect(sandbox).toMatchObject({ status: "unreadable", changes: { new: 0, regressed: 0, resolved: 0 }, failing: {} });
    // The throttled account was recorded once, by its retry.
    expect((await store().listRuns(STAGING)).map((r) => r.id)).toEqual(["scheduled-0a1b2c3d-night-2", "scheduled-0a1b2c3d-night-1"]);
    // Every outcome the Map carried stayed within its share of the 256 KB payload.
    const sizes = second.outcomes.map((o) => Buffer.byteLength(JSON.stringify(o)));
    process.stdout.write(`account outcomes: ${sizes.join(", ")} bytes\n`);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(outcomeBudget(3));
  });

  it("finishes an account that runs into its deadline as partial, and one whose audit fails as a named failure; the map and the digest go on", async () => {
    await runNight({ snapshotFile: NIGHT_1, start: "2026-11-22T02:00:00.000Z", tick: "night-1" });
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "5f0c7e8e-0000-4000-8000-00000000d1g7" });
    const rdsBefore = async () => (await store().openFindings(MANAGEMENT)).filter((f) => f.resource.type.startsWith("AWS::RDS::")).map((f) => f.id).sort();
    const before = await rdsBefore();
    // The management account's RDS takes ten pages; its clock passes the deadline as the second is asked for.
    let jumpMs = 0;
    const night = await runNight({
      snapshotFile: NIGHT_2,
      start: "2026-11-23T02:00:00.000Z",
      tick: "night-2",
      serve: { [MANAGEMENT]: { pages: { rds: 10 }, onPage: (service, page) => void (service === "rds" && page === 1 && (jumpMs = 3_600_000)) } },
      deps: {
        [MANAGEMENT]: (clock) => ({ deadline: Date.parse("2026-11-23T02:30:00.000Z"), now: () => new Date(clock().getTime() + jumpMs) }),
        // The staging account's run cannot be recorded: its table write fails after the SDK's retries.
        [STAGING]: (clock) => ({
          openStore: () => {
            const real = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: clock });
            const failing = Object.create(real);
            failing.recordRun = () => Promise.reject(awsError("ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.\nConsider increasing your provisioning level"));
            return failing;
          },
        }),
      },
    });
    expect(night.output).toMatchObject({ accounts: 3, byStatus: { complete: 1, partial: 1, failed: 1 }, notification: { status: "sent" } });
    const management = night.outcomes.find((o) => o.account.id === MANAGEMENT)!;
    expect(management).toMatchObject({ status: "partial", errors: 1 });
    expect(await rdsBefore()).toEqual(before);

    const body = night.published[0]!.Message!;
    expect(night.published[0]!.Subject).toMatch(/; 1 failed$/);
    expect(body).toContain(`${STAGING} Staging: failed: ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.\n`);
    expect(body).toContain(`${MANAGEMENT} Management (partial: 1 part not read)\n`);
    expect(body).toContain(`${SANDBOX} Sandbox\n  3 new, 7 regressed, 3 resolved`);
    // The failed account has no run of night 2, and its claim was let go for a redrive.
    expect((await store().listRuns(STAGING)).map((r) => r.id)).toEqual(["scheduled-night-1"]);
  });
});
