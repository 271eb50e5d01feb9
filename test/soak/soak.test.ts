/** The soak's short variant, in every test run: ten nights of changes and faults with nothing lost, falsely resolved or sent twice. */
import { describe, expect, it } from "@jest/globals";
import { runSoak } from "./soak.js";

describe("ten nights of faults (npm run soak runs a hundred)", () => {
  // About 35 s alone; beside the fault suites, under faketime, on a slow machine it has taken over three minutes.
  it("keeps every invariant, with faults of most kinds injected and every alert accounted for", async () => {
    const figures = await runSoak({ nights: 10, seed: 3, accounts: 4, regions: 2 });
    expect(figures.violations).toEqual([]);
    expect(figures.transitionsChecked).toBeGreaterThan(100);
    expect(figures.changes).toBeGreaterThan(10);
    const kinds = Object.entries(figures.faults).filter(([, n]) => n > 0).map(([kind]) => kind);
    expect(kinds.length).toBeGreaterThanOrEqual(5);
    expect(figures.alerts.sent).toBe(figures.alerts.expected + figures.alerts.repeatedAfterKill - figures.alerts.lostToSns);
    expect(figures.alerts.sent).toBeGreaterThan(0);
  }, 300_000);
});
