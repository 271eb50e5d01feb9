/**
 * The DynamoDB store beyond the shared contract: the items it writes as the
 * table design has them, what it counts as written, reading part of a run,
 * the event path's reads, failures named by operation, the claim's second
 * attempt, and the edges of expiry and of a redelivered run's history.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Pluggable } from "@smithy/types";
import { DynamoDbFindingsStore, FindingsStoreError, keys } from "../../../src/publish/store/dynamodb-store.js";
import type { RecordRunInput } from "../../../src/publish/store/findings-store.js";
import { GSI1, GSI1_PARTITION_KEY, GSI1_SORT_KEY } from "../../../src/publish/store/table.js";
import { resourceKey } from "../../../src/types/canonical.js";
import { severityRank } from "../../../src/types/finding.js";
import { ACCOUNT } from "../../support/builders.js";
import type { LocalDynamoDb } from "../../support/dynalite.js";
import { dynamoStore, requestRecorder, startDynalite } from "../../support/dynalite.js";
import { testClock } from "../../support/clock.js";
import { accountA, evaluate } from "../../diff/account-fixture.js";
import { auditRun, byId } from "./audit-run.js";
import { recordThreeRuns, T1, T2 } from "./store-contract.js";

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const newStore = (options: Parameters<typeof dynamoStore>[1] = {}) => dynamoStore(dynamo, options);

/** Fails the first `times` requests of a command (e.g. "PutItemCommand") with an error named `name`, before they are sent. */
function failing(command: string, name: string, times = Infinity): Pluggable<any, any> {
  let left = times;
  return {
    applyToStack: (stack) =>
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== command || left <= 0) return next(args);
          left -= 1;
          throw Object.assign(new Error(`${name} (planted)`), { name });
        },
        { step: "initialize", name: `fail${command}` },
      ),
  };
}

/** The inputs of one command's requests, as the store sent them. */
const inputsOf = (recorder: ReturnType<typeof requestRecorder>, command: string) => recorder.requests.filter((r) => r.command === command).map((r) => r.input);

const firstNight = () => ({ ...accountA(), takenAt: T1 });

