import { describe, expect, it } from "@jest/globals";
import { ConfigError } from "../../src/config/errors.js";
import { organizationStatements } from "../../src/deploy/iam-policy.js";
import { parseDiscoverEvent, runDiscoverJob } from "../../src/lambda/discover-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { PayloadError, RUN_ID_PATTERN } from "../../src/lambda/payload.js";
import { steppingClock } from "../support/clock.js";
import { awsError, fakeAws } from "../support/fake-aws.js";
import type { FakeCall } from "../support/fake-aws.js";
import { FUNCTION_CREDENTIALS, MANAGEMENT, organizationAws } from "./organization-fixtures.js";
import type { OrgAccount } from "./organization-fixtures.js";

const silent = { info() {} };
const ACCOUNTS: OrgAccount[] = [
  { id: MANAGEMENT, name: "Management" },
  { id: "222222222222", name: "Staging" },
  { id: "333333333333", name: "Sandbox" },
  { id: "444444444444", name: "Retired", status: "SUSPENDED" },
  { id: "555555555555", name: "Payments" },
];
const config = (text: string): AuditEnvironment => ({ tableName: "findings", configText: text, configSource: "driftwarden.config.yaml", reserveMs: 0 });
const clock = steppingClock("2026-11-22T02:00:00.000Z");

async function discover(text: string, plugin = organizationAws(ACCOUNTS, clock).plugin) {
  return runDiscoverJob({ runId: "scheduled-night-1" }, config(text), { logger: silent, credentials: async () => FUNCTION_CREDENTIALS, plugins: [plugin], accountId: MANAGEMENT, defaultRegion: "us-east-1", now: clock });
}

