/** The event path's email, as a subscriber reads it: subject, body and the attributes a filter policy matches. */
import { describe, expect, it } from "@jest/globals";
import type { Transition } from "../../../src/diff/types.js";
import { DEFAULT_BURST_THRESHOLD, eventAlerts } from "../../../src/publish/notify/event-alert.js";
import { MAX_SUBJECT } from "../../../src/publish/notify/alert-message.js";
import type { ChangeCause } from "../../../src/types/cause.js";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const TRAILER = "Re-evaluated from a CloudTrail event: the resource was read again, not taken from the event.";

const webTier: Transition["resource"] = { type: "AWS::EC2::SecurityGroup", id: "sg-0a1b2c3d4e5f67890", name: "web-tier", region: REGION };

/** An IAM Identity Center user: the session is the person's user name, the role the permission set's. */
const alice: ChangeCause = {
  eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
  eventName: "AuthorizeSecurityGroupIngress",
  eventSource: "ec2.amazonaws.com",
  eventTime: "2026-11-21T14:02:37Z",
  region: REGION,
  actor: {
    type: "AssumedRole",
    name: "alice@example.com",
    role: "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com`,
    accountId: ACCOUNT,
  },
  sourceIpAddress: "198.51.100.7",
};
const ALICE_LINE = "by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, AuthorizeSecurityGroupIngress from 198.51.100.7";

/** A deployment pipeline's role session. */
const pipeline: ChangeCause = {
  eventId: "7f1c0e55-1d2b-4c1e-9a57-3c8f2d6b9e01",
  eventName: "ModifyInstanceAttribute",
  eventSource: "ec2.amazonaws.com",
  eventTime: "2026-11-21T15:30:05Z",
  region: REGION,
  actor: { type: "AssumedRole", name: "github-actions-payments-api-deploy-9876543210", role: "payments-deploy", accountId: ACCOUNT },
  sourceIpAddress: "203.0.113.24",
};

function transition(fields: Pick<Transition, "kind" | "severity" | "ruleId"> & Partial<Transition>): Transition {
  return { findingId: `${fields.ruleId}#${(fields.resource ?? webTier).id}`, resource: webTier, ...fields };
}

const sshOpen = transition({
  kind: "NEW",
  severity: "high",
  ruleId: "ec2-ssh-restricted",
  reason: "SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
  explanation: "ingress tcp/22 from 0.0.0.0/0 added",
  cause: alice,
});

