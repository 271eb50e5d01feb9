import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import { visibleWidth } from "../../src/publish/report/terminal-text.js";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-rules-");

/** The block of lines `driftwarden rules` prints for one rule: its row and the indented lines under it. */
function blockOf(stdout: string, id: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${id} `));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith(" "));
  return lines.slice(start, end);
}

describe("driftwarden rules (table)", () => {
  const saved = process.env.COLUMNS;
  beforeEach(() => {
    delete process.env.COLUMNS;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  it("fits every line in 80 columns when piped, with each rule's title, references and params with their defaults", async () => {
    const { code, stdout } = await runCli("rules");
    expect(code).toBe(0);
    expect(stdout.split("\n").filter((line) => visibleWidth(line) > 80)).toEqual([]);
    for (const rule of allRules) {
      const block = blockOf(stdout, rule.id);
      expect(block[0]).toMatch(new RegExp(`^${rule.id}\\s+${rule.severity}\\s+enabled$`));
      expect(block.join(" ").replace(/\s+/g, " ")).toContain(rule.title);
    }
    expect(blockOf(stdout, "ec2-ssh-restricted")).toEqual([
      expect.stringMatching(/^ec2-ssh-restricted\s+high\s+enabled$/),
      "  SSH is not open to the internet",
      "  AWS Config: restricted-ssh · Security Hub: EC2.13",
      "  params: ports=[22], allowedCidrs=[], publicPrefixLength=0",
    ]);
    // A rule without params has no params line; one without mappings no references line.
    expect(blockOf(stdout, "rds-multi-az").some((l) => l.includes("params:"))).toBe(false);
    expect(blockOf(stdout, "route53-health-check-alarmed").some((l) => l.includes("AWS Config") || l.includes("Security Hub"))).toBe(false);
    // The longest references line wraps under its block.
    expect(blockOf(stdout, "rds-deletion-protection").join(" ")).toMatch(/rds-instance-deletion-protection-enabled, .*rds-cluster-deletion-protection-enabled/);
  });

  it("shows the params a config sets beside their defaults, and which rules it disables", async () => {
    const config = join(await tempDirectory(), "c.yaml");
    await writeFile(config, "rules:\n  ec2-eip-attached: false\n  rds-backup-enabled:\n    params: { minRetentionDays: 14 }\n");
    const { stdout } = await runCli("rules", "--config", config);
    expect(blockOf(stdout, "rds-backup-enabled")).toContain("  params: minRetentionDays=14 (default 7), checkReadReplicas=false");
    expect(blockOf(stdout, "ec2-eip-attached")[0]).toMatch(/\sdisabled$/);
    expect(stdout).toContain(`${allRules.length} rules, ${allRules.length - 1} enabled`);
  });

  it("wraps to COLUMNS when it is set", async () => {
    process.env.COLUMNS = "60";
    const { stdout } = await runCli("rules");
    expect(Math.max(...stdout.split("\n").map(visibleWidth))).toBeLessThanOrEqual(60);
    expect(stdout).toContain("ec2-ssh-restricted");
  });

  it("promises in its help what it shows", async () => {
    const { stdout } = await runCli("rules", "--help");
    expect(stdout).toMatch(/title/);
    expect(stdout).toMatch(/params/);
  });
});