describe("DynamoDB store items", () => {
  it("keeps runs, findings, resources and the baseline under the keys and kinds of the table design", async () => {
    const { store, tableName } = await newStore();
    const [first] = await recordThreeRuns(store);
    await store.setBaseline(ACCOUNT, first!.input.snapshot);
    const items = await dynamo.items(tableName);
    const ofKind = (kind: string) => items.filter((item) => item.kind === kind);

    expect(ofKind("run").map((item) => [item.pk, item[GSI1_PARTITION_KEY], item[GSI1_SORT_KEY]])).toEqual(
      ["run-1", "run-2", "run-3"].map((id) => {
        const run = (item: Record<string, unknown>) => (item.run as { id: string }).id === id;
        const startedAt = (ofKind("run").find(run)!.run as { startedAt: string }).startedAt;
        return [`RUN#${ACCOUNT}#${id}`, `RUNS#${ACCOUNT}`, `${startedAt}#${id}`];
      }),
    );
    // Only open findings are in the index, by severity rank first: the open-findings query reads them alone.
    const findings = ofKind("finding");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((item) => item.pk === keys.findings(ACCOUNT))).toBe(true);
    const open = findings.filter((item) => (item.finding as { status: string }).status === "FAIL");
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(findings.length);
    for (const item of findings) {
      const finding = item.finding as { id: string; status: string; severity: "high"; ruleId: string };
      const indexed = finding.status === "FAIL" ? [`OPEN#${ACCOUNT}`, `${severityRank(finding.severity)}#${finding.ruleId}#${finding.id}`] : [undefined, undefined];
      expect([item.sk, item[GSI1_PARTITION_KEY], item[GSI1_SORT_KEY]]).toEqual([finding.id, ...indexed]);
    }
    const resources = items.filter((item) => item.pk === keys.resources(ACCOUNT));
    expect(resources.length).toBeGreaterThan(0);
    expect(new Set(resources.map((item) => item.kind))).toEqual(new Set(["resource"]));
    expect(items.filter((item) => item.pk === keys.baseline(ACCOUNT) && item.sk === "META").map((item) => item.kind)).toEqual(["baseline"]);
  });

  it("counts deletions among what a run and an observation wrote, and deletes those items", async () => {
    const { store, tableName } = await newStore();
    const first = await auditRun(store, "run-1", firstNight(), evaluate(firstNight()));
    const [kept, ...gone] = first.input.snapshot.resources.slice(0, 3);
    const [changed, ...deleted] = first.input.findings.slice(0, 3);
    const input: RecordRunInput = {
      ...first.input,
      run: { ...first.input.run, id: "run-2" },
      seenAt: T2,
      snapshot: { ...first.input.snapshot, takenAt: T2 },
      changes: {
        resources: { put: [{ ...kept!, name: "renamed" }], deleteKeys: gone.map(resourceKey) },
        findings: { put: [{ ...changed!, reason: "changed" }], deleteIds: deleted.map((f) => f.id), history: [] },
      },
    };
    expect(await store.recordRun(input)).toEqual({ status: "recorded", runId: "run-2", written: { resources: 3, findings: 3, history: 0 } });
    const sortKeys = new Set((await dynamo.items(tableName)).map((item) => item.sk));
    for (const resource of gone) expect(sortKeys).not.toContain(`RES#${resourceKey(resource)}`);
    for (const finding of deleted) expect(sortKeys).not.toContain(finding.id);
    expect(sortKeys).toContain(changed!.id);

    const [another, third] = first.input.snapshot.resources.slice(3, 5);
    const observed = await store.recordObservation(ACCOUNT, { resources: { put: [{ ...another!, name: "seen" }], deleteKeys: [resourceKey(third!), resourceKey(kept!)] }, findings: { put: [], deleteIds: [changed!.id, first.input.findings[3]!.id], history: [] } }, "2026-11-02T09:00:00.000Z");
    expect(observed).toEqual({ written: { resources: 3, findings: 2, history: 0 }, superseded: 0 });
  });
});

