/**
 * `audit --org` against one endpoint serving Organizations, STS and EC2 for
 * several accounts: each account is read with its own assumed credentials and
 * reported on its own; a member whose role cannot be assumed is a named error
 * (exit 3), its findings kept as they were; a suspended one is listed as skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import type { EndpointRequest } from "../support/aws-http-endpoint.js";
import { assumedRole, awsHttpEndpoint, callerIdentity, EC2_NS, ec2Empty, EMPTY_EC2_LISTS, securityGroupItem, signingKey, STS_NS } from "../support/aws-http-endpoint.js";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const CALLER_KEY = "AKIDORGANIZATION";
const MANAGEMENT = "111111111111";
const WEB = "222222222222";
const DATA = "333333333333";
const SUSPENDED = "444444444444";

/** Accounts as ListAccounts returns them (JSON 1.1: times in epoch seconds). */
const ACCOUNTS = [
  [MANAGEMENT, "management", "ACTIVE"],
  [WEB, "web-prod", "ACTIVE"],
  [DATA, "data-prod", "ACTIVE"],
  [SUSPENDED, "old-project", "SUSPENDED"],
].map(([id, name, state]) => ({ Id: id, Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4e5/${id}`, Email: `aws+${name}@example.com`, Name: name, State: state, Status: state, JoinedMethod: "CREATED", JoinedTimestamp: 1709287200 }));

/** Each account's one security group: SSH open to the world in the two members. */
const GROUPS: Record<string, [string, string]> = { [MANAGEMENT]: ["sg-0000000000000a001", "10.0.0.0/8"], [WEB]: ["sg-0000000000000b001", "0.0.0.0/0"], [DATA]: ["sg-0000000000000c001", "0.0.0.0/0"] };

/** Which members refuse the role, as STS refuses it (the role missing, its trust policy, or the ExternalId: STS does not say which). */
const denied = new Set<string>();

/** The account a request is signed for: the caller's own key, or an assumed session's (ASIA + account id). */
function accountOf(request: EndpointRequest): string {
  const key = signingKey(request.authorization) ?? "";
  return key === CALLER_KEY ? MANAGEMENT : key.replace(/^ASIA/, "").slice(0, 12);
}

function assumeRole(request: EndpointRequest) {
  const roleArn = request.params.get("RoleArn")!;
  const account = roleArn.split(":")[4]!;
  if (denied.has(account)) {
    const message = `User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    return { status: 403, body: `<ErrorResponse ${STS_NS}><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>4a2b</RequestId></ErrorResponse>` };
  }
  return assumedRole(account);
}

const answers: Record<string, string> = { ...EMPTY_EC2_LISTS, DescribeInstances: ec2Empty("DescribeInstances", "reservationSet") };

const endpoint = awsHttpEndpoint(CALLER_KEY, (request) => {
  switch (request.action) {
    case "GetCallerIdentity":
      return callerIdentity(accountOf(request));
    case "AssumeRole":
      return assumeRole(request);
    case "ListAccounts":
      return JSON.stringify({ Accounts: ACCOUNTS });
    case "DescribeSecurityGroups": {
      const account = accountOf(request);
      const [id, cidr] = GROUPS[account]!;
      return `<DescribeSecurityGroupsResponse ${EC2_NS}><requestId>1</requestId><securityGroupInfo>${securityGroupItem(id, cidr, account)}</securityGroupInfo></DescribeSecurityGroupsResponse>`;
    }
    default:
      return answers[request.action];
  }
});

const stateDirectory = temporaryDirectories("driftwarden-org-");

async function auditOrg(stateDir: string, ...extra: string[]) {
  return auditAccounts(stateDir, "--org", ...extra);
}

async function auditAccounts(stateDir: string, ...extra: string[]) {
  endpoint.requests.length = 0;
  const run = await runCli("audit", "--external-id", "dw-3f9c1e7a", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--services", "ec2", "--rules", "ec2-ssh-restricted", "--state-dir", stateDir, "--format", "json", "--fail-on", "none", "--no-attribution", ...extra);
  return { ...run, report: JSON.parse(run.stdout) as AuditReport };
}

const accountsSigning = (action: string) => [...new Set(endpoint.requests.filter((r) => r.action === action).map(accountOf))].sort();

describe("audit --org", () => {
  it("audits each ACTIVE account with its own credentials, reports them together, and keeps a denied member's findings when its role cannot be assumed", async () => {
    const stateDir = await stateDirectory();
    denied.clear();
    const first = await auditOrg(stateDir);
    expect([first.code, first.stderr]).toEqual([0, ""]);
    // The members through their role, with the ExternalId; the management account with the caller's own credentials.
    const assumed = endpoint.requests.filter((r) => r.action === "AssumeRole");
    expect(assumed.map((r) => [r.params.get("RoleArn"), r.params.get("ExternalId"), r.params.get("RoleSessionName")]).sort()).toEqual([
      [`arn:aws:iam::${WEB}:role/driftwarden-audit`, "dw-3f9c1e7a", "driftwarden-audit"],
      [`arn:aws:iam::${DATA}:role/driftwarden-audit`, "dw-3f9c1e7a", "driftwarden-audit"],
    ]);
    expect(accountsSigning("DescribeSecurityGroups")).toEqual([MANAGEMENT, WEB, DATA]);
    expect(first.report.accounts!.map((a) => [a.accountId, a.name, a.status])).toEqual([
      [MANAGEMENT, "management", "complete"],
      [WEB, "web-prod", "complete"],
      [DATA, "data-prod", "complete"],
    ]);
    expect(first.report.skippedAccounts).toEqual([{ accountId: SUSPENDED, name: "old-project", reason: "SUSPENDED" }]);
    const failing = (report: AuditReport) => report.findings.filter((f) => f.status === "FAIL").map((f) => [f.resource.accountId, f.resource.id, f.lifecycle?.stale !== undefined]);
    expect(failing(first.report)).toEqual([
      [WEB, "sg-0000000000000b001", false],
      [DATA, "sg-0000000000000c001", false],
    ]);
    expect(first.report.run).toMatchObject({ accountId: MANAGEMENT, status: "complete", counts: { byStatus: { FAIL: 2 } } });

    denied.add(DATA);
    const second = await auditOrg(stateDir);
    // Partial: one account could not be read, and says so by name.
    expect(second.code).toBe(3);
    expect(accountsSigning("DescribeSecurityGroups")).toEqual([MANAGEMENT, WEB]);
    const data = second.report.accounts!.find((a) => a.accountId === DATA)!;
    expect(data).toMatchObject({ status: "unreadable", errors: 1 });
    expect(data.reason).toContain(`account ${DATA}: cannot assume arn:aws:iam::${DATA}:role/driftwarden-audit (AccessDenied)`);
    expect(second.report.errors.map((e) => [e.accountId, e.service, e.operation, e.code])).toEqual([[DATA, "sts", "AssumeRole", "AccessDenied"]]);
    // Its finding stands, stale; nothing of it is resolved or removed.
    expect(failing(second.report)).toEqual([
      [WEB, "sg-0000000000000b001", false],
      [DATA, "sg-0000000000000c001", true],
    ]);
    expect(second.report.transitions!.filter((t) => t.kind !== "PERSISTING")).toEqual([]);
    expect(second.report.drift).toEqual({ added: [], removed: [], modified: [] });
    expect(second.report.accounts!.filter((a) => a.accountId !== DATA).map((a) => a.status)).toEqual(["complete", "complete"]);
  });

  it("audits only the named accounts, leaving out the excluded, without listing the organization", async () => {
    denied.clear();
    const run = await auditAccounts(await stateDirectory(), "--accounts", `${WEB},${DATA}`, "--exclude-accounts", DATA, "--no-state");
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(endpoint.requests.filter((r) => r.action === "ListAccounts")).toEqual([]);
    expect(run.report.accounts!.map((a) => a.accountId)).toEqual([WEB]);
    expect(run.report.skippedAccounts).toEqual([{ accountId: DATA, reason: "excluded (--exclude-accounts)" }]);
  });

  it("makes no call `iam-policy --org` does not grant", async () => {
    denied.clear();
    await auditOrg(await stateDirectory(), "--no-state");
    const { code, stdout } = await runCli("iam-policy", "--org");
    expect(code).toBe(0);
    const statements = (JSON.parse(stdout) as { Statement: { Sid: string; Action: string[]; Resource: string }[] }).Statement;
    expect(statements.find((s) => s.Sid === "DriftwardenAssumeMemberRole")).toEqual({ Sid: "DriftwardenAssumeMemberRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "arn:aws:iam::*:role/driftwarden-audit" });
    const granted = new Set(statements.flatMap((s) => s.Action));
    const services: Record<string, string> = { AssumeRole: "sts", ListAccounts: "organizations" };
    const made = [...new Set(endpoint.requests.map((r) => r.action))].filter((action) => action !== "GetCallerIdentity");
    expect(made.filter((action) => !granted.has(`${services[action] ?? "ec2"}:${action}`))).toEqual([]);
    const renamed = await runCli("iam-policy", "--org", "--role-name", "auditor-readonly");
    expect(JSON.parse(renamed.stdout).Statement.at(-1).Resource).toBe("arn:aws:iam::*:role/auditor-readonly");
    expect((await runCli("iam-policy", "--role-name", "auditor-readonly")).code).toBe(2);
  });

  it("refuses organization flags without an organization run, and a saved snapshot with one", async () => {
    const stray = await runCli("audit", "--exclude-accounts", WEB, "--endpoint-url", endpoint.url, "--region", "us-east-1");
    expect([stray.code, stray.stderr.trim()]).toEqual([2, "driftwarden: --exclude-accounts goes with an organization run: add --org, --ou or --accounts"]);
    const workers = await runCli("audit", "--workers", "2", "--endpoint-url", endpoint.url, "--region", "us-east-1");
    expect([workers.code, workers.stderr.trim()]).toEqual([2, "driftwarden: --workers goes with an organization run: add --org, --ou or --accounts"]);
    const snapshot = await runCli("audit", "--org", "--snapshot", "examples/webapp-account.snapshot.json");
    expect([snapshot.code, snapshot.stderr.trim()]).toEqual([2, "driftwarden: --snapshot holds one account: audit it without --org, --ou and --accounts"]);
    const badId = await runCli("audit", "--accounts", "12345", "--region", "us-east-1");
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('"12345" is not an account id: --accounts takes 12-digit ids, comma-separated.');
  });
});

describe("audit --org on worker threads (the bundled CLI)", () => {
  // Under test-output/, beside the other tests' outputs.
  const outdir = join("test-output", `cli-build-org-${process.pid}`);
  beforeAll(() => promisify(execFile)(process.execPath, ["scripts/build-cli.mjs", outdir]), 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The bundled CLI in a process of its own, as a user runs it: the accounts go to its worker threads. */
  const bundled = (stateDir: string, ...extra: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      endpoint.requests.length = 0;
      const args = ["audit", "--org", "--workers", "2", "--external-id", "dw-3f9c1e7a", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--services", "ec2", "--rules", "ec2-ssh-restricted", "--state-dir", stateDir, "--format", "json", "--fail-on", "none", "--no-attribution", ...extra];
      execFile(process.execPath, [join(outdir, "main.js"), ...args], { env: { ...process.env, NODE_OPTIONS: "" } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });

  it("audits each account in a worker, as a run without workers does, and keeps a denied member's findings", async () => {
    const stateDir = await stateDirectory();
    denied.clear();
    const first = await bundled(stateDir);
    // No worker failed: none left its accounts to the main thread, which would say so here.
    expect([first.code, first.stderr]).toEqual([0, ""]);
    const report = JSON.parse(first.stdout) as AuditReport;
    expect(report.accounts!.map((a) => [a.accountId, a.status])).toEqual([
      [MANAGEMENT, "complete"],
      [WEB, "complete"],
      [DATA, "complete"],
    ]);
    expect(accountsSigning("DescribeSecurityGroups")).toEqual([MANAGEMENT, WEB, DATA]);
    expect(report.findings.filter((f) => f.status === "FAIL").map((f) => f.resource.id)).toEqual(["sg-0000000000000b001", "sg-0000000000000c001"]);

    denied.add(DATA);
    const second = await bundled(stateDir);
    expect([second.code, second.stderr]).toEqual([3, ""]);
    const again = JSON.parse(second.stdout) as AuditReport;
    expect(again.accounts!.find((a) => a.accountId === DATA)).toMatchObject({ status: "unreadable", errors: 1 });
    // Each worker recorded its accounts in the one state directory: the second run compared with the first.
    expect(again.findings.filter((f) => f.status === "FAIL").map((f) => [f.resource.id, f.lifecycle?.stale !== undefined])).toEqual([
      ["sg-0000000000000b001", false],
      ["sg-0000000000000c001", true],
    ]);
    expect(again.transitions!.filter((t) => t.kind !== "PERSISTING")).toEqual([]);
  }, 60_000);
});
