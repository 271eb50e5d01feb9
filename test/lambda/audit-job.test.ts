import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Pluggable } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { readFile } from "node:fs/promises";
import { runAuditJob, runAuditRequest } from "../../src/lambda/audit-job.js";
import type { AuditJobDeps } from "../../src/lambda/audit-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { parseAuditEvent, PayloadError } from "../../src/lambda/payload.js";
import type { Notifier } from "../../src/publish/notify/sns-notifier.js";
import { snsNotifier } from "../../src/publish/notify/sns-notifier.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Snapshot } from "../../src/types/resource.js";
import { startDynalite } from "../support/dynalite.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import { accessDenied } from "../support/collect.js";
import { collectorsServing } from "../support/snapshot-collectors.js";
import type { ServeOptions } from "../support/snapshot-collectors.js";
import { steppingClock, testClock } from "../support/clock.js";
import { awsError, fakeAws } from "../support/fake-aws.js";
import type { AccountOutcome } from "../../src/publish/notify/organization-digest.js";
import { collectorsByCredentials, demoSnapshot, FUNCTION_CREDENTIALS, MANAGEMENT, organizationAws } from "./organization-fixtures.js";
import type { FakeCall } from "../support/fake-aws.js";

const sns = mockClient(SNSClient);
const silent = { info() {}, warn() {}, error() {} };
let dynamo: LocalDynamoDb;
let table: string;
let nightA: Snapshot;
let nightB: Snapshot;
// One clock per test: the runs of a test are ordered, and none reads the machine's date.
let jobClock = steppingClock("2026-11-22T02:00:00.000Z");

// The shape EventBridge delivers for a schedule rule; its id is stable across redeliveries.
const scheduled = (id: string) => ({
  version: "0",
  id,
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "111122223333",
  time: "2026-11-22T02:00:00Z",
  region: "us-east-1",
  resources: ["arn:aws:events:us-east-1:111122223333:rule/driftwarden-dev-AuditEventsRuleSchedule1"],
  detail: {},
});

beforeAll(async () => {
  dynamo = await startDynalite();
  nightA = JSON.parse(await readFile("examples/webapp-account.json", "utf8"));
  nightB = JSON.parse(await readFile("examples/webapp-account-next.json", "utf8"));
  demoRecords = JSON.parse(await readFile("examples/webapp-account-next.events.json", "utf8")).Records;
});
afterAll(() => dynamo.stop());
beforeEach(async () => {
  jobClock = steppingClock("2026-11-22T02:00:00.000Z");
  table = await dynamo.createTable();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "9b5d0f2e-0000-4000-8000-000000000001" });
  trail = [];
  lookups = [];
});

/** CloudTrail's records of the time between the two nights, as the demo has them (examples/webapp-account-next.events.json). */
let demoRecords: Record<string, any>[] = [];
/** The CloudTrail records LookupEvents answers with (none unless a test sets them), moved into the window asked for, in order. */
let trail: Record<string, any>[] = [];
let lookups: FakeCall[] = [];
const cloudTrail = (): Pluggable<any, any> =>
  fakeAws(({ commandName, input }) => {
    if (commandName !== "LookupEventsCommand") throw awsError("InvalidAction", `not served here: ${commandName}`);
    const start = new Date(input.StartTime).getTime();
    return { Events: trail.map((record, i) => ({ EventId: record.eventID, EventName: record.eventName, CloudTrailEvent: JSON.stringify({ ...record, eventTime: new Date(start + 1 + i).toISOString() }) })) };
  }, lookups);

const env = (): AuditEnvironment => ({ tableName: table, topicArn: "arn:aws:sns:us-east-1:111122223333:driftwarden-alerts", configText: "", reserveMs: 0 });

function deps(snapshot: Snapshot, serve: ServeOptions = {}, extra: Partial<AuditJobDeps> = {}): AuditJobDeps {
  return {
    openStore: () => new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: jobClock }),
    notifier: snsNotifier(new SNSClient({ region: "us-east-1" }), env().topicArn!),
    collectors: collectorsServing(snapshot, serve),
    logger: silent,
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    accountId: "111122223333",
    defaultRegion: "us-east-1",
    now: jobClock,
    // Attribution's LookupEvents, served in process.
    plugins: [cloudTrail()],
    credentials: async () => ({ accessKeyId: "AKIDAUDITJOBTEST", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }),
    ...extra,
  };
}

