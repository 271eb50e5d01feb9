import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { UnprocessedItemsError } from "../../../src/publish/store/batch-writer.js";
import { DynamoDbFindingsStore, keys } from "../../../src/publish/store/dynamodb-store.js";
import { TABLE_DEFINITION, TABLE_PERMISSIONS, TTL_ATTRIBUTE } from "../../../src/publish/store/table.js";
import { ACCOUNT } from "../../support/builders.js";
import type { LocalDynamoDb } from "../../support/dynalite.js";
import { dynamoStore, requestRecorder, startDynalite, unprocessedItems, writeCounter } from "../../support/dynalite.js";
import { accountA, evaluate } from "../../diff/account-fixture.js";
import { auditRun } from "./audit-run.js";
import { T1, T2, findingsStoreContract, recordThreeRuns } from "./store-contract.js";
import { runClaimContract } from "./claim-contract.js";
import { testClock } from "../../support/clock.js";

let dynamo: LocalDynamoDb;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

const newStore = (options: Parameters<typeof dynamoStore>[1] = {}) => dynamoStore(dynamo, options);

const tableItems = (tableName: string) => dynamo.items(tableName);

async function partition(client: DynamoDBClient, tableName: string, pk: string) {
  const out = await DynamoDBDocumentClient.from(client).send(new QueryCommand({ TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk } }));
  return out.Items ?? [];
}

findingsStoreContract("DynamoDB store", async (now) => (await newStore({ now })).store);
runClaimContract("DynamoDB store", async () => (await newStore()).store);

