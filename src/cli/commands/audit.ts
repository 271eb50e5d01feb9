import { resolve } from "node:path";
import { Command, Option } from "commander";
import { allRules } from "../../../rules/index.js";
import { SERVICE_NAMES } from "../../collect/services.js";
import { buildAlert } from "../../publish/notify/alert-message.js";
import { onlySeverities } from "../../publish/report/severity-filter.js";
import type { Severity } from "../../types/finding.js";
import { SEVERITIES } from "../../types/finding.js";
import { auditFromFlags } from "../audit-run.js";
import type { AuditRunFlags } from "../audit-run.js";
import { prepareOutputDirectory, prepareOutputFile } from "../directories.js";
import { auditExitCode, EXIT } from "../exit-codes.js";
import type { FailOn } from "../exit-codes.js";
import { emit } from "../output.js";
import { REPORT_FORMATS, renderReport } from "../render.js";
import type { ReportOutputFlags } from "../report-outputs.js";
import { reportDestinations, writeReports } from "../report-outputs.js";
import { accountIds, caseInsensitiveChoices, caseInsensitiveList, positiveInteger, withAuditOptions } from "../shared-options.js";
import { DEFAULT_MAX_ACCOUNTS, DEFAULT_MEMBER_ROLE } from "../organization-audit.js";
import { ORGANIZATION_LIMITS } from "../../config/schema.js";

const collectFiles = (value: string, previous: string[] = []) => [...previous, value];

interface AuditFlags extends AuditRunFlags, ReportOutputFlags {
  failOn: FailOn;
  severity?: Severity[];
  quiet?: boolean;
  all?: boolean;
  notifyPreview?: boolean;
  html?: string;
}

export function auditCommand(): Command {
  return withAuditOptions(new Command("audit").description("audit an account (live, or a saved snapshot with --snapshot), report findings and what drifted since the last run"))
    .addOption(caseInsensitiveList(new Option("-f, --format <formats>", `report format, or several with --output-dir (comma-separated: ${REPORT_FORMATS.join(", ")})`), REPORT_FORMATS, "format").default(["table"], "table"))
    .option("-o, --output <file>", "write the report to a file instead of stdout (a format name, as in `--output json`, is taken as --format)")
    .option("--output-dir <dir>", "write every --format to DIR as driftwarden-<account>-<run start>.<ext>")
    .option("--html <file>", "also write the self-contained HTML report to this file")
    .addOption(caseInsensitiveList(new Option("--services <names>", `only these services' collectors and rules (comma-separated: ${SERVICE_NAMES.join(", ")})`), SERVICE_NAMES, "service"))
    .option("--org", "audit every ACTIVE account of the AWS Organization (from the management account or a delegated administrator), each through its member role")
    .option("--ou <id>", "only the accounts under this organizational unit or root (ou-… or r-…), and the units below it; repeatable", collectFiles)
    .option("--accounts <ids>", "these accounts (comma-separated 12-digit ids); with --org or --ou, only these of them", accountIds("--accounts"))
    .option("--exclude-accounts <ids>", "leave these accounts out (comma-separated 12-digit ids); the report lists them as skipped", accountIds("--exclude-accounts"))
    .option("--role-name <name>", `the member role assumed in each account (default: ${DEFAULT_MEMBER_ROLE}, as \`driftwarden member-role\` deploys it)`)
    .option("--external-id <id>", "the ExternalId the member role's trust policy requires")
    .option("--max-accounts <n>", `accounts audited at once (default: ${DEFAULT_MAX_ACCOUNTS})`, positiveInteger(ORGANIZATION_LIMITS.maxAccounts))
    .option("--workers <n>", "spread the accounts over this many threads, for a machine with cores to spare (default: 1, all in one)", positiveInteger(ORGANIZATION_LIMITS.workers))
    .addOption(caseInsensitiveList(new Option("--severity <levels>", `report only findings of these severities (comma-separated: ${SEVERITIES.join(", ")}); every finding is still recorded`), SEVERITIES, "severity"))
    .addOption(caseInsensitiveChoices(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity fails ('none' never)"), [...SEVERITIES, "none"]).default("info"))
    .option("-q, --quiet", "table format: print only failing findings and the summary; say nothing else on stderr")
    .option("--all", "table format: list failures that persist from the previous run one by one, not as a count per rule")
    .option("--notify-preview", "print the email alert this run would send, and record nothing")
    .option("--events <file>", "CloudTrail events of the time since the previous run, to name who made each change: a log file as CloudTrail writes it to S3 (.json or .json.gz) or `aws cloudtrail lookup-events` output; repeatable. With --snapshot only (a live run reads CloudTrail's LookupEvents itself)", collectFiles)
    .action(async (flags: AuditFlags, command: Command) => {
      const destinations = reportDestinations(flags, command.getOptionValueSource("format") === "cli");
      if (destinations.notice && !flags.quiet) process.stderr.write(`${destinations.notice}\n`);
      const outputs = [destinations.file, flags.notifyPreview ? undefined : flags.html].filter((file): file is string => Boolean(file));
      const { report, config, notRecorded, history } = await auditFromFlags(flags, {
        dryRun: Boolean(flags.notifyPreview),
        beforeCollect: async () => {
          for (const file of outputs) await prepareOutputFile(file);
          if (destinations.directory && !flags.notifyPreview) await prepareOutputDirectory(destinations.directory);
        },
      });
      if (flags.notifyPreview) {
        const alert = buildAlert(report, config.alerts.minSeverity);
        await emit(alert ? `Subject: ${alert.subject}\n\n${alert.body}` : `No alert: nothing new, regressed or resolved at or above ${config.alerts.minSeverity}.`, destinations.file);
        return;
      }
      // Recorded whole; shown as asked.
      const shown = flags.severity ? onlySeverities(report, flags.severity) : report;
      const written = await writeReports(shown, destinations, (format, file) => renderReport(shown, allRules, format, { ...(file && { output: file }), ...(flags.quiet && { quiet: true }), ...(flags.all && { all: true }), ...(history && { history }) }));
      if (!flags.quiet) for (const file of written) process.stderr.write(`report written to ${file}\n`);
      if (flags.html) {
        await emit(renderReport(shown, allRules, "html", { ...(history && { history }) }), flags.html);
        process.stderr.write(`HTML report written to ${resolve(flags.html)}\n`);
      }
      if (notRecorded) {
        process.stderr.write(`driftwarden: ${notRecorded}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      process.exitCode = auditExitCode(shown.findings, report.run.status === "partial", flags.failOn);
    });
}
