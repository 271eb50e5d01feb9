/**
 * A real DynamoDB API in process: dynalite on a random localhost port, with
 * tables created from the store's own TABLE_DEFINITION, and a middleware that
 * counts the items each write sends.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Pluggable } from "@smithy/types";
import dynalite from "dynalite";
import type { AddressInfo } from "node:net";
import type { DynamoDbStoreOptions } from "../../src/publish/store/dynamodb-store.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import { createTableInput } from "../../src/publish/store/table.js";
import { compareText } from "../../src/types/order.js";
import { testClock } from "./clock.js";

export interface LocalDynamoDb {
  endpoint: string;
  /** A client of this endpoint with the given middleware; destroyed by stop(). */
  client(plugins?: Pluggable<any, any>[]): DynamoDBClient;
  /** Creates a fresh table from TABLE_DEFINITION and waits until it is ACTIVE; returns its name. */
  createTable(): Promise<string>;
  /**
   * Every item of a table, sorted by key ("pk|sk") in code-unit order: the order of
   * DynamoDB's UTF-8 bytes for the store's ASCII keys, and the same on every machine
   * and locale (localeCompare is not). Tests read the whole table to prove what was
   * and was not written; the store itself never scans.
   */
  items(tableName: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  let tables = 0;

  const client = (plugins: Pluggable<any, any>[] = []) => {
    const created = new DynamoDBClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      maxAttempts: 3,
    });
    for (const plugin of plugins) created.middlewareStack.use(plugin);
    clients.push(created);
    return created;
  };

  const admin = client();
  return {
    endpoint,
    client,
    async createTable() {
      const name = `driftwarden-test-${++tables}`;
      await admin.send(new CreateTableCommand(createTableInput(name)));
      // dynalite does not implement UpdateTimeToLive, so TTL is not enabled here; tests check expiresAt values instead.
      for (;;) {
        const { Table } = await admin.send(new DescribeTableCommand({ TableName: name }));
        if (Table?.TableStatus === "ACTIVE" && (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE")) return name;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async items(tableName) {
      const doc = DynamoDBDocumentClient.from(admin);
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items.sort((a, b) => compareText(`${a.pk}|${a.sk}`, `${b.pk}|${b.sk}`));
    },
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * A store on a table of `dynamo` (a new one unless `tableName` names one), its
 * client with `plugins`, retrying unprocessed items after 1 ms rather than 50.
 */
export async function dynamoStore(
  dynamo: LocalDynamoDb,
  options: Partial<Pick<DynamoDbStoreOptions, "now" | "retentionDays" | "tableName">> & { plugins?: Pluggable<any, any>[] } = {},
): Promise<{ store: DynamoDbFindingsStore; tableName: string; client: DynamoDBClient }> {
  const tableName = options.tableName ?? (await dynamo.createTable());
  const client = dynamo.client(options.plugins ?? []);
  const store = new DynamoDbFindingsStore({ client, tableName, batch: { baseDelayMs: 1 }, now: options.now ?? testClock, ...(options.retentionDays && { retentionDays: options.retentionDays }) });
  return { store, tableName, client };
}

/** The requests one client sends (command name and input as the caller gave it), so that a test reads only those it caused. */
export function requestRecorder(): { requests: { command: string; input: Record<string, unknown> }[]; plugin: Pluggable<any, any> } {
  const requests: { command: string; input: Record<string, unknown> }[] = [];
  const plugin: Pluggable<any, any> = {
    applyToStack: (stack) =>
      stack.add((next, context) => (args) => (requests.push({ command: String(context.commandName), input: args.input as Record<string, unknown> }), next(args)), { step: "initialize", name: "recordRequests" }),
  };
  return { requests, plugin };
}

export interface WriteCounts {
  /** Items sent in BatchWriteItem requests (puts and deletes), retries included. */
  batchItems: number;
  batchWriteCalls: number;
  putItemCalls: number;
  /** Every item a write operation sent. */
  itemsWritten: number;
}

/** Counts the items each write operation sends, as DynamoDB bills them. */
export function writeCounter(): { plugin: Pluggable<any, any>; counts: WriteCounts; reset(): void } {
  const counts: WriteCounts = { batchItems: 0, batchWriteCalls: 0, putItemCalls: 0, itemsWritten: 0 };
  const plugin: Pluggable<any, any> = {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const input = args.input as { RequestItems?: Record<string, unknown[]> };
          switch (context.commandName) {
            case "BatchWriteItemCommand": {
              const items = Object.values(input.RequestItems ?? {}).reduce((n, list) => n + list.length, 0);
              counts.batchWriteCalls += 1;
              counts.batchItems += items;
              counts.itemsWritten += items;
              break;
            }
            case "PutItemCommand":
              counts.putItemCalls += 1;
              counts.itemsWritten += 1;
              break;
            case "UpdateItemCommand":
            case "DeleteItemCommand":
              counts.itemsWritten += 1;
              break;
          }
          return next(args);
        },
        { step: "initialize", name: "driftwardenWriteCounter" },
      );
    },
  };
  return { plugin, counts, reset: () => Object.assign(counts, { batchItems: 0, batchWriteCalls: 0, putItemCalls: 0, itemsWritten: 0 }) };
}

/**
 * Makes DynamoDB leave the last `withheld` requests of each of the first
 * `times` batches unprocessed, as it does under throttling: they are not sent,
 * and come back in UnprocessedItems. `sent` records each batch's size as the
 * writer sent it.
 */
export function unprocessedItems(withheld: number, times: number): { plugin: Pluggable<any, any>; sent: number[] } {
  const sent: number[] = [];
  const plugin: Pluggable<any, any> = {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== "BatchWriteItemCommand") return next(args);
          const input = args.input as { RequestItems: Record<string, unknown[]> };
          const [table, requests] = Object.entries(input.RequestItems)[0]!;
          sent.push(requests.length);
          if (sent.length > times) return next(args);
          const kept = requests.slice(0, Math.max(0, requests.length - withheld));
          const UnprocessedItems = { [table]: requests.slice(kept.length) };
          // DynamoDB refuses an empty batch; a batch wholly unprocessed never reaches it here.
          if (kept.length === 0) return { response: {}, output: { $metadata: { httpStatusCode: 200 }, UnprocessedItems } };
          const result = await next({ ...args, input: { ...input, RequestItems: { [table]: kept } } });
          (result.output as { UnprocessedItems?: unknown }).UnprocessedItems = UnprocessedItems;
          return result;
        },
        // Outside the write counter, which so counts what reached DynamoDB.
        { step: "initialize", name: "injectUnprocessedItems", priority: "high" },
      );
    },
  };
  return { plugin, sent };
}
