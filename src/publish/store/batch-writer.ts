/** BatchWriteItem in chunks of 25, retrying UnprocessedItems with backoff. */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import pLimit from "p-limit";

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** BatchWriteItem takes at most 25 put or delete requests. */
export const BATCH_SIZE = 25;

export interface BatchWriteOptions {
  /** Attempts per chunk, the first included (default 8). */
  maxAttempts?: number;
  /** Backoff before the second attempt; doubled each time, with full jitter (default 50 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Chunks in flight at once (default 4). */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The jitter's source, a number in [0, 1) (default Math.random); tests inject one to see each delay. */
  random?: () => number;
}

export class UnprocessedItemsError extends Error {
  override name = "UnprocessedItemsError";
  constructor(
    readonly unwritten: number,
    readonly total: number,
    tableName: string,
    attempts: number,
  ) {
    super(`${unwritten} of ${total} items were not written to DynamoDB table ${tableName}: still unprocessed after ${attempts} attempts (throttled or over capacity)`);
  }
}

/**
 * BatchWriteItem succeeds even when it writes only part of a batch (throttling,
 * item-collection limits): what it could not write comes back in
 * UnprocessedItems, and AWS recommends retrying those with exponential backoff.
 * Throws UnprocessedItemsError naming how many items were left unwritten.
 */
export async function batchWrite(client: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[], options: BatchWriteOptions = {}): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const limit = pLimit(options.concurrency ?? 4);

  const writeChunk = async (chunk: WriteRequest[]): Promise<number> => {
    let pending = chunk;
    for (let attempt = 1; ; attempt += 1) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (pending.length === 0 || attempt >= maxAttempts) return pending.length;
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
  };

  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) chunks.push(requests.slice(i, i + BATCH_SIZE));
  const unwritten = (await Promise.all(chunks.map((chunk) => limit(() => writeChunk(chunk))))).reduce((a, b) => a + b, 0);
  if (unwritten > 0) throw new UnprocessedItemsError(unwritten, requests.length, tableName, maxAttempts);
}
