import { describe, expect, it } from "@jest/globals";
import { sanitize, stripAnsi, truncate, visibleWidth, wrap, wrapLimited } from "../../../src/publish/report/terminal-text.js";

describe("terminal text", () => {
  it("measures columns as a terminal draws them", () => {
    expect(visibleWidth("\u001b[1m\u001b[31mHIGH\u001b[39m\u001b[22m")).toBe(4);
    expect(visibleWidth("\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007")).toBe(4);
    expect(visibleWidth("本番")).toBe(4);
    expect(visibleWidth("e\u0301")).toBe(1);
    expect(visibleWidth("🔥")).toBe(2);
  });

  it("truncates to a width with an ellipsis, never splitting a wide character over the edge", () => {
    expect(truncate("web-security-group", 8)).toBe("web-sec…");
    expect(truncate("short", 8)).toBe("short");
    const cut = truncate("本番環境", 6);
    expect(cut).toBe("本番…");
    expect(visibleWidth(cut)).toBeLessThanOrEqual(6);
  });

  it("wraps at spaces and breaks words longer than a line", () => {
    expect(wrap("SSH port 22 open to the internet", 12)).toEqual(["SSH port 22", "open to the", "internet"]);
    const arn = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60001";
    const lines = wrap(`group ${arn}`, 20);
    expect(lines).not.toHaveLength(0);
    expect(lines.every((l) => visibleWidth(l) <= 20)).toBe(true);
    expect(lines.join("").replace("group", "")).toBe(arn);
  });

  it("keeps at most the given number of lines and marks the cut", () => {
    const lines = wrapLimited("one two three four five six seven eight", 9, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith("…")).toBe(true);
    expect(lines).not.toHaveLength(0);
    expect(lines.every((l) => visibleWidth(l) <= 9)).toBe(true);
  });

  it("shows control characters and bidi overrides as text", () => {
    const shown = sanitize("prod\u001b[2J\u202egnp.exe\nnext");
    expect(shown).toBe("prod\\x1b[2J\\u202egnp.exe next");
    expect(stripAnsi(shown)).toBe(shown);
  });
});