const tableItems = () => dynamo.items(table);

describe("the audit job", () => {
  it("records a scheduled run and sends one alert", async () => {
    const result = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    expect(result).toMatchObject({ runId: "scheduled-night-1", accountId: "111122223333", status: "complete", recorded: "recorded", notification: { status: "sent" } });
    expect(result.counts.byStatus.FAIL).toBe(70);
    expect(result.transitions.new).toBe(70);
    const publish = sns.commandCalls(PublishCommand);
    expect(publish).toHaveLength(1);
    expect(publish[0]!.args[0].input).toMatchObject({ TopicArn: env().topicArn, Subject: expect.stringMatching(/^driftwarden: \d+ new in 111122223333/) });
    const runs = await new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock }).listRuns("111122223333");
    expect(runs.map((r) => r.id)).toEqual(["scheduled-night-1"]);
  });

  it("writes nothing and sends nothing again when the same scheduled event is redelivered", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const before = await tableItems();
    const calls: Record<string, number> = {};
    const again = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls }));
    expect(again).toMatchObject({ recorded: "already-recorded", status: "complete", counts: { byStatus: { FAIL: 70 } }, notification: { status: "skipped", reason: "run already recorded" } });
    // It stopped at the recorded run: nothing was read from the account.
    expect(calls).toEqual({});
    expect(await tableItems()).toEqual(before);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it("alerts the second night with the drift explanation, new failures first", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const result = await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), deps(nightB));
    expect(result.transitions).toMatchObject({ new: 3, regressed: 7, resolved: 3 });
    const message = sns.commandCalls(PublishCommand)[1]!.args[0].input;
    expect(message.Subject).toBe("driftwarden: 3 new, 7 regressed, 3 resolved in 111122223333 (critical)");
    expect(message.Message).toContain("drift:    ingress tcp/22 from 0.0.0.0/0 added");
    expect(message.MessageAttributes?.highestSeverity).toEqual({ DataType: "String", StringValue: "critical" });
  });

  it("names who made each change from CloudTrail's LookupEvents, as the CLI's live run does: one lookup per region with drift", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    expect(lookups).toEqual([]);
    trail = demoRecords;
    await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), deps(nightB));
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.input).toMatchObject({ LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }], MaxResults: 50 });
    const message = sns.commandCalls(PublishCommand)[1]!.args[0].input.Message!;
    expect(message).toMatch(/changed: {2}.*alice@example\.com/);
    expect(message).not.toContain("attribution unavailable");
  });

  it("says attribution was unavailable when LookupEvents is refused, and names no one", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const denied = fakeAws(() => {
      throw awsError("AccessDeniedException", "not authorized to perform: cloudtrail:LookupEvents");
    });
    await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), deps(nightB, {}, { plugins: [denied] }));
    const message = sns.commandCalls(PublishCommand)[1]!.args[0].input.Message!;
    expect(message).toContain("CloudTrail: attribution unavailable in us-east-1 (AccessDeniedException).");
    expect(message).not.toContain("changed:");
  });

  it("reads no CloudTrail event when the config says `attribution: false`", async () => {
    const off = { ...env(), configText: "attribution: false\n", configSource: "driftwarden.config.yaml" };
    await runAuditJob(parseAuditEvent(scheduled("night-1")), off, deps(nightA));
    trail = demoRecords;
    await runAuditJob(parseAuditEvent(scheduled("night-2")), off, deps(nightB));
    expect(lookups).toEqual([]);
    expect(sns.commandCalls(PublishCommand)[1]!.args[0].input.Message).not.toContain("changed:");
  });

  it("rejects a bad payload before collecting or writing anything", async () => {
    const calls: Record<string, number> = {};
    for (const payload of [{ regions: "us-east-1" }, { dryrun: true }, { rules: ["ec2-ssh-restrictd"] }, { regions: ["moon-1"] }, { runId: "../../etc" }]) {
      const run = async () => runAuditJob(parseAuditEvent(payload), env(), deps(nightA, { calls }));
      await expect(run()).rejects.toThrow(/payload|region name/);
    }
    await expect(async () => parseAuditEvent({ regions: "us-east-1" })).rejects.toThrow(
      'invalid payload at regions: Invalid input: expected array, received string. Expected {"regions"?: string[], "rules"?: string[], "notify"?: boolean, "dryRun"?: boolean, "full"?: boolean, "runId"?: string, "account"?: {"id": string, "name"?: string}, "accountCount"?: number}',
    );
    await expect(async () => parseAuditEvent({ dryrun: true })).rejects.toBeInstanceOf(PayloadError);
    expect(calls).toEqual({});
    expect(await tableItems()).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("refuses a payload asking for a rule the config disables, as the CLI refuses --rules, before collecting", async () => {
    const calls: Record<string, number> = {};
    const disabling = { ...env(), configText: "rules:\n  rds-multi-az: false\n", configSource: "driftwarden.config.yaml" };
    const run = runAuditJob(parseAuditEvent({ rules: ["ec2-ssh-restricted", "rds-multi-az"] }), disabling, deps(nightA, { calls }));
    await expect(run).rejects.toThrow("invalid payload at rules: rds-multi-az is disabled in driftwarden.config.yaml");
    expect(calls).toEqual({});
    expect(await tableItems()).toEqual([]);
  });

  it("sends the alert before recording, so a run that dies while recording alerts again when redelivered", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    let failures = 1;
    const flaky = Object.create(store);
    flaky.recordRun = (input: Parameters<typeof store.recordRun>[0]) => (failures-- > 0 ? Promise.reject(new Error("Lambda timed out while recording")) : store.recordRun(input));
    const job = () => runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, {}, { openStore: () => flaky }));
    await expect(job()).rejects.toThrow("Lambda timed out while recording");
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    const retried = await job();
    expect(retried).toMatchObject({ recorded: "recorded", notification: { status: "sent" } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it("collects and evaluates but writes nothing on a dry run", async () => {
    const result = await runAuditJob(parseAuditEvent({ dryRun: true, regions: ["us-east-1"], rules: ["ec2-ssh-restricted"] }), env(), deps(nightA));
    expect(result).toMatchObject({ recorded: "dry-run", notification: { status: "skipped", reason: "dry run" } });
    // bastion opens SSH; debug-open opens all traffic, which covers SSH too.
    expect(result.counts.byStatus.FAIL).toBe(2);
    // Not even a claim: a dry run may run beside the run it previews.
    expect(await tableItems()).toEqual([]);
  });

  it("keeps the findings and reports the error when SNS fails", async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error("User is not authorized to perform: SNS:Publish"), { name: "AuthorizationError" }));
    const result = await runAuditJob(parseAuditEvent({ runId: "manual-1" }), env(), deps(nightA));
    expect(result.notification).toEqual({ status: "failed", error: "AuthorizationError: User is not authorized to perform: SNS:Publish" });
    expect(result.recorded).toBe("recorded");
    const open = await new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock }).openFindings("111122223333");
    expect(open).toHaveLength(70);
  });

  it("stops at the deadline: unfinished services are collection errors and nothing of theirs resolves", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    const rdsFailures = async () => (await store.openFindings("111122223333")).filter((f) => f.resource.type.startsWith("AWS::RDS::")).map((f) => f.id).sort();
    const before = await rdsFailures();
    expect(before.length).toBeGreaterThan(5);
    // RDS needs ten pages; the run's clock jumps past the deadline as its second is requested, after the
    // run-record read, the claim and every other service's single page, so no real time passes.
    const deadline = Date.parse("2026-11-22T02:30:00.000Z");
    let jumpMs = 0;
    const clock = () => new Date(jobClock().getTime() + jumpMs);
    const pastDeadline = (service: string, page: number) => {
      if (service === "rds" && page === 1) jumpMs = 3_600_000;
    };
    const late = deps(nightA, { pages: { rds: 10 }, onPage: pastDeadline }, { deadline, now: clock });
    const result = await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), late);
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([expect.objectContaining({ service: "rds", code: "Deadline", message: expect.stringContaining("deadline") })]);
    expect(result.transitions.resolved).toBe(0);
    expect(await rdsFailures()).toEqual(before);
  });

  it("reports a denied service as partial, keeping its findings", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const denied = deps(nightA, { failures: { elbv2: accessDenied("elasticloadbalancing:DescribeLoadBalancers") } });
    const result = await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), denied);
    expect(result).toMatchObject({ status: "partial", transitions: { resolved: 0 } });
    expect(result.errors).toEqual([expect.objectContaining({ service: "elbv2", code: "AccessDenied" })]);
  });
});