describe("DynamoDB store reads", () => {
  it("gives the event path the findings of the resources it names, and none before a run", async () => {
    const { store } = await newStore();
    expect(await store.findingsOfResources(ACCOUNT, firstNight().resources)).toEqual([]);
    const first = await auditRun(store, "run-1", firstNight(), evaluate(firstNight()));
    const named = first.input.snapshot.resources.slice(0, 2);
    const expected = first.input.findings.filter((f) => named.some((r) => r.id === f.resource.id && r.type === f.resource.type));
    expect(expected.length).toBeGreaterThan(1);
    expect(byId(await store.findingsOfResources(ACCOUNT, named))).toEqual(byId(expected));
  });

  it("keeps the lastSeen of a finding the event path saw after the latest run", async () => {
    const { store } = await newStore();
    const first = await auditRun(store, "run-1", firstNight(), evaluate(firstNight()));
    const later = "2026-11-01T09:00:00.000Z";
    const seen = { ...first.input.findings[0]!, lastSeen: later };
    await store.recordObservation(ACCOUNT, { resources: { put: [], deleteKeys: [] }, findings: { put: [seen], deleteIds: [], history: [] } }, later);
    const findings = (await store.loadPrevious(ACCOUNT))!.findings;
    expect(findings.find((f) => f.id === seen.id)!.lastSeen).toBe(later);
    expect(new Set(findings.filter((f) => f.id !== seen.id).map((f) => f.lastSeen))).toEqual(new Set([T1]));
  });

  it("reads only as many runs as asked for, and one for the latest", async () => {
    const recorder = requestRecorder();
    const { store } = await newStore({ plugins: [recorder.plugin] });
    await recordThreeRuns(store);
    recorder.requests.length = 0;
    expect((await store.listRuns(ACCOUNT, { limit: 2 })).map((r) => r.id)).toEqual(["run-3", "run-2"]);
    expect(inputsOf(recorder, "QueryCommand").map((input) => [input.IndexName, input.Limit])).toEqual([[GSI1, 2]]);
    recorder.requests.length = 0;
    await store.openFindings(ACCOUNT);
    expect(inputsOf(recorder, "QueryCommand").filter((input) => (input.ExpressionAttributeValues as Record<string, string>)[":pk"] === keys.runs(ACCOUNT)).map((input) => input.Limit)).toEqual([1]);
  });

  it("skips history from the second its expiry is reached, before DynamoDB's TTL removes it", async () => {
    const { store, tableName } = await newStore({ retentionDays: 30 });
    const [first] = await recordThreeRuns(store);
    const id = first!.input.changes.findings.history.find((e) => e.status === "FAIL")!.findingId;
    const at = (ms: number) => new Date(Date.parse(T1) + 30 * 86_400_000 + ms);
    const history = async (now: Date) => (await (await newStore({ tableName, retentionDays: 30, now: () => now })).store.findingHistory(ACCOUNT, id)).map((e) => e.runId);
    expect(await history(at(-1000))).toContain("run-1");
    expect(await history(at(0))).not.toContain("run-1");
  });

  it("tells a run's history entry once when a failed delivery and its redelivery both wrote it", async () => {
    const reference = await newStore();
    const { input } = await auditRun(reference.store, "run-1", firstNight(), evaluate(firstNight()));
    // The first delivery dies at its run record, after its items; the redelivery runs an hour later.
    const { store } = await newStore({ plugins: [failing("PutItemCommand", "TimeoutError", 1)] });
    await expect(store.recordRun(input)).rejects.toThrow(/^DynamoDB PutItem \(run record\) on table .* failed: TimeoutError/);
    const later = "2026-11-01T03:00:00.000Z";
    const redelivered = { ...input, seenAt: later, changes: { ...input.changes, findings: { ...input.changes.findings, history: input.changes.findings.history.map((e) => ({ ...e, at: later })) } } };
    expect((await store.recordRun(redelivered)).status).toBe("recorded");
    const id = input.changes.findings.history[0]!.findingId;
    expect((await store.findingHistory(ACCOUNT, id)).map((e) => [e.runId, e.at])).toEqual([["run-1", later]]);
  });

  it("reports a run recorded by another delivery between its check and its run record as already recorded", async () => {
    const reference = await newStore();
    const { input } = await auditRun(reference.store, "run-1", firstNight(), evaluate(firstNight()));
    const { store } = await newStore({ plugins: [failing("PutItemCommand", "ConditionalCheckFailedException", 1)] });
    expect(await store.recordRun(input)).toEqual({ status: "already-recorded", runId: "run-1" });
  });
});

