import { afterEach, describe, expect, it, jest } from "@jest/globals";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pagerFor, writePaged } from "../../src/cli/pager.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-pager-");

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const terminal = (env: NodeJS.ProcessEnv = {}, interactive = true) => ({ interactive, rows: 50, env, spawn });

describe("the pager", () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it("pages only text longer than an interactive terminal, with less unless PAGER says otherwise", () => {
    expect(pagerFor(lines(200), terminal())).toBe("less");
    expect(pagerFor(lines(49), terminal())).toBeUndefined();
    expect(pagerFor(lines(200), terminal({}, false))).toBeUndefined();
    expect(pagerFor(lines(200), terminal({ PAGER: "more" }))).toBe("more");
    expect(pagerFor(lines(200), terminal({ PAGER: "less", DRIFTWARDEN_PAGER: "most" }))).toBe("most");
    expect(pagerFor(lines(200), terminal({ PAGER: "cat" }))).toBeUndefined();
    expect(pagerFor(lines(200), terminal({ DRIFTWARDEN_PAGER: "0" }))).toBeUndefined();
  });

  it("hands the whole text to the pager, with LESS=FRX unless LESS is set", async () => {
    const dir = await tempDirectory();
    const text = lines(200);
    await writePaged(text, terminal({ PAGER: `cat > ${join(dir, "paged")}; printf %s "$LESS" > ${join(dir, "less")}` }));
    expect(await readFile(join(dir, "paged"), "utf8")).toBe(text);
    expect(await readFile(join(dir, "less"), "utf8")).toBe("FRX");
  });

  it("writes the text itself when the pager is not installed", async () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (written.push(String(chunk)), true));
    const text = lines(120);
    await writePaged(text, terminal({ PAGER: "no-such-pager-for-driftwarden" }));
    expect(written.join("")).toBe(text);
  });
});
