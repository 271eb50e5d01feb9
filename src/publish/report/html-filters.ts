/**
 * What the page's script filters: one entry per finding row, given to the
 * script as JSON, and the filter form, rendered here (escaped like every
 * value) and hidden until the script shows it, so a reader without script
 * sees every row and no controls that do nothing.
 */
import type { Finding, FindingStatus } from "../../types/finding.js";
import { SEVERITIES } from "../../types/finding.js";
import type { Markup } from "./html-markup.js";
import { html, jsonScript } from "./html-markup.js";
import { accountLabel, resourceName } from "./presentation.js";
import { STATUS_LABEL } from "./html-style.js";

/** The statuses the page lists finding by finding; passing ones are only counted. */
export const LISTED_STATUSES: readonly FindingStatus[] = ["FAIL", "ERROR", "SUPPRESSED"];

export interface FilterEntry {
  severity: string;
  status: string;
  rule: string;
  region: string;
  account: string;
  /** Resource id, name and reason, lower case, for the search box. */
  text: string;
}

/** The element ids the script looks for. */
export const DATA_ID = "report-data";
export const FORM_ID = "filters";

function options(values: readonly string[], counts: Map<string, number>, label: (value: string) => string = (v) => v): Markup[] {
  return values.map((value) => html`<option value="${value}">${label(value)} (${counts.get(value) ?? 0})</option>`);
}

function countBy(entries: readonly FilterEntry[], key: keyof FilterEntry): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry[key], (counts.get(entry[key]) ?? 0) + 1);
  return counts;
}

const sorted = (values: Iterable<string>) => [...values].sort();

export class FindingFilters {
  private readonly entries: FilterEntry[] = [];
  private readonly rows = new Map<Finding, number>();

  /** `accountNames`: an organization run's names by account id, for the account filter's options. */
  constructor(
    findings: readonly Finding[],
    private readonly accountNames: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const f of findings.filter((f) => LISTED_STATUSES.includes(f.status))) {
      this.rows.set(f, this.entries.length);
      const text = [f.resource.id, f.resource.name && f.resource.name !== f.resource.id ? resourceName(f.resource) : "", f.reason].filter(Boolean).join(" ");
      this.entries.push({ severity: f.severity, status: f.status, rule: f.ruleId, region: f.resource.region, account: f.resource.accountId, text: text.toLowerCase() });
    }
  }

  /** The value of a row's data-finding attribute: the finding's entry in the data. */
  rowOf(finding: Finding): number | undefined {
    return this.rows.get(finding);
  }

  data(): Markup {
    return jsonScript(DATA_ID, { findings: this.entries });
  }

  form(): Markup | "" {
    if (this.entries.length === 0) return "";
    const field = (key: keyof FilterEntry, name: string, values: string[], label?: (value: string) => string) =>
      html`<label>${name}<select name="${key}"><option value="">all</option>${options(values, countBy(this.entries, key), label)}</select></label>`;
    const present = (key: keyof FilterEntry) => new Set(this.entries.map((e) => e[key]));
    const severities = SEVERITIES.filter((s) => present("severity").has(s));
    const statuses = LISTED_STATUSES.filter((s) => present("status").has(s));
    const accounts = sorted(present("account"));
    return html`<form id="${FORM_ID}" class="filters" role="search" aria-label="Filter findings" hidden>
<label class="search">Search<input type="search" name="q" placeholder="resource id, name or reason" autocomplete="off"></label>
${field("severity", "Severity", severities)}
${field("status", "Status", statuses, (s) => STATUS_LABEL[s as FindingStatus])}
${field("rule", "Rule", sorted(present("rule")))}
${field("region", "Region", sorted(present("region")))}
${accounts.length > 1 ? field("account", "Account", accounts, (id) => accountLabel({ accountId: id, name: this.accountNames.get(id) ?? "" })) : ""}
<button type="reset">Clear</button>
<output id="${FORM_ID}-count" aria-live="polite"></output>
</form>`;
  }
}
