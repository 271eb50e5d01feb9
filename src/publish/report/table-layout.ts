/** How the terminal report lays text out: its width, colors and the headings and indents every section uses. */
import pc from "picocolors";
import type { Colors } from "picocolors/types.js";
import type { Rule } from "../../evaluate/rule.js";
import type { Severity } from "../../types/finding.js";
import { sanitize, wrap, wrapLimited } from "./terminal-text.js";

const MIN_WIDTH = 40;
/** "CRITICAL" and two spaces. */
export const SEVERITY_COLUMN = 10;
export const MIN_RESOURCE_COLUMN = 16;
export const DETAIL_LINES = 3;

export type Paint = (text: string) => string;

export interface Layout {
  width: number;
  ruleColumn: number;
  c: Colors;
  severity: Record<Severity, Paint>;
  /** By id: a finding's severity is explained against its rule's. */
  rules: ReadonlyMap<string, Rule>;
}

/** `width` may be Infinity: piped output that is not cut to any terminal. */
export function layoutFor(options: { color: boolean; width?: number }, longestRule: number, rules: readonly Rule[] = []): Layout {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? 80));
  const c = pc.createColors(options.color);
  return {
    width,
    ruleColumn: Math.min(longestRule + 2, width - SEVERITY_COLUMN - MIN_RESOURCE_COLUMN),
    c,
    rules: new Map(rules.map((rule) => [rule.id, rule])),
    severity: {
      critical: (t) => c.bold(c.red(t)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
      info: c.dim,
    },
  };
}

export function heading(text: string, layout: Layout, paint: Paint = (t) => t): string[] {
  return wrap(sanitize(text), layout.width).map((l) => layout.c.bold(paint(l)));
}

/** Wrapped text under an indent, each line within the width. */
export function indented(text: string, indent: number, layout: Layout, maxLines = DETAIL_LINES): string[] {
  const pad = " ".repeat(indent);
  return wrapLimited(sanitize(text), layout.width - indent, maxLines).map((l) => pad + l);
}
