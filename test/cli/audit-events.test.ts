/**
 * `audit --events`: the demo's second night, given its CloudTrail log, names
 * who made each change in every report, and never the events that made none.
 */
import { describe, expect, it } from "@jest/globals";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { runCli } from "../support/run-cli.js";
import { DEMO_NIGHT_1, DEMO_NIGHT_2, DEMO_EVENTS } from "../support/demo.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-events-");

/** Night 2's drift, each resource with the event that made it and who, as the demo's log has them. */
const NIGHT_2_CAUSES = [
  "111122223333 CreateAccessKey root",
  "E4PROMO5EXAMPLE CreateDistribution2020_05_31 deployer",
  "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events StopLogging bob",
  "i-0aa1bb2cc3dd4ee03 TerminateInstances AutoScaling",
  "orders-db ModifyDBInstance bob",
  "sg-0a1b2c3d4e5f60002 AuthorizeSecurityGroupIngress alice@example.com",
  "webapp-static PutBucketPolicy carol@example.com",
  "worker-asg DeleteAutoScalingGroup alice@example.com",
];

/** What the log holds that changed nothing this audit saw: before night 1, read-only, refused, after night 2, or of nothing collected. */
const NEVER_NAMED = ["mallory", "readonly-auditor", "dave", "DescribeInstances", "RevokeSecurityGroupIngress", "PutMetricAlarm"];

const ALICE_SSH = "by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 14:02 UTC, AuthorizeSecurityGroupIngress from 198.51.100.7";
const BOB_RDS = "by bob (IAM user) at 2026-11-21 16:47 UTC, ModifyDBInstance from 203.0.113.25";
const STACK = "by cloudformation.amazonaws.com for deployer (role CIDeploy) at 2026-11-21 11:20 UTC, CreateDistribution2020_05_31";
const ROOT_KEY = "by root at 2026-11-22 00:33 UTC, CreateAccessKey from 198.51.100.99";
const AUTO_SCALING = "by autoscaling.amazonaws.com (role AWSServiceRoleForAutoScaling) at 2026-11-21 20:30 UTC, TerminateInstances";

/** A state directory holding night 1. */
async function afterNight1(): Promise<string> {
  const state = await tempDirectory();
  expect((await runCli("audit", "--snapshot", DEMO_NIGHT_1, "--state-dir", state, "--quiet", "--fail-on", "none")).code).toBe(0);
  return state;
}

/** Night 2 with its events; each test audits it once, after a night 1 of its own. */
async function night2(state: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli("audit", "--snapshot", DEMO_NIGHT_2, "--events", DEMO_EVENTS, "--state-dir", state, "--fail-on", "none", ...extra);
}

