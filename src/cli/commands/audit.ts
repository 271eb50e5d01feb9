import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { allRules } from "../../../rules/index.js";
import { buildAlert } from "../../publish/notify/alert-message.js";
import { FileFindingsStore } from "../../publish/store/file-store.js";
import { SEVERITIES } from "../../types/finding.js";
import { runAudit } from "../../run-audit.js";
import { accountSnapshot } from "../account-snapshot.js";
import { auditExitCode } from "../exit-codes.js";
import type { FailOn } from "../exit-codes.js";
import { emit } from "../output.js";
import { REPORT_FORMATS, renderReport } from "../render.js";
import type { ReportFormat } from "../render.js";
import type { ConnectionFlags } from "../shared-options.js";
import { formatOption, loadConfig, stateDirOption, withConnectionOptions } from "../shared-options.js";

interface AuditFlags extends ConnectionFlags {
  snapshot?: string;
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  quiet?: boolean;
  stateDir: string;
  state: boolean;
  against: "previous" | "baseline";
  notifyPreview?: boolean;
  html?: string;
}

export function auditCommand(): Command {
  return withConnectionOptions(new Command("audit").description("audit an account (live, or a saved snapshot with --snapshot), report findings and what drifted since the last run"))
    .option("-s, --snapshot <file>", "audit a saved snapshot offline instead of reading the account")
    .addOption(formatOption([...REPORT_FORMATS], "table"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity fails ('none' never)").choices([...SEVERITIES, "none"]).default("info"))
    .option("-q, --quiet", "table format: print only failing findings and the summary")
    .addOption(stateDirOption())
    .option("--no-state", "neither read nor record runs: no drift, no transitions")
    .addOption(new Option("--against <what>", "drift against the previous run or the pinned baseline").choices(["previous", "baseline"]).default("previous"))
    .option("--html <file>", "also write the self-contained HTML report to this file")
    .option("--notify-preview", "print the email alert this run would send, and record nothing")
    .action(async (flags: AuditFlags) => {
      const startedAt = new Date();
      const config = await loadConfig(flags);
      const snapshot = await accountSnapshot(flags, config);
      const store = flags.state ? new FileFindingsStore({ directory: flags.stateDir, retentionDays: config.retentionDays }) : undefined;
      const { report } = await runAudit({
        snapshot,
        config,
        runId: randomUUID(),
        startedAt,
        now: new Date(),
        ...(store && { store }),
        against: flags.against,
        dryRun: Boolean(flags.notifyPreview),
      });
      if (flags.notifyPreview) {
        const alert = buildAlert(report, config.alerts.minSeverity);
        await emit(alert ? `Subject: ${alert.subject}\n\n${alert.body}` : `No alert: nothing new, regressed or resolved at or above ${config.alerts.minSeverity}.`, flags.output);
        return;
      }
      await emit(renderReport(report, allRules, flags.format, flags), flags.output);
      if (flags.output) process.stderr.write(`report written to ${flags.output}\n`);
      if (flags.html) {
        await emit(renderReport(report, allRules, "html", {}), flags.html);
        process.stderr.write(`HTML report written to ${resolve(flags.html)}\n`);
      }
      process.exitCode = auditExitCode(report.findings, report.run.status === "partial", flags.failOn);
    });
}
