import picomatch from "picomatch";
import type { Finding } from "../types/finding.js";

/** One entry of the config's `suppressions`; patterns are globs ("sg-0abc*") or "/regular expressions/". */
export interface SuppressionEntry {
  rule?: string;
  account?: string;
  region?: string;
  /** Matches the resource id or its ARN. */
  resource?: string;
  tags?: Record<string, string>;
  reason: string;
  owner?: string;
  /** An ISO date; the suppression ends after it (UTC). */
  expires?: string;
}

/** A config entry that matched no failing finding, with the patterns it was written with, so it can be found and fixed. */
export interface UnusedSuppression {
  index: number;
  reason: string;
  rule?: string;
  resource?: string;
  account?: string;
  region?: string;
  tags?: Record<string, string>;
}

type Matcher = (value: string) => boolean;

/** "/…/flags" is a regular expression; anything else is a glob. */
function matcher(pattern: string): Matcher {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    const re = new RegExp(regex[1]!, regex[2]);
    return (value) => re.test(value);
  }
  return picomatch(pattern, { dot: true });
}

function compile(entry: SuppressionEntry): (finding: Finding) => boolean {
  const rule = entry.rule ? matcher(entry.rule) : undefined;
  const account = entry.account ? matcher(entry.account) : undefined;
  const region = entry.region ? matcher(entry.region) : undefined;
  const resource = entry.resource ? matcher(entry.resource) : undefined;
  return (f) =>
    (!rule || rule(f.ruleId)) &&
    (!account || account(f.resource.accountId)) &&
    (!region || region(f.resource.region)) &&
    (!resource || resource(f.resource.id) || (f.resource.arn !== undefined && resource(f.resource.arn))) &&
    Object.entries(entry.tags ?? {}).every(([k, v]) => f.resource.tags[k] !== undefined && matcher(v)(f.resource.tags[k]!));
}

const SUPPRESSIBLE = new Set(["FAIL", "ERROR"]);

/**
 * Marks failing findings that a suppression matches as SUPPRESSED (never drops
 * them). An expired suppression no longer applies and the finding's evidence
 * says so. Suppressions that match no failing finding are returned as unused.
 */
export function applySuppressions(findings: Finding[], entries: SuppressionEntry[], now: Date): { findings: Finding[]; unused: UnusedSuppression[] } {
  const compiled = entries.map((entry, index) => ({ entry, index, matches: compile(entry), used: false }));
  const today = now.toISOString().slice(0, 10);
  const result = findings.map((finding) => {
    if (!SUPPRESSIBLE.has(finding.status)) return finding;
    let expired: SuppressionEntry | undefined;
    for (const s of compiled) {
      if (!s.matches(finding)) continue;
      s.used = true;
      // "expires: 2026-12-31" suppresses through the end of that day (UTC).
      // Stryker disable next-line MethodExpression: a date-time sorts after its own day as text too; the slice says the day is compared
      if (s.entry.expires && s.entry.expires.slice(0, 10) < today) {
        expired ??= s.entry;
        continue;
      }
      return {
        ...finding,
        status: "SUPPRESSED" as const,
        suppression: { reason: s.entry.reason, ...(s.entry.owner && { owner: s.entry.owner }), ...(s.entry.expires && { expires: s.entry.expires }) },
        lifecycle: { ...finding.lifecycle, suppressedStatus: finding.status },
      };
    }
    if (!expired) return finding;
    return { ...finding, evidence: { ...finding.evidence, suppressionExpired: `suppression expired on ${expired.expires}: ${expired.reason}` } };
  });
  return { findings: result, unused: compiled.filter((s) => !s.used).map((s) => unusedEntry(s.index, s.entry)) };
}

function unusedEntry(index: number, entry: SuppressionEntry): UnusedSuppression {
  const { rule, resource, account, region, tags } = entry;
  return { index, reason: entry.reason, ...(rule && { rule }), ...(resource && { resource }), ...(account && { account }), ...(region && { region }), ...(tags && { tags }) };
}
