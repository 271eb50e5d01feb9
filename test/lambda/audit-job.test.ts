import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { readFile } from "node:fs/promises";
import { runAuditJob } from "../../src/lambda/audit-job.js";
import type { AuditJobDeps } from "../../src/lambda/audit-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { parseAuditEvent, PayloadError } from "../../src/lambda/payload.js";
import { snsNotifier } from "../../src/publish/notify/sns-notifier.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Snapshot } from "../../src/types/resource.js";
import { startDynalite } from "../support/dynalite.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import { accessDenied } from "../support/collect.js";
import { collectorsServing } from "../support/snapshot-collectors.js";
import type { ServeOptions } from "../support/snapshot-collectors.js";

const sns = mockClient(SNSClient);
const silent = { info() {}, warn() {}, error() {} };
let dynamo: LocalDynamoDb;
let table: string;
let nightA: Snapshot;
let nightB: Snapshot;

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
});
afterAll(() => dynamo.stop());
beforeEach(async () => {
  table = await dynamo.createTable();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "9b5d0f2e-0000-4000-8000-000000000001" });
});

const env = (): AuditEnvironment => ({ tableName: table, topicArn: "arn:aws:sns:us-east-1:111122223333:driftwarden-alerts", configText: "", reserveMs: 0 });

function deps(snapshot: Snapshot, serve: ServeOptions = {}, extra: Partial<AuditJobDeps> = {}): AuditJobDeps {
  return {
    openStore: () => new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table }),
    notifier: snsNotifier(new SNSClient({ region: "us-east-1" }), env().topicArn!),
    collectors: collectorsServing(snapshot, serve),
    logger: silent,
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    accountId: "111122223333",
    defaultRegion: "us-east-1",
    ...extra,
  };
}

const tableItems = () => dynamo.items(table);

describe("the audit job", () => {
  it("records a scheduled run and sends one alert", async () => {
    const result = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    expect(result).toMatchObject({ runId: "scheduled-night-1", accountId: "111122223333", status: "complete", recorded: "recorded", notification: { status: "sent" } });
    expect(result.counts.byStatus.FAIL).toBe(51);
    expect(result.transitions.new).toBe(51);
    const publish = sns.commandCalls(PublishCommand);
    expect(publish).toHaveLength(1);
    expect(publish[0]!.args[0].input).toMatchObject({ TopicArn: env().topicArn, Subject: expect.stringMatching(/^driftwarden: \d+ new in 111122223333/) });
    const runs = await new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table }).listRuns("111122223333");
    expect(runs.map((r) => r.id)).toEqual(["scheduled-night-1"]);
  });

  it("writes nothing and sends nothing again when the same scheduled event is redelivered", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const before = await tableItems();
    const calls: Record<string, number> = {};
    const again = await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA, { calls }));
    expect(again).toMatchObject({ recorded: "already-recorded", status: "complete", counts: { byStatus: { FAIL: 51 } }, notification: { status: "skipped", reason: "run already recorded" } });
    // It stopped at the recorded run: nothing was read from the account.
    expect(calls).toEqual({});
    expect(await tableItems()).toEqual(before);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it("alerts the second night with the drift explanation, new failures first", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const result = await runAuditJob(parseAuditEvent(scheduled("night-2")), env(), deps(nightB));
    expect(result.transitions).toMatchObject({ new: 3, regressed: 2, resolved: 2 });
    const message = sns.commandCalls(PublishCommand)[1]!.args[0].input;
    expect(message.Subject).toBe("driftwarden: 3 new, 2 regressed, 2 resolved in 111122223333 (high)");
    expect(message.Message).toContain("drift:    ingress tcp/22 from 0.0.0.0/0 added");
    expect(message.MessageAttributes?.highestSeverity).toEqual({ DataType: "String", StringValue: "high" });
  });

  it("rejects a bad payload before collecting or writing anything", async () => {
    const calls: Record<string, number> = {};
    for (const payload of [{ regions: "us-east-1" }, { dryrun: true }, { rules: ["ec2-ssh-restrictd"] }, { regions: ["moon-1"] }, { runId: "../../etc" }]) {
      const run = async () => runAuditJob(parseAuditEvent(payload), env(), deps(nightA, { calls }));
      await expect(run()).rejects.toThrow(/payload|region name/);
    }
    await expect(async () => parseAuditEvent({ regions: "us-east-1" })).rejects.toThrow(
      'invalid payload at regions: Invalid input: expected array, received string. Expected {"regions"?: string[], "rules"?: string[], "notify"?: boolean, "dryRun"?: boolean, "runId"?: string}',
    );
    await expect(async () => parseAuditEvent({ dryrun: true })).rejects.toBeInstanceOf(PayloadError);
    expect(calls).toEqual({});
    expect(await tableItems()).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("sends the alert before recording, so a run that dies while recording alerts again when redelivered", async () => {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table });
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
    expect(await tableItems()).toEqual([]);
  });

  it("keeps the findings and reports the error when SNS fails", async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error("User is not authorized to perform: SNS:Publish"), { name: "AuthorizationError" }));
    const result = await runAuditJob(parseAuditEvent({ runId: "manual-1" }), env(), deps(nightA));
    expect(result.notification).toEqual({ status: "failed", error: "AuthorizationError: User is not authorized to perform: SNS:Publish" });
    expect(result.recorded).toBe("recorded");
    const open = await new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table }).openFindings("111122223333");
    expect(open).toHaveLength(51);
  });

  it("stops at the deadline: unfinished services are collection errors and nothing of theirs resolves", async () => {
    await runAuditJob(parseAuditEvent(scheduled("night-1")), env(), deps(nightA));
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: table });
    const rdsFailures = async () => (await store.openFindings("111122223333")).filter((f) => f.resource.type.startsWith("AWS::RDS::")).map((f) => f.id).sort();
    const before = await rdsFailures();
    expect(before.length).toBeGreaterThan(5);
    // RDS needs three pages of 40 ms; the deadline falls after its first.
    const late = deps(nightA, { pages: { rds: 3 }, latencyMs: 40 }, { deadline: Date.now() + 60 });
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
