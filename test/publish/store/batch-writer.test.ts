import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { WriteRequest } from "../../../src/publish/store/batch-writer.js";
import { BATCH_SIZE, UnprocessedItemsError, batchWrite } from "../../../src/publish/store/batch-writer.js";
import type { LocalDynamoDb } from "../../support/dynalite.js";
import { startDynalite, unprocessedItems, writeCounter } from "../../support/dynalite.js";

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const items = (count: number): WriteRequest[] => Array.from({ length: count }, (_, i) => ({ PutRequest: { Item: { pk: "TEST", sk: `item-${String(i).padStart(3, "0")}`, n: i } } }));

async function stored(tableName: string): Promise<string[]> {
  const doc = DynamoDBDocumentClient.from(dynamo.client());
  const out = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "TEST" } }));
  return (out.Items ?? []).map((item) => String(item.sk));
}

describe("batchWrite", () => {
  it("waits each backoff on a timer when it is given no sleep", async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      // Answers as DynamoDB does: the first batch's item left unprocessed, then written.
      const client = { send: async () => (++calls === 1 ? { UnprocessedItems: { table: items(1) } } : {}) } as unknown as DynamoDBDocumentClient;
      let done = false;
      const writing = batchWrite(client, "table", items(1), { baseDelayMs: 1000, random: () => 0.5 }).then(() => void (done = true));
      await jest.advanceTimersByTimeAsync(499);
      expect([calls, done]).toEqual([1, false]);
      await jest.advanceTimersByTimeAsync(1);
      await writing;
      expect([calls, done]).toEqual([2, true]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("sends at most 25 requests per BatchWriteItem", async () => {
    const tableName = await dynamo.createTable();
    const counter = writeCounter();
    await batchWrite(DynamoDBDocumentClient.from(dynamo.client([counter.plugin])), tableName, items(60));
    expect(BATCH_SIZE).toBe(25);
    expect(counter.counts).toMatchObject({ batchWriteCalls: 3, batchItems: 60 });
    expect(await stored(tableName)).toHaveLength(60);
  });

  it("retries UnprocessedItems with growing delays until every item is written", async () => {
    const tableName = await dynamo.createTable();
    const counter = writeCounter();
    const injected = unprocessedItems(10, 2);
    const delays: number[] = [];
    const doc = DynamoDBDocumentClient.from(dynamo.client([counter.plugin, injected.plugin]));
    await batchWrite(doc, tableName, items(25), { baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) });
    // 15 written at once; the 10 left unprocessed twice, then written.
    expect(injected.sent).toEqual([25, 10, 10]);
    expect(counter.counts).toMatchObject({ batchItems: 25 });
    expect(await stored(tableName)).toEqual(items(25).map((r) => String((r as { PutRequest: { Item: { sk: string } } }).PutRequest.Item.sk)));
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
  });

  it("doubles the backoff from baseDelayMs up to maxDelayMs, scaled by the jitter", async () => {
    const tableName = await dynamo.createTable();
    const injected = unprocessedItems(10, 6);
    const delays: number[] = [];
    const doc = DynamoDBDocumentClient.from(dynamo.client([injected.plugin]));
    // Full jitter: each delay is random() times the doubled ceiling; a fixed 0.5 shows the ceilings.
    await batchWrite(doc, tableName, items(25), { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, sleep: async (ms) => void delays.push(ms) });
    expect(injected.sent).toEqual([25, 10, 10, 10, 10, 10, 10]);
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    const defaultDelays: number[] = [];
    const again = DynamoDBDocumentClient.from(dynamo.client([unprocessedItems(10, 3).plugin]));
    await batchWrite(again, await dynamo.createTable(), items(25), { random: () => 0.25, sleep: async (ms) => void defaultDelays.push(ms) });
    // The default base of 50 ms.
    expect(defaultDelays).toEqual([12.5, 25, 50]);
  });

  it("gives up after maxAttempts and says how many items were not written", async () => {
    const tableName = await dynamo.createTable();
    const doc = DynamoDBDocumentClient.from(dynamo.client([unprocessedItems(5, Infinity).plugin]));
    const waits: number[] = [];
    const error = await batchWrite(doc, tableName, items(30), { maxAttempts: 3, sleep: async (ms) => void waits.push(ms) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessedItemsError);
    expect((error as Error).name).toBe("UnprocessedItemsError");
    // Three attempts per chunk: two waits each, none after the last.
    expect(waits).toHaveLength(4);
    // Chunks of 25 and 5: each keeps 5 items unwritten.
    expect(error).toMatchObject({ unwritten: 10, total: 30 });
    expect((error as Error).message).toBe(`10 of 30 items were not written to DynamoDB table ${tableName}: still unprocessed after 3 attempts (throttled or over capacity)`);
    expect(await stored(tableName)).toHaveLength(20);
  });
});
