/**
 * The event path's writes to the DynamoDB store: item by item, each only
 * where what the table holds was observed earlier, so that of two readers of
 * one resource the later read stands whatever order their writes arrive in.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DynamoDbFindingsStore } from "../../../src/publish/store/dynamodb-store.js";
import type { StateChanges } from "../../../src/types/run-state.js";
import type { Finding } from "../../../src/types/finding.js";
import { ACCOUNT } from "../../support/builders.js";
import type { LocalDynamoDb } from "../../support/dynalite.js";
import { startDynalite } from "../../support/dynalite.js";
import { testClock } from "../../support/clock.js";
import { accountA, evaluate } from "../../diff/account-fixture.js";
import { auditRun } from "./audit-run.js";
import { T1 } from "./store-contract.js";

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const AFTER_RUN = "2026-11-01T09:00:00.000Z";
const LATER = "2026-11-01T09:00:30.000Z";

async function recordedStore() {
  const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName: await dynamo.createTable(), now: testClock });
  await auditRun(store, "run-1", { ...accountA(), takenAt: T1 }, evaluate(accountA()));
  const previous = (await store.loadPrevious(ACCOUNT))!;
  return { store, previous };
}

function changesOf(resource: StateChangesResource, finding: Finding): StateChanges {
  return { resources: { put: [resource], deleteKeys: [] }, findings: { put: [finding], deleteIds: [], history: [{ findingId: finding.id, runId: "event-1", at: AFTER_RUN, status: finding.status, severity: finding.severity, reason: finding.reason }] } };
}
type StateChangesResource = StateChanges["resources"]["put"][number];

describe("recordObservation", () => {
  it("writes a read later than the run, and leaves the latest run the latest", async () => {
    const { store, previous } = await recordedStore();
    const resource = { ...previous.snapshot.resources[0]!, name: "renamed", observedAt: AFTER_RUN };
    const finding = { ...previous.findings.find((f) => f.resource.id === resource.id)!, status: "FAIL" as const, reason: "changed" };
    const result = await store.recordObservation(ACCOUNT, changesOf(resource, finding), AFTER_RUN);
    expect(result).toEqual({ written: { resources: 1, findings: 1, history: 1 }, superseded: 0 });

    const after = (await store.loadPrevious(ACCOUNT))!;
    expect(after.run.id).toBe("run-1");
    expect(after.snapshot.resources.find((r) => r.id === resource.id)).toMatchObject({ name: "renamed", observedAt: AFTER_RUN });
    expect(after.findings.find((f) => f.id === finding.id)).toMatchObject({ status: "FAIL", reason: "changed" });
    expect(await store.findingHistory(ACCOUNT, finding.id)).toEqual([expect.objectContaining({ runId: "event-1", status: "FAIL" }), expect.objectContaining({ runId: "run-1" })]);
  });

  it("refuses a read older than the one stored: the later read stands whichever write arrives last", async () => {
    const { store, previous } = await recordedStore();
    const base = previous.snapshot.resources[0]!;
    const finding = previous.findings.find((f) => f.resource.id === base.id)!;
    await store.recordObservation(ACCOUNT, changesOf({ ...base, name: "later", observedAt: LATER }, { ...finding, reason: "later" }), LATER);
    const slower = await store.recordObservation(ACCOUNT, changesOf({ ...base, name: "earlier", observedAt: AFTER_RUN }, { ...finding, reason: "earlier" }), AFTER_RUN);
    expect(slower).toEqual({ written: { resources: 0, findings: 0, history: 1 }, superseded: 2 });
    const after = (await store.loadPrevious(ACCOUNT))!;
    expect(after.snapshot.resources.find((r) => r.id === base.id)!.name).toBe("later");
    expect(after.findings.find((f) => f.id === finding.id)!.reason).toBe("later");
  });

  it("refuses a read older than the run that stored the item", async () => {
    const { store, previous } = await recordedStore();
    const base = previous.snapshot.resources[0]!;
    const finding = previous.findings.find((f) => f.resource.id === base.id)!;
    const beforeRun = "2026-11-01T01:59:00.000Z";
    const result = await store.recordObservation(ACCOUNT, { resources: { put: [], deleteKeys: [`${base.type}/${base.region}/${base.id}`] }, findings: { put: [], deleteIds: [finding.id], history: [] } }, beforeRun);
    expect(result.superseded).toBe(2);
    const after = (await store.loadPrevious(ACCOUNT))!;
    expect(after.snapshot.resources.some((r) => r.id === base.id)).toBe(true);
    expect(after.findings.some((f) => f.id === finding.id)).toBe(true);
  });

  it("deletes a resource and its finding the event path found gone", async () => {
    const { store, previous } = await recordedStore();
    const base = previous.snapshot.resources[0]!;
    const finding = previous.findings.find((f) => f.resource.id === base.id)!;
    const result = await store.recordObservation(ACCOUNT, { resources: { put: [], deleteKeys: [`${base.type}/${base.region}/${base.id}`] }, findings: { put: [], deleteIds: [finding.id], history: [] } }, AFTER_RUN);
    expect(result).toEqual({ written: { resources: 1, findings: 1, history: 0 }, superseded: 0 });
    const after = (await store.loadPrevious(ACCOUNT))!;
    expect(after.snapshot.resources.some((r) => r.id === base.id)).toBe(false);
    expect(after.findings.some((f) => f.id === finding.id)).toBe(false);
  });
});
