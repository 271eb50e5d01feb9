import { beforeEach, describe, expect, it } from "@jest/globals";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { AwsSecurityFinding, BatchImportFindingsCommandInput, BatchImportFindingsResponse } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { asffId, goneFindingIds, toAsff } from "../../../src/publish/report/asff.js";
import { exportToSecurityHub, findingsByRegion } from "../../../src/publish/report/securityhub-export.js";
import { awsError } from "../../support/fake-aws.js";
import { testCredentials } from "../../support/collect.js";
import { ACCOUNT, OTHER_REGION, REGION, auditReport, manyFailingFindings, rules } from "./fixtures.js";

const securityHub = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: REGION, credentials: testCredentials });

function asffFindings(count: number): AwsSecurityFinding[] {
  return toAsff(auditReport({ findings: manyFailingFindings(count), withDrift: false }), { rules });
}

function sentBatches(): AwsSecurityFinding[][] {
  return securityHub.commandCalls(BatchImportFindingsCommand).map((call) => (call.args[0].input as BatchImportFindingsCommandInput).Findings!);
}

/** Accepts every finding but those named, which it refuses as Security Hub does (FailedFindings). */
function respondRefusing(refused: Record<string, string>) {
  securityHub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput): BatchImportFindingsResponse => {
    const failed = input.Findings!.filter((f) => f.Id! in refused);
    return {
      FailedCount: failed.length,
      SuccessCount: input.Findings!.length - failed.length,
      FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: "InvalidInput", ErrorMessage: refused[f.Id!] })),
    };
  });
}

describe("exportToSecurityHub", () => {
  beforeEach(() => {
    securityHub.reset();
  });

  it("sends 250 findings in 3 BatchImportFindings calls of at most 100, and returns the refused ones", async () => {
    const findings = asffFindings(250);
    expect(findings).toHaveLength(250);
    const refusedId = findings[142]!.Id!;
    respondRefusing({ [refusedId]: "Finding size exceeded 240 KB." });

    const result = await exportToSecurityHub(client, findings, []);

    const batches = sentBatches();
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((f) => f.Id)).toEqual(findings.map((f) => f.Id));
    expect(result).toEqual({
      sent: 250,
      imported: 249,
      archived: 0,
      failed: [{ Id: refusedId, ErrorCode: "InvalidInput", ErrorMessage: "Finding size exceeded 240 KB." }],
      unmatchedResolvedIds: [],
    });
  });

  it("archives resolved findings by importing them with RecordState ARCHIVED", async () => {
    const report = auditReport();
    const findings = toAsff(report, { rules });
    const resolved = goneFindingIds(report);
    expect(resolved).toHaveLength(1);
    respondRefusing({});

    const result = await exportToSecurityHub(client, findings, [...resolved, asffId("0".repeat(32))]);

    const sent = sentBatches().flat();
    expect(sent.filter((f) => f.RecordState === "ARCHIVED" && f.Compliance?.Status !== "NOT_AVAILABLE").map((f) => f.Id)).toEqual(resolved);
    expect(sent.find((f) => f.Id === resolved[0])).toMatchObject({ RecordState: "ARCHIVED", Compliance: { Status: "PASSED" } });
    expect(result).toMatchObject({ sent: findings.length, imported: findings.length, archived: 1, failed: [], unmatchedResolvedIds: [asffId("0".repeat(32))] });
    // The caller's findings are not changed.
    expect(findings.find((f) => f.Id === resolved[0])!.RecordState).toBe("ACTIVE");
  });

  it("does not count an archived finding Security Hub refused", async () => {
    const report = auditReport();
    const [resolved] = goneFindingIds(report);
    respondRefusing({ [resolved!]: "ProductArn is not valid" });
    const result = await exportToSecurityHub(client, toAsff(report, { rules }), [resolved!]);
    expect(result.archived).toBe(0);
    expect(result.failed.map((f) => f.Id)).toEqual([resolved]);
  });

  it("reports every finding of a failed request as failed, and still sends the other batches", async () => {
    const findings = asffFindings(150);
    securityHub
      .on(BatchImportFindingsCommand)
      .rejectsOnce(awsError("InvalidAccessException", `Account ${ACCOUNT} is not subscribed to AWS Security Hub`))
      .resolves({ FailedCount: 0, SuccessCount: 50, FailedFindings: [] });

    const result = await exportToSecurityHub(client, findings);

    expect(sentBatches().map((b) => b.length)).toEqual([100, 50]);
    expect(result.imported).toBe(50);
    expect(result.failed).toHaveLength(100);
    expect(result.failed[0]).toEqual({ Id: findings[0]!.Id, ErrorCode: "InvalidAccessException", ErrorMessage: `Account ${ACCOUNT} is not subscribed to AWS Security Hub` });
  });

  it("sends nothing for no findings", async () => {
    const result = await exportToSecurityHub(client, []);
    expect(sentBatches()).toHaveLength(0);
    expect(result).toEqual({ sent: 0, imported: 0, archived: 0, failed: [], unmatchedResolvedIds: [] });
  });
});

describe("findingsByRegion", () => {
  it("groups findings by the region of their ProductArn, where they must be imported", () => {
    const groups = findingsByRegion(toAsff(auditReport(), { rules }));
    expect([...groups.keys()].sort()).toEqual([OTHER_REGION, REGION].sort());
    for (const [region, findings] of groups) for (const f of findings) expect(f.ProductArn).toBe(`arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`);
  });
});
