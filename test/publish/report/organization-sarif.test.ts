import { beforeAll, describe, expect, it } from "@jest/globals";
import type { ValidateFunction } from "ajv";
import { allRules } from "../../../rules/index.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { FINGERPRINT_KEY, renderSarif } from "../../../src/publish/report/sarif.js";
import type { SarifRun } from "../../../src/publish/report/sarif.js";
import { sarifValidator } from "../../support/sarif-schema.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { CALLER, PRODUCTION, RUN_ID, SANDBOX, SKIPPED, STAGING, organizationDemo } from "./organization-fixtures.js";

const tempDir = temporaryDirectories("driftwarden-org-sarif-");
let report: AuditReport;
let run: SarifRun;
let validate: ValidateFunction;

beforeAll(async () => {
  report = (await organizationDemo(await tempDir())).report;
  validate = sarifValidator();
  run = renderSarif(report, allRules, { toolVersion: "0.1.0" }).runs[0]!;
});

describe("renderSarif of an organization run", () => {
  it("validates against the SARIF 2.1.0 schema", () => {
    const log = renderSarif(report, allRules);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("gives each result its own account: id, and name where Organizations gave one", () => {
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const names = new Map([PRODUCTION, STAGING, SANDBOX].map((a) => [a.accountId, a.name]));
    expect(run.results.length).toBeGreaterThan(100);
    for (const result of run.results) {
      const finding = byId.get(result.partialFingerprints[FINGERPRINT_KEY]!)!;
      expect(result.properties.accountId).toBe(finding.resource.accountId);
      expect(result.properties.accountName).toBe(names.get(finding.resource.accountId));
    }
    const accounts = new Set(run.results.map((r) => r.properties.accountId));
    expect(accounts).toEqual(new Set([PRODUCTION.accountId, STAGING.accountId, SANDBOX.accountId]));
    // A resource's ARN names its own account too.
    const production = run.results.find((r) => r.properties.accountId === PRODUCTION.accountId && r.ruleId === "rds-multi-az")!;
    expect(production.locations[0]!.physicalLocation.artifactLocation.uri).toContain(`:${PRODUCTION.accountId}:`);
  });

  it("lists every account's run and the skipped accounts in the run's properties, the caller as its account", () => {
    expect(run.properties.accountId).toBe(CALLER);
    expect(run.properties.accounts).toEqual(report.accounts);
    expect((run.properties.accounts as { status: string }[]).map((a) => a.status)).toEqual(["complete", "partial", "unreadable"]);
    expect(run.properties.skippedAccounts).toEqual([SKIPPED]);
  });

  it("files the run under a category of its own, apart from the caller's own account's runs", () => {
    expect(run.automationDetails.id).toBe(`driftwarden/organization-${CALLER}/${RUN_ID}`);
    const single = renderSarif({ ...report, accounts: undefined, skippedAccounts: undefined } as AuditReport, allRules).runs[0]!;
    expect(single.automationDetails.id).toBe(`driftwarden/${CALLER}/${RUN_ID}`);
    expect(single.properties.accounts).toBeUndefined();
  });

  it("names the account of each collection error, the unreadable one with its reason", () => {
    const [invocation] = run.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    const errors = invocation!.toolExecutionNotifications.filter((n) => n.level === "error");
    expect(errors.map((n) => n.properties!.accountId)).toEqual([STAGING.accountId, SANDBOX.accountId]);
    expect(errors[0]!.message.text).toMatch(new RegExp(`^rds could not be read in account ${STAGING.accountId}, us-east-1 \\(DescribeDBInstances\\): AccessDenied`));
    expect(errors[1]!.message.text).toMatch(new RegExp(`^sts could not be read in account ${SANDBOX.accountId}, us-east-1 \\(AssumeRole\\): AccessDenied: account ${SANDBOX.accountId}: cannot assume`));
  });
});
