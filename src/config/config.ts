import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import type { EnabledRule } from "../evaluate/evaluate.js";
import type { Rule } from "../evaluate/rule.js";
import { planReads } from "../evaluate/rule.js";
import type { OptionalRead } from "../types/reads.js";
import type { Severity } from "../types/finding.js";
import { ConfigError, didYouMean, issuePath } from "./errors.js";
import { validateRegions } from "./regions.js";
import type { SuppressionEntry } from "../evaluate/suppressions.js";
import type { ConfigFile } from "./schema.js";
import { alertsSchema, configFileSchema, organizationSchema, ruleSettingsSchema, storeSchema, suppressionSchema } from "./schema.js";

/** A change CloudTrail did not name is seen within a week. */
export const DEFAULT_CARRY_OVER_DAYS = 7;

export interface DriftwardenConfig {
  regions?: string[];
  rules: EnabledRule[];
  disabledRules: string[];
  /**
   * Optional reads the rules the config enables need. Narrowing a run to fewer
   * rules (--rules, payload.rules) keeps them, so that its snapshot holds what
   * a full run's does and the next full run sees no drift from the gap.
   */
  reads: OptionalRead[];
  alerts: { minSeverity: Severity };
  suppressions: SuppressionEntry[];
  retentionDays: number;
  /** Days a per-resource read may be carried over from earlier runs when nothing says it changed (0: none; see collect/carried-reads.ts). */
  carryOverDays: number;
  /** Live runs name who made each change from CloudTrail's LookupEvents (default true; `attribution: false` turns it off). */
  attribution: boolean;
  /** An organization run's accounts and member role, when the config asks for one (flags override each key). */
  organization?: OrganizationConfig;
  /** Where the config came from, for messages. */
  source: string;
}

export type OrganizationConfig = NonNullable<ConfigFile["organization"]>;

export const DEFAULT_ALERT_SEVERITY: Severity = "medium";

export async function loadConfigFile(path: string, rules: Rule[]): Promise<DriftwardenConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read config (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseConfig(text, path, rules);
}

/** Parses YAML or JSON (by extension; YAML is a superset, so other names are read as YAML). */
export function parseConfig(text: string, source: string, rules: Rule[]): DriftwardenConfig {
  let raw: unknown;
  try {
    raw = extname(source) === ".json" ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid ${extname(source) === ".json" ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`);
  }
  return resolveConfig(raw ?? {}, source, rules);
}

export function resolveConfig(raw: unknown, source: string, rules: Rule[]): DriftwardenConfig {
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source}: ${describeIssue(parsed.error, topLevelKeys)}`);
  const file: ConfigFile = parsed.data;
  const ruleIds = rules.map((r) => r.id);
  const enabled: EnabledRule[] = [];
  const disabledRules: string[] = [];
  for (const id of Object.keys(file.rules ?? {})) {
    if (!ruleIds.includes(id)) {
      throw new ConfigError(`${source}: rules.${id}: unknown rule id${didYouMean(id, ruleIds)}; run \`driftwarden rules\` for the list`);
    }
  }
  for (const rule of rules) {
    const entry = file.rules?.[rule.id];
    const settings = typeof entry === "boolean" ? { enabled: entry } : (entry ?? {});
    if (settings.enabled === false) {
      disabledRules.push(rule.id);
      continue;
    }
    enabled.push({ rule, params: ruleParams(rule, "params" in settings ? settings.params : undefined, source) });
  }
  return {
    ...(file.regions && { regions: validateRegions(file.regions, `${source}: regions`) }),
    rules: enabled,
    disabledRules,
    reads: planReads(enabled.map((e) => e.rule)),
    alerts: { minSeverity: file.alerts?.minSeverity ?? DEFAULT_ALERT_SEVERITY },
    suppressions: file.suppressions ?? [],
    retentionDays: file.store?.retentionDays ?? 90,
    carryOverDays: file.store?.carryOverDays ?? DEFAULT_CARRY_OVER_DAYS,
    attribution: file.attribution ?? true,
    ...(file.organization && { organization: file.organization }),
    source,
  };
}

/** The defaults of every rule, for runs without a config file. */
export function defaultConfig(rules: Rule[]): DriftwardenConfig {
  return resolveConfig({}, "defaults", rules);
}

function ruleParams(rule: Rule, params: Record<string, unknown> | undefined, source: string): unknown {
  const parsed = rule.params.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const allowed = Object.keys((rule.params as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  const known = allowed.length > 0 ? `allowed params: ${allowed.join(", ")}` : "this rule takes no params";
  throw new ConfigError(`${source}: rules.${rule.id}.params${describeIssue(parsed.error, allowed, true)} (${known})`);
}

const topLevelKeys = Object.keys(configFileSchema.shape);

/** By section, the keys its schema allows: an unknown key's message lists them. */
const SECTION_KEYS: Record<string, string[]> = {
  suppressions: Object.keys(suppressionSchema.shape),
  alerts: Object.keys(alertsSchema.shape),
  store: Object.keys(storeSchema.shape),
  organization: Object.keys(organizationSchema.shape),
  rules: Object.keys(ruleSettingsSchema.shape),
};

/** One line for the first problem: where, what was expected, and for unknown keys the allowed ones. */
function describeIssue(error: z.ZodError, allowedKeys: string[], nested = false): string {
  const issue = error.issues[0]!;
  // Nested paths continue the caller's ("rules.<id>.params" + ".ports").
  const path = issuePath(issue.path);
  const where = nested ? (path ? `.${path}` : "") : path || "(top level)";
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const at = nested || path ? `${where}.${key}` : String(key);
    const allowed = nested ? allowedKeys : (keysAt(issue.path) ?? allowedKeys);
    return `${at}: unknown key${didYouMean(String(key), allowed)}${nested ? "" : `; allowed here: ${keysAt(issue.path)?.join(", ") ?? "see the README's configuration section"}`}`;
  }
  return `${where}: ${issue.message}`;
}

/** The keys allowed where an unknown one was found; undefined where the README says. */
function keysAt(path: PropertyKey[]): string[] | undefined {
  return path.length === 0 ? topLevelKeys : SECTION_KEYS[String(path[0])];
}
