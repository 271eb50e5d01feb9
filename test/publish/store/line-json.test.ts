/** JSON files written one array element a line: what elementLines writes is JSON, and readLinedFile reads back exactly that shape and nothing else. */
import { describe, expect, it } from "@jest/globals";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { elementLines, readLinedFile } from "../../../src/publish/store/line-json.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-line-json-");

const HEAD = '{"version":1,"items":[';
const isHead = (line: string) => line === HEAD;
/** Two arrays: `items`, then `more`. */
const CLOSERS = ['],"more":[', "]}"];

function twoArrays(items: unknown[], more: unknown[]): string {
  return [HEAD, ...elementLines(items), CLOSERS[0], ...elementLines(more), CLOSERS[1], "\n"].join("");
}

async function fileWith(text: string): Promise<string> {
  const path = join(await tempDirectory(), "state.json");
  await writeFile(path, text);
  return path;
}

describe("elementLines", () => {
  it("writes each element on a line of its own, a comma after all but the last, undefined as null", () => {
    expect([...elementLines([1, { a: "x" }, undefined])].join("")).toBe('\n1,\n{"a":"x"},\nnull\n');
    expect([...elementLines([])].join("")).toBe("\n");
  });

  it("makes a document JSON.parse reads whole", () => {
    const items = [{ id: "a", nested: { list: [1, 2] } }, "text with , and ]", null];
    expect(JSON.parse(twoArrays(items, [3]))).toEqual({ version: 1, items, more: [3] });
    expect(JSON.parse(twoArrays([], []))).toEqual({ version: 1, items: [], more: [] });
  });
});

describe("readLinedFile", () => {
  it("reads back the head and every array's elements", async () => {
    const items = [{ id: "a" }, "b,", [1, 2], false];
    const path = await fileWith(twoArrays(items, [{ n: 1 }, { n: 2 }]));
    expect(await readLinedFile(path, isHead, CLOSERS)).toEqual({ head: HEAD, arrays: [items, [{ n: 1 }, { n: 2 }]] });
  });

  it("reads empty arrays, and a last closer without its newline", async () => {
    const path = await fileWith(twoArrays([], []).trimEnd());
    expect(await readLinedFile(path, isHead, CLOSERS)).toEqual({ head: HEAD, arrays: [[], []] });
  });

  it("reads a file of one array", async () => {
    const path = await fileWith([HEAD, ...elementLines([1, 2]), "]}\n"].join(""));
    expect(await readLinedFile(path, isHead, ["]}"])).toEqual({ head: HEAD, arrays: [[1, 2]] });
  });

  const notOfTheShape: [string, string][] = [
    ["another first line", twoArrays([1], [2]).replace('"version":1', '"version":2')],
    ["the whole document on one line", JSON.stringify({ version: 1, items: [1], more: [2] })],
    ["a line after the last closer", `${twoArrays([1], [2])}{"extra":true}\n`],
    // 12 without its comma is still JSON with its last character cut off.
    ["an element without the comma before the next", twoArrays([12, 2, 3], []).replace("12,\n", "12\n")],
    ["a comma after the last element of an array", twoArrays([1, 2], [3]).replace("2\n", "2,\n")],
    ["an element that is not JSON", twoArrays([1, 2], []).replace("1,", "{1,")],
    ["a last element that is not JSON", twoArrays([1, 2], []).replace("2\n", "{2\n")],
    ["a file cut short before the last closer", twoArrays([1], [2]).replace(/\]\}\n$/, "")],
    ["a file cut short before a closer", twoArrays([1, 2], [3]).split(CLOSERS[0]!)[0]!],
    ["the closers out of order", twoArrays([1], [2]).replace(CLOSERS[0]!, "]}").replace(/\]\}\n$/, `${CLOSERS[0]}\n`)],
    ["only a head", `${HEAD}\n`],
    ["an empty file", ""],
  ];
  it.each(notOfTheShape)("is undefined for %s", async (_, text) => {
    expect(await readLinedFile(await fileWith(text), isHead, CLOSERS)).toBeUndefined();
  });

  it("throws ENOENT for a missing file", async () => {
    await expect(readLinedFile(join(await tempDirectory(), "missing.json"), isHead, CLOSERS)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
