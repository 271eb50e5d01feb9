import { describe, expect, it } from "@jest/globals";
import { accountProgress, collectionProgress, progressLine } from "../../src/cli/progress.js";
import { stripAnsi, visibleWidth } from "../../src/publish/report/terminal-text.js";

const busy = { done: 37, total: 140, errors: 12, last: "elasticloadbalancing ap-southeast-2" };

describe("the collection progress line", () => {
  for (const columns of [80, 60, 40, 120]) {
    it(`fits ${columns} columns and keeps the error count`, () => {
      const line = progressLine(busy, columns);
      expect(visibleWidth(line)).toBeLessThan(columns);
      expect(line).toContain("12 err");
      expect(line).toContain("37/140");
    });
  }

  it("shows the bar, the counts and what it read last at 80 columns", () => {
    expect(progressLine({ done: 7, total: 14, errors: 1, last: "ec2 eu-west-1" }, 80)).toMatch(/^collecting =+-+ 7\/14 service-regions, 1 error · ec2 eu-west-1$/);
    expect(progressLine(busy, 80)).toMatch(/^collecting [=-]{8,} 37\/140 service-regions, 12 errors · elasticloadbalanci/);
  });

  it("draws a line within the terminal, error count included", () => {
    let written = "";
    const stream = { isTTY: true, columns: 80, write: (chunk: unknown) => ((written += String(chunk)), true) } as unknown as NodeJS.WriteStream;
    const progress = collectionProgress(stream);
    progress.onProgress!({ service: "elasticloadbalancing", region: "ap-southeast-2", done: 37, total: 140, errors: 12 });
    progress.stop();
    // Each redraw starts by moving the cursor to column 1 (CSI G); cursor save/restore (ESC 7, ESC 8) are not CSI.
    const drawn = written
      .split(/\u001b\[\d*G|[\r\n]/)
      .map((l) => stripAnsi(l).replace(/\u001b[78]/g, ""))
      .filter((l) => l.includes("collecting"));
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) {
      expect(visibleWidth(line)).toBeLessThanOrEqual(80);
      expect(line).toContain("12 errors");
    }
  });

  it("counts an organization run's accounts as they are recorded, those not read in full as errors", () => {
    let written = "";
    const stream = { isTTY: true, columns: 100, write: (chunk: unknown) => ((written += String(chunk)), true) } as unknown as NodeJS.WriteStream;
    const progress = accountProgress(3, stream);
    progress.onAccount!({ accountId: "222222222222", name: "web-prod" }, true);
    progress.onAccount!({ accountId: "333333333333" }, false);
    progress.stop();
    const drawn = written
      .split(/\u001b\[\d*G|[\r\n]/)
      .map((l) => stripAnsi(l).replace(/\u001b[78]/g, ""))
      .filter((l) => l.includes("collecting"));
    expect(drawn.at(0)).toMatch(/^collecting =+-+ 1\/3 accounts, 0 errors · 222222222222 web-prod$/);
    expect(drawn.at(-1)).toMatch(/^collecting =+-+ 2\/3 accounts, 1 error · 333333333333$/);
    expect(accountProgress(3, { isTTY: false } as NodeJS.WriteStream).onAccount).toBeUndefined();
  });

  it("draws nothing when stderr is not a terminal", () => {
    expect(collectionProgress({ isTTY: false } as NodeJS.WriteStream).onProgress).toBeUndefined();
  });
});
