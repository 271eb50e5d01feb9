/**
 * The event path's alerts: short, one per changed resource, readable on a
 * phone: the subject says severity, rule, resource and who; the body adds the
 * region, the reason, the change and the event. A burst of changes in one batch becomes
 * one summary, so a script changing fifty groups sends one email, not fifty.
 */
import type { Transition } from "../../diff/types.js";
import type { Severity } from "../../types/finding.js";
import { severityRank } from "../../types/finding.js";
import { compareText } from "../../types/order.js";
import { actorLabel } from "../../attribute/actor.js";
import { causeLine, groupBy, resourceLabel, resourceName } from "../report/presentation.js";
import type { AlertMessage } from "./alert-message.js";
import { alertingTransitions, MAX_SUBJECT, truncate } from "./alert-message.js";

/** Above this many changed resources in one batch, one summary message instead of one each. */
export const DEFAULT_BURST_THRESHOLD = 5;

export interface AccountTransitions {
  accountId: string;
  transitions: Transition[];
}

export function eventAlerts(changes: AccountTransitions[], minSeverity: Severity, threshold = DEFAULT_BURST_THRESHOLD): AlertMessage[] {
  const byResource = changes.flatMap(({ accountId, transitions }) =>
    [...groupBy(alertingTransitions(transitions, minSeverity), (t) => `${t.resource.type}/${t.resource.region}/${t.resource.id}`).values()].map((items) => ({ accountId, items })),
  );
  if (byResource.length === 0) return [];
  if (byResource.length > threshold) return [summary(byResource)];
  return byResource.map(({ accountId, items }) => resourceAlert(accountId, items));
}

function resourceAlert(accountId: string, items: Transition[]): AlertMessage {
  const first = items[0]!;
  const actor = items.find((t) => t.cause)?.cause;
  const what = first.kind === "RESOLVED" ? `resolved ${first.ruleId}` : `${first.severity.toUpperCase()} ${first.ruleId}`;
  const subject = subjectOf(`driftwarden: ${what} on `, resourceName(first.resource), actor ? ` by ${actor.actor.name ?? actorLabel(actor.actor)}` : "");
  const body = [
    `${resourceLabel(first.resource)} (${first.resource.type}) in account ${accountId} changed:`,
    "",
    ...items.flatMap(transitionLines),
    "",
    "Re-evaluated from a CloudTrail event: the resource was read again, not taken from the event.",
  ].join("\n");
  return { subject, body, attributes: attributesOf(items, accountId) };
}

/** Who made the change is the subject's point (its name: the role and the rest are in the body): the resource's label gives way first. */
function subjectOf(head: string, label: string, who: string): string {
  const room = MAX_SUBJECT - head.length - who.length;
  if (room >= Math.min(label.length, MIN_LABEL)) return `${head}${truncate(label, Math.max(room, MIN_LABEL))}${who}`;
  return truncate(`${head}${truncate(label, MIN_LABEL)}${who}`, MAX_SUBJECT);
}

/** Enough of a resource's label to tell it apart. */
const MIN_LABEL = 24;

function summary(byResource: { accountId: string; items: Transition[] }[]): AlertMessage {
  const all = byResource.flatMap((r) => r.items);
  const failing = all.filter((t) => t.kind !== "RESOLVED");
  const highest = failing.map((t) => t.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
  const accounts = [...new Set(byResource.map((r) => r.accountId))].sort(compareText);
  const subject = truncate(`driftwarden: ${all.length} changes on ${byResource.length} resources${highest ? ` (${highest})` : ""} in ${accounts.join(", ")}`, MAX_SUBJECT);
  const body = [
    `${byResource.length} resources changed within seconds of each other; one message for all of them:`,
    "",
    ...byResource.flatMap(({ accountId, items }) => [`${resourceLabel(items[0]!.resource)} (${items[0]!.resource.type}, account ${accountId})`, ...items.flatMap(transitionLines), ""]),
  ].join("\n");
  return { subject, body, attributes: attributesOf(all, accounts.join(",")) };
}

function transitionLines(t: Transition): string[] {
  const head = `  ${t.kind} ${t.severity} ${t.ruleId}${t.reason ? `: ${t.reason}` : ""}`;
  return [head, ...(t.explanation ? [`    because ${t.explanation}`] : []), ...(t.cause ? [`    ${causeLine(t.cause)}`] : [])];
}

/** The nightly alert's attributes, so that one subscription filter policy serves both. */
function attributesOf(items: Transition[], account: string): AlertMessage["attributes"] {
  const highest = items.filter((t) => t.kind !== "RESOLVED").map((t) => t.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
  return {
    account: { DataType: "String", StringValue: account },
    highestSeverity: { DataType: "String", StringValue: highest ?? "none" },
    trigger: { DataType: "String", StringValue: "event" },
  };
}
