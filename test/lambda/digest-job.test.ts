import { beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { parseDigestEvent, runDigestJob } from "../../src/lambda/digest-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { PayloadError } from "../../src/lambda/payload.js";
import type { AccountOutcome, OrganizationOutcome } from "../../src/publish/notify/organization-digest.js";
import { buildOrganizationDigest } from "../../src/publish/notify/organization-digest.js";
import { snsNotifier } from "../../src/publish/notify/sns-notifier.js";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:driftwarden-prod-AlertsTopic";
const sns = mockClient(SNSClient);
const silent = { info() {} };
const env = (configText = ""): AuditEnvironment => ({ tableName: "findings", topicArn: TOPIC, configText, configSource: "driftwarden.config.yaml", reserveMs: 0 });
const notifier = () => snsNotifier(new SNSClient({ region: "us-east-1" }), TOPIC);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "2b9c6d1e-0000-4000-8000-0000000000aa" });
});

const outcome = (id: string, fields: Partial<AccountOutcome> = {}): AccountOutcome => ({
  account: { id, name: `Account ${id.slice(0, 3)}` },
  status: "complete",
  failing: { high: 2, low: 1 },
  changes: { new: 0, regressed: 0, resolved: 0 },
  errors: 0,
  ...fields,
});
const run = (accounts: unknown[], skipped: OrganizationOutcome["skipped"] = []) => ({ runId: "scheduled-night-2", accounts, skipped });