describe("DynamoDB store writes", () => {
  it("writes only the run record for an unchanged account", async () => {
    const counter = writeCounter();
    const { store } = await newStore({ plugins: [counter.plugin] });
    const first = await auditRun(store, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
    expect(counter.counts.putItemCalls).toBe(1);
    expect(counter.counts.batchItems).toBe(first.comparison.findings.length * 2 + accountA().resources.length);

    counter.reset();
    const again = { ...accountA(), takenAt: T2 };
    const second = await auditRun(store, "run-2", again, evaluate(again));
    expect(second.result).toEqual({ status: "recorded", runId: "run-2", written: { resources: 0, findings: 0, history: 0 } });
    expect(counter.counts).toEqual({ batchItems: 0, batchWriteCalls: 0, putItemCalls: 1, itemsWritten: 1 });
    // Findings not rewritten still read back as seen in the latest run.
    expect(new Set((await store.loadPrevious(ACCOUNT))!.findings.map((f) => f.lastSeen))).toEqual(new Set([T2]));
  });

  it("writes nothing when a run id is delivered again: same items, same contents", async () => {
    const counter = writeCounter();
    const { store, tableName } = await newStore({ plugins: [counter.plugin] });
    const [, second] = await recordThreeRuns(store);
    const before = await tableItems(tableName);
    counter.reset();
    expect(await store.recordRun(second!.input)).toEqual({ status: "already-recorded", runId: "run-2" });
    // The run record is read first, and found: nothing is sent.
    expect(counter.counts).toEqual({ batchItems: 0, batchWriteCalls: 0, putItemCalls: 0, itemsWritten: 0 });
    expect(await tableItems(tableName)).toEqual(before);
  });

  it("puts expiresAt on history items and resolved-gone findings, retentionDays after the run", async () => {
    const { store, tableName, client } = await newStore({ retentionDays: 30 });
    const runs = await recordThreeRuns(store);
    const epoch = (iso: string, days: number) => Math.floor(Date.parse(iso) / 1000) + days * 86_400;
    const gone = runs[1]!.comparison.gone[0]!;
    const history = await partition(client, tableName, keys.history(ACCOUNT, gone.id));
    expect(history.map((item) => [item.sk, item[TTL_ATTRIBUTE]])).toEqual([
      [`${T1}#run-1`, epoch(T1, 30)],
      [`${T2}#run-2`, epoch(T2, 30)],
    ]);
    const findings = await partition(client, tableName, keys.findings(ACCOUNT));
    expect(findings.filter((item) => TTL_ATTRIBUTE in item).map((item) => [item.sk, item[TTL_ATTRIBUTE]])).toEqual([[gone.id, epoch(T2, 30)]]);
    // Runs, live findings and resources do not expire.
    expect((await tableItems(tableName)).filter((item) => item.kind !== "history" && TTL_ATTRIBUTE in item)).toHaveLength(1);
    expect(TABLE_DEFINITION.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it("retries what DynamoDB leaves unprocessed, and fails the run naming what was not written", async () => {
    const flaky = unprocessedItems(7, 4);
    const { store, tableName } = await newStore({ plugins: [flaky.plugin] });
    const reference = await newStore();
    const [first] = await recordThreeRuns(store);
    await recordThreeRuns(reference.store);
    // Run 1's history first, then its resources and findings, each one batch, whose unprocessed requests were sent again.
    const history = first!.input.changes.findings.history.length;
    const items = first!.input.snapshot.resources.length + first!.input.findings.length;
    expect(flaky.sent.slice(0, 4)).toEqual([history, Math.min(7, history), Math.min(7, history), Math.min(7, history)]);
    expect(flaky.sent).toContain(items);
    expect(first!.result.status).toBe("recorded");
    const contents = async (name: string) => (await tableItems(name)).map(({ pk, sk, hash }) => [pk, sk, hash]);
    expect(await contents(tableName)).toEqual(await contents(reference.tableName));

    const stuck = await newStore({ plugins: [unprocessedItems(3, Infinity).plugin] });
    stuck.store = new DynamoDbFindingsStore({ client: stuck.client, tableName: stuck.tableName, batch: { maxAttempts: 2, sleep: async () => {} }, now: testClock });
    const a = { ...accountA(), takenAt: T1 };
    await expect(auditRun(stuck.store, "run-1", a, evaluate(a))).rejects.toThrow(UnprocessedItemsError);
  });

  it("calls only the actions its IAM permissions name, and never Scan", async () => {
    const recorder = requestRecorder();
    const { store } = await newStore({ plugins: [recorder.plugin] });
    // Every operation of the store, so that each action it can send is sent here.
    const lease = { until: new Date("2026-11-22T02:15:00.000Z"), now: new Date("2026-11-22T02:00:00.000Z") };
    await store.claimRun(ACCOUNT, "run-9", { holder: "delivery-a", ...lease });
    await store.claimRun(ACCOUNT, "run-9", { holder: "delivery-b", ...lease });
    await store.releaseClaim(ACCOUNT, "run-9", { holder: "delivery-a", now: lease.now });
    const runs = await recordThreeRuns(store);
    await store.loadPrevious(ACCOUNT);
    await store.openFindings(ACCOUNT);
    await store.findingHistory(ACCOUNT, runs[0]!.comparison.findings[0]!.id);
    await store.getRun(ACCOUNT, "run-1");
    await store.listRuns(ACCOUNT);
    await store.setBaseline(ACCOUNT, { ...accountA(), takenAt: T1 });
    await store.getBaseline(ACCOUNT);
    // The event path: a resource found gone is deleted item by item, on condition.
    await store.recordObservation(ACCOUNT, { resources: { put: [], deleteKeys: ["AWS::EC2::SecurityGroup/us-east-1/sg-gone"] }, findings: { put: [], deleteIds: [], history: [] } }, "2026-11-22T09:00:00.000Z");
    const actions = new Set(recorder.requests.map(({ command }) => `dynamodb:${command.replace(/Command$/, "")}`));
    expect([...actions].sort()).toEqual([...TABLE_PERMISSIONS].sort());
    expect(TABLE_PERMISSIONS).not.toContain("dynamodb:Scan");
  });
});

describe("DynamoDB store claims", () => {
  const until = new Date("2026-11-22T02:15:00.000Z");

  it("keeps the claim beside the run record, expiring with its lease, and decides with one conditional PutItem", async () => {
    const counter = writeCounter();
    const { store, tableName } = await newStore({ plugins: [counter.plugin] });
    expect(await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-a", until, now: new Date("2026-11-22T02:00:00.000Z") })).toEqual({ status: "claimed" });
    const claimed = await tableItems(tableName);
    expect(claimed).toEqual([{ ...keys.claim(ACCOUNT, "run-1"), kind: "claim", runId: "run-1", holder: "delivery-a", leaseUntil: until.getTime(), [TTL_ATTRIBUTE]: until.getTime() / 1000 }]);
    expect(keys.claim(ACCOUNT, "run-1").pk).toBe(keys.run(ACCOUNT, "run-1").pk);

    counter.reset();
    const refused = await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-b", until, now: new Date("2026-11-22T02:01:00.000Z") });
    expect(refused).toEqual({ status: "held", holder: "delivery-a", until });
    // The refused conditional put is the only write sent, and it changed nothing.
    expect(counter.counts).toEqual({ batchItems: 0, batchWriteCalls: 0, putItemCalls: 1, itemsWritten: 1 });
    expect(await tableItems(tableName)).toEqual(claimed);
  });

  it("leaves runs as they were: a claimed run id is recorded, read and listed as any other", async () => {
    const { store } = await newStore();
    await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-a", until, now: new Date("2026-11-22T02:00:00.000Z") });
    const runs = await recordThreeRuns(store);
    expect(runs.map((r) => r.result.status)).toEqual(["recorded", "recorded", "recorded"]);
    expect(await store.getRun(ACCOUNT, "run-1")).toEqual(runs[0]!.input.run);
    expect((await store.listRuns(ACCOUNT)).map((r) => r.id)).toEqual(["run-3", "run-2", "run-1"]);
  });

  it("releases with a put of an ended lease that TTL removes, not a delete", async () => {
    const { store, tableName } = await newStore();
    await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-a", until, now: new Date("2026-11-22T02:00:00.000Z") });
    await store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-a", now: new Date("2026-11-22T02:03:00.000Z") });
    expect(await tableItems(tableName)).toEqual([expect.objectContaining({ holder: "delivery-a", leaseUntil: 0, [TTL_ATTRIBUTE]: Date.parse("2026-11-22T02:03:00.000Z") / 1000 })]);
  });
});