describe("the discovery step's run id", () => {
  const scheduled = { version: "0", id: "7e2b9c0a-3f4d-4e5a-8b6c-1d2e3f4a5b6c", "detail-type": "Scheduled Event", source: "aws.events", account: MANAGEMENT, time: "2026-11-22T02:00:00Z", region: "us-east-1", resources: [], detail: {} };

  it("is the schedule tick's, so EventBridge's redeliveries, each a new execution, are one run", () => {
    expect(parseDiscoverEvent({ execution: "a1b2c3d4-one", input: scheduled })).toEqual({ runId: "scheduled-7e2b9c0a-3f4d-4e5a-8b6c-1d2e3f4a5b6c" });
    expect(parseDiscoverEvent({ execution: "e5f6a7b8-two", input: scheduled })).toEqual({ runId: "scheduled-7e2b9c0a-3f4d-4e5a-8b6c-1d2e3f4a5b6c" });
  });

  it("is the one the input names, or else the execution's name, which a redriven execution keeps", () => {
    expect(parseDiscoverEvent({ execution: "nightly-catch-up", input: { runId: "org-2026-11-22" } })).toEqual({ runId: "org-2026-11-22" });
    expect(parseDiscoverEvent({ execution: "3f1c0a9e-2b7d-4c1e-9a0b-5d6e7f8a9b0c", input: {} })).toEqual({ runId: "3f1c0a9e-2b7d-4c1e-9a0b-5d6e7f8a9b0c" });
  });

  it("maps an execution name a run id cannot hold to the same id every time", () => {
    const name = "audit für Zürich (re-run)";
    const { runId } = parseDiscoverEvent({ execution: name, input: {} });
    expect(runId).toMatch(/^execution-[0-9a-f]{32}$/);
    expect(runId).toMatch(RUN_ID_PATTERN);
    expect(parseDiscoverEvent({ execution: name, input: {} }).runId).toBe(runId);
  });

  it("refuses an input it cannot use, naming the field", () => {
    expect(() => parseDiscoverEvent({ execution: "x1", input: { runID: "typo" } })).toThrow(new PayloadError('invalid payload: unknown field "runID". Expected {"runId"?: string} as the execution\'s input'));
    expect(() => parseDiscoverEvent({ execution: "x1", input: { runId: "../etc" } })).toThrow(/^invalid payload at runId: letters, digits and \. _ : - \(at most 100\)/);
    expect(() => parseDiscoverEvent({ input: {} })).toThrow(/^invalid payload at execution: .*the state machine's Discover step/);
  });
});

describe("the discovery step", () => {
  it("lists the organization's ACTIVE accounts with their names, page after page, and the others as skipped with why", async () => {
    const result = await discover("");
    expect(result).toEqual({
      runId: "scheduled-night-1",
      accounts: [
        { id: MANAGEMENT, name: "Management" },
        { id: "222222222222", name: "Staging" },
        { id: "333333333333", name: "Sandbox" },
        { id: "555555555555", name: "Payments" },
      ],
      skipped: [{ id: "444444444444", name: "Retired", reason: "SUSPENDED" }],
    });
  });

  it("leaves out the accounts the config excludes, and lists them as skipped", async () => {
    const result = await discover("organization:\n  excludeAccounts: ['333333333333']\n");
    expect(result.accounts.map((a) => a.id)).toEqual([MANAGEMENT, "222222222222", "555555555555"]);
    expect(result.skipped).toEqual([
      { id: "333333333333", name: "Sandbox", reason: "excluded (--exclude-accounts)" },
      { id: "444444444444", name: "Retired", reason: "SUSPENDED" },
    ]);
  });

  it("takes the accounts the config names without asking Organizations", async () => {
    const aws = organizationAws(ACCOUNTS, clock);
    const result = await discover("organization:\n  accounts: ['555555555555', '222222222222']\n", aws.plugin);
    expect(result.accounts).toEqual([{ id: "222222222222" }, { id: "555555555555" }]);
    expect(aws.calls).toEqual([]);
  });

  it("reads the units the config names, and the units below them, with only the calls the function's policy grants", async () => {
    const calls: FakeCall[] = [];
    const plugin = fakeAws(({ commandName, input }) => {
      const accounts: Record<string, string[]> = { "ou-ab12-prod0001": ["222222222222"], "ou-ab12-prodeu01": ["555555555555"] };
      if (commandName === "ListAccountsForParentCommand") return { Accounts: (accounts[input.ParentId] ?? []).map((Id) => ({ Id, Name: `Account ${Id}`, Status: "ACTIVE", State: "ACTIVE" })) };
      if (commandName === "ListOrganizationalUnitsForParentCommand") return { OrganizationalUnits: input.ParentId === "ou-ab12-prod0001" ? [{ Id: "ou-ab12-prodeu01", Arn: "arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-ab12-prodeu01", Name: "prod-eu" }] : [] };
      throw awsError("InvalidAction", `not served here: ${commandName}`);
    }, calls);
    const result = await discover("organization:\n  ous: ['ou-ab12-prod0001']\n", plugin);
    expect(result.accounts.map((a) => a.id)).toEqual(["222222222222", "555555555555"]);
    // Every call discovery makes is one the deployed function's role allows.
    const granted = organizationStatements({}).flatMap((s) => s.Action);
    const made = [...new Set(calls.map((c) => `organizations:${c.commandName.replace(/Command$/, "")}`))].sort();
    expect(made).toEqual(["organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"]);
    for (const action of made) expect(granted).toContain(action);
  });

  it("says why it cannot list the accounts when Organizations refuses", async () => {
    const refusing = fakeAws(() => {
      throw awsError("AccessDeniedException", "You don't have permissions to access this resource.");
    });
    await expect(discover("", refusing)).rejects.toThrow(
      "cannot list the organization's accounts (organizations AccessDeniedException): You don't have permissions to access this resource.; run from the management account or a delegated administrator, or name the accounts with --accounts",
    );
  });

  it("refuses a config whose organization key turns discovery off and names no account", async () => {
    await expect(discover("organization:\n  enabled: false\n")).rejects.toThrow(ConfigError);
    await expect(discover("organization:\n  enabled: false\n")).rejects.toThrow("driftwarden.config.yaml: organization.enabled is false and names no ous or accounts, but this deployment audits an organization");
  });
});
