import { describe, expect, it } from "@jest/globals";
import type { AlertMessage } from "../../../src/publish/notify/alert-message.js";
import { MAX_SUBJECT } from "../../../src/publish/notify/alert-message.js";
import type { AccountOutcome, OrganizationOutcome } from "../../../src/publish/notify/organization-digest.js";
import { buildOrganizationDigest, changeLine } from "../../../src/publish/notify/organization-digest.js";
import type { Severity } from "../../../src/types/finding.js";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
/** What SNS counts against its 256 KiB: subject, body and every attribute's name, type and value. */
const messageBytes = (m: AlertMessage) => bytes(m.subject) + bytes(m.body) + Object.entries(m.attributes).reduce((n, [name, a]) => n + bytes(name) + bytes(a.DataType) + bytes(a.StringValue), 0);

const complete = (id: string, fields: Partial<AccountOutcome> = {}): AccountOutcome => ({ account: { id }, status: "complete", failing: {}, changes: { new: 0, regressed: 0, resolved: 0 }, errors: 0, ...fields });
const changes = (n: number, regressed = 0, resolved = 0) => ({ new: n, regressed, resolved });

/** An organization run with something in every section, the accounts given out of every order the digest puts them in. */
function nightlyRun(): OrganizationOutcome {
  return {
    runId: "scheduled-night-2",
    accounts: [
      complete("777788889999", { account: { id: "777788889999", name: "Dev" }, failing: { low: 2 } }),
      complete("111100001111", { account: { id: "111100001111", name: "Web" }, changes: changes(0, 0, 3) }),
      {
        account: { id: "222200001111", name: "Analytics" },
        status: "partial",
        failing: { high: 3, medium: 2, low: 7 },
        changes: changes(2, 1, 1),
        highest: "high",
        errors: 2,
        top: [
          "[HIGH] NEW s3-bucket-not-public analytics-exports us-east-1",
          "[HIGH] REGRESSED rds-storage-encrypted db-reports eu-west-1",
          "[MEDIUM] NEW cloudtrail-log-file-validation …:trail/organization-trail us-east-1",
        ],
      },
      { account: { id: "999900000001", name: "Sandbox" }, status: "unreadable", failing: {}, reason: "cannot assume arn:aws:iam::999900000001:role/driftwarden-audit (AccessDenied)" },
      complete("333300001111", {
        account: { id: "333300001111", name: "Payments" },
        failing: { critical: 1, high: 4 },
        changes: changes(2, 1),
        highest: "critical",
        top: ["[CRITICAL] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1", "[HIGH] REGRESSED iam-root-no-access-keys 333300001111 us-east-1"],
      }),
      { account: { id: "555500000005" }, status: "failed", failing: {}, reason: "States.Timeout" },
      { account: { id: "666677778888", name: "Data" }, status: "partial", failing: { medium: 1 }, changes: changes(0), errors: 1 },
      { account: { id: "444400000004", name: "Legacy" }, status: "failed", failing: {} },
      { account: { id: "210987654321", name: "Logs" }, status: "partial", failing: {}, errors: 3 },
      { account: { id: "123456789012" }, status: "partial", failing: {} },
      { account: { id: "888899990000", name: "Shared" }, status: "complete", failing: { info: 5 } },
    ],
    skipped: [
      { id: "100000000001", name: "Old", reason: "SUSPENDED" },
      { id: "100000000002", reason: "excluded by organization.exclude" },
    ],
    lost: ['{"Error":"States.DataLimitExceeded"}'],
  };
}