describe("two deliveries of one run", () => {
  const ACCOUNT_ID = "111122223333";
  const RUN_ID = "scheduled-night-1";

  /** The SNS notifier, keeping which delivery sent each alert. */
  const countingNotifier = (delivery: string, sent: string[]): Notifier => {
    const sns = snsNotifier(new SNSClient({ region: "us-east-1" }), env().topicArn!);
    return { send: (message) => (sent.push(delivery), sns.send(message)) };
  };

  /** A store whose DynamoDB client keeps the name of every command it sends. */
  const storeRecording = (commands: string[]) => () => {
    const recorder: Pluggable<any, any> = {
      applyToStack: (stack) => stack.add((next, context) => (args) => (commands.push(String(context.commandName)), next(args)), { step: "initialize", name: "recordCommands" }),
    };
    return new DynamoDbFindingsStore({ client: dynamo.client([recorder]), tableName: table, now: jobClock });
  };

  const runs = async () => (await tableItems()).filter((item) => item.kind === "run").map((item) => (item.run as { id: string }).id);
  const claims = async () => (await tableItems()).filter((item) => item.kind === "claim");

  it("sends one alert and records the run once when two deliveries start together", async () => {
    const sent: string[] = [];
    const calls: Record<string, Record<string, number>> = { "request-a": {}, "request-b": {} };
    const deliver = (requestId: string) =>
      runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls: calls[requestId]!, latencyMs: 5 }, { requestId, notifier: countingNotifier(requestId, sent) }));
    const results = await Promise.all([deliver("request-a"), deliver("request-b")]);

    expect(results.map((r) => r.recorded).sort()).toEqual(["in-progress", "recorded"]);
    const winner = results[0]!.recorded === "recorded" ? "request-a" : "request-b";
    const loser = winner === "request-a" ? "request-b" : "request-a";
    expect(sent).toEqual([winner]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(results.find((r) => r.recorded === "in-progress")).toEqual({
      runId: RUN_ID,
      accountId: ACCOUNT_ID,
      regions: ["us-east-1"],
      status: "in-progress",
      recorded: "in-progress",
      counts: { byStatus: {}, bySeverity: {} },
      transitions: { new: 0, regressed: 0, resolved: 0, persisting: 0 },
      errors: [],
      notification: { status: "skipped", reason: "run in progress in another delivery" },
      durationMs: expect.any(Number),
    });
    expect(calls[loser]).toEqual({});
    expect(Object.keys(calls[winner]!).length).toBeGreaterThan(0);
    expect(await runs()).toEqual([RUN_ID]);
    expect((await claims()).map((c) => c.holder)).toEqual([winner]);
  });

  it("stops a delivery that finds the run claimed by one still at work, before any call to the account", async () => {
    let atWork!: () => void;
    const working = new Promise<void>((resolve) => (atWork = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // The first delivery's collectors hold until the second delivery has come and gone.
    const held = collectorsServing(nightA).map((c) => ({ ...c, collect: async (ctx: Parameters<typeof c.collect>[0]) => (atWork(), await finished, c.collect(ctx)) }));
    const first = runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, {}, { requestId: "request-a", collectors: held }));
    await working;

    const calls: Record<string, number> = {};
    const commands: string[] = [];
    const logged: [string, Record<string, unknown>][] = [];
    const logger = { ...silent, info: (message: string, fields: Record<string, unknown>) => void logged.push([message, fields]) };
    const second = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls }, { requestId: "request-b", openStore: storeRecording(commands), logger }));
    expect(second).toMatchObject({ recorded: "in-progress", notification: { status: "skipped", reason: "run in progress in another delivery" } });
    expect(calls).toEqual({});
    // Read the run record, put the claim (refused), read who holds it: nothing else.
    expect(commands).toEqual(["GetItemCommand", "PutItemCommand", "GetItemCommand"]);
    expect(logged).toEqual([["run in progress in another delivery", { runId: RUN_ID, accountId: ACCOUNT_ID, holder: "request-a", leaseUntil: "2026-11-22T02:15:00.000Z" }]]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);

    finish();
    expect(await first).toMatchObject({ recorded: "recorded", notification: { status: "sent" } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(await runs()).toEqual([RUN_ID]);
  });

  it("takes over the claim of a delivery that died holding it once its lease has ended, and not before", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    // Killed without letting go (out of memory, say): its lease runs on to the end of its invocation.
    await store.claimRun(ACCOUNT_ID, RUN_ID, { holder: "request-a/died", until: new Date("2026-11-22T02:15:00.000Z"), now: new Date("2026-11-22T02:00:00.000Z") });
    const retry = (deliveryId: string, at: string, calls: Record<string, number>) =>
      runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls }, { requestId: "request-a", deliveryId, now: steppingClock(at) }));

    const early: Record<string, number> = {};
    expect(await retry("retry-1", "2026-11-22T02:14:00.000Z", early)).toMatchObject({ recorded: "in-progress" });
    expect(early).toEqual({});
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);

    const late: Record<string, number> = {};
    expect(await retry("retry-2", "2026-11-22T02:16:00.000Z", late)).toMatchObject({ recorded: "recorded", status: "complete", notification: { status: "sent" } });
    expect(Object.keys(late).length).toBeGreaterThan(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(await runs()).toEqual([RUN_ID]);
    // Its lease: 15 minutes (Lambda's longest timeout) from its start, as the job was given no deadline.
    expect(await claims()).toEqual([expect.objectContaining({ holder: "request-a/retry-2", leaseUntil: Date.parse("2026-11-22T02:31:00.000Z") })]);
  });

  it("lets go of its claim when it fails, so that Lambda's retry of the request, a new delivery, runs at once", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    let failures = 1;
    const flaky = Object.create(store);
    flaky.recordRun = (input: Parameters<typeof store.recordRun>[0]) => (failures-- > 0 ? Promise.reject(new Error("connection reset while recording")) : store.recordRun(input));
    const attempt = (deliveryId: string) => runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, {}, { deliveryId, openStore: () => flaky }));
    await expect(attempt("attempt-1")).rejects.toThrow("connection reset while recording");
    expect(await claims()).toEqual([expect.objectContaining({ holder: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef/attempt-1", leaseUntil: 0 })]);

    expect(await attempt("attempt-2")).toMatchObject({ recorded: "recorded", notification: { status: "sent" } });
    expect(await runs()).toEqual([RUN_ID]);
  });

  it("stops a delivery whose run was recorded by the delivery it took over from", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    // Delivery A records and lets go; delivery B read no run record before A wrote it, and claims after A let go.
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, {}, { requestId: "request-a" }));
    await store.releaseClaim(ACCOUNT_ID, RUN_ID, { holder: "request-a", now: new Date("2026-11-22T02:05:00.000Z") });
    const late = Object.create(store);
    let reads = 0;
    late.getRun = (accountId: string, runId: string) => (reads++ === 0 ? Promise.resolve(undefined) : store.getRun(accountId, runId));
    const calls: Record<string, number> = {};
    const result = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls }, { requestId: "request-b", openStore: () => late }));
    expect(result).toMatchObject({ recorded: "already-recorded", notification: { status: "skipped", reason: "run already recorded" } });
    expect(calls).toEqual({});
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});

