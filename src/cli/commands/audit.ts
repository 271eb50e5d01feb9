import { resolve } from "node:path";
import { Command, Option } from "commander";
import { allRules } from "../../../rules/index.js";
import { buildAlert } from "../../publish/notify/alert-message.js";
import { SEVERITIES } from "../../types/finding.js";
import { auditFromFlags } from "../audit-run.js";
import type { AuditRunFlags } from "../audit-run.js";
import { prepareOutputFile } from "../directories.js";
import { auditExitCode, EXIT } from "../exit-codes.js";
import type { FailOn } from "../exit-codes.js";
import { emit } from "../output.js";
import { REPORT_FORMATS, renderReport } from "../render.js";
import type { ReportFormat } from "../render.js";
import { caseInsensitiveChoices, formatOption, withAuditOptions } from "../shared-options.js";

interface AuditFlags extends AuditRunFlags {
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  quiet?: boolean;
  notifyPreview?: boolean;
  html?: string;
}

export function auditCommand(): Command {
  return withAuditOptions(new Command("audit").description("audit an account (live, or a saved snapshot with --snapshot), report findings and what drifted since the last run"))
    .addOption(formatOption([...REPORT_FORMATS], "table"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--html <file>", "also write the self-contained HTML report to this file")
    .addOption(caseInsensitiveChoices(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity fails ('none' never)"), [...SEVERITIES, "none"]).default("info"))
    .option("-q, --quiet", "table format: print only failing findings and the summary; say nothing else on stderr")
    .option("--notify-preview", "print the email alert this run would send, and record nothing")
    .action(async (flags: AuditFlags) => {
      const outputs = [flags.output, flags.notifyPreview ? undefined : flags.html].filter((file): file is string => Boolean(file));
      const { report, config, notRecorded } = await auditFromFlags(flags, {
        dryRun: Boolean(flags.notifyPreview),
        beforeCollect: async () => {
          for (const file of outputs) await prepareOutputFile(file);
        },
      });
      if (flags.notifyPreview) {
        const alert = buildAlert(report, config.alerts.minSeverity);
        await emit(alert ? `Subject: ${alert.subject}\n\n${alert.body}` : `No alert: nothing new, regressed or resolved at or above ${config.alerts.minSeverity}.`, flags.output);
        return;
      }
      await emit(renderReport(report, allRules, flags.format, flags), flags.output);
      if (flags.output && !flags.quiet) process.stderr.write(`report written to ${flags.output}\n`);
      if (flags.html) {
        await emit(renderReport(report, allRules, "html", {}), flags.html);
        process.stderr.write(`HTML report written to ${resolve(flags.html)}\n`);
      }
      if (notRecorded) {
        process.stderr.write(`driftwarden: ${notRecorded}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      process.exitCode = auditExitCode(report.findings, report.run.status === "partial", flags.failOn);
    });
}
