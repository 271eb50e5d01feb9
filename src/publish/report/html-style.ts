/** How the HTML report looks: its palette, status words and stylesheet, from a 390 px phone to a wide screen. */
import type { FindingStatus, Severity } from "../../types/finding.js";
import { FINDING_STATUSES, SEVERITIES } from "../../types/finding.js";
import { trusted } from "./html-markup.js";

export const SEVERITY_COLOR: Record<Severity, string> = { critical: "#991b1b", high: "#dc2626", medium: "#d97706", low: "#2563eb", info: "#6b7280" };
export const STATUS_COLOR: Record<FindingStatus, string> = { FAIL: "#dc2626", ERROR: "#7c3aed", SUPPRESSED: "#6b7280", PASS: "#16a34a", NOT_APPLICABLE: "#9ca3af" };
export const STATUS_LABEL: Record<FindingStatus, string> = { FAIL: "failed", ERROR: "not evaluated", SUPPRESSED: "suppressed", PASS: "passed", NOT_APPLICABLE: "not applicable" };

/** Below this width tables of findings become cards (one per row) and other wide tables scroll inside their box. */
const NARROW = "640px";

export const STYLE = trusted(`
:root { color-scheme: light; --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg-alt: #f9fafb; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { margin: 0 0 8px; font-size: 24px; }
h2 { margin: 32px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 8px; font-size: 17px; }
h4 { margin: 12px 0 4px; font-size: 15px; }
section, article { scroll-margin-top: 96px; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; min-width: 0; }
.summary { font-weight: 600; font-size: 16px; }
nav a { margin-right: 12px; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: break-word; background: var(--bg-alt); padding: 8px; border-radius: 4px; }
code { overflow-wrap: anywhere; }
td pre { font-size: 12px; min-width: 16em; }
.nowrap, .nowrap code { white-space: nowrap; overflow-wrap: normal; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; overflow-wrap: break-word; }
table.findings { table-layout: fixed; }
table.findings td { overflow-wrap: anywhere; }
th { background: var(--bg-alt); font-weight: 600; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; white-space: nowrap; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\25BC"; color: var(--fg); }
.alert { border: 2px solid #dc2626; background: #fef2f2; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.alert h2 { margin-top: 0; border: 0; color: #991b1b; }
.warning { border: 1px solid #d97706; background: #fffbeb; border-radius: 6px; padding: 8px 16px; margin: 16px 0; }
.charts { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 24px; }
svg.chart { max-width: 100%; height: auto; }
.chart text { font: 12px system-ui, sans-serif; fill: var(--fg); }
.chart .chart-title { font-weight: 600; font-size: 13px; }
.badge { display: inline-block; white-space: nowrap; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-transform: uppercase; vertical-align: middle; }
${SEVERITIES.map((s) => `.sev-${s} { background: ${SEVERITY_COLOR[s]}; }`).join("\n")}
${FINDING_STATUSES.map((s) => `.st-${s} { background: ${STATUS_COLOR[s]}; }`).join("\n")}
.acct-complete { background: ${STATUS_COLOR.PASS}; }
.acct-partial { background: ${SEVERITY_COLOR.medium}; }
.acct-unreadable { background: ${SEVERITY_COLOR.critical}; }
/* Below the sticky filters, which take two rows when the account filter joins them. */
section.account { border-top: 3px solid var(--line); margin-top: 32px; scroll-margin-top: 150px; }
h2.account-title code { font-size: 17px; }
section.account > details > summary { padding: 8px 0; }
h2.account-title { display: inline; margin: 0; border: 0; padding: 0; }
.account-counts { font-weight: 600; }
table.accounts td.num { text-align: right; }
table.accounts tr.unreadable td { background: #fef2f2; }
/* A reason quotes ARNs, which have no space to break at. */
.alert li, .alert p, p.warning { overflow-wrap: anywhere; }
article.rule { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
${SEVERITIES.map((s) => `article.rule.sev-${s}-border { border-left-color: ${SEVERITY_COLOR[s]}; }`).join("\n")}
.muted { color: var(--muted); }
.tag { display: inline-block; background: var(--bg-alt); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; margin: 0 4px 2px 0; font-size: 12px; }
details > summary { cursor: pointer; font-weight: 600; }
details.fix { margin-top: 6px; }
details.fix > summary { font-weight: 400; font-size: 13px; color: #1d4ed8; }
details.fix pre { margin-top: 4px; }
form.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 12px; margin: 16px 0; padding: 10px 12px; background: #f3f4f6; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 2px 4px rgb(0 0 0 / 6%); }
form.filters label { display: flex; flex-direction: column; min-width: 0; font-size: 12px; color: var(--muted); }
form.filters .search { flex: 1 1 16em; }
form.filters input, form.filters select, form.filters button { font: inherit; font-size: 14px; color: var(--fg); max-width: 100%; padding: 4px 6px; border: 1px solid #d1d5db; border-radius: 4px; background: #fff; }
form.filters button { cursor: pointer; }
form.filters output { margin-left: auto; align-self: center; font-size: 13px; color: var(--muted); }
.no-match { color: var(--muted); font-style: italic; }
/* What a column header says, repeated in a card, where there is no header. */
.card-label { display: none; color: var(--muted); }
footer { color: var(--muted); font-size: 13px; padding-bottom: 32px; margin-top: 32px; }
@media (max-width: ${NARROW}) {
  header, main, footer { padding: 0 12px; }
  header { padding-top: 16px; }
  h2 { margin-top: 24px; }
  article.rule { padding: 10px; }
  form.filters { position: static; }
  form.filters label { flex: 1 1 40%; }
  form.filters output { margin-left: 0; }
  th, td { overflow-wrap: anywhere; }
  .scroll > table.wide { min-width: 600px; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: auto; }
  table.cards colgroup { display: none; }
  /* The header row keeps only its sort buttons: without the script it has nothing to say over cards. */
  table.cards thead tr { display: flex; flex-wrap: wrap; gap: 4px 14px; }
  table.cards th { border: 0; padding: 0; background: none; font-size: 13px; }
  table.cards th:not([aria-sort]) { display: none; }
  table.cards tbody tr { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 0; }
  table.cards td { border: 0; padding: 2px 10px; }
  table.cards td.inline { display: inline-block; padding-right: 0; }
  table.cards .card-label { display: inline; }
  td pre { min-width: 0; }
}
`);
