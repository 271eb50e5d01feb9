import { describe, expect, it } from "@jest/globals";
import { outputWidth, wrapWidth } from "../../src/cli/output-width.js";

describe("output width", () => {
  it("is a terminal's columns", () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, { COLUMNS: "40" })).toBe(132);
  });

  it("is the full width when piped, or COLUMNS when set", () => {
    expect(outputWidth({}, {})).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({}, { COLUMNS: "100" })).toBe(100);
    expect(outputWidth({}, { COLUMNS: "wide" })).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps text that only wraps to 80 columns when piped", () => {
    expect(wrapWidth({}, {})).toBe(80);
    expect(wrapWidth({}, { COLUMNS: "100" })).toBe(100);
  });
});
