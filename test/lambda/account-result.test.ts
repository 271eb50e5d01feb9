import { describe, expect, it } from "@jest/globals";
import type { Transition } from "../../src/diff/types.js";
import { unreadableAccountErrors } from "../../src/collect/member-credentials.js";
import { accountOutcome, compactError, MAP_RESULTS_BYTES, outcomeBudget, recordedOutcome, RUN_IN_PROGRESS, RunInProgressError } from "../../src/lambda/account-result.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import type { AccountOutcome } from "../../src/publish/notify/organization-digest.js";
import { parseDigestEvent } from "../../src/lambda/digest-job.js";
import { awsError } from "../support/fake-aws.js";

/** Organizations allows names of 50 characters: the longest an outcome carries. */
const LONG_NAME = "Payments Platform Production (eu-central, shared)";
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const transition = (kind: Transition["kind"], severity: Transition["severity"], ruleId: string, id: string, region = "ap-southeast-2"): Transition => ({
  findingId: `${ruleId}/${id}`,
  ruleId,
  resource: { type: "AWS::EC2::SecurityGroup", id, name: id, region, arn: `arn:aws:ec2:${region}:210987654321:security-group/${id}` },
  kind,
  severity,
  reason: "ingress tcp/22 from 0.0.0.0/0",
});

function report(accountId: string, fields: Partial<AuditReport> = {}): AuditReport {
  return {
    schemaVersion: 1,
    run: {
      id: "scheduled-4f1c2b7e-8d9a-4c3b-9e2f-1a2b3c4d5e6f",
      accountId,
      regions: ["eu-central-1", "ap-southeast-2", "us-east-1", "eu-west-1"],
      startedAt: "2026-11-22T02:00:00.000Z",
      finishedAt: "2026-11-22T02:04:00.000Z",
      status: "complete",
      counts: { byStatus: { FAIL: 1460, ERROR: 0, SUPPRESSED: 3, PASS: 12000, NOT_APPLICABLE: 40 }, bySeverity: { critical: 120, high: 430, medium: 510, low: 300, info: 100 } },
    },
    findings: [],
    errors: [],
    transitions: [],
    ...fields,
  };
}

/** The largest outcome an audited account gives: the longest name, every count, more changes than lines. */
function busiestOutcome(accountId: string, budget: number): AccountOutcome {
  const changes = [
    ...Array.from({ length: 40 }, (_, i) => transition("NEW", "critical", "ec2-no-all-traffic-from-internet", `sg-0a1b2c3d4e5f6${String(i).padStart(4, "0")}`)),
    ...Array.from({ length: 40 }, (_, i) => transition("REGRESSED", "high", "elbv2-listener-tls-policy-current", `arn:aws:elasticloadbalancing:listener/app/web-${i}`)),
    ...Array.from({ length: 40 }, (_, i) => transition("RESOLVED", "medium", "rds-multi-az", `db-${i}`)),
  ];
  return accountOutcome({ id: accountId, name: LONG_NAME }, report(accountId, { transitions: changes }), "low", budget);
}

/** An account whose role could not be assumed: its reason, as long as STS makes it. */
function unreadableOutcome(accountId: string, budget: number): AccountOutcome {
  const role = { roleName: "driftwarden-audit-with-a-long-role-name-for-the-landing-zone", externalId: "x" };
  const denied = awsError("AccessDenied", `User: arn:aws:sts::111111111111:assumed-role/driftwarden-prod-eu-central-1-lambdaRole/driftwarden-prod-audit is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/${role.roleName}`, 403);
  const errors = unreadableAccountErrors(accountId, role, ["eu-central-1", "ap-southeast-2", "us-east-1", "eu-west-1"], denied);
  return accountOutcome({ id: accountId, name: LONG_NAME }, report(accountId, { run: { ...report(accountId).run, status: "partial", counts: { byStatus: { FAIL: 0, ERROR: 0, SUPPRESSED: 0, PASS: 0, NOT_APPLICABLE: 0 }, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } } }, errors }), "low", budget);
}

/** What the Map's Catch passes on for an account whose audit failed: the item and Lambda's error, as the function threw it. */
function caughtFailure(accountId: string) {
  const error = compactError(awsError("ProvisionedThroughputExceededException", `${"The level of configured provisioned throughput for the table was exceeded. ".repeat(5)}\nConsider increasing your provisioning level`));
  // Lambda's Node runtime: the error's name, message and stack lines.
  const cause = JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: error.stack!.split("\n") });
  return { account: { id: accountId, name: LONG_NAME }, status: "failed", failure: { Error: error.name, Cause: cause } };
}

const accountId = (i: number) => String(210987654321 + i).padStart(12, "0");