describe("audit --events on the demo's second night", () => {
  it("JSON: every drifted resource and every NEW, REGRESSED and RESOLVED finding carries the event that made it", async () => {
    const state = await afterNight1();
    const { code, stdout } = await night2(state, "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as AuditReport;
    const drift = report.drift!;
    const causes = [...drift.added, ...drift.removed, ...drift.modified.map((m) => ({ ...m.resource, cause: m.cause }))]
      .map((item) => `${item.id} ${item.cause?.eventName} ${item.cause?.actor.name}`)
      .sort();
    expect(causes).toEqual(NIGHT_2_CAUSES);
    const changes = report.transitions!.filter((t) => t.kind !== "PERSISTING");
    expect(changes).toHaveLength(13);
    for (const t of changes) expect([t.ruleId, t.resource.id, t.cause?.eventId]).toEqual([t.ruleId, t.resource.id, expect.any(String)]);
    expect(report.transitions!.filter((t) => t.kind === "PERSISTING" && t.cause)).toEqual([]);
    expect(changes.find((t) => t.ruleId === "ec2-ssh-restricted")?.cause).toEqual({
      eventId: "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
      eventName: "AuthorizeSecurityGroupIngress",
      eventSource: "ec2.amazonaws.com",
      eventTime: "2026-11-21T14:02:37Z",
      region: "us-east-1",
      actor: {
        type: "AssumedRole",
        name: "alice@example.com",
        role: "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
        principalArn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com",
        accountId: "111122223333",
      },
      sourceIpAddress: "198.51.100.7",
    });
    // Two writes to the bucket: the last is the cause, the first is kept.
    expect(drift.modified.find((m) => m.resource.id === "webapp-static")?.cause?.earlier?.map((e) => e.eventName)).toEqual(["PutBucketPublicAccessBlock"]);
    // The log's 15 records hold 13 writes (one is read-only, one was refused); one write of the window touched nothing collected.
    expect(report.attribution).toEqual({ events: 13, matched: 8, changes: 8, unmatched: ["PutMetricAlarm"] });
    for (const name of NEVER_NAMED.filter((n) => n !== "PutMetricAlarm")) expect(stdout).not.toContain(name);
  });

  it("table: under each finding change's cause and each drifted resource, who made it; the state directory records none of it", async () => {
    const state = await afterNight1();
    const file = join(state, "night-2.txt");
    expect((await night2(state, "--output", file)).code).toBe(0);
    const text = await readFile(file, "utf8");
    const changes = text.slice(text.indexOf("FINDING CHANGES"), text.indexOf("DRIFT since"));
    const drift = text.slice(text.indexOf("DRIFT since"), text.indexOf("STILL FAILING"));
    expect(changes).toMatch(/caused by: ingress tcp\/22 from 0\.0\.0\.0\/0 added\n +by alice@example\.com \(role AWSReservedSSO_AdministratorAccess_0123456789abcdef\) at 2026-11-21 14:02 UTC,/);
    for (const line of [ALICE_SSH, BOB_RDS, STACK, ROOT_KEY]) expect(changes.replace(/\n +/g, " ")).toContain(line);
    expect(drift).toContain("CloudTrail named who made 8 of 8 changes (from 13 write events)");
    expect(drift).toMatch(/~ app-tier \(us-east-1\) · AWS::EC2::SecurityGroup\n +ingress tcp\/22 from 0\.0\.0\.0\/0 added\n +by alice@example\.com/);
    expect(drift).toMatch(/- worker \(us-east-1\) · AWS::EC2::Instance\n +by autoscaling\.amazonaws\.com/);
    expect(drift.replace(/\n +/g, " ")).toContain(AUTO_SCALING);
    for (const name of NEVER_NAMED) expect(text).not.toContain(name);
    // Causes are the report's alone: what the run recorded holds none of them.
    const account = join(state, "111122223333");
    const recorded = (await readdir(account, { recursive: true })).filter((f) => f.endsWith(".json"));
    expect(recorded).not.toHaveLength(0);
    for (const f of recorded) expect([f, await readFile(join(account, f), "utf8")]).toEqual([f, expect.not.stringContaining("AuthorizeSecurityGroupIngress")]);
  });

  it("HTML: the same words, with a link to each event in the CloudTrail console", async () => {
    const state = await afterNight1();
    const file = join(state, "report.html");
    expect((await night2(state, "--html", file, "--quiet")).code).toBe(0);
    const page = await readFile(file, "utf8");
    const drift = page.slice(page.indexOf('<section id="drift">'), page.indexOf("</section>", page.indexOf('<section id="drift">')));
    expect(drift).toContain(
      `<span class="cause">${ALICE_SSH}</span> <a href="https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/2b328bc2-e630-58d0-8812-f3b3fd0e7aa0" target="_blank" rel="noopener noreferrer">view event in CloudTrail</a>`,
    );
    for (const line of [BOB_RDS, STACK, ROOT_KEY, AUTO_SCALING]) expect(drift).toContain(`<span class="cause">${line}`);
    expect(drift).toContain("CloudTrail named who made 8 of 8 changes (from 13 write events).");
    expect(drift.match(/<th>Changed by<\/th>/g)).toHaveLength(3);
    // The only links out of the page are to CloudTrail events.
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#|https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudtrailv2\/home\?region=us-east-1#\/events\/[0-9a-f-]+$)/);
    for (const name of NEVER_NAMED) expect(page).not.toContain(name);
  });

  it("alert preview: each change in the email says who made it", async () => {
    const state = await afterNight1();
    const { code, stdout } = await night2(state, "--notify-preview");
    expect(code).toBe(0);
    const ssh = stdout.slice(stdout.indexOf("REGRESSED ec2-ssh-restricted"));
    expect(ssh.split("\n").slice(0, 5).join("\n")).toContain(`  changed:  ${ALICE_SSH}`);
    for (const line of [BOB_RDS, STACK, ROOT_KEY]) expect(stdout).toContain(`  changed:  ${line}`);
    expect(stdout).toContain("  changed:  by alice@example.com (role AWSReservedSSO_AdministratorAccess_0123456789abcdef) at 2026-11-21 20:30 UTC, DeleteAutoScalingGroup from 198.51.100.7");
    for (const name of NEVER_NAMED) expect(stdout).not.toContain(name);
  });

  it("ASFF: the finding a change made new carries who made it in ProductFields", async () => {
    const state = await afterNight1();
    const { stdout } = await night2(state, "--format", "asff");
    const findings = JSON.parse(stdout) as { ProductFields: Record<string, string> }[];
    const ssh = findings.find((f) => f.ProductFields["driftwarden/ruleId"] === "ec2-ssh-restricted" && f.ProductFields["driftwarden/changedBy"]);
    expect(ssh?.ProductFields).toMatchObject({
      "driftwarden/changedBy": ALICE_SSH,
      "driftwarden/changedByArn": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com",
      "driftwarden/cloudTrailEventId": "2b328bc2-e630-58d0-8812-f3b3fd0e7aa0",
    });
  });
});
