import { describe, expect, it } from "@jest/globals";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseSnapshot, readSnapshot, SnapshotError, writeSnapshot } from "../../src/snapshot/snapshot-file.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-snapshot-");

const demo = "examples/webapp-account.json";

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await tempDirectory();
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe("snapshot files", () => {
  it("reads the demo account and writes it back unchanged", async () => {
    const snapshot = await readSnapshot(demo);
    expect(snapshot.accountId).toBe("111122223333");
    expect(snapshot.resources.length).toBeGreaterThan(50);
    const out = join(await tempDirectory(), "nested", "copy.json");
    await writeSnapshot(out, snapshot);
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(snapshot);
  });

  it.each([
    ["truncated JSON", '{"schemaVersion":1,"accountId":"1111', /bad\.json: not valid JSON .*truncated/],
    ["a wrong schema version", JSON.stringify({ schemaVersion: 7 }), /schemaVersion 7 is not supported .*reads schemaVersion 1/],
    ["no schema version", JSON.stringify({ resources: [] }), /schemaVersion undefined is not supported/],
    ["a missing field", JSON.stringify({ schemaVersion: 1, accountId: "111122223333", takenAt: "2026-11-01T00:00:00Z", regions: [], errors: [] }), /invalid snapshot at resources: /],
    [
      "a bad resource, named by id",
      JSON.stringify({
        schemaVersion: 1,
        accountId: "111122223333",
        takenAt: "2026-11-01T00:00:00Z",
        regions: ["us-east-1"],
        errors: [],
        resources: [{ type: "AWS::EC2::SecurityGroup", id: "sg-1", accountId: "111122223333", region: "us-east-1", tags: {}, attributes: "nope" }],
      }),
      /invalid snapshot at resources\[0\]\.attributes \(resource sg-1\): /,
    ],
    ...(
      [
        ["attributes that are a list", { attributes: [] }, /resources\[0\]\.attributes \(resource sg-1\): expected an object$/],
        ["attributes that are null", { attributes: null }, /resources\[0\]\.attributes \(resource sg-1\): expected an object$/],
        ["a tag that is not a string", { tags: { Name: "web", Cost: 12 } }, /resources\[0\]\.tags \(resource sg-1\): expected an object of string values$/],
        ["tags that are a list", { tags: ["Name"] }, /resources\[0\]\.tags \(resource sg-1\): expected an object of string values$/],
        ["state that is a string", { state: "running" }, /resources\[0\]\.state \(resource sg-1\): expected an object$/],
      ] as const
    ).map(([name, fields, message]) => [name, oneRecord(fields), message] as const),
    ["an unknown resource type", JSON.stringify({ schemaVersion: 1, accountId: "111122223333", takenAt: "2026-11-01T00:00:00Z", regions: [], errors: [], resources: [{ type: "AWS::SQS::Queue", id: "q", accountId: "111122223333", region: "us-east-1", tags: {}, attributes: {} }] }), /resources\[0\]\.type/],
  ])("rejects %s with a one-line error naming the file", (_name, content, message) => {
    let error: unknown;
    try {
      parseSnapshot(content, "bad.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("refuses a file over the size limit before reading it", async () => {
    const path = await tempFile("big.json", "x".repeat(2048));
    await expect(readSnapshot(path, 1024)).rejects.toThrow(/big\.json: snapshot is 0 MB, over the 0 MB limit/);
  });

  it("names a missing file", async () => {
    await expect(readSnapshot("does/not/exist.json")).rejects.toThrow("does/not/exist.json: cannot read snapshot (ENOENT)");
  });
});

/** A snapshot of one security group, with `fields` in place of its own. */
function oneRecord(fields: Record<string, unknown>): string {
  const record = { type: "AWS::EC2::SecurityGroup", id: "sg-1", accountId: "111122223333", region: "us-east-1", tags: {}, attributes: {}, ...fields };
  return JSON.stringify({ schemaVersion: 1, accountId: "111122223333", takenAt: "2026-11-01T00:00:00Z", regions: ["us-east-1"], errors: [], resources: [record] });
}