describe("an account's outcome in the Map's results", () => {
  it("keeps 500 accounts' results, the largest each can be, under Step Functions' 256 KB, and says how many accounts fit", () => {
    const budget = outcomeBudget(500);
    expect(budget).toBe(Math.floor(MAP_RESULTS_BYTES / 500));
    const busiest = busiestOutcome(accountId(0), budget);
    const unreadable = unreadableOutcome(accountId(1), budget);
    const failed = caughtFailure(accountId(2));
    const sizes = { busiest: bytes(busiest), unreadable: bytes(unreadable), failed: bytes(failed) };
    process.stdout.write(`outcome bytes at 500 accounts (budget ${budget}): ${JSON.stringify(sizes)}\n`);
    expect(sizes.busiest).toBeLessThanOrEqual(budget);
    expect(sizes.unreadable).toBeLessThanOrEqual(budget);
    expect(sizes.failed).toBeLessThanOrEqual(budget);
    // The busiest keeps its lines as far as its share allows, the most severe first; the counts say how many more.
    expect(busiest.top!.length).toBeGreaterThanOrEqual(1);
    // At most 80 characters: a long resource id gives way, the rule and region stay.
    expect(busiest.top![0]).toBe("[CRITICAL] NEW ec2-no-all-traffic-from-internet …a1b2c3d4e5f60000 ap-southeast-2");
    expect(busiest.top![0]).toHaveLength(80);
    expect(busiest).toMatchObject({ changes: { new: 40, regressed: 40, resolved: 40 }, highest: "critical", failing: { critical: 120, high: 430, medium: 510, low: 300, info: 100 } });
    expect(unreadable.reason).toMatch(/^cannot assume arn:aws:iam::210987654322:role\/driftwarden-audit-with-a-long-role-name-for-the-landing-zone \(AccessDenied\): .*…$/);

    // The Map's output, the Digest step's input: every account the largest it can be, and as many skipped as audited in a tenth.
    const items = Array.from({ length: 500 }, (_, i) => [busiestOutcome, unreadableOutcome, (id: string) => caughtFailure(id)][i % 3]!(accountId(i), budget));
    const skipped = Array.from({ length: 50 }, (_, i) => ({ id: accountId(1000 + i), name: LONG_NAME, reason: "SUSPENDED" }));
    const output = { runId: "scheduled-4f1c2b7e-8d9a-4c3b-9e2f-1a2b3c4d5e6f", skipped, accounts: items };
    const total = bytes(output);
    process.stdout.write(`Map output for 500 accounts at their largest: ${(total / 1024).toFixed(1)} KiB of 256 KiB\n`);
    expect(total).toBeLessThan(220 * 1024);
    // And the digest reads every one of them back.
    expect(parseDigestEvent(output).accounts).toHaveLength(500);

    // How many accounts fit before the smallest an outcome can be (no lines, a shortened reason) fills the payload.
    const smallest = Math.max(bytes(busiestOutcome(accountId(0), 0)), bytes(unreadableOutcome(accountId(1), 0)));
    const fit = Math.floor((256 * 1024 - bytes({ ...output, accounts: [] })) / (smallest + 1));
    process.stdout.write(`smallest outcome ${smallest} bytes: at most ${fit} accounts with inline Map results\n`);
    expect(fit).toBeGreaterThan(800);
  });

  it("gives a small organization's accounts room for three lines and the whole reason", () => {
    expect(outcomeBudget(3)).toBe(1024);
    expect(busiestOutcome(accountId(0), outcomeBudget(3)).top).toHaveLength(3);
    expect(unreadableOutcome(accountId(1), outcomeBudget(3)).reason).toMatch(/\(deploy the member role: `driftwarden member-role`\)$/);
  });

  it("counts only the changes at or above the alert severity, and lists no resolved one among the lines", () => {
    const changes = [transition("NEW", "low", "ec2-ssh-restricted", "sg-1"), transition("REGRESSED", "high", "rds-multi-az", "db-1"), transition("RESOLVED", "critical", "s3-bucket-not-public", "logs")];
    const outcome = accountOutcome({ id: accountId(0) }, report(accountId(0), { transitions: changes }), "medium");
    expect(outcome).toEqual({
      account: { id: accountId(0) },
      status: "complete",
      failing: { critical: 120, high: 430, medium: 510, low: 300, info: 100 },
      changes: { new: 0, regressed: 1, resolved: 1 },
      highest: "high",
      errors: 0,
      top: ["[HIGH] REGRESSED rds-multi-az db-1 ap-southeast-2"],
    });
  });

  it("gives a repeated item the counts its run was recorded with, and marks that its changes went with the earlier attempt", () => {
    expect(recordedOutcome({ id: accountId(0), name: "Staging" }, { status: "partial", counts: { bySeverity: { critical: 0, high: 2, medium: 0, low: 1, info: 0 } } })).toEqual({
      account: { id: accountId(0), name: "Staging" },
      status: "partial",
      failing: { high: 2, low: 1 },
      repeated: true,
    });
  });
});

describe("an account's failure, as the Map's Catch carries it", () => {
  it("keeps the error's name, which Retry and Catch match, with its first line, shortened, and no stack", () => {
    const error = compactError(awsError("ResourceNotFoundException", `Requested resource not found: Table: driftwarden-prod-FindingsTable-${"X".repeat(300)} not found\nat DynamoDB`));
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toHaveLength(120);
    expect(error.message).toMatch(/^Requested resource not found: Table: driftwarden-prod-FindingsTable-X+…$/);
    expect(error.stack).toBe("");
    expect(compactError("a string thrown").message).toBe("a string thrown");
  });

  it("names a run held by another delivery as the error the state machine waits out", () => {
    expect(new RunInProgressError("held").name).toBe(RUN_IN_PROGRESS);
    expect(RUN_IN_PROGRESS).toBe("RunInProgress");
  });
});
