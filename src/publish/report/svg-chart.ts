/** Horizontal bar charts as inline SVG: drawn by the browser from markup alone, no script, no request. */
import type { Markup } from "./html-markup.js";
import { html } from "./html-markup.js";

export interface Bar {
  label: string;
  value: number;
  /** A CSS color from driftwarden's palette. */
  color: string;
}

const WIDTH = 330;
const TITLE_HEIGHT = 28;
const ROW = 26;
const LABEL_WIDTH = 130;
const BAR_MAX = 150;
const LABEL_CHARS = 18;

export function barChart(id: string, title: string, bars: Bar[], empty = "nothing to show"): Markup {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = TITLE_HEIGHT + Math.max(1, bars.length) * ROW + 6;
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join(", ") || empty;
  const rows = bars.map((bar, i) => {
    const y = TITLE_HEIGHT + i * ROW;
    const length = max > 0 ? Math.round((bar.value / max) * BAR_MAX) : 0;
    const label = bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label;
    return html`<g><title>${bar.label}: ${bar.value}</title><text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end">${label}</text><rect x="${LABEL_WIDTH}" y="${y + 4}" width="${Math.max(length, bar.value > 0 ? 2 : 0)}" height="${ROW - 8}" rx="3" fill="${bar.color}"/><text x="${LABEL_WIDTH + length + 6}" y="${y + 17}">${bar.value}</text></g>`;
  });
  const nothing = bars.length === 0 ? html`<text x="${WIDTH / 2}" y="${TITLE_HEIGHT + 17}" text-anchor="middle">${empty}</text>` : "";
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${title}</title><desc id="${id}-desc">${summary}</desc><text class="chart-title" x="0" y="18">${title}</text>${rows}${nothing}</svg>`;
}
