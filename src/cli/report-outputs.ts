/**
 * Where an audit's reports go. --format names one format or several; with
 * --output-dir each is a file named after the account and the run's start,
 * all rendered from the one report of the one recorded run. Without it the
 * one format goes to --output or stdout, and several are refused rather than
 * all but one silently dropped. An AWS CLI habit, `--output json`, names a
 * format, not a file called json.
 */
import { join } from "node:path";
import type { AuditReport } from "../publish/report/audit-report.js";
import type { Output } from "./output.js";
import { emit } from "./output.js";
import type { ReportFormat } from "./render.js";
import { REPORT_FORMATS, reportFileName } from "./render.js";
import { UsageError } from "./usage-error.js";

export interface ReportOutputFlags {
  format: ReportFormat[];
  output?: string;
  outputDir?: string;
}

export interface ReportDestinations {
  formats: ReportFormat[];
  /** The one format's file (--output); with neither it nor `directory`, stdout. */
  file?: string;
  directory?: string;
  /** How the command line was read when it differs from how it was typed: one line for stderr. */
  notice?: string;
}

/** Checked before the account is read: a command line that cannot be honoured costs nothing. */
export function reportDestinations(flags: ReportOutputFlags, formatGiven: boolean): ReportDestinations {
  const named = flags.output ? REPORT_FORMATS.find((f) => f === flags.output!.toLowerCase()) : undefined;
  if (named && formatGiven && flags.format.join(",") !== named) {
    throw new UsageError(`--output ${flags.output} names a format, and --format ${flags.format.join(",")} is given too; to write a file of that name, pass --output ./${flags.output}`);
  }
  const formats = named ? [named] : flags.format;
  const file = named ? undefined : flags.output;
  if (file && flags.outputDir) throw new UsageError("--output and --output-dir: pass one (--output-dir takes every --format)");
  if (formats.length > 1 && !flags.outputDir) throw new UsageError(`--format ${formats.join(",")}: several formats need --output-dir DIR (stdout and --output take one)`);
  return {
    formats,
    ...(file && { file }),
    ...(flags.outputDir && { directory: flags.outputDir }),
    ...(named && { notice: `--output ${flags.output}: taken as --format ${named}; use --output FILE to write a file` }),
  };
}

/** Writes each format where it goes; returns the files written. */
export async function writeReports(report: AuditReport, destinations: ReportDestinations, render: (format: ReportFormat, file?: string) => Output): Promise<string[]> {
  const written: string[] = [];
  for (const format of destinations.formats) {
    const file = destinations.directory ? join(destinations.directory, reportFileName(report, format)) : destinations.file;
    await emit(render(format, file), file);
    if (file) written.push(file);
  }
  return written;
}
