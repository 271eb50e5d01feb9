import { describe, expect, it } from "@jest/globals";
import { BatchImportFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-export-");

const hub = mockClient(SecurityHubClient);

describe("driftwarden export securityhub", () => {
  it("imports every finding in batches of 100 and archives those whose resource is gone", async () => {
    const state = await tempDirectory();
    hub.reset();
    hub.on(BatchImportFindingsCommand).callsFake((input) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    const first = await runCli("export", "securityhub", "--snapshot", "examples/webapp-account.json", "--state-dir", state);
    expect(first.code).toBe(0);
    const batches = hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 34]);
    expect(first.stdout).toBe("us-east-1: 234 imported, 0 archived, 0 failed\n");
    const ids = batches.flat().map((f) => f.Id);
    expect(new Set(ids).size).toBe(ids.length);

    hub.resetHistory();
    const second = await runCli("export", "securityhub", "--snapshot", "examples/webapp-account-next.json", "--state-dir", state);
    const sent = hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings!);
    const archived = sent.filter((f) => f.RecordState === "ARCHIVED" && f.Compliance?.Status === "PASSED");
    // worker-asg's two failing findings resolved because the group is gone.
    expect(archived.map((f) => f.ProductFields?.["driftwarden/ruleId"]).sort()).toEqual(["asg-behind-load-balancer", "asg-multi-az"]);
    expect(second.stdout).toMatch(/us-east-1: \d+ imported, 2 archived, 0 failed/);
    // The same finding keeps the same id from one run to the next.
    expect(sent.filter((f) => ids.includes(f.Id)).length).toBeGreaterThan(150);
  });

  it("reports refused findings and exits 1", async () => {
    const state = await tempDirectory();
    hub.reset();
    hub.on(BatchImportFindingsCommand).callsFake((input) => ({
      SuccessCount: input.Findings.length - 1,
      FailedCount: 1,
      FailedFindings: [{ Id: input.Findings[0].Id, ErrorCode: "InvalidInput", ErrorMessage: "Finding does not adhere to Amazon Finding Format" }],
    }));
    const { code, stdout, stderr } = await runCli("export", "securityhub", "--snapshot", "examples/webapp-account.json", "--state-dir", state);
    expect(code).toBe(1);
    expect(stdout).toBe("us-east-1: 231 imported, 0 archived, 3 failed\n");
    expect(stderr).toContain("InvalidInput: Finding does not adhere to Amazon Finding Format");
  });
});
