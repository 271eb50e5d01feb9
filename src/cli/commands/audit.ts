import { randomUUID } from "node:crypto";
import { Command, Option } from "commander";
import { allRules } from "../../../rules/index.js";
import { SEVERITIES } from "../../types/finding.js";
import { auditSnapshot } from "../../run-audit.js";
import { accountSnapshot } from "../account-snapshot.js";
import { auditExitCode } from "../exit-codes.js";
import type { FailOn } from "../exit-codes.js";
import { emit } from "../output.js";
import { REPORT_FORMATS, renderReport } from "../render.js";
import type { ReportFormat } from "../render.js";
import type { ConnectionFlags } from "../shared-options.js";
import { formatOption, loadConfig, withConnectionOptions } from "../shared-options.js";

interface AuditFlags extends ConnectionFlags {
  snapshot?: string;
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  quiet?: boolean;
}

export function auditCommand(): Command {
  return withConnectionOptions(new Command("audit").description("audit an account (live, or a saved snapshot with --snapshot) and report findings"))
    .option("-s, --snapshot <file>", "audit a saved snapshot offline instead of reading the account")
    .addOption(formatOption([...REPORT_FORMATS], "table"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity fails ('none' never)").choices([...SEVERITIES, "none"]).default("info"))
    .option("-q, --quiet", "table format: print only failing findings and the summary")
    .action(async (flags: AuditFlags) => {
      const startedAt = new Date();
      const config = await loadConfig(flags);
      const snapshot = await accountSnapshot(flags, config);
      const report = auditSnapshot({ snapshot, config, runId: randomUUID(), startedAt, now: new Date() });
      await emit(renderReport(report, allRules, flags.format, flags), flags.output);
      if (flags.output) process.stderr.write(`report written to ${flags.output}\n`);
      process.exitCode = auditExitCode(report.findings, report.run.status === "partial", flags.failOn);
    });
}
