/** The findings store on one DynamoDB table (design: docs/dynamodb-table.md). No Scan anywhere. */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import pLimit from "p-limit";
import { errorCode } from "../../collect/errors.js";
import { findingHash, recordHash, resourceChanges, resourceKey } from "../../types/canonical.js";
import { resourceDigest } from "../../evaluate/finding-id.js";
import type { Finding } from "../../types/finding.js";
import { isGone, severityRank, upgradeStoredFinding } from "../../types/finding.js";
import { shareRepeatedValues } from "./shared-values.js";
import type { CollectionError, ResourceRecord, Snapshot } from "../../types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../types/resource.js";
import type { StateChanges } from "../../types/run-state.js";
import type { RunSummary } from "../report/audit-report.js";
import type { BatchWriteOptions, WriteRequest } from "./batch-writer.js";
import { batchWrite, UnprocessedItemsError } from "./batch-writer.js";
import type { ClaimRunResult, FindingHistoryEntry, FindingsStore, HeldClaim, ObservationResult, OpenFindingsQuery, PreviousRun, PreviousRunOptions, RecordRunInput, RecordRunResult, RunClaim } from "./findings-store.js";
import { DEFAULT_RETENTION_DAYS } from "./findings-store.js";
import { expiryOf, isCarried } from "./retention.js";
import { GSI1, GSI1_PARTITION_KEY, GSI1_SORT_KEY, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from "./table.js";

export interface DynamoDbStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long history items (and resolved-gone findings) are kept (default 90 days). */
  retentionDays?: number;
  batch?: BatchWriteOptions;
  /** Clock used to skip items past their TTL that DynamoDB has not deleted yet; required so that no caller reads the wall clock by accident. */
  now: () => Date;
}

/** Raised for a DynamoDB failure, naming the operation and the table. */
export class FindingsStoreError extends Error {
  override name = "FindingsStoreError";
}

const RESOURCE_PREFIX = "RES#";
/** When an item's content was read from AWS: the condition of the event path's writes. */
const OBSERVED_AT = "observedAt";
/** The event path writes a few items, one request each. */
const OBSERVATION_CONCURRENCY = 8;
const BASELINE_META = "META";

/** Partition and sort keys of every item kind (docs/dynamodb-table.md, "Items"). */
export const keys = {
  run: (accountId: string, runId: string) => ({ [PARTITION_KEY]: `RUN#${accountId}#${runId}`, [SORT_KEY]: "RUN" }),
  claim: (accountId: string, runId: string) => ({ [PARTITION_KEY]: `RUN#${accountId}#${runId}`, [SORT_KEY]: "CLAIM" }),
  runs: (accountId: string) => `RUNS#${accountId}`,
  findings: (accountId: string) => `FINDINGS#${accountId}`,
  open: (accountId: string) => `OPEN#${accountId}`,
  history: (accountId: string, findingId: string) => `HISTORY#${accountId}#${findingId}`,
  resources: (accountId: string) => `RESOURCES#${accountId}`,
  baseline: (accountId: string) => `BASELINE#${accountId}`,
  resource: (resource: ResourceRecord) => `${RESOURCE_PREFIX}${resourceKey(resource)}`,
};

interface RunItem {
  run: RunSummary;
  /** lastSeen of the run's findings, given back to every live stored finding on read. */
  seenAt: string;
  takenAt: string;
  errors: CollectionError[];
}

