/**
 * The email alert for one run: plain text that reads well in any mail client,
 * within SNS limits (subject < 100 characters, whole message ≤ 256 KB).
 */
import { transitionCounts } from "../../diff/transitions.js";
import type { Transition } from "../../diff/types.js";
import type { Severity } from "../../types/finding.js";
import { atLeast, SEVERITIES, severityRank } from "../../types/finding.js";
import type { AuditReport } from "../report/audit-report.js";
import { attributionUnavailableLine, causeLine } from "../report/presentation.js";
import { compareText } from "../../types/order.js";

export interface AlertMessage {
  subject: string;
  body: string;
  attributes: Record<string, { DataType: "String" | "String.Array" | "Number"; StringValue: string }>;
}

/** SNS allows 256 KiB for body and attributes together; keep room for the attributes and the trailer. */
export const MAX_BODY_BYTES = 256 * 1024 - 4 * 1024;
/** SNS refuses a subject of 100 characters or more. */
export const MAX_SUBJECT = 99;

const ALERTING = new Set(["NEW", "REGRESSED", "RESOLVED"]);

/** The transitions worth an email, most urgent first: new and regressed failures by severity, then resolutions. */
export function alertingTransitions(transitions: Transition[], minSeverity: Severity): Transition[] {
  const order = (t: Transition) => (t.kind === "RESOLVED" ? 1 : 0);
  return transitions
    .filter((t) => ALERTING.has(t.kind) && atLeast(t.severity, minSeverity))
    .sort((a, b) => order(a) - order(b) || severityRank(a.severity) - severityRank(b.severity) || compareText(a.ruleId, b.ruleId) || compareText(a.resource.id, b.resource.id));
}

/** Undefined when nothing at or above `minSeverity` changed: no message is sent. */
export function buildAlert(report: AuditReport, minSeverity: Severity, maxBodyBytes = MAX_BODY_BYTES): AlertMessage | undefined {
  const changes = alertingTransitions(report.transitions ?? [], minSeverity);
  if (changes.length === 0) return undefined;
  const counts = transitionCounts(changes);
  const highest = changes.filter((t) => t.kind !== "RESOLVED").map((t) => t.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
  const { run } = report;

  const countsText = [counts.new && `${counts.new} new`, counts.regressed && `${counts.regressed} regressed`, counts.resolved && `${counts.resolved} resolved`].filter(Boolean).join(", ");
  const subject = truncate(`driftwarden: ${countsText} in ${run.accountId}${highest ? ` (${highest})` : ""}${run.status === "partial" ? " [partial]" : ""}`, MAX_SUBJECT);

  const failing = SEVERITIES.map((s) => run.counts.bySeverity[s] ? `${run.counts.bySeverity[s]} ${s}` : "").filter(Boolean).join(", ");
  const head = [
    `driftwarden audit of account ${run.accountId} (${run.regions.join(", ")})`,
    `Run ${run.id}, finished ${run.finishedAt}${run.status === "partial" ? " — PARTIAL: some parts could not be read; their findings keep their previous state" : ""}`,
    "",
    `Changes at or above ${minSeverity}: ${countsText}.`,
    `Failing now: ${run.counts.byStatus.FAIL}${failing ? ` (${failing})` : ""}; suppressed: ${run.counts.byStatus.SUPPRESSED}.`,
    "",
  ];
  // Changes below name no one there: say why, rather than leave it to be read as "no one known".
  const unavailable = report.attribution && attributionUnavailableLine(report.attribution);
  if (unavailable) head.splice(-1, 0, `CloudTrail: ${unavailable}.`);
  const tail = collectionErrorsSection(report);
  const sections = [
    { title: "NEW AND REGRESSED FAILURES", items: changes.filter((t) => t.kind !== "RESOLVED") },
    { title: "RESOLVED", items: changes.filter((t) => t.kind === "RESOLVED") },
  ];

  let body = head.join("\n");
  let used = bytes(body) + bytes(tail) + 200;
  let omitted = 0;
  for (const section of sections) {
    if (section.items.length === 0) continue;
    const title = `\n${section.title} (${section.items.length})\n${"-".repeat(section.title.length + 4)}\n`;
    let text = title;
    for (const item of section.items) {
      const entry = describeTransition(item);
      if (used + bytes(text) + bytes(entry) > maxBodyBytes) {
        omitted += 1;
        continue;
      }
      text += entry;
    }
    if (text !== title) {
      body += text;
      used += bytes(text);
    }
  }
  if (omitted > 0) body += `\n… and ${omitted} more change${omitted > 1 ? "s" : ""} not shown (message size limit). Run \`driftwarden audit --format html\` or read the findings table for all of them.\n`;
  body += tail;

  return {
    subject,
    body,
    attributes: {
      account: { DataType: "String", StringValue: run.accountId },
      highestSeverity: { DataType: "String", StringValue: highest ?? "none" },
      newCount: { DataType: "Number", StringValue: String(counts.new) },
      regressedCount: { DataType: "Number", StringValue: String(counts.regressed) },
      resolvedCount: { DataType: "Number", StringValue: String(counts.resolved) },
      runStatus: { DataType: "String", StringValue: run.status },
    },
  };
}

function describeTransition(t: Transition): string {
  const name = t.resource.name && t.resource.name !== t.resource.id ? ` (${t.resource.name})` : "";
  const lines = [
    `[${t.severity.toUpperCase()}] ${t.kind} ${t.ruleId}`,
    `  resource: ${t.resource.type} ${t.resource.id}${name}, ${t.resource.region}`,
    t.reason && `  reason:   ${t.reason}`,
    t.explanation && `  drift:    ${t.explanation}`,
    t.cause && `  changed:  ${causeLine(t.cause)}`,
  ];
  return `${lines.filter(Boolean).join("\n")}\n\n`;
}

function collectionErrorsSection(report: AuditReport): string {
  if (report.errors.length === 0) return "";
  const lines = report.errors.slice(0, 20).map((e) => `  ${e.service} ${e.region} ${e.operation}: ${e.code}: ${truncate(e.message, 200)}`);
  if (report.errors.length > 20) lines.push(`  … and ${report.errors.length - 20} more`);
  return `\nNOT COLLECTED IN THIS RUN (findings there keep their previous state)\n${lines.join("\n")}\n`;
}

export function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