const HEAD = [
  "driftwarden audit of 11 accounts of the organization, run scheduled-night-2\n",
  "Accounts: 4 complete, 4 partial, 1 unreadable, 2 failed; 1 lost (Map items with no outcome); 2 skipped.\n",
  "Changes at or above medium: 4 new, 2 regressed, 4 resolved in 3 accounts.\n",
  "Failing now: 25 (1 critical, 7 high, 3 medium, 9 low, 5 info).\n",
].join("");
const NOT_AUDITED = [
  "\n",
  "NOT AUDITED (4): their findings keep their previous state\n",
  "---------------------------------------------------------\n",
  "444400000004 Legacy: failed\n",
  "555500000005: failed: States.Timeout\n",
  "999900000001 Sandbox: unreadable: cannot assume arn:aws:iam::999900000001:role/driftwarden-audit (AccessDenied)\n",
  `a Map item ended with no account outcome: {"Error":"States.DataLimitExceeded"}; the map run's failed items name its account\n`,
].join("");
const WITH_CHANGES = [
  "\n",
  "ACCOUNTS WITH CHANGES (3), the most severe first\n",
  "------------------------------------------------\n",
  "333300001111 Payments\n",
  "  2 new, 1 regressed; failing now: 1 critical, 4 high\n",
  "  [CRITICAL] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1\n",
  "  [HIGH] REGRESSED iam-root-no-access-keys 333300001111 us-east-1\n",
  "  … and 1 more new or regressed in the findings table\n",
  "\n",
  "222200001111 Analytics (partial: 2 parts not read)\n",
  "  2 new, 1 regressed, 1 resolved; failing now: 3 high, 2 medium, 7 low\n",
  "  [HIGH] NEW s3-bucket-not-public analytics-exports us-east-1\n",
  "  [HIGH] REGRESSED rds-storage-encrypted db-reports eu-west-1\n",
  "  [MEDIUM] NEW cloudtrail-log-file-validation …:trail/organization-trail us-east-1\n",
  "\n",
  "111100001111 Web\n",
  "  3 resolved; failing now: none\n",
  "\n",
].join("");
// After the accounts with changes, whose entries end in a blank line already: no "\n" of its own.
const PARTIAL = [
  "PARTIAL, WITHOUT CHANGES (3): the parts not read keep their previous state\n",
  "------------------------------------------------------------\n",
  "123456789012: some parts not read\n",
  "210987654321 Logs: 3 parts not read\n",
  "666677778888 Data: 1 part not read\n",
].join("");
const SKIPPED = ["\n", "SKIPPED (2)\n", "-----------\n", "100000000001 Old: SUSPENDED\n", "100000000002: excluded by organization.exclude\n"].join("");
const UNCHANGED = "\n2 other accounts without changes at or above medium.\n";
const FULL_BODY = HEAD + NOT_AUDITED + WITH_CHANGES + PARTIAL + SKIPPED + UNCHANGED;

/** The ids of the accounts with changes, in the order the digest lists them. */
function changedOrder(body: string): string[] {
  const section = body.slice(body.indexOf("ACCOUNTS WITH CHANGES"));
  return [...section.matchAll(/^(\d{12})\b/gm)].map((m) => m[1]!);
}

