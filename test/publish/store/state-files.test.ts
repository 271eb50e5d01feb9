/** The file store's reading and writing of lines: logs appended after a torn write, first lines, every line of a large file. */
import { describe, expect, it } from "@jest/globals";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { appendLines, exists, firstLine, forEachLine, writeFileAtomically } from "../../../src/publish/store/state-files.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-state-files-");

async function linesOf(path: string): Promise<[string, number, boolean][]> {
  const seen: [string, number, boolean][] = [];
  await forEachLine(path, (line, number, terminated) => (seen.push([line, number, terminated]), true));
  return seen;
}

describe("appendLines", () => {
  it("creates nothing when there is nothing to append", async () => {
    const path = join(await tempDirectory(), "log.jsonl");
    await appendLines(path, []);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it("takes the lines as a generator yields them, and creates nothing for one that yields none", async () => {
    const path = join(await tempDirectory(), "log.jsonl");
    const yielded: string[] = [];
    function* lines(count: number): Iterable<string> {
      for (let i = 1; i <= count; i++) {
        yielded.push(`line ${i}`);
        yield `line ${i}`;
      }
    }
    await appendLines(path, lines(0));
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
    await appendLines(path, lines(3));
    await appendLines(path, lines(1));
    expect(await readFile(path, "utf8")).toBe("line 1\nline 2\nline 3\nline 1\n");
    expect(yielded).toEqual(["line 1", "line 2", "line 3", "line 1"]);
  });

  it("cuts off a torn last line before appending, even one that is the whole file", async () => {
    const path = join(await tempDirectory(), "log.jsonl");
    await writeFile(path, '{"torn":');
    await appendLines(path, ["one"]);
    expect(await readFile(path, "utf8")).toBe("one\n");
    await writeFile(path, 'whole\n{"torn":');
    await appendLines(path, ["two", "three"]);
    expect(await readFile(path, "utf8")).toBe("whole\ntwo\nthree\n");
  });

  it("keeps the whole line that ends just where its last read of the file begins", async () => {
    const path = join(await tempDirectory(), "log.jsonl");
    // 64 KiB from the end is the newline itself: the torn line after it is 65,535 bytes.
    await writeFile(path, `first\n${"y".repeat(64 * 1024 - 1)}`);
    await appendLines(path, ["next"]);
    expect(await readFile(path, "utf8")).toBe("first\nnext\n");
  });

  it("finds the last whole line of a log larger than what it reads at once", async () => {
    const path = join(await tempDirectory(), "log.jsonl");
    const whole = `${"x".repeat(100_000)}\n${"y".repeat(70_000)}\n`;
    await writeFile(path, `${whole}${"z".repeat(70_000)}`);
    await appendLines(path, ["next"]);
    expect(await readFile(path, "utf8")).toBe(`${whole}next\n`);
  });
});

describe("firstLine", () => {
  it("reads a first line longer than one read, an empty one, and none from a file without a whole line", async () => {
    const directory = await tempDirectory();
    const long = "h".repeat(20_000);
    await writeFile(join(directory, "long"), `${long}\nrest\n`);
    expect(await firstLine(join(directory, "long"))).toBe(long);
    await writeFile(join(directory, "empty-first"), "\nsecond\n");
    expect(await firstLine(join(directory, "empty-first"))).toBe("");
    await writeFile(join(directory, "torn"), "no newline");
    expect(await firstLine(join(directory, "torn"))).toBeUndefined();
    expect(await firstLine(join(directory, "missing"))).toBeUndefined();
    expect(await firstLine(join(directory, "long"), 16 * 1024)).toBeUndefined();
  });

  it("fails on a path it cannot read, rather than reading it as no line", async () => {
    const directory = await tempDirectory();
    await mkdir(join(directory, "a-directory"));
    await expect(firstLine(join(directory, "a-directory"))).rejects.toThrow(/EISDIR/);
    await writeFile(join(directory, "a-file"), "line\n");
    await expect(firstLine(join(directory, "a-file", "below"))).rejects.toThrow(/ENOTDIR/);
  });
});

describe("forEachLine", () => {
  it("visits every line of a file larger than its buffer, numbered, the torn last one as not terminated", async () => {
    const path = join(await tempDirectory(), "big");
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}:${"v".repeat(i % 300)}`);
    await writeFile(path, `\n${lines.join("\n")}\ntorn`);
    const seen = await linesOf(path);
    expect(seen).toHaveLength(lines.length + 2);
    expect(seen[0]).toEqual(["", 1, true]);
    expect(seen.slice(1, -1)).toEqual(lines.map((line, i) => [line, i + 2, true]));
    expect(seen.at(-1)).toEqual(["torn", lines.length + 2, false]);
  });

  it("stops when the visitor says so, and says it did", async () => {
    const path = join(await tempDirectory(), "three");
    await writeFile(path, "a\nb\nc\n");
    const seen: string[] = [];
    expect(await forEachLine(path, (line) => (seen.push(line), line !== "b"))).toBe(false);
    expect(seen).toEqual(["a", "b"]);
    expect(await forEachLine(path, () => true)).toBe(true);
  });
});

describe("exists", () => {
  it("is false for a missing file, and throws what else the file system says", async () => {
    const directory = await tempDirectory();
    await writeFile(join(directory, "file"), "");
    expect(await exists(join(directory, "file"))).toBe(true);
    expect(await exists(join(directory, "missing"))).toBe(false);
    await expect(exists(join(directory, "file", "below"))).rejects.toMatchObject({ code: "ENOTDIR" });
  });
});

describe("writeFileAtomically", () => {
  it("leaves the previous file and no temporary one when writing fails midway, and says why", async () => {
    const directory = await tempDirectory();
    const path = join(directory, "state.json");
    await writeFile(path, "previous");
    function* pieces(): Iterable<string> {
      yield "partial";
      throw new Error("could not build the next piece");
    }
    await expect(writeFileAtomically(path, pieces())).rejects.toThrow("could not build the next piece");
    expect(await readFile(path, "utf8")).toBe("previous");
    expect(await readdir(directory)).toEqual(["state.json"]);
  });
});