export class DynamoDbFindingsStore implements FindingsStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionDays: number;
  private readonly batch: BatchWriteOptions;
  private readonly now: () => Date;

  constructor(options: DynamoDbStoreOptions) {
    // No marshalling options: every item's content goes through plain(), which drops undefined values.
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.tableName = options.tableName;
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.batch = options.batch ?? {};
    this.now = options.now;
  }

  /**
   * The run's items first, then the run item, on condition that its run id is
   * new: the run item commits the run, so the table never holds a recorded
   * run with items missing. Should the function die between batches, its
   * redelivery finds no run item, compares with what the table holds (what
   * the first delivery wrote counts as stored) and writes the rest; a
   * delivery of a run recorded meanwhile writes its items (the same state)
   * and stops at the run item. A run recorded before writes nothing.
   */
  async recordRun(input: RecordRunInput): Promise<RecordRunResult> {
    const { run, snapshot } = input;
    if (snapshot.accountId !== run.accountId) throw new FindingsStoreError(`run ${run.id} is for account ${run.accountId} but its snapshot is of ${snapshot.accountId}`);
    const accountId = run.accountId;
    if (await this.getRun(accountId, run.id)) return { status: "already-recorded", runId: run.id };
    const { seenAt } = input;
    const { resources, findings } = input.changes;
    // Counted from the run time the findings carry, as the file store counts it.
    const expiresAt = expiryOf(seenAt, this.retentionDays);
    // History before the findings it tells of: a finding item written is never without its change's entry, as a redelivery
    // compares with the finding item and would not see the change again. An entry written twice (by the failed delivery and
    // its redelivery) shares its run id, and is read once.
    await this.write(findings.history.map((entry) => this.historyItem(accountId, entry, expiresAt)));
    await this.write([
      ...this.resourceWrites(keys.resources(accountId), resources, snapshot.takenAt),
      ...findings.put.map((f) => put(this.findingItem(accountId, f, expiresAt, snapshot.takenAt))),
      ...findings.deleteIds.map((id) => remove({ [PARTITION_KEY]: keys.findings(accountId), [SORT_KEY]: id })),
    ]);

    const runItem: RunItem = { run, seenAt, takenAt: snapshot.takenAt, errors: snapshot.errors };
    const item = { ...keys.run(accountId, run.id), [GSI1_PARTITION_KEY]: keys.runs(accountId), [GSI1_SORT_KEY]: `${run.startedAt}#${run.id}`, kind: "run", ...plain(runItem) };
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": PARTITION_KEY } }));
    } catch (error) {
      if (errorCode(error) === "ConditionalCheckFailedException") return { status: "already-recorded", runId: run.id };
      throw this.failure("PutItem (run record)", error);
    }
    return {
      status: "recorded",
      runId: run.id,
      written: { resources: resources.put.length + resources.deleteKeys.length, findings: findings.put.length + findings.deleteIds.length, history: findings.history.length },
    };
  }

  /**
   * Item by item, each put or delete on condition that the stored item was
   * observed before `at` (items of runs before observation times were kept
   * count as older): the few items an event changes, written so that a
   * slower reader of the same resource can never put back what it saw.
   */
  async recordObservation(accountId: string, changes: StateChanges, at: string): Promise<ObservationResult> {
    const expiresAt = expiryOf(at, this.retentionDays);
    const partition = keys.resources(accountId);
    const writes = [
      ...this.resourceWrites(partition, changes.resources, at),
      ...changes.findings.put.map((f) => put(this.findingItem(accountId, f, expiresAt, at))),
      ...changes.findings.deleteIds.map((id) => remove({ [PARTITION_KEY]: keys.findings(accountId), [SORT_KEY]: id })),
    ];
    const limit = pLimit(OBSERVATION_CONCURRENCY);
    const outcomes = await Promise.all(writes.map((write) => limit(() => this.writeIfOlder(write, at))));
    const superseded = outcomes.filter((written) => !written).length;
    const history = changes.findings.history.map((entry) => this.historyItem(accountId, entry, expiresAt));
    await this.write(history);
    const kept = (list: WriteRequest[]) => list.filter((_, i) => outcomes[i]).length;
    return {
      written: { resources: kept(writes.slice(0, changes.resources.put.length + changes.resources.deleteKeys.length)), findings: kept(writes.slice(changes.resources.put.length + changes.resources.deleteKeys.length)), history: history.length },
      superseded,
    };
  }

  private async writeIfOlder(write: WriteRequest, at: string): Promise<boolean> {
    const condition = {
      ConditionExpression: "attribute_not_exists(#observedAt) OR #observedAt < :at",
      ExpressionAttributeNames: { "#observedAt": OBSERVED_AT },
      ExpressionAttributeValues: { ":at": at },
    };
    try {
      if ("PutRequest" in write) await this.doc.send(new PutCommand({ TableName: this.tableName, Item: write.PutRequest.Item, ...condition }));
      else await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: write.DeleteRequest.Key, ...condition }));
      return true;
    } catch (error) {
      if (errorCode(error) === "ConditionalCheckFailedException") return false;
      throw this.failure("PutRequest" in write ? "PutItem (observation)" : "DeleteItem (observation)", error);
    }
  }

  async loadPrevious(accountId: string, options: PreviousRunOptions = {}): Promise<PreviousRun | undefined> {
    const latest = await this.latestRun(accountId);
    if (!latest) return undefined;
    const [items, resources] = await Promise.all([
      options.findings === false
        ? []
        : this.query({ KeyConditionExpression: "#pk = :pk", ExpressionAttributeNames: { "#pk": PARTITION_KEY }, ExpressionAttributeValues: { ":pk": keys.findings(accountId) } }),
      options.types
        ? Promise.all(options.types.map((type) => this.readResources(keys.resources(accountId), `${type}/`))).then((lists) => lists.flat())
        : this.readResources(keys.resources(accountId)),
    ]);
    return {
      run: latest.run,
      findings: this.findingsOf(items, latest.seenAt),
      resourceHashes: Object.fromEntries(resources.map(({ key, hash }) => [key, hash])),
      snapshot: { schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId, takenAt: latest.takenAt, regions: latest.run.regions, resources: resources.map((r) => r.record), errors: latest.errors },
    };
  }

  /** A finding's id starts with its resource's digest (finding-id.ts): one Query per resource, on the sort key's prefix. */
  async findingsOfResources(accountId: string, resources: readonly Pick<ResourceRecord, "region" | "type" | "id">[]): Promise<Finding[]> {
    const latest = await this.latestRun(accountId);
    if (!latest) return [];
    const limit = pLimit(OBSERVATION_CONCURRENCY);
    const pages = await Promise.all(
      resources.map((r) =>
        limit(() =>
          this.query({
            KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :resource)",
            ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
            ExpressionAttributeValues: { ":pk": keys.findings(accountId), ":resource": resourceDigest(accountId, r.region, r.type, r.id) },
          }),
        ),
      ),
    );
    return this.findingsOf(pages.flat(), latest.seenAt);
  }

  async openFindings(accountId: string, query: OpenFindingsQuery = {}): Promise<Finding[]> {
    const names = { "#pk": GSI1_PARTITION_KEY, "#sk": GSI1_SORT_KEY };
    // The index sort key starts with the severity rank (critical = 0), so a severity filter is a key condition.
    const range =
      query.severity !== undefined
        ? { condition: " AND begins_with(#sk, :sk)", values: { ":sk": `${severityRank(query.severity)}#` } }
        : query.atLeast !== undefined
          ? { condition: " AND #sk < :sk", values: { ":sk": `${severityRank(query.atLeast) + 1}` } }
          : { condition: "", values: {} };
    const [items, latest] = await Promise.all([
      this.query({
        IndexName: GSI1,
        KeyConditionExpression: `#pk = :pk${range.condition}`,
        ExpressionAttributeNames: range.condition ? names : { "#pk": GSI1_PARTITION_KEY },
        ExpressionAttributeValues: { ":pk": keys.open(accountId), ...range.values },
      }),
      this.latestRun(accountId),
    ]);
    return latest ? this.findingsOf(items, latest.seenAt) : [];
  }

  async findingHistory(accountId: string, findingId: string): Promise<FindingHistoryEntry[]> {
    const items = await this.query({
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY },
      ExpressionAttributeValues: { ":pk": keys.history(accountId, findingId) },
      ScanIndexForward: false,
    });
    const entries = items.filter((item) => this.live(item)).map((item) => item.entry as FindingHistoryEntry);
    // A run's entry written again by its redelivery (recordRun) is one change.
    return entries.filter((entry, i) => entries.findIndex((e) => e.runId === entry.runId) === i);
  }

  async listRuns(accountId: string, options: { limit?: number } = {}): Promise<RunSummary[]> {
    const items = await this.query(this.runsQuery(accountId), options.limit);
    return items.map((item) => item.run as RunSummary);
  }

  async setBaseline(accountId: string, snapshot: Snapshot): Promise<void> {
    if (snapshot.accountId !== accountId) throw new FindingsStoreError(`the baseline snapshot is of account ${snapshot.accountId}, not ${accountId}`);
    const partition = keys.baseline(accountId);
    const stored = await this.storedHashes(partition, RESOURCE_PREFIX);
    const { resources: _, ...meta } = snapshot;
    // A new baseline replaces the old one whole, whatever its collection errors.
    await this.write([put({ [PARTITION_KEY]: partition, [SORT_KEY]: BASELINE_META, kind: "baseline", meta: plain(meta) }), ...this.resourceWrites(partition, resourceChanges(stored, snapshot.resources))]);
  }

  async getRun(accountId: string, runId: string): Promise<RunSummary | undefined> {
    const out = await this.guard("GetItem (run)", () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.run(accountId, runId) })));
    return out.Item?.run as RunSummary | undefined;
  }

  /**
   * A conditional put of the claim item decides between deliveries. The
   * holder's own claim is granted again: an SDK retry of a put whose answer
   * was lost must not find its own claim in the way.
   */
  async claimRun(accountId: string, runId: string, claim: RunClaim): Promise<ClaimRunResult> {
    const key = keys.claim(accountId, runId);
    const until = claim.until.getTime();
    // A refused put and an empty read mean the claim expired from the table in between: claim once more.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const out = await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: claimItem(key, runId, claim.holder, until, Math.ceil(until / 1000)),
            ConditionExpression: "attribute_not_exists(#pk) OR #leaseUntil < :now OR #holder = :holder",
            ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#leaseUntil": "leaseUntil", "#holder": "holder" },
            ExpressionAttributeValues: { ":now": claim.now.getTime(), ":holder": claim.holder },
            ReturnValues: "ALL_OLD",
          }),
        );
        return { status: "claimed", ...(out.Attributes && { previous: heldClaim(out.Attributes) }) };
      } catch (error) {
        if (errorCode(error) !== "ConditionalCheckFailedException") throw this.failure("PutItem (run claim)", error);
      }
      const held = await this.guard("GetItem (run claim)", () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })));
      if (held.Item) return { status: "held", ...heldClaim(held.Item) };
    }
    throw new FindingsStoreError(`the claim of run ${runId} on table ${this.tableName} was refused but cannot be read`);
  }

  /** A put of an ended lease rather than a delete: the role has no DeleteItem, and the item expires from the table like any other claim. */
  async releaseClaim(accountId: string, runId: string, release: { holder: string; now: Date }): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: claimItem(keys.claim(accountId, runId), runId, release.holder, 0, Math.ceil(release.now.getTime() / 1000)),
          ConditionExpression: "#holder = :holder",
          ExpressionAttributeNames: { "#holder": "holder" },
          ExpressionAttributeValues: { ":holder": release.holder },
        }),
      );
    } catch (error) {
      // Another delivery holds it now (ours had ended): it is theirs to keep.
      if (errorCode(error) === "ConditionalCheckFailedException") return;
      throw this.failure("PutItem (run claim release)", error);
    }
  }

  async getBaseline(accountId: string): Promise<Snapshot | undefined> {
    const partition = keys.baseline(accountId);
    const out = await this.guard("GetItem (baseline)", () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: partition, [SORT_KEY]: BASELINE_META } })));
    if (!out.Item) return undefined;
    const resources = await this.readResources(partition);
    return { ...(out.Item.meta as Omit<Snapshot, "resources">), resources: resources.map((r) => r.record) };
  }

  private historyItem(accountId: string, entry: FindingHistoryEntry, expiresAt: number): WriteRequest {
    return put({ [PARTITION_KEY]: keys.history(accountId, entry.findingId), [SORT_KEY]: `${entry.at}#${entry.runId}`, kind: "history", entry: plain(entry), [TTL_ATTRIBUTE]: expiresAt });
  }

  private findingItem(accountId: string, finding: Finding, expiresAt: number, observedAt: string): Record<string, unknown> {
    const carried = isCarried(finding);
    const item: Record<string, unknown> = {
      [PARTITION_KEY]: keys.findings(accountId),
      [SORT_KEY]: finding.id,
      kind: "finding",
      hash: findingHash(finding),
      carried,
      finding: plain(finding),
      [OBSERVED_AT]: observedAt,
    };
    if (finding.status === "FAIL") {
      // Sparse index: only open findings carry the GSI keys.
      item[GSI1_PARTITION_KEY] = keys.open(accountId);
      item[GSI1_SORT_KEY] = `${severityRank(finding.severity)}#${finding.ruleId}#${finding.id}`;
    }
    // Resolved-gone findings are kept only as long as history.
    if (isGone(finding)) item[TTL_ATTRIBUTE] = expiresAt;
    return item;
  }

  /** `observedAt`: when the records were read (a kept record says its own time); absent for a baseline, which no event changes. */
  private resourceWrites(partition: string, changes: StateChanges["resources"], observedAt?: string): WriteRequest[] {
    return [
      ...changes.put.map((resource) => {
        // Observed state is not configuration and changes every run; keeping it would rewrite every item.
        const { state: _, ...record } = resource;
        const observed = resource.observedAt ?? observedAt;
        return put({ [PARTITION_KEY]: partition, [SORT_KEY]: keys.resource(resource), kind: "resource", hash: recordHash(resource), resource: plain(record), ...(observed && { [OBSERVED_AT]: observed }) });
      }),
      ...changes.deleteKeys.map((key) => remove({ [PARTITION_KEY]: partition, [SORT_KEY]: `${RESOURCE_PREFIX}${key}` })),
    ];
  }

  /** Sort key (less `prefix`) → content hash of every item of a partition whose sort key starts with `prefix`, read with a projection. */
  private async storedHashes(partition: string, prefix: string): Promise<Map<string, string>> {
    const items = await this.query({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ProjectionExpression: "#sk, #hash",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY, "#hash": "hash" },
      ExpressionAttributeValues: { ":pk": partition, ":prefix": prefix },
    });
    return new Map(items.map((item) => [String(item[SORT_KEY]).slice(prefix.length), String(item.hash)]));
  }

  /** The partition's resource items, or those whose key starts with `keyPrefix` ("AWS::EC2::Instance/": one type's). */
  private async readResources(partition: string, keyPrefix = ""): Promise<{ key: string; hash: string; record: ResourceRecord }[]> {
    const items = await this.query({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
      ExpressionAttributeValues: { ":pk": partition, ":prefix": `${RESOURCE_PREFIX}${keyPrefix}` },
    });
    return items.map((item) => ({ key: String(item[SORT_KEY]).slice(RESOURCE_PREFIX.length), hash: String(item.hash), record: item.resource as ResourceRecord }));
  }

  private async latestRun(accountId: string): Promise<RunItem | undefined> {
    const [item] = await this.query(this.runsQuery(accountId), 1);
    return item as unknown as RunItem | undefined;
  }

  private runsQuery(accountId: string): Omit<QueryCommandInput, "TableName"> {
    return {
      IndexName: GSI1,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": GSI1_PARTITION_KEY },
      ExpressionAttributeValues: { ":pk": keys.runs(accountId) },
      ScanIndexForward: false,
    };
  }

  /** Stored findings as Finding: a live one was seen in the latest run, so its lastSeen is that run's. */
  private findingsOf(items: Record<string, unknown>[], seenAt: string): Finding[] {
    const findings = items
      .filter((item) => this.live(item))
      .map((item) => {
        const finding = upgradeStoredFinding(item.finding as Finding);
        // Seen later than the run by the event path: its own time stands.
        const seenLater = typeof item[OBSERVED_AT] === "string" && item[OBSERVED_AT] > seenAt;
        return item.carried || seenLater ? finding : { ...finding, lastSeen: seenAt };
      });
    return shareRepeatedValues(findings);
  }

  /** TTL deletion lags expiry by up to a few days; expired items are skipped on read. */
  private live(item: Record<string, unknown>): boolean {
    const expiresAt = item[TTL_ATTRIBUTE];
    return typeof expiresAt !== "number" || expiresAt * 1000 > this.now().getTime();
  }

  private async query(input: Omit<QueryCommandInput, "TableName">, limit?: number): Promise<Record<string, unknown>[]> {
    return this.guard("Query", async () => {
      const items: Record<string, unknown>[] = [];
      const pageSize = limit !== undefined ? { pageSize: limit } : {};
      for await (const page of paginateQuery({ client: this.doc, ...pageSize }, { TableName: this.tableName, ...input })) {
        items.push(...(page.Items ?? []));
        if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
      }
      return items;
    });
  }

  private async write(requests: WriteRequest[]): Promise<void> {
    await this.guard("BatchWriteItem", () => batchWrite(this.doc, this.tableName, requests, this.batch));
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw error instanceof UnprocessedItemsError || error instanceof FindingsStoreError ? error : this.failure(operation, error);
    }
  }

  private failure(operation: string, error: unknown): FindingsStoreError {
    const message = error instanceof Error ? error.message : String(error);
    return new FindingsStoreError(`DynamoDB ${operation} on table ${this.tableName} failed: ${errorCode(error)}: ${message}`, { cause: error });
  }
}

/** The claim item: `leaseUntil` in epoch ms decides; `expiresAt` (epoch s) lets TTL remove it. */
function claimItem(key: Record<string, string>, runId: string, holder: string, leaseUntil: number, expiresAt: number): Record<string, unknown> {
  return { ...key, kind: "claim", runId, holder, leaseUntil, [TTL_ATTRIBUTE]: expiresAt };
}

function heldClaim(item: Record<string, unknown>): HeldClaim {
  return { holder: String(item.holder), until: new Date(Number(item.leaseUntil)) };
}

function put(item: Record<string, unknown>): WriteRequest {
  return { PutRequest: { Item: item } };
}

function remove(key: Record<string, unknown>): WriteRequest {
  return { DeleteRequest: { Key: key } };
}

/** JSON round trip: drops undefined (also inside lists, which the marshaller rejects) so stored values equal what a JSON report holds. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
