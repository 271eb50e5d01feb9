import { describe, expect, it } from "@jest/globals";
import { benchStoreWrites } from "../../../bench/store-writes.js";

describe("DynamoDB write volume (bench/store-writes)", () => {
  it("writes every item once on the first run, only the run record when nothing changed, and only what changed", async () => {
    const lines: string[] = [];
    const bench = await benchStoreWrites(300, (line) => lines.push(line));
    const changedFindings = Math.ceil(bench.findings / 100);
    expect(bench.runs.map(({ run, itemsWritten, putItemCalls, changed }) => ({ run, itemsWritten, putItemCalls, changed }))).toEqual([
      // The run record, then every resource, finding and first history entry.
      { run: "first run", itemsWritten: 1 + bench.resources + 2 * bench.findings, putItemCalls: 1, changed: { resources: bench.resources, findings: bench.findings, history: bench.findings } },
      { run: "unchanged rerun", itemsWritten: 1, putItemCalls: 1, changed: { resources: 0, findings: 0, history: 0 } },
      { run: "1 % of findings changed", itemsWritten: 1 + 2 * changedFindings, putItemCalls: 1, changed: { resources: 0, findings: changedFindings, history: changedFindings } },
    ]);
    expect(bench.runs[0]!.batchWriteCalls).toBe(Math.ceil((bench.resources + 2 * bench.findings) / 25));
    expect(bench.runs[1]!.batchWriteCalls).toBe(0);
    expect(lines[0]).toBe(`store writes for 300 resources, ${bench.findings} findings`);
  });
});
