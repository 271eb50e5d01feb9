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

export interface StackedBar {
  label: string;
  /** Drawn left to right in this order; segments of 0 are left out. */
  segments: Bar[];
  /** Written after the total and outlined dashed: what sets this bar apart (an account not read this run). */
  note?: string;
}

const STACKED_WIDTH = 540;
const STACKED_LABEL_WIDTH = 220;
const STACKED_BAR_MAX = 200;
const STACKED_LABEL_CHARS = 26;
const LEGEND_HEIGHT = 22;

/** One labelled bar per row, its segments side by side (severities of one account), the total after it; a legend names the segments. */
export function stackedBarChart(id: string, title: string, bars: StackedBar[], legend: Omit<Bar, "value">[], empty = "nothing to show"): Markup {
  const total = (bar: StackedBar) => bar.segments.reduce((n, s) => n + s.value, 0);
  const max = Math.max(0, ...bars.map(total));
  const top = TITLE_HEIGHT + LEGEND_HEIGHT;
  const height = top + Math.max(1, bars.length) * ROW + 6;
  const describe = (bar: StackedBar) => {
    const parts = bar.segments.filter((s) => s.value > 0).map((s) => `${s.value} ${s.label}`);
    return `${bar.label}: ${total(bar)}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}${bar.note ? `, ${bar.note}` : ""}`;
  };
  const keys = legend.map(
    (item, i) => html`<rect x="${i * 76}" y="${TITLE_HEIGHT}" width="10" height="10" rx="2" fill="${item.color}"/><text x="${i * 76 + 14}" y="${TITLE_HEIGHT + 9}">${item.label}</text>`,
  );
  const rows = bars.map((bar, i) => {
    const y = top + i * ROW;
    let x = STACKED_LABEL_WIDTH;
    const segments = bar.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const width = Math.max(2, Math.round((s.value / max) * STACKED_BAR_MAX));
        const rect = html`<rect x="${x}" y="${y + 4}" width="${width}" height="${ROW - 8}" fill="${s.color}"/>`;
        x += width;
        return rect;
      });
    const outline = bar.note ? html`<rect x="${STACKED_LABEL_WIDTH}" y="${y + 3}" width="${Math.max(x - STACKED_LABEL_WIDTH, 2)}" height="${ROW - 6}" fill="none" stroke="#111827" stroke-dasharray="3 2"/>` : "";
    const label = bar.label.length > STACKED_LABEL_CHARS ? `${bar.label.slice(0, STACKED_LABEL_CHARS - 1)}…` : bar.label;
    return html`<g><title>${describe(bar)}</title><text x="${STACKED_LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end">${label}</text>${segments}${outline}<text x="${x + 6}" y="${y + 17}">${total(bar)}${bar.note ? ` ${bar.note}` : ""}</text></g>`;
  });
  const nothing = bars.length === 0 ? html`<text x="${STACKED_WIDTH / 2}" y="${top + 17}" text-anchor="middle">${empty}</text>` : "";
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${STACKED_WIDTH} ${height}" width="${STACKED_WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${title}</title><desc id="${id}-desc">${bars.map(describe).join("; ") || empty}</desc><text class="chart-title" x="0" y="18">${title}</text>${keys}${rows}${nothing}</svg>`;
}
