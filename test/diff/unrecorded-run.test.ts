import { expect, it } from "@jest/globals";
import { nextState, unrecordedRun } from "../../src/diff/next-state.js";
import { accountA, evaluate } from "./account-fixture.js";

it("a run without a store decides the same findings as an account's first recorded run, and nothing else", () => {
  const snapshot = accountA();
  const findings = evaluate(snapshot);
  const now = "2026-11-01T02:00:00.000Z";
  const first = nextState({ snapshot, findings, scope: { regions: snapshot.regions, ruleIds: [...new Set(findings.map((f) => f.ruleId))] }, runId: "run-1", now });
  expect(unrecordedRun(findings, now)).toEqual({ findings: first.findings, transitions: [], gone: [] });
});
