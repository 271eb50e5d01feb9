import { describe, expect, it } from "@jest/globals";
import { benchAuditNight, withAuditDirectory } from "../../bench/audit-with-state.js";

describe("the audit-with-state benchmark (bench/audit-with-state)", () => {
  it("audits night 1 into an empty store, reads its state back alone, audits night 2 against it, and night 2 again without a store, which records nothing", async () => {
    await withAuditDirectory(async (directory) => {
      const prepared = await benchAuditNight({ kind: "audit-prepare", size: 300, seed: 3, directory });
      const first = await benchAuditNight({ kind: "audit-night", night: 1, state: true, directory });
      const previous = await benchAuditNight({ kind: "audit-previous", directory });
      expect(previous.resources).toBe(prepared.resources);
      expect(previous.written).toMatch(/^nothing \(read [1-9]\d* findings\)$/);
      const second = await benchAuditNight({ kind: "audit-night", night: 2, state: true, directory });
      const withoutState = await benchAuditNight({ kind: "audit-night", night: 2, state: false, directory });
      expect(first.resources).toBe(prepared.resources);
      expect(first.written).toMatchObject({ status: "recorded", runId: "night-1", written: { resources: prepared.resources } });
      expect(second.written).toMatchObject({ status: "recorded", runId: "night-2" });
      const changed = (second.written as { written: { resources: number } }).written.resources;
      expect(changed).toBeGreaterThan(0);
      expect(changed).toBeLessThan(prepared.resources / 10);
      expect(withoutState.written).toBe("nothing (no state)");
    });
  }, 60_000);
});
