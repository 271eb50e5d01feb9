/** Failing findings by severity over recorded runs: stacked columns as inline SVG, drawn from markup alone. */
import type { Severity } from "../../types/finding.js";
import { SEVERITIES } from "../../types/finding.js";
import type { RunSummary } from "./audit-report.js";
import type { Markup } from "./html-markup.js";
import { html } from "./html-markup.js";
import { displayTime } from "./presentation.js";

const WIDTH = 480;
const LEFT = 40;
const RIGHT = 8;
const PLOT_TOP = 56;
const PLOT_HEIGHT = 130;
const HEIGHT = PLOT_TOP + PLOT_HEIGHT + 28;
const MAX_LABELS = 8;
/** Up to this many runs, each column has its total written above it. */
const MAX_TOTALS = 12;

/** The runs to draw, oldest first: the stored ones and the report's own (a run not recorded, such as a dry run, is not stored). */
export function trendRuns(history: readonly RunSummary[], current: RunSummary, limit: number): RunSummary[] {
  const runs = [current, ...history.filter((run) => run.id !== current.id)];
  runs.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return runs.slice(-limit);
}

/** The axis' top: a round number at least `value` whose half, the middle line, is a whole number too. */
function niceCeiling(value: number): number {
  if (value <= 10) return Math.max(4, Math.ceil(value / 2) * 2);
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((top) => top >= value)!;
}

function failing(run: RunSummary): number {
  return SEVERITIES.reduce((n, s) => n + run.counts.bySeverity[s], 0);
}

function runText(run: RunSummary): string {
  const counts = SEVERITIES.map((s) => `${run.counts.bySeverity[s]} ${s}`).join(", ");
  return `${displayTime(run.startedAt)}: ${failing(run)} failing (${counts})${run.status === "partial" ? ", partial run" : ""}`;
}

export function trendChart(id: string, runs: readonly RunSummary[], colors: Record<Severity, string>): Markup {
  const title = `Failing findings over the last ${runs.length} runs`;
  const top = niceCeiling(Math.max(0, ...runs.map(failing)));
  const scale = (count: number) => (count / top) * PLOT_HEIGHT;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, runs.length);
  const barWidth = Math.min(36, Math.max(3, slot * 0.6));
  const labelEvery = Math.ceil(runs.length / MAX_LABELS);
  const baseline = PLOT_TOP + PLOT_HEIGHT;
  const grid = [0, top / 2, top].map((tick) => {
    const y = baseline - scale(tick);
    return html`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`;
  });
  const legend = SEVERITIES.map(
    (s, i) => html`<rect x="${LEFT + i * 84}" y="30" width="10" height="10" rx="2" fill="${colors[s]}"/><text x="${LEFT + i * 84 + 14}" y="39">${s}</text>`,
  );
  const columns = runs.map((run, i) => {
    const x = LEFT + slot * i + (slot - barWidth) / 2;
    let y = baseline;
    // Most severe at the bottom, where the eye compares columns.
    const segments = SEVERITIES.filter((s) => run.counts.bySeverity[s] > 0).map((s) => {
      const h = scale(run.counts.bySeverity[s]);
      y -= h;
      return html`<rect x="${round(x)}" y="${round(y)}" width="${round(barWidth)}" height="${round(h)}" fill="${colors[s]}"/>`;
    });
    const outline = run.status === "partial" ? html`<rect x="${round(x)}" y="${round(y)}" width="${round(barWidth)}" height="${round(baseline - y)}" fill="none" stroke="#111827" stroke-dasharray="3 2"/>` : "";
    const label = i % labelEvery === 0 || i === runs.length - 1 ? html`<text x="${round(x + barWidth / 2)}" y="${baseline + 16}" text-anchor="middle">${run.startedAt.slice(5, 10)}</text>` : "";
    const total = runs.length <= MAX_TOTALS ? html`<text x="${round(x + barWidth / 2)}" y="${round(y - 4)}" text-anchor="middle">${failing(run)}</text>` : "";
    return html`<g><title>${runText(run)}</title>${segments}${outline}${total}${label}</g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${title}</title><desc id="${id}-desc">${runs.map(runText).join("; ")}</desc><text class="chart-title" x="0" y="18">${title}</text>${legend}${grid}${columns}</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
