import { afterAll, describe, expect, it, jest } from "@jest/globals";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emit } from "../../src/cli/output.js";

const directory = await mkdtemp(join(tmpdir(), "driftwarden-output-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Pieces as a large report makes them, counted as they are taken. */
function counted(count: number, size: number) {
  const taken = { pieces: 0 };
  function* pieces(): Iterable<string> {
    for (let i = 0; i < count; i++) {
      taken.pieces += 1;
      yield `${String(i).padStart(size - 1, "0")}\n`;
    }
  }
  return { taken, pieces: pieces() };
}

describe("emit", () => {
  it("writes text in pieces to a file, every piece in order, creating its folder", async () => {
    const file = join(directory, "reports", "report.json");
    const { taken, pieces } = counted(20_000, 10);
    await emit(pieces, file);
    const text = await readFile(file, "utf8");
    expect(taken.pieces).toBe(20_000);
    expect(text.length).toBe(200_000);
    expect(text.split("\n").slice(0, 3)).toEqual(["000000000", "000000001", "000000002"]);
    expect(text.endsWith("000019999\n")).toBe(true);
  });

  it("writes text in pieces to stdout when it is not a terminal, in chunks rather than a write per piece", async () => {
    const writes: string[] = [];
    // As in a pipe, also when the tests run in a terminal.
    const tty = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    Object.defineProperty(process.stdout, "isTTY", { value: undefined, configurable: true });
    const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const { pieces } = counted(20_000, 10);
      await emit(pieces);
    } finally {
      write.mockRestore();
      if (tty) Object.defineProperty(process.stdout, "isTTY", tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
    expect(writes.join("")).toBe(Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(9, "0")}\n`).join(""));
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.length).toBeLessThan(10);
  });

  it("writes text whole to a file, ending it with a line break", async () => {
    const file = join(directory, "table.txt");
    await emit("FAILED 2", file);
    expect(await readFile(file, "utf8")).toBe("FAILED 2\n");
  });
});