describe("the digest step", () => {
  it("sends nothing when no account changed at or above the alert severity and every account was audited, a partial one included", async () => {
    const result = await runDigestJob(parseDigestEvent(run([outcome("111111111111"), outcome("222222222222", { status: "partial", errors: 2 })])), env(), { notifier: notifier(), logger: silent });
    expect(result).toEqual({
      runId: "scheduled-night-2",
      accounts: 2,
      byStatus: { complete: 1, partial: 1, unreadable: 0, failed: 0 },
      skipped: 0,
      notification: { status: "skipped", reason: "no new, regressed or resolved findings at or above medium, and every account audited" },
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("sends one message when an account could not be read, even with nothing changed, naming it and why", async () => {
    const unreadable = outcome("333333333333", { status: "unreadable", failing: {}, reason: "cannot assume arn:aws:iam::333333333333:role/driftwarden-audit (AccessDenied): not authorized" });
    const result = await runDigestJob(parseDigestEvent(run([outcome("111111111111"), unreadable])), env(), { notifier: notifier(), logger: silent });
    expect(result.notification).toEqual({ status: "sent", messageId: "2b9c6d1e-0000-4000-8000-0000000000aa", subject: "driftwarden: 2 accounts: no change; 1 unreadable" });
    const [publish] = sns.commandCalls(PublishCommand);
    expect(publish!.args[0].input.Message).toContain("333333333333 Account 333: unreadable: cannot assume arn:aws:iam::333333333333:role/driftwarden-audit (AccessDenied): not authorized\n");
    expect(publish!.args[0].input.MessageAttributes!.account).toEqual({ DataType: "String.Array", StringValue: '["333333333333"]' });
  });

  it("names an account whose audit failed with Lambda's error, as the Map's Catch passes it on", async () => {
    const caught = {
      account: { id: "444444444444", name: "Data" },
      status: "failed",
      failure: { Error: "Lambda.Unknown", Cause: JSON.stringify({ errorMessage: "2026-11-23T02:14:59.912Z 1f2e3d4c Task timed out after 900.00 seconds" }) },
    };
    const timedOut = { account: { id: "555555555555" }, status: "failed", failure: { Error: "States.Timeout" } };
    const digest = parseDigestEvent(run([caught, timedOut]));
    expect(digest.accounts).toEqual([
      { account: { id: "444444444444", name: "Data" }, status: "failed", failing: {}, reason: "Lambda.Unknown: 2026-11-23T02:14:59.912Z 1f2e3d4c Task timed out after 900.00 seconds" },
      { account: { id: "555555555555" }, status: "failed", failing: {}, reason: "States.Timeout" },
    ]);
    const message = buildOrganizationDigest(digest, "medium")!;
    expect(message.subject).toBe("driftwarden: 2 accounts: no change; 2 failed");
    expect(message.body).toContain("444444444444 Data: failed: Lambda.Unknown: 2026-11-23T02:14:59.912Z 1f2e3d4c Task timed out after 900.00 seconds\n");
  });

  it("names a Map item that ended with no outcome at all, rather than dropping it", () => {
    const digest = parseDigestEvent(run([outcome("111111111111"), { Error: "States.DataLimitExceeded", Cause: "The state/task returned a result with a size exceeding the maximum number of bytes service limit." }]));
    expect(digest.lost).toEqual(['{"Error":"States.DataLimitExceeded","Cause":"The state/task returned a result with a size exceeding the maximum number of bytes service limit."}']);
    const message = buildOrganizationDigest(digest, "medium")!;
    expect(message.subject).toBe("driftwarden: 1 account: no change; 1 lost");
    expect(message.body).toContain("a Map item ended with no account outcome: {\"Error\":\"States.DataLimitExceeded\"");
    expect(message.attributes.runStatus).toEqual({ DataType: "String", StringValue: "partial" });
  });

  it("puts the accounts that could not be audited first, then those with changes, the most severe first, then partial ones and the skipped", () => {
    const digest = buildOrganizationDigest(
      {
        runId: "scheduled-night-2",
        accounts: [
          outcome("100000000001", { changes: { new: 5, regressed: 0, resolved: 0 }, highest: "high", top: ["[HIGH] NEW rds-multi-az db-orders us-east-1"] }),
          outcome("100000000002", { changes: { new: 1, regressed: 0, resolved: 0 }, highest: "critical", top: ["[CRITICAL] NEW ec2-ssh-restricted sg-0a1 eu-west-1"] }),
          outcome("100000000003", { changes: { new: 0, regressed: 0, resolved: 4 } }),
          outcome("100000000004", { changes: { new: 2, regressed: 1, resolved: 0 }, highest: "high", status: "partial", errors: 1 }),
          outcome("100000000005", { status: "partial", errors: 3 }),
          outcome("100000000006", { status: "unreadable", failing: {}, reason: "cannot assume … (AccessDenied)" }),
          outcome("100000000007"),
        ],
        skipped: [{ id: "100000000008", name: "Old", reason: "SUSPENDED" }],
      },
      "medium",
    )!;
    const order = ["100000000006", "100000000002", "100000000001", "100000000004", "100000000003", "100000000005", "100000000008"].map((id) => digest.body.indexOf(`${id} `));
    expect(order).toHaveLength(7);
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(digest.body).toContain("100000000004 Account 100 (partial: 1 part not read)\n  2 new, 1 regressed; failing now: 2 high, 1 low\n  … and 3 more new or regressed in the findings table\n");
    expect(digest.body).toContain("100000000001 Account 100\n  5 new; failing now: 2 high, 1 low\n  [HIGH] NEW rds-multi-az db-orders us-east-1\n  … and 4 more new or regressed in the findings table\n");
    expect(digest.body).toContain("\n1 other account without changes at or above medium.\n");
    expect(digest.body.startsWith("driftwarden audit of 7 accounts of the organization, run scheduled-night-2\nAccounts: 4 complete, 2 partial, 1 unreadable; 1 skipped.\n")).toBe(true);
    expect(digest.subject).toBe("driftwarden: 7 accounts: 8 new, 1 regressed, 4 resolved (critical); 1 unreadable");
    expect(digest.attributes.account).toEqual({ DataType: "String.Array", StringValue: JSON.stringify(["100000000001", "100000000002", "100000000003", "100000000004", "100000000006"]) });
    expect(digest.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "critical" });
  });

  it("stays within SNS's limits for 2,000 accounts with changes: subject under 100 characters, at most 10 attributes, the whole message within 256 KB, and says what it left out", () => {
    const accounts = Array.from({ length: 2000 }, (_, i) =>
      outcome(String(200000000000 + i), {
        account: { id: String(200000000000 + i), name: "Payments Platform Production (eu-central, shared)" },
        changes: { new: 40, regressed: 12, resolved: 9 },
        highest: "critical",
        failing: { critical: 120, high: 430, medium: 510, low: 300, info: 100 },
        top: Array.from({ length: 3 }, (_, k) => `[CRITICAL] NEW ec2-no-all-traffic-from-internet sg-0a1b2c3d4e5f6${k}… ap-southeast-2`),
      }),
    );
    const digest = buildOrganizationDigest({ runId: "scheduled-night-2", accounts, skipped: [] }, "low")!;
    const attributeBytes = Object.entries(digest.attributes).reduce((n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + Buffer.byteLength(a.StringValue), 0);
    const total = Buffer.byteLength(digest.body) + Buffer.byteLength(digest.subject) + attributeBytes;
    process.stdout.write(`digest of 2,000 accounts: ${(total / 1024).toFixed(1)} KiB (attributes ${(attributeBytes / 1024).toFixed(1)} KiB)\n`);
    expect(total).toBeLessThanOrEqual(256 * 1024);
    expect(digest.subject.length).toBeLessThan(100);
    expect(digest.subject).toBe("driftwarden: 2000 accounts: 80000 new, 24000 regressed, 18000 resolved (critical)");
    expect(Object.keys(digest.attributes).length).toBeLessThanOrEqual(10);
    expect(digest.body).toMatch(/\n… and \d+ more account entries not shown \(message size limit\)\. The findings table holds every account's findings\.\n$/);
  });

  it("fails the step when SNS refuses the message, so the execution shows it and a redrive sends it again", async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error("User is not authorized to perform: SNS:Publish"), { name: "AuthorizationError" }));
    const changed = outcome("111111111111", { changes: { new: 1, regressed: 0, resolved: 0 }, highest: "high" });
    await expect(runDigestJob(parseDigestEvent(run([changed])), env(), { notifier: notifier(), logger: silent })).rejects.toThrow("User is not authorized to perform: SNS:Publish");
  });

  it("uses the deployed config's alert severity", async () => {
    const result = await runDigestJob(parseDigestEvent(run([outcome("111111111111", { status: "unreadable", failing: {}, reason: "denied" })])), env("alerts:\n  minSeverity: high\n"), { notifier: notifier(), logger: silent });
    expect(result.notification.status).toBe("sent");
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).toContain("Changes at or above high: no change.\n");
  });

  it("refuses an input that is not the Map's results, naming the field", () => {
    expect(() => parseDigestEvent({ runId: "scheduled-night-2", accounts: [] })).toThrow(PayloadError);
    expect(() => parseDigestEvent({ runId: "scheduled-night-2", accounts: [] })).toThrow(/^invalid payload at skipped: .*the state machine's Digest step/);
  });
});