describe("eventAlerts", () => {
  describe("sends nothing", () => {
    it("for no changes, no account or an account without transitions", () => {
      expect(eventAlerts([], "info")).toEqual([]);
      expect(eventAlerts([{ accountId: ACCOUNT, transitions: [] }], "info")).toEqual([]);
      expect(eventAlerts([{ accountId: ACCOUNT, transitions: [] }], "info", 0)).toEqual([]);
    });

    it("for a finding that is still failing, or one below the alert severity", () => {
      const persisting = { ...sshOpen, kind: "PERSISTING" as const };
      const low = transition({ kind: "NEW", severity: "low", ruleId: "ec2-eip-attached", reason: "not attached" });
      expect(eventAlerts([{ accountId: ACCOUNT, transitions: [persisting, low] }], "medium")).toEqual([]);
    });
  });

  describe("one resource", () => {
    it("reads, as a whole, as the email for a change someone made: the most severe first, each line only with what is known", () => {
      const allTraffic = transition({
        kind: "NEW",
        severity: "critical",
        ruleId: "ec2-no-all-traffic-from-internet",
        reason: "all traffic open to the internet: -1 from 0.0.0.0/0",
        explanation: "ingress -1 from 0.0.0.0/0 added",
        cause: alice,
      });
      const webOnly = transition({ kind: "RESOLVED", severity: "medium", ruleId: "ec2-only-web-ports-public" });
      const [message, ...rest] = eventAlerts([{ accountId: ACCOUNT, transitions: [webOnly, sshOpen, allTraffic] }], "medium");
      expect(rest).toEqual([]);
      expect(message!.subject).toBe("driftwarden: CRITICAL ec2-no-all-traffic-from-internet on web-tier by alice@example.com");
      expect(message!.body).toBe(
        [
          "web-tier (eu-west-1) (AWS::EC2::SecurityGroup) in account 123456789012 changed:",
          "",
          "  NEW critical ec2-no-all-traffic-from-internet: all traffic open to the internet: -1 from 0.0.0.0/0",
          "    because ingress -1 from 0.0.0.0/0 added",
          `    ${ALICE_LINE}`,
          "  NEW high ec2-ssh-restricted: SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
          "    because ingress tcp/22 from 0.0.0.0/0 added",
          `    ${ALICE_LINE}`,
          "  RESOLVED medium ec2-only-web-ports-public",
          "",
          TRAILER,
        ].join("\n"),
      );
      expect(message!.attributes).toEqual({
        account: { DataType: "String", StringValue: ACCOUNT },
        highestSeverity: { DataType: "String", StringValue: "critical" },
        trigger: { DataType: "String", StringValue: "event" },
      });
    });

    it("reads, as a whole, as the email for a change no one is named for, by its id when it has no name", () => {
      const bucket: Transition["resource"] = { type: "AWS::S3::Bucket", id: "acme-invoices-prod", region: REGION };
      const regressed = transition({ kind: "REGRESSED", severity: "high", ruleId: "s3-bucket-public-access-blocked", resource: bucket, reason: "BlockPublicPolicy is off" });
      const [message, ...rest] = eventAlerts([{ accountId: ACCOUNT, transitions: [regressed] }], "high");
      expect(rest).toEqual([]);
      expect(message).toEqual({
        subject: "driftwarden: HIGH s3-bucket-public-access-blocked on acme-invoices-prod",
        body: [
          "acme-invoices-prod (eu-west-1) (AWS::S3::Bucket) in account 123456789012 changed:",
          "",
          "  REGRESSED high s3-bucket-public-access-blocked: BlockPublicPolicy is off",
          "",
          TRAILER,
        ].join("\n"),
        attributes: {
          account: { DataType: "String", StringValue: ACCOUNT },
          highestSeverity: { DataType: "String", StringValue: "high" },
          trigger: { DataType: "String", StringValue: "event" },
        },
      });
    });

    it("gives the drift and who made it without a reason, and the reason alone when nothing else is known", () => {
      const drift = transition({ kind: "NEW", severity: "high", ruleId: "ec2-rdp-restricted", explanation: "ingress tcp/3389 from 0.0.0.0/0 added" });
      const who = transition({ kind: "NEW", severity: "medium", ruleId: "ec2-only-web-ports-public", cause: alice });
      const [message] = eventAlerts([{ accountId: ACCOUNT, transitions: [who, drift] }], "info");
      expect(message!.body.split("\n").slice(2, -2)).toEqual([
        "  NEW high ec2-rdp-restricted",
        "    because ingress tcp/3389 from 0.0.0.0/0 added",
        "  NEW medium ec2-only-web-ports-public",
        `    ${ALICE_LINE}`,
      ]);
      // The actor is the first one any transition of the resource names, not only the first transition's.
      expect(message!.subject).toBe("driftwarden: HIGH ec2-rdp-restricted on web-tier by alice@example.com");
    });

    it("is rated by its new and regressed failures: a resolution of any severity neither heads nor rates it", () => {
      const resolved = transition({ kind: "RESOLVED", severity: "critical", ruleId: "ec2-no-all-traffic-from-internet", reason: "no ingress from 0.0.0.0/0 on all traffic" });
      const opened = transition({ kind: "NEW", severity: "low", ruleId: "ec2-default-sg-closed", reason: "the default group allows ingress" });
      const [message] = eventAlerts([{ accountId: ACCOUNT, transitions: [resolved, opened] }], "info");
      expect(message!.subject).toBe("driftwarden: LOW ec2-default-sg-closed on web-tier");
      expect(message!.body.split("\n").slice(2, 4)).toEqual(["  NEW low ec2-default-sg-closed: the default group allows ingress", "  RESOLVED critical ec2-no-all-traffic-from-internet: no ingress from 0.0.0.0/0 on all traffic"]);
      expect(message!.attributes.highestSeverity).toEqual({ DataType: "String", StringValue: "low" });
    });

    it("says resolved, with no severity to filter on, when all its changes are resolutions", () => {
      const resolved = transition({ kind: "RESOLVED", severity: "high", ruleId: "ec2-ssh-restricted", reason: "no ingress on tcp/22 from the internet", cause: alice });
      const [message] = eventAlerts([{ accountId: ACCOUNT, transitions: [resolved] }], "medium");
      expect(message!.subject).toBe("driftwarden: resolved ec2-ssh-restricted on web-tier by alice@example.com");
      expect(message!.attributes).toEqual({
        account: { DataType: "String", StringValue: ACCOUNT },
        highestSeverity: { DataType: "String", StringValue: "none" },
        trigger: { DataType: "String", StringValue: "event" },
      });
    });
  });

  describe(`a subject within ${MAX_SUBJECT} characters`, () => {
    const named = (name: string, cause?: ChangeCause) => eventAlerts([{ accountId: ACCOUNT, transitions: [{ ...sshOpen, resource: { ...webTier, name }, cause }] }], "info")[0]!.subject;
    // "driftwarden: HIGH ec2-ssh-restricted on " (40) and " by alice@example.com" (21) leave the name 38 characters.
    const head = "driftwarden: HIGH ec2-ssh-restricted on ";

    it("keeps a name that fits exactly, to the last character", () => {
      const name = "payments-platform-ingress-from-partner";
      expect(name).toHaveLength(38);
      expect(named(name, alice)).toBe(`${head}${name} by alice@example.com`);
      expect(named(name, alice)).toHaveLength(MAX_SUBJECT);
    });

    it("shortens a longer name, keeping who made the change", () => {
      expect(named("payments-platform-ingress-from-partners", alice)).toBe(`${head}payments-platform-ingress-from-partne… by alice@example.com`);
      const long = "payments-platform-production-ingress-from-partner-networks-eu-central-1";
      expect(named(long, alice)).toBe(`${head}payments-platform-production-ingress-… by alice@example.com`);
      expect(named(long, alice)).toHaveLength(MAX_SUBJECT);
    });

    it("gives a name the whole room when no one is named", () => {
      const long = "payments-platform-production-ingress-from-partner-networks-eu-central-1";
      expect(named(long)).toBe(`${head}${long.slice(0, 58)}…`);
      expect(named(long)).toHaveLength(MAX_SUBJECT);
      expect(named(long.slice(0, 59))).toBe(`${head}${long.slice(0, 59)}`);
    });

    it("keeps 24 characters of the name when rule and actor leave less, and cuts the subject's end", () => {
      // "driftwarden: MEDIUM ec2-instance-termination-protection on " (59) and " by github-actions-…" (49): no room left.
      const worker: Transition["resource"] = { type: "AWS::EC2::Instance", id: "i-0123456789abcdef0", name: "payments-api-production-worker-7", region: REGION };
      const protection = transition({ kind: "NEW", severity: "medium", ruleId: "ec2-instance-termination-protection", resource: worker, reason: "DisableApiTermination is false", cause: pipeline });
      const [message] = eventAlerts([{ accountId: ACCOUNT, transitions: [protection] }], "info");
      expect(message!.subject).toBe("driftwarden: MEDIUM ec2-instance-termination-protection on payments-api-production… by github-acti…");
      expect(message!.subject).toHaveLength(MAX_SUBJECT);
      expect(message!.body.split("\n")[0]).toBe("payments-api-production-worker-7 (eu-west-1) (AWS::EC2::Instance) in account 123456789012 changed:");
      // With a short name the name is whole, and the actor still gives way at the end.
      const short = eventAlerts([{ accountId: ACCOUNT, transitions: [{ ...protection, resource: { ...worker, name: "worker-7" } }] }], "info")[0]!.subject;
      expect(short).toBe("driftwarden: MEDIUM ec2-instance-termination-protection on worker-7 by github-actions-payments-api…");
      expect(short).toHaveLength(MAX_SUBJECT);
    });
  });

  describe("a burst of resources in one message", () => {
    const bucket: Transition["resource"] = { type: "AWS::S3::Bucket", id: "acme-logs", region: REGION };
    const oldWeb: Transition["resource"] = { type: "AWS::EC2::SecurityGroup", id: "sg-0fedcba9876543210", name: "web-old", region: REGION };

    it("reads, as a whole, as the summary: the count, each resource's block, the accounts in order", () => {
      const changes = [
        {
          accountId: "999900001111",
          transitions: [
            transition({ kind: "RESOLVED", severity: "critical", ruleId: "ec2-ssh-restricted", resource: oldWeb, reason: "no ingress on tcp/22 from the internet" }),
            transition({ kind: "NEW", severity: "low", ruleId: "s3-bucket-versioning", resource: bucket, reason: "versioning is Suspended", explanation: "versioning Enabled → Suspended" }),
          ],
        },
        {
          accountId: "111122223333",
          transitions: [sshOpen, transition({ kind: "REGRESSED", severity: "medium", ruleId: "ec2-only-web-ports-public", reason: "tcp/22 open to the internet" })],
        },
      ];
      const messages = eventAlerts(changes, "info", 2);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.subject).toBe("driftwarden: 4 changes on 3 resources (high) in 111122223333, 999900001111");
      expect(messages[0]!.body).toBe(
        [
          "3 resources changed within seconds of each other; one message for all of them:",
          "",
          "acme-logs (eu-west-1) (AWS::S3::Bucket, account 999900001111)",
          "  NEW low s3-bucket-versioning: versioning is Suspended",
          "    because versioning Enabled → Suspended",
          "",
          "web-old (eu-west-1) (AWS::EC2::SecurityGroup, account 999900001111)",
          "  RESOLVED critical ec2-ssh-restricted: no ingress on tcp/22 from the internet",
          "",
          "web-tier (eu-west-1) (AWS::EC2::SecurityGroup, account 111122223333)",
          "  NEW high ec2-ssh-restricted: SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
          "    because ingress tcp/22 from 0.0.0.0/0 added",
          `    ${ALICE_LINE}`,
          "  REGRESSED medium ec2-only-web-ports-public: tcp/22 open to the internet",
          "",
        ].join("\n"),
      );
      // The most severe of the failures across every account, not the first account's, nor the critical resolution.
      expect(messages[0]!.attributes).toEqual({
        account: { DataType: "String", StringValue: "111122223333,999900001111" },
        highestSeverity: { DataType: "String", StringValue: "high" },
        trigger: { DataType: "String", StringValue: "event" },
      });
    });

    it("names no severity when every change is a resolution", () => {
      const resolved = (resource: Transition["resource"]) => transition({ kind: "RESOLVED", severity: "high", ruleId: "ec2-ssh-restricted", resource });
      const [message] = eventAlerts([{ accountId: ACCOUNT, transitions: [resolved(webTier), resolved(oldWeb)] }], "info", 1);
      expect(message!.subject).toBe(`driftwarden: 2 changes on 2 resources in ${ACCOUNT}`);
      expect(message!.attributes).toEqual({
        account: { DataType: "String", StringValue: ACCOUNT },
        highestSeverity: { DataType: "String", StringValue: "none" },
        trigger: { DataType: "String", StringValue: "event" },
      });
    });

    it("names each account once, and cuts a subject of many accounts at its limit", () => {
      const accounts = ["555500000005", "222200000002", "444400000004", "111100000001", "333300000003", "666600000006", "222200000002"];
      const changes = accounts.map((accountId, i) => ({ accountId, transitions: [transition({ kind: "NEW", severity: "medium", ruleId: "ec2-rdp-restricted", resource: { ...webTier, id: `sg-${i}` } })] }));
      const [message] = eventAlerts(changes, "info");
      expect(changes.length).toBeGreaterThan(DEFAULT_BURST_THRESHOLD);
      expect(message!.subject).toBe("driftwarden: 7 changes on 7 resources (medium) in 111100000001, 222200000002, 333300000003, 444400…");
      expect(message!.subject).toHaveLength(MAX_SUBJECT);
      expect(message!.attributes.account).toEqual({ DataType: "String", StringValue: "111100000001,222200000002,333300000003,444400000004,555500000005,666600000006" });
    });

    it("sends one message each up to the threshold, one summary above it", () => {
      const resources = Array.from({ length: DEFAULT_BURST_THRESHOLD + 1 }, (_, i) => ({ ...webTier, id: `sg-${i}`, name: `web-${i}` }));
      const changes = (n: number) => [{ accountId: ACCOUNT, transitions: resources.slice(0, n).map((resource) => ({ ...sshOpen, resource })) }];
      expect(eventAlerts(changes(DEFAULT_BURST_THRESHOLD), "info").map((m) => m.subject)).toEqual(resources.slice(0, DEFAULT_BURST_THRESHOLD).map((r) => `driftwarden: HIGH ec2-ssh-restricted on ${r.name} by alice@example.com`));
      expect(eventAlerts(changes(DEFAULT_BURST_THRESHOLD + 1), "info").map((m) => m.subject)).toEqual([`driftwarden: 6 changes on 6 resources (high) in ${ACCOUNT}`]);
    });
  });
});
