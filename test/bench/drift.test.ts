import { describe, expect, it } from "@jest/globals";
import { driftedSnapshot } from "../../bench/drift.js";
import { allCollectors } from "../../src/collect/index.js";
import { diffResources } from "../../src/diff/resource-drift.js";
import { collectWith } from "../support/collect.js";
import { DEFAULT_REGIONS, syntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

describe("driftedSnapshot", () => {
  it("changes about one resource in a hundred: modified, removed or added", async () => {
    const account = syntheticAccount({ resources: 2000, seed: 9 });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const previous = await collectWith(allCollectors, DEFAULT_REGIONS, { plugins: [endpoint.plugin] });
    const current = driftedSnapshot(previous);

    const drift = diffResources(previous, current);
    const touched = drift.added.length + drift.removed.length + drift.modified.length;
    const oneInAHundred = Math.ceil(previous.resources.length / 100);
    expect(touched).toBeLessThanOrEqual(oneInAHundred);
    expect(touched).toBeGreaterThanOrEqual(oneInAHundred * 0.8);
    expect(drift.added.length).toBeGreaterThan(0);
    expect(drift.removed.length).toBeGreaterThan(0);
    expect(drift.added).not.toHaveLength(0);
    expect(drift.added.every((ref) => ref.id.endsWith("-new"))).toBe(true);
    expect(drift.modified).not.toHaveLength(0);
    expect(drift.modified.every((m) => m.changes.length > 0)).toBe(true);
    // The previous snapshot is left as it was.
    expect(diffResources(previous, previous)).toEqual({ added: [], removed: [], modified: [] });
  });
});