describe("organization digest", () => {
  describe("when there is nothing to tell", () => {
    it("sends nothing when no account changed and every account was audited, partial and skipped ones included", () => {
      const run: OrganizationOutcome = {
        runId: "scheduled-night-2",
        accounts: [
          complete("111122223333", { failing: { critical: 2, high: 9 } }),
          { account: { id: "222233334444", name: "Staging" }, status: "partial", failing: { low: 1 }, errors: 4 },
          { account: { id: "333344445555" }, status: "complete", failing: {} },
        ],
        skipped: [{ id: "444455556666", name: "Old", reason: "SUSPENDED" }],
      };
      expect(buildOrganizationDigest(run, "medium")).toBeUndefined();
      expect(buildOrganizationDigest({ ...run, lost: [] }, "medium")).toBeUndefined();
      expect(buildOrganizationDigest({ runId: "scheduled-night-2", accounts: [], skipped: [] }, "medium")).toBeUndefined();
    });

    it("sends a digest for any one of a change, an account not audited or a lost item", () => {
      const quiet = complete("111122223333");
      const run = (accounts: AccountOutcome[], lost?: string[]): OrganizationOutcome => ({ runId: "scheduled-night-2", accounts: [quiet, ...accounts], skipped: [], ...(lost && { lost }) });
      expect(buildOrganizationDigest(run([complete("222233334444", { changes: changes(0, 1), highest: "low" })]), "low")?.subject).toBe("driftwarden: 2 accounts: 1 regressed (low)");
      expect(buildOrganizationDigest(run([complete("222233334444", { changes: changes(0, 0, 2) })]), "low")?.subject).toBe("driftwarden: 2 accounts: 2 resolved");
      expect(buildOrganizationDigest(run([{ account: { id: "222233334444" }, status: "failed", failing: {}, reason: "States.Timeout" }]), "low")?.subject).toBe("driftwarden: 2 accounts: no change; 1 failed");
      expect(buildOrganizationDigest(run([{ account: { id: "222233334444" }, status: "unreadable", failing: {} }, { account: { id: "333344445555" }, status: "unreadable", failing: {} }]), "low")?.subject).toBe(
        "driftwarden: 3 accounts: no change; 2 unreadable",
      );
      expect(buildOrganizationDigest(run([], ['{"Error":"States.DataLimitExceeded"}']), "low")?.subject).toBe("driftwarden: 1 account: no change; 1 lost");
    });
  });

  describe("a run with something in every section", () => {
    const digest = buildOrganizationDigest(nightlyRun(), "medium")!;

    it("has a subject with the accounts, the changes, the most severe and what was not audited", () => {
      expect(digest.subject).toBe("driftwarden: 11 accounts: 4 new, 2 regressed, 4 resolved (critical); 1 unreadable, 2 failed, 1 lost");
    });

    it("has the single-account alert's attributes, the accounts named sorted, once each, only those not audited or changed", () => {
      expect(digest.attributes).toEqual({
        account: { DataType: "String.Array", StringValue: '["111100001111","222200001111","333300001111","444400000004","555500000005","999900000001"]' },
        highestSeverity: { DataType: "String", StringValue: "critical" },
        newCount: { DataType: "Number", StringValue: "4" },
        regressedCount: { DataType: "Number", StringValue: "2" },
        resolvedCount: { DataType: "Number", StringValue: "4" },
        notAuditedCount: { DataType: "Number", StringValue: "4" },
        accountCount: { DataType: "Number", StringValue: "11" },
        runStatus: { DataType: "String", StringValue: "partial" },
      });
    });

    it("reads: the head, the accounts not audited, those with changes the most severe first, the partial ones, the skipped, then the count of the others", () => {
      expect(digest.body).toBe(FULL_BODY);
    });

    it("underlines each title with as many dashes, at most 60", () => {
      const underlines = digest.body.split("\n").filter((line) => /^-+$/.test(line)).map((line) => line.length);
      expect(underlines).toEqual([57, 48, 60, 11]);
    });

    it("stays the same given exactly the room it needs, leaving out nothing", () => {
      expect(buildOrganizationDigest(nightlyRun(), "medium", messageBytes(digest) + 200)).toEqual(digest);
    });
  });

  describe("the head", () => {
    it("counts one account, one change and the failing findings, leaving out what there is none of", () => {
      const digest = buildOrganizationDigest(
        {
          runId: "scheduled-night-3",
          accounts: [
            complete("111122223333", { account: { id: "111122223333", name: "Prod" }, failing: { high: 1, low: 0 }, changes: changes(1), highest: "high", top: ["[HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1"] }),
          ],
          skipped: [],
        },
        "high",
      )!;
      expect(digest.subject).toBe("driftwarden: 1 account: 1 new (high)");
      expect(digest.body).toBe(
        [
          "driftwarden audit of 1 account of the organization, run scheduled-night-3",
          "Accounts: 1 complete.",
          "Changes at or above high: 1 new in 1 account.",
          "Failing now: 1 (1 high).",
          "",
          "ACCOUNTS WITH CHANGES (1), the most severe first",
          "------------------------------------------------",
          "111122223333 Prod",
          "  1 new; failing now: 1 high",
          "  [HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1",
          "",
          "",
        ].join("\n"),
      );
      expect(digest.attributes.runStatus).toEqual({ DataType: "String", StringValue: "complete" });
      expect(digest.attributes.notAuditedCount).toEqual({ DataType: "Number", StringValue: "0" });
      expect(digest.attributes.account).toEqual({ DataType: "String.Array", StringValue: '["111122223333"]' });
    });

    it("says no change and nothing failing when only an account could not be audited", () => {
      const digest = buildOrganizationDigest(
        {
          runId: "scheduled-night-3",
          accounts: [{ account: { id: "333344445555", name: "Sandbox" }, status: "unreadable", failing: {}, reason: "cannot assume arn:aws:iam::333344445555:role/driftwarden-audit (AccessDenied)" }],
          skipped: [],
        },
        "medium",
      )!;
      expect(digest.subject).toBe("driftwarden: 1 account: no change; 1 unreadable");
      expect(digest.body).toBe(
        [
          "driftwarden audit of 1 account of the organization, run scheduled-night-3",
          "Accounts: 1 unreadable.",
          "Changes at or above medium: no change.",
          "Failing now: 0.",
          "",
          "NOT AUDITED (1): their findings keep their previous state",
          "---------------------------------------------------------",
          "333344445555 Sandbox: unreadable: cannot assume arn:aws:iam::333344445555:role/driftwarden-audit (AccessDenied)",
          "",
        ].join("\n"),
      );
      expect(digest.attributes).toMatchObject({
        account: { DataType: "String.Array", StringValue: '["333344445555"]' },
        highestSeverity: { DataType: "String", StringValue: "none" },
        newCount: { DataType: "Number", StringValue: "0" },
        notAuditedCount: { DataType: "Number", StringValue: "1" },
        accountCount: { DataType: "Number", StringValue: "1" },
        runStatus: { DataType: "String", StringValue: "partial" },
      });
    });
  });

  describe("the subject", () => {
    it("names no severity when only resolutions changed", () => {
      const digest = buildOrganizationDigest(
        { runId: "scheduled-night-3", accounts: [complete("111122223333", { changes: changes(0, 0, 2) }), complete("222233334444", { changes: changes(0, 0, 1) }), complete("333344445555")], skipped: [] },
        "medium",
      )!;
      expect(digest.subject).toBe("driftwarden: 3 accounts: 3 resolved");
      expect(digest.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "none" });
      expect(digest.attributes.runStatus).toEqual({ DataType: "String", StringValue: "complete" });
      expect(digest.body).toContain("\nChanges at or above medium: 3 resolved in 2 accounts.\n");
      expect(digest.body).toContain("\n1 other account without changes at or above medium.\n");
    });

    it(`is cut to ${MAX_SUBJECT} characters, ending in an ellipsis`, () => {
      const notAudited = (status: "unreadable" | "failed", count: number, from: number) =>
        Array.from({ length: count }, (_, i): AccountOutcome => ({ account: { id: String(from + i) }, status, failing: {}, reason: "denied" }));
      const digest = buildOrganizationDigest(
        {
          runId: "scheduled-night-3",
          accounts: [
            complete("111122223333", { changes: changes(12345, 6789, 2345), highest: "critical" }),
            complete("222233334444", { changes: changes(0, 0, 1) }),
            complete("222233335555"),
            ...notAudited("unreadable", 15, 300000000000),
            ...notAudited("failed", 12, 400000000000),
          ],
          skipped: [],
          lost: Array.from({ length: 10 }, (_, i) => `{"Error":"States.Runtime","Cause":"item ${i}"}`),
        },
        "medium",
      )!;
      // Whole, it would be "driftwarden: 30 accounts: 12345 new, 6789 regressed, 2346 resolved (critical); 15 unreadable, 12 failed, 10 lost".
      expect(digest.subject).toBe("driftwarden: 30 accounts: 12345 new, 6789 regressed, 2346 resolved (critical); 15 unreadable, 12 f…");
      expect(digest.subject).toHaveLength(99);
      expect(digest.attributes.notAuditedCount).toEqual({ DataType: "Number", StringValue: "37" });
    });
  });

  describe("the attributes", () => {
    it("name an account both not audited and changed once", () => {
      // Not an outcome the audit gives today (an account not audited compared nothing), but one the digest's input allows.
      const digest = buildOrganizationDigest(
        {
          runId: "scheduled-night-3",
          accounts: [
            { account: { id: "222233334444" }, status: "failed", failing: {}, changes: changes(1), highest: "medium", reason: "States.Timeout" },
            complete("111122223333", { changes: changes(1), highest: "low" }),
          ],
          skipped: [],
        },
        "low",
      )!;
      expect(digest.attributes.account).toEqual({ DataType: "String.Array", StringValue: '["111122223333","222233334444"]' });
    });

    it("call the run partial when an account without changes was only partly read", () => {
      const digest = buildOrganizationDigest(
        { runId: "scheduled-night-3", accounts: [complete("111122223333", { changes: changes(1), highest: "high" }), { account: { id: "222233334444" }, status: "partial", failing: {}, errors: 1 }], skipped: [] },
        "medium",
      )!;
      expect(digest.attributes.runStatus).toEqual({ DataType: "String", StringValue: "partial" });
      expect(digest.attributes.account).toEqual({ DataType: "String.Array", StringValue: '["111122223333"]' });
      expect(digest.body.endsWith("\nPARTIAL, WITHOUT CHANGES (1): the parts not read keep their previous state\n" + "-".repeat(60) + "\n222233334444: 1 part not read\n")).toBe(true);
    });

    it("call the run partial when a Map item was lost, every account complete", () => {
      const digest = buildOrganizationDigest({ runId: "scheduled-night-3", accounts: [complete("111122223333")], skipped: [], lost: ['{"Error":"States.Runtime"}', '{"Error":"States.Runtime"}'] }, "medium")!;
      expect(digest.attributes).toMatchObject({
        account: { StringValue: "[]" },
        notAuditedCount: { DataType: "Number", StringValue: "2" },
        runStatus: { DataType: "String", StringValue: "partial" },
      });
      expect(digest.subject).toBe("driftwarden: 1 account: no change; 2 lost");
      expect(digest.body).toContain("\nAccounts: 1 complete; 2 lost (Map items with no outcome).\n");
      expect(digest.body).toContain("\nNOT AUDITED (2): their findings keep their previous state\n");
      expect(digest.body).toContain("\n1 other account without changes at or above medium.\n");
    });
  });

  describe("the accounts with changes", () => {
    it("come the most severe first, then the most new and regressed, then the most failing from critical down, then by id", () => {
      const account = (id: string, highest: Severity | undefined, change: AccountOutcome["changes"], failing: AccountOutcome["failing"] = {}) =>
        complete(id, { changes: change, failing, ...(highest && { highest }) });
      const accounts = [
        account("100000000000", undefined, changes(0, 0, 5), { critical: 9 }),
        account("100000000006", "high", changes(2), { high: 5, low: 9 }),
        account("100000000003", "high", changes(1, 1), { high: 5, medium: 1 }),
        account("100000000010", "info", changes(1)),
        account("100000000008", "high", changes(1, 3)),
        account("100000000001", "low", changes(10), { critical: 3 }),
        account("100000000005", "high", changes(0, 2), { high: 5, medium: 1 }),
        account("100000000007", "high", changes(3), { critical: 2 }),
        account("100000000009", "critical", changes(1)),
        account("100000000004", "high", changes(2), { critical: 1 }),
        account("100000000002", "high", changes(2), { high: 5, medium: 1 }),
      ];
      const digest = buildOrganizationDigest({ runId: "scheduled-night-3", accounts, skipped: [] }, "info")!;
      expect(changedOrder(digest.body)).toEqual([
        "100000000009", // critical
        "100000000008", // high, 4 new or regressed
        "100000000007", // high, 3
        "100000000004", // high, 2, 1 critical failing
        "100000000002", // high, 2, 5 high and 1 medium failing: by id
        "100000000003",
        "100000000005",
        "100000000006", // high, 2, 5 high and no medium failing
        "100000000001", // low
        "100000000010", // info
        "100000000000", // resolutions only
      ]);
      expect(digest.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "critical" });
    });

    it("say how many more new and regressed findings the findings table holds, only when there are more than the lines shown", () => {
      const digest = buildOrganizationDigest(
        {
          runId: "scheduled-night-3",
          accounts: [
            complete("111122223333", { changes: changes(2, 0, 1), highest: "high", failing: { high: 2 } }),
            complete("222233334444", { changes: changes(1), highest: "medium", failing: { medium: 1 }, top: ["[MEDIUM] NEW rds-backup-enabled db-orders eu-west-1"] }),
          ],
          skipped: [],
        },
        "medium",
      )!;
      expect(digest.body).toContain(
        "\n111122223333\n  2 new, 1 resolved; failing now: 2 high\n  … and 2 more new or regressed in the findings table\n\n222233334444\n  1 new; failing now: 1 medium\n  [MEDIUM] NEW rds-backup-enabled db-orders eu-west-1\n\n",
      );
    });
  });

  describe("within the message size", () => {
    const full = buildOrganizationDigest(nightlyRun(), "medium")!;
    const room = messageBytes(full) + 200;

    it("leaves out the last entry for want of one byte, and says so", () => {
      const digest = buildOrganizationDigest(nightlyRun(), "medium", room - 1)!;
      const skipped = ["\n", "SKIPPED (2)\n", "-----------\n", "100000000001 Old: SUSPENDED\n"].join("");
      expect(digest.body).toBe(
        HEAD + NOT_AUDITED + WITH_CHANGES + PARTIAL + skipped + "\n… and 1 more account entry not shown (message size limit). The findings table holds every account's findings.\n" + UNCHANGED,
      );
      expect(digest.subject).toBe(full.subject);
      expect(digest.attributes).toEqual(full.attributes);
      expect(messageBytes(digest)).toBeLessThanOrEqual(room - 1);
    });

    it("leaves out a section none of whose entries fit, title and all", () => {
      const digest = buildOrganizationDigest(nightlyRun(), "medium", room - bytes(SKIPPED))!;
      expect(digest.body).toBe(
        HEAD + NOT_AUDITED + WITH_CHANGES + PARTIAL + "\n… and 2 more account entries not shown (message size limit). The findings table holds every account's findings.\n" + UNCHANGED,
      );
      expect(messageBytes(digest)).toBeLessThanOrEqual(room - bytes(SKIPPED));
    });

    it("goes on past an entry too large for what is left, showing the smaller ones after it", () => {
      const reason =
        "cannot assume arn:aws:iam::333344445555:role/driftwarden-audit (AccessDenied): User: arn:aws:sts::111122223333:assumed-role/driftwarden-prod-audit/driftwarden-prod-audit is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333344445555:role/driftwarden-audit; the role may be missing in that account, its trust policy may not name this caller, or the ExternalId may differ (deploy the member role: `driftwarden member-role`)";
      const run: OrganizationOutcome = {
        runId: "scheduled-night-3",
        accounts: [
          { account: { id: "333344445555", name: "Sandbox" }, status: "unreadable", failing: {}, reason },
          complete("111122223333", { account: { id: "111122223333", name: "Prod" }, changes: changes(1), highest: "high", failing: { high: 1 }, top: ["[HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1"] }),
          complete("222233334444"),
        ],
        skipped: [{ id: "444455556666", name: "Old", reason: "SUSPENDED" }],
      };
      const whole = buildOrganizationDigest(run, "medium")!;
      const notAudited = `\nNOT AUDITED (1): their findings keep their previous state\n${"-".repeat(57)}\n333344445555 Sandbox: unreadable: ${reason}\n`;
      expect(whole.body).toContain(notAudited);
      const max = messageBytes(whole) + 200 - bytes(notAudited);
      const digest = buildOrganizationDigest(run, "medium", max)!;
      expect(digest.body).toBe(
        [
          "driftwarden audit of 3 accounts of the organization, run scheduled-night-3",
          "Accounts: 2 complete, 1 unreadable; 1 skipped.",
          "Changes at or above medium: 1 new in 1 account.",
          "Failing now: 1 (1 high).",
          "",
          "ACCOUNTS WITH CHANGES (1), the most severe first",
          "------------------------------------------------",
          "111122223333 Prod",
          "  1 new; failing now: 1 high",
          "  [HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1",
          "",
          "SKIPPED (1)",
          "-----------",
          "444455556666 Old: SUSPENDED",
          "",
          "… and 1 more account entry not shown (message size limit). The findings table holds every account's findings.",
          "",
          "1 other account without changes at or above medium.",
          "",
        ].join("\n"),
      );
      expect(digest.subject).toBe("driftwarden: 3 accounts: 1 new (high); 1 unreadable");
      expect(messageBytes(digest)).toBeLessThanOrEqual(max);
    });

    it("keeps a digest of many accounts within the maximum given", () => {
      const accounts = Array.from({ length: 300 }, (_, i) =>
        complete(String(500000000000 + i), {
          account: { id: String(500000000000 + i), name: "Payments Platform Production (eu-central, shared)" },
          changes: changes(40, 12, 9),
          highest: "critical",
          failing: { critical: 120, high: 430 },
          top: ["[CRITICAL] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1", "[CRITICAL] REGRESSED s3-bucket-not-public webapp-static us-east-1", "[HIGH] NEW rds-not-public db-orders eu-west-1"],
        }),
      );
      for (const max of [16 * 1024, 40 * 1024]) {
        const digest = buildOrganizationDigest({ runId: "scheduled-night-3", accounts, skipped: [] }, "medium", max)!;
        expect(messageBytes(digest)).toBeLessThanOrEqual(max);
        expect(messageBytes(digest)).toBeGreaterThan(max - 1024);
        const shown = changedOrder(digest.body).length;
        expect(shown).toBeGreaterThan(0);
        expect(digest.body).toContain(`\n… and ${300 - shown} more account entries not shown (message size limit). The findings table holds every account's findings.\n`);
      }
    });
  });

  describe("changeLine", () => {
    const resource = { type: "AWS::EC2::SecurityGroup" as const, id: "sg-0a1b2c3d4e5f67890", region: "us-east-1" };

    it("gives the severity, the kind, the rule, the resource id and its region", () => {
      expect(changeLine({ kind: "REGRESSED", severity: "critical", ruleId: "ec2-ssh-restricted", resource })).toBe("[CRITICAL] REGRESSED ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1");
    });

    it("shortens a long resource id, an ARN, from its start to fit 80 characters, keeping the resource's name and the region", () => {
      const trail = { type: "AWS::CloudTrail::Trail" as const, id: "arn:aws:cloudtrail:us-east-1:111122223333:trail/organization-trail", region: "us-east-1" };
      const line = changeLine({ kind: "NEW", severity: "medium", ruleId: "cloudtrail-log-file-validation", resource: trail });
      expect(line).toBe("[MEDIUM] NEW cloudtrail-log-file-validation …:trail/organization-trail us-east-1");
      expect(line).toHaveLength(80);
      const loadBalancer = { type: "AWS::ElasticLoadBalancingV2::LoadBalancer" as const, id: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188", region: "us-east-1" };
      expect(changeLine({ kind: "NEW", severity: "high", ruleId: "elb-http-redirects-to-https", resource: loadBalancer })).toBe("[HIGH] NEW elb-http-redirects-to-https …ancer/app/web/50dc6c495c0c9188 us-east-1");
    });

    it("keeps at least 12 characters of the id however long the rule id, and cuts the line at 100", () => {
      // A rule of one's own may have a long id.
      const ruleId = "acme-ec2-instance-metadata-service-v2-required-on-launch-templates";
      const instance = { type: "AWS::EC2::Instance" as const, id: "i-0123456789abcdef0", region: "us-east-1" };
      expect(changeLine({ kind: "NEW", severity: "low", ruleId, resource: instance })).toBe(`[LOW] NEW ${ruleId} …6789abcdef0 us-east-1`);
      const cut = changeLine({ kind: "NEW", severity: "low", ruleId, resource: { ...instance, region: "ap-southeast-2" } });
      expect(cut).toBe(`[LOW] NEW ${ruleId} …6789abcdef0 ap-southe…`);
      expect(cut).toHaveLength(100);
    });
  });

  describe("an account whose run an earlier attempt recorded (a repeated Map item)", () => {
    // Its outcome has no changes (they went with the earlier attempt, which sent no email): the digest must still tell of it.
    const repeated = (id: string, name?: string): AccountOutcome => ({ account: { id, ...(name && { name }) }, status: "complete", failing: { high: 2 }, repeated: true });

    it("sends a digest for it even with nothing else to tell, naming it and where its changes are", () => {
      const digest = buildOrganizationDigest({ runId: "scheduled-night-4", accounts: [complete("111122223333"), repeated("444455556666", "Payments")], skipped: [] }, "medium")!;
      expect(digest).toBeDefined();
      expect(digest.subject).toBe("driftwarden: 2 accounts: no change; 1 recorded earlier");
      expect(digest.body).toBe(
        [
          "driftwarden audit of 2 accounts of the organization, run scheduled-night-4",
          "Accounts: 2 complete.",
          "Changes at or above medium: no change.",
          "Failing now: 2 (2 high).",
          "",
          "RECORDED BY AN EARLIER ATTEMPT (1): their changes, if any, are in the findings table",
          "------------------------------------------------------------",
          "444455556666 Payments: complete",
          "",
          "1 other account without changes at or above medium.",
          "",
        ].join("\n"),
      );
      expect(JSON.parse(digest.attributes.account!.StringValue)).toEqual(["444455556666"]);
    });

    it("is not counted among the accounts without changes", () => {
      const digest = buildOrganizationDigest({ runId: "scheduled-night-4", accounts: [repeated("444455556666"), repeated("123456789012"), complete("111122223333", { changes: changes(1), highest: "high" })], skipped: [] }, "medium")!;
      expect(digest.body).toContain("RECORDED BY AN EARLIER ATTEMPT (2)");
      expect(digest.body).toContain("\n123456789012: complete\n444455556666: complete\n");
      expect(digest.body).not.toContain("other account");
      expect(JSON.parse(digest.attributes.account!.StringValue)).toEqual(["111122223333", "123456789012", "444455556666"]);
    });
  });

  it("says which Map items were lost when no account has an outcome", () => {
    const digest = buildOrganizationDigest({ runId: "scheduled-night-5", accounts: [], skipped: [], lost: ['{"Error":"States.Runtime"}', '{"Error":"States.Runtime"}'] }, "medium")!;
    expect(digest.body.split("\n").slice(0, 2)).toEqual(["driftwarden audit of 0 accounts of the organization, run scheduled-night-5", "Accounts: 2 lost (Map items with no outcome)."]);
    const none = buildOrganizationDigest({ runId: "scheduled-night-5", accounts: [], skipped: [], lost: [] }, "medium");
    expect(none).toBeUndefined();
  });

  it("leaves one blank line, not two, between the last account with changes and the line after it", () => {
    const run: OrganizationOutcome = { runId: "scheduled-night-6", accounts: [complete("111122223333", { changes: changes(1), highest: "high", top: ["[HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1"] }), complete("444455556666")], skipped: [] };
    const digest = buildOrganizationDigest(run, "medium")!;
    expect(digest.body).toContain("  [HIGH] NEW ec2-ssh-restricted sg-0a1b2c3d4e5f67890 us-east-1\n\n1 other account without changes at or above medium.\n");
    expect(digest.body).not.toContain("\n\n\n");
    const three = { ...run, accounts: [...run.accounts, complete("777788889999", { changes: changes(1), highest: "low" })] };
    const cut = buildOrganizationDigest(three, "low", messageBytes(buildOrganizationDigest(three, "low")!) + 200 - 1)!;
    expect(cut.body).toContain("\n\n… and 1 more account entry not shown");
    expect(cut.body).not.toContain("\n\n\n");
  });
});
