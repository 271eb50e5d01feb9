import { describe, expect, it } from "@jest/globals";
import type { RunSummary } from "../../../src/publish/report/audit-report.js";
import { SEVERITY_COLOR } from "../../../src/publish/report/html-style.js";
import { trendChart, trendRuns } from "../../../src/publish/report/trend-chart.js";
import { auditReport } from "./fixtures.js";

const base = auditReport().run;

function run(day: number, bySeverity: Partial<RunSummary["counts"]["bySeverity"]> = {}): RunSummary {
  const date = `2026-10-${String(day).padStart(2, "0")}`;
  return {
    ...base,
    id: `run-${day}`,
    startedAt: `${date}T02:00:00.000Z`,
    finishedAt: `${date}T02:01:00.000Z`,
    status: "complete",
    counts: { ...base.counts, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...bySeverity } },
  };
}

describe("trendRuns", () => {
  it("orders the stored runs oldest first, adds the report's own once, and keeps the latest", () => {
    const stored = [run(3), run(1), run(2)];
    expect(trendRuns(stored, run(4), 30).map((r) => r.id)).toEqual(["run-1", "run-2", "run-3", "run-4"]);
    expect(trendRuns(stored, run(3), 30).map((r) => r.id)).toEqual(["run-1", "run-2", "run-3"]);
    expect(trendRuns(stored, run(4), 2).map((r) => r.id)).toEqual(["run-3", "run-4"]);
  });
});

describe("trendChart", () => {
  it("stacks each run's failures most severe first, on an axis topped by a round number", () => {
    const svg = trendChart("t", [run(1, { critical: 2, high: 30 }), run(2, { critical: 1, high: 20, low: 33 })], SEVERITY_COLOR).value;
    // 54 failing at most: the axis tops at 60, its middle line at 30.
    expect([...svg.matchAll(/text-anchor="end">(\d+)<\/text>/g)].map((m) => m[1])).toEqual(["0", "30", "60"]);
    const second = svg.split("<g><title>")[2]!;
    const fills = [...second.matchAll(/<rect [^>]*fill="(#[0-9a-f]+)"/g)].map((m) => m[1]);
    expect(fills).toEqual([SEVERITY_COLOR.critical, SEVERITY_COLOR.high, SEVERITY_COLOR.low]);
    expect(second).toContain(">54</text>");
    expect(svg).toContain('role="img" aria-labelledby="t-title t-desc"');
    expect(svg).toContain("<desc id=\"t-desc\">2026-10-01 02:00:00 UTC: 32 failing (2 critical, 30 high, 0 medium, 0 low, 0 info); 2026-10-02");
  });

  it("labels at most eight dates and drops the column totals when runs are many", () => {
    const runs = Array.from({ length: 30 }, (_, i) => run(i + 1, { high: i }));
    const svg = trendChart("t", runs, SEVERITY_COLOR).value;
    const dates = [...svg.matchAll(/text-anchor="middle">(\d\d-\d\d)<\/text>/g)].map((m) => m[1]);
    expect(dates.length).toBeLessThanOrEqual(9);
    expect(dates.at(-1)).toBe("10-30");
    expect(svg).not.toMatch(/text-anchor="middle">\d+<\/text>/);
  });
});
