/**
 * `driftwarden rules` as text: a short block per rule that fits the width —
 * id, severity and status on the first line (what grep finds), then the title,
 * the AWS Config / Security Hub references and the params with their defaults.
 */
import pc from "picocolors";
import type { ComplianceRow } from "../../rules/compliance.js";
import { complianceTable } from "../../rules/compliance.js";
import type { Rule } from "../evaluate/rule.js";
import { defaultParams } from "../evaluate/rule.js";
import { padEnd, visibleWidth, wrap } from "../publish/report/terminal-text.js";

const SEVERITY_COLUMN = 10;
const INDENT = "  ";
/** Continuation lines of a wrapped block line sit under its text. */
const HANGING = "    ";

export interface CatalogueOptions {
  /** Rule id → params the config runs it with; a rule not in it is disabled. */
  enabled: ReadonlyMap<string, unknown>;
  color: boolean;
  width: number;
}

export function renderRuleCatalogue(rules: Rule[], options: CatalogueOptions): string {
  const { enabled, width } = options;
  const c = pc.createColors(options.color);
  const idColumn = Math.max(...rules.map((r) => r.id.length)) + 2;
  const row = (id: string, severity: string, status: string) => {
    const line = `${padEnd(id, idColumn)}${padEnd(severity, SEVERITY_COLUMN)}${status}`;
    return visibleWidth(line) <= width ? [line] : block(`${id} · ${severity} · ${status}`, "", width);
  };
  const lines = row("RULE", "SEVERITY", "STATUS").map((l) => c.bold(l));
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const r of complianceTable(rules)) {
    lines.push(...row(r.id, r.severity, enabled.has(r.id) ? "enabled" : c.dim("disabled")), ...block(r.title, INDENT, width));
    const references = referencesText(r);
    if (references) lines.push(...block(references, INDENT, width).map((l) => c.dim(l)));
    const params = paramsText(defaultParams(byId.get(r.id)!), enabled.get(r.id));
    if (params) lines.push(...block(`params: ${params}`, INDENT, width));
  }
  const configured = [...enabled.keys()].filter((id) => byId.has(id)).length;
  lines.push("", ...block(`${rules.length} rules, ${configured} enabled; params are set in the config under rules.<id>.params`, "", width));
  return lines.join("\n");
}

/** "AWS Config: restricted-ssh · Security Hub: EC2.13", naming only the mappings the rule has ("—" is none). */
function referencesText(r: ComplianceRow): string {
  const named = (label: string, value: string) => (value && value !== "—" ? `${label}: ${value}` : "");
  return [named("AWS Config", r.awsConfig), named("Security Hub", r.securityHub)].filter(Boolean).join(" · ");
}

/** One logical line, wrapped to the width under `indent`, its continuation lines a little further in. */
function block(text: string, indent: string, width: number): string[] {
  const [first = "", ...rest] = wrap(text, Math.max(20, width - indent.length));
  const continued = rest.join(" ");
  return [indent + first, ...(continued ? wrap(continued, Math.max(20, width - indent.length - HANGING.length)).map((l) => indent + HANGING + l) : [])];
}

/** "ports=[22], allowedCidrs=[]"; a param the config sets otherwise says its default: "minRetentionDays=14 (default 7)". */
function paramsText(defaults: unknown, configured: unknown): string {
  const base = (defaults ?? {}) as Record<string, unknown>;
  const set = (configured ?? base) as Record<string, unknown>;
  return Object.keys(base)
    .map((key) => {
      const value = formatValue(set[key]);
      const fallback = formatValue(base[key]);
      return value === fallback ? `${key}=${value}` : `${key}=${value} (default ${fallback})`;
    })
    .join(", ");
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return typeof value === "string" ? value : JSON.stringify(value) ?? "(unset)";
}