describe("one account of an organization run", () => {
  const MEMBER = "222222222222";
  const RUN = "scheduled-4f1c2b7e-night-1";
  const roleConfig = { ...env(), configText: "organization:\n  roleName: audit-reader\n  externalId: 7f3c9a1e-driftwarden\n", configSource: "driftwarden.config.yaml" };

  function memberDeps(aws: ReturnType<typeof organizationAws>, extra: Partial<AuditJobDeps> = {}): AuditJobDeps {
    const collectors = collectorsByCredentials({ [MANAGEMENT]: { snapshot: demoSnapshot("examples/webapp-account.json", MANAGEMENT) }, [MEMBER]: { snapshot: demoSnapshot("examples/webapp-account.json", MEMBER) } });
    return {
      ...deps(nightA, {}, { collectors, plugins: [aws.plugin], accountId: MANAGEMENT, credentials: async () => FUNCTION_CREDENTIALS }),
      ...extra,
    };
  }
  const item = (id: string, extra: Record<string, unknown> = {}) => parseAuditEvent({ runId: RUN, account: { id, name: "Staging" }, accountCount: 2, ...extra });

  it("enters the account through the config's member role, records it under the organization run's id, sends no alert of its own, and returns its outcome", async () => {
    const aws = organizationAws([{ id: MANAGEMENT, name: "Management" }, { id: MEMBER, name: "Staging" }], jobClock);
    const outcome = await runAuditRequest(item(MEMBER), roleConfig, memberDeps(aws));
    const assumed = aws.calls.filter((c) => c.commandName === "AssumeRoleCommand");
    expect(assumed).toHaveLength(1);
    expect(assumed[0]!.input).toEqual({ RoleArn: `arn:aws:iam::${MEMBER}:role/audit-reader`, RoleSessionName: "driftwarden-audit", DurationSeconds: 3600, ExternalId: "7f3c9a1e-driftwarden" });
    expect(outcome).toMatchObject({ account: { id: MEMBER, name: "Staging" }, status: "complete", changes: { new: 55, regressed: 0, resolved: 0 }, highest: "critical", errors: 0 });
    expect((outcome as AccountOutcome).top).toHaveLength(3);
    const runs = await new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock }).listRuns(MEMBER);
    expect(runs.map((r) => r.id)).toEqual([RUN]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("audits the caller's own account with the function's credentials, assuming no role", async () => {
    const aws = organizationAws([{ id: MANAGEMENT, name: "Management" }], jobClock);
    const outcome = await runAuditRequest(item(MANAGEMENT), env(), memberDeps(aws));
    expect(aws.calls.filter((c) => c.commandName === "AssumeRoleCommand")).toEqual([]);
    expect(outcome).toMatchObject({ account: { id: MANAGEMENT }, status: "complete", changes: { new: 55 } });
  });

  it("stops a repeated item at its recorded run, reading nothing, and says its changes went with the earlier attempt", async () => {
    const aws = organizationAws([{ id: MEMBER, name: "Staging" }], jobClock);
    await runAuditRequest(item(MEMBER), env(), memberDeps(aws));
    const callsBefore = aws.calls.length;
    const again = await runAuditRequest(item(MEMBER), env(), memberDeps(aws, { requestId: "request-b" }));
    expect(again).toEqual({ account: { id: MEMBER, name: "Staging" }, status: "complete", failing: { critical: 5, high: 24, medium: 26, low: 15 }, repeated: true });
    expect(aws.calls.length).toBe(callsBefore);
  });

  it("raises RunInProgress while another delivery holds the account's run, so that the state machine waits it out", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
    await store.claimRun(MEMBER, RUN, { holder: "request-a/first", until: new Date("2026-11-22T02:15:00.000Z"), now: new Date("2026-11-22T02:00:00.000Z") });
    const aws = organizationAws([{ id: MEMBER, name: "Staging" }], jobClock);
    await expect(runAuditRequest(item(MEMBER), env(), memberDeps(aws))).rejects.toMatchObject({ name: "RunInProgress", message: `account ${MEMBER}: run ${RUN} is in progress in another delivery` });
    expect(aws.calls.filter((c) => c.commandName === "AssumeRoleCommand")).toEqual([]);
  });

  it("rethrows a failure short, with its name, for the Map's Catch, and logs the whole error", async () => {
    const aws = organizationAws([{ id: MEMBER, name: "Staging" }], jobClock);
    const logged: [string, Record<string, unknown>][] = [];
    const failing = () => {
      const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table, now: testClock });
      const broken = Object.create(store);
      broken.recordRun = () => Promise.reject(awsError("ResourceNotFoundException", "Requested resource not found\n(request id 8NUQ3…)"));
      return broken;
    };
    const logger = { ...silent, error: (message: string, fields: Record<string, unknown>) => void logged.push([message, fields]) };
    await expect(runAuditRequest(item(MEMBER), env(), memberDeps(aws, { openStore: failing, logger }))).rejects.toMatchObject({ name: "ResourceNotFoundException", message: "Requested resource not found", stack: "" });
    expect(logged).toEqual([["account audit failed", { runId: RUN, accountId: MEMBER, error: expect.objectContaining({ message: "Requested resource not found\n(request id 8NUQ3…)" }) }]]);
  });

  it("refuses an account that is not an account id, before anything is read", async () => {
    expect(() => parseAuditEvent({ runId: RUN, account: { id: "2222-3333-4444" } })).toThrow("invalid payload at account.id: a 12-digit account id. Expected {");
    expect(() => parseAuditEvent({ runId: RUN, account: { id: MEMBER, email: "ops@example.com" } })).toThrow('invalid payload at account: unknown field "email"');
  });
});