describe("DynamoDB store failures", () => {
  const missing = () => new DynamoDbFindingsStore({ client: dynamo.client(), tableName: "driftwarden-missing", now: testClock });
  const lease = { until: new Date("2026-11-22T02:15:00.000Z"), now: new Date("2026-11-22T02:00:00.000Z") };

  it.each([
    ["Query", (store: DynamoDbFindingsStore) => store.loadPrevious(ACCOUNT)],
    ["GetItem (run)", (store: DynamoDbFindingsStore) => store.recordRun({ run: { accountId: ACCOUNT, id: "run-1" }, snapshot: { accountId: ACCOUNT } } as RecordRunInput)],
    ["GetItem (baseline)", (store: DynamoDbFindingsStore) => store.getBaseline(ACCOUNT)],
    ["PutItem (run claim)", (store: DynamoDbFindingsStore) => store.claimRun(ACCOUNT, "run-1", { holder: "delivery-a", ...lease })],
    ["PutItem (run claim release)", (store: DynamoDbFindingsStore) => store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-a", now: lease.now })],
    ["PutItem (observation)", (store: DynamoDbFindingsStore) => store.recordObservation(ACCOUNT, { resources: { put: [firstNight().resources[0]!], deleteKeys: [] }, findings: { put: [], deleteIds: [], history: [] } }, T2)],
    ["DeleteItem (observation)", (store: DynamoDbFindingsStore) => store.recordObservation(ACCOUNT, { resources: { put: [], deleteKeys: ["AWS::EC2::SecurityGroup/us-east-1/sg-1"] }, findings: { put: [], deleteIds: [], history: [] } }, T2)],
  ])("names %s and the table, with DynamoDB's error as the cause", async (operation, call) => {
    const error = (await call(missing()).catch((e: unknown) => e)) as FindingsStoreError;
    expect(error).toBeInstanceOf(FindingsStoreError);
    expect(error.name).toBe("FindingsStoreError");
    expect(error.message).toMatch(new RegExp(`^DynamoDB ${operation.replace(/[()]/g, "\\$&")} on table driftwarden-missing failed: ResourceNotFoundException`));
    expect((error.cause as Error).name).toBe("ResourceNotFoundException");
  });

  it("names BatchWriteItem when a run's items cannot be written", async () => {
    const { store, tableName } = await newStore({ plugins: [failing("BatchWriteItemCommand", "ValidationException")] });
    await expect(auditRun(store, "run-1", firstNight(), evaluate(firstNight()))).rejects.toThrow(`DynamoDB BatchWriteItem on table ${tableName} failed: ValidationException`);
  });
});

describe("DynamoDB store claim attempts", () => {
  const claim = { holder: "delivery-a", until: new Date("2026-11-22T02:15:00.000Z"), now: new Date("2026-11-22T02:00:00.000Z") };

  it("claims again when its put was refused but the claim that refused it has expired from the table since, reading it strongly consistent", async () => {
    const recorder = requestRecorder();
    const { store, tableName } = await newStore({ plugins: [failing("PutItemCommand", "ConditionalCheckFailedException", 1), recorder.plugin] });
    expect(await store.claimRun(ACCOUNT, "run-1", claim)).toEqual({ status: "claimed" });
    expect(inputsOf(recorder, "GetItemCommand").map((input) => input.ConsistentRead)).toEqual([true]);
    expect((await dynamo.items(tableName)).map((item) => item.holder)).toEqual(["delivery-a"]);
  });

  it("gives up after a second refusal with nothing to read, naming the run and the table", async () => {
    const { store, tableName } = await newStore({ plugins: [failing("PutItemCommand", "ConditionalCheckFailedException")] });
    await expect(store.claimRun(ACCOUNT, "run-1", claim)).rejects.toThrow(new FindingsStoreError(`the claim of run run-1 on table ${tableName} was refused but cannot be read`));
  });

  it("names the claim's read when it fails after a refused put", async () => {
    const { store, tableName } = await newStore({ plugins: [failing("PutItemCommand", "ConditionalCheckFailedException"), failing("GetItemCommand", "ProvisionedThroughputExceededException")] });
    await expect(store.claimRun(ACCOUNT, "run-1", claim)).rejects.toThrow(`DynamoDB GetItem (run claim) on table ${tableName} failed: ProvisionedThroughputExceededException`);
  });

  it("leaves a claim another delivery took over to it when releasing", async () => {
    const { store, tableName } = await newStore();
    await store.claimRun(ACCOUNT, "run-1", claim);
    const after = new Date(claim.until.getTime() + 1000);
    await store.claimRun(ACCOUNT, "run-1", { holder: "delivery-b", until: new Date(after.getTime() + 900_000), now: after });
    await store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-a", now: after });
    expect((await dynamo.items(tableName)).map((item) => [item.holder, item.leaseUntil])).toEqual([["delivery-b", after.getTime() + 900_000]]);
  });
});

