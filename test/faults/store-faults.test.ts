/**
 * Faults of the sinks: DynamoDB leaving items unprocessed on every attempt,
 * a redelivered run id (which finds its recorded run with getRun and stops
 * there, before claiming, reading or writing anything; a second delivery
 * while the first still runs stops at the run claim), and SNS refusing the
 * alert. Nothing already stored may be lost or written twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { allCollectors } from "../../src/collect/index.js";
import { snsNotifier } from "../../src/publish/notify/sns-notifier.js";
import { UnprocessedItemsError } from "../../src/publish/store/batch-writer.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Finding } from "../../src/types/finding.js";
import { awsError } from "../support/fake-aws.js";
import { unprocessedItems, writeCounter } from "../support/dynalite.js";
import { mainList } from "../support/faults.js";
import type { Bench, JobTarget } from "./bench.js";
import { CLEAN_RUN, openBench, runJob, statuses } from "./bench.js";
import { faultCase } from "./cases.js";
import { testClock } from "../support/clock.js";

const ACCOUNT = { resources: 130, seed: 131, regions: ["us-east-1", "eu-west-1"] };
const TOPIC = "arn:aws:sns:us-east-1:123456789012:driftwarden-alerts";
const sns = mockClient(SNSClient);

let bench: Bench;
beforeAll(async () => {
  bench = await openBench(ACCOUNT);
});
afterAll(() => bench?.close());
beforeEach(() => {
  sns.reset();
});

/** The bench's account on a table of its own, empty. */
async function freshTable(): Promise<JobTarget> {
  const table = await bench.dynamo.createTable();
  return { ...bench, table, env: { ...bench.env, tableName: table } };
}

const collector = (service: string) => allCollectors.find((c) => c.service === service)!;

/** The collector's main list denied in its faulted region. */
const deniedList = (service: string) => faultCase(collector(service), "access denied").faults[0]!;

/** Resources by content, findings by status: what a table holds of the account, whenever its runs were. */
const accountState = (items: Record<string, unknown>[]) =>
  items
    .map((item) => (item.kind === "resource" ? `${String(item.sk)} ${String(item.hash)}` : item.kind === "finding" ? `${String(item.sk)} ${(item.finding as Finding).status}` : undefined))
    .filter((line) => line !== undefined)
    .sort();

describe("DynamoDB leaving items unprocessed on every attempt", () => {
  it("fails the run naming how many items were not written and records no run; the redelivery writes what was missing and records it", async () => {
    const faulty = await freshTable();
    // The last 3 requests of every batch come back unprocessed, however often they are sent again.
    const withheld = unprocessedItems(3, Infinity);
    const openStore = () => new DynamoDbFindingsStore({ client: bench.dynamo.client([withheld.plugin]), tableName: faulty.table, batch: { maxAttempts: 3, baseDelayMs: 1 }, now: testClock });

    const failure = await runJob(faulty, "night-1", [], { openStore }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnprocessedItemsError);
    const { unwritten, total } = failure as UnprocessedItemsError;
    // Every batch of 25 lost its last 3 requests; the last batch may be shorter.
    const batches = Math.ceil(total / 25);
    expect(unwritten).toBe(3 * (batches - 1) + Math.min(3, total - 25 * (batches - 1)));
    expect((failure as Error).message).toBe(`${unwritten} of ${total} items were not written to DynamoDB table ${faulty.table}: still unprocessed after 3 attempts (throttled or over capacity)`);
    const written = await bench.dynamo.items(faulty.table);
    // The claim and every item but the unprocessed ones: no run record, the run is not recorded half-written.
    expect(written).toHaveLength(1 + total - unwritten);
    expect(written.some((item) => item.kind === "run")).toBe(false);
    // The failed delivery let go of its claim, so that Lambda's retry would not wait for its lease to end.
    expect(written.find((item) => item.kind === "claim")).toMatchObject({ runId: "night-1", leaseUntil: 0 });

    // Lambda redelivers the failed invocation under the same run id: it finds no run record, writes the run again and records it.
    const store = new DynamoDbFindingsStore({ client: bench.dynamo.client(), tableName: faulty.table, now: testClock });
    const redelivered = await runJob(faulty, "night-1", [], { openStore: () => store });
    expect(redelivered.job).toMatchObject({ recorded: "recorded", status: "complete", transitions: { resolved: 0 } });
    const after = await bench.dynamo.items(faulty.table);
    expect(accountState(after)).toEqual(accountState(bench.clean.items));
    expect(after.filter((item) => item.kind === "run")).toHaveLength(1);
    // Each finding's change is one entry of history, though both deliveries wrote it.
    const finding = after.find((item) => item.kind === "finding")!;
    expect(await store.findingHistory(bench.account.accountId, String(finding.sk))).toEqual([expect.objectContaining({ runId: "night-1" })]);
  });
});

describe("a redelivered run id", () => {
  it("stops at its recorded run before reading anything: already-recorded, nothing collected or written, no alert", async () => {
    const before = await bench.dynamo.items(bench.table);
    const counter = writeCounter();
    const redelivered = await runJob(bench, CLEAN_RUN, [deniedList("ec2")], {
      openStore: () => new DynamoDbFindingsStore({ client: bench.dynamo.client([counter.plugin]), tableName: bench.table, now: testClock }),
      notifier: snsNotifier(new SNSClient({ region: "us-east-1" }), TOPIC),
    });
    // The summary is the recorded run's (complete), not this delivery's, which would have been partial.
    expect(redelivered.job).toMatchObject({ runId: CLEAN_RUN, recorded: "already-recorded", status: "complete", notification: { status: "skipped", reason: "run already recorded" } });
    expect(redelivered.attempts).toHaveLength(0);
    expect(counter.counts).toEqual({ batchItems: 0, batchWriteCalls: 0, putItemCalls: 0, itemsWritten: 0 });
    expect(await bench.dynamo.items(bench.table)).toEqual(before);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe("SNS refusing the alert", () => {
  const refused = () => awsError("AuthorizationError", "User: arn:aws:sts::123456789012:assumed-role/driftwarden-audit/driftwarden is not authorized to perform: SNS:Publish on resource: " + TOPIC, 403);

  it.each([
    ["complete", []],
    ["partial", ["cloudfront"]],
  ] as const)("keeps the findings of a %s run and reports the alert as failed", async (status, deniedServices) => {
    const target = await freshTable();
    sns.on(PublishCommand).rejects(refused());
    const { job } = await runJob(target, "night-1", deniedServices.map(deniedList), { notifier: snsNotifier(new SNSClient({ region: "us-east-1" }), TOPIC) });
    expect(job).toMatchObject({ status, recorded: "recorded", notification: { status: "failed", error: expect.stringMatching(/^AuthorizationError: User: .* is not authorized to perform: SNS:Publish/) } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);

    // Every failing finding the run evaluated is stored, and read back as open.
    const open = await new DynamoDbFindingsStore({ client: bench.client, tableName: target.table, now: testClock }).openFindings(bench.account.accountId);
    expect(open).toHaveLength(job.counts.byStatus.FAIL!);
    expect(job.transitions.new).toBe(open.length);
    // The same failures as the bench's clean audit, less those of the lists denied (a first run has nothing to keep).
    const unread = new Set(deniedServices.map((s) => mainList(collector(s)).type));
    expect(statuses(open)).toEqual(statuses(bench.clean.open.filter((f) => !unread.has(f.resource.type))));
  });
});
