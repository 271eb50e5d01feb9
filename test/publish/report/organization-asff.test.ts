import { beforeAll, describe, expect, it } from "@jest/globals";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { parse } from "csv-parse/sync";
import { allRules } from "../../../rules/index.js";
import { asffId, defaultProductArn, goneFindingIds, toAsff } from "../../../src/publish/report/asff.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { CSV_COLUMNS, renderCsv } from "../../../src/publish/report/csv.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { CALLER, PRODUCTION, SANDBOX, STAGING, organizationDemo } from "./organization-fixtures.js";

const tempDir = temporaryDirectories("driftwarden-org-asff-");
let report: AuditReport;
let findings: AwsSecurityFinding[];

beforeAll(async () => {
  report = (await organizationDemo(await tempDir())).report;
  findings = toAsff(report, { rules: allRules });
});

describe("toAsff of an organization run", () => {
  it("gives each finding its own account's AwsAccountId and default ProductArn, never the caller's", () => {
    const byId = new Map(report.findings.map((f) => [asffId(f.id), f]));
    for (const finding of findings.filter((f) => byId.has(f.Id!))) {
      const { accountId, region } = byId.get(finding.Id!)!.resource;
      expect(finding.AwsAccountId).toBe(accountId);
      expect(finding.ProductArn).toBe(defaultProductArn(region, accountId));
    }
    expect(new Set(findings.map((f) => f.AwsAccountId))).toEqual(new Set([PRODUCTION.accountId, STAGING.accountId, SANDBOX.accountId]));
    expect(findings.some((f) => f.AwsAccountId === CALLER || f.ProductArn?.includes(CALLER))).toBe(false);
  });

  it("puts a finding whose resource is gone in the account it was in", () => {
    const gone = goneFindingIds(report);
    expect(gone.length).toBe(2);
    for (const id of gone) {
      const finding = findings.find((f) => f.Id === id)!;
      expect(finding.Compliance?.Status).toBe("PASSED");
      expect(finding.AwsAccountId).toBe(PRODUCTION.accountId);
      expect(finding.ProductArn).toBe(defaultProductArn("us-east-1", PRODUCTION.accountId));
    }
  });

  it("names the account in ProductFields when Organizations gave it a name", () => {
    const names = new Map([PRODUCTION, STAGING, SANDBOX].map((a) => [a.accountId, a.name]));
    for (const finding of findings) expect(finding.ProductFields?.["driftwarden/accountName"]).toBe(names.get(finding.AwsAccountId!));
    const single = toAsff({ ...report, accounts: undefined } as AuditReport, { rules: allRules });
    expect(single.some((f) => f.ProductFields?.["driftwarden/accountName"] !== undefined)).toBe(false);
  });
});

describe("renderCsv of an organization run", () => {
  it("keeps its columns, each row with its finding's account id", () => {
    const rows = parse(renderCsv(report), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r.accountId)).toEqual(report.findings.map((f) => f.resource.accountId));
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(3);
  });
});
