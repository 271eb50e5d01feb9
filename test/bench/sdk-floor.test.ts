import { describe, expect, it } from "@jest/globals";
import { sdkCallCost, sdkFloorMs } from "../../bench/sdk-floor.js";

describe("the SDK's own cost per call (bench/sdk-floor)", () => {
  it("prices a run's clients' first calls and all its calls", () => {
    expect(sdkFloorMs({ callMs: 0.4, firstCallMs: 1 }, { clients: 10, calls: 100 })).toBe(50);
    expect(sdkFloorMs({ callMs: 0.4, firstCallMs: 1 }, { clients: 0, calls: 0 })).toBe(0);
  });

  it("measures a call through a client made as a run makes it, and a first call as costing at least nothing more", async () => {
    const cost = await sdkCallCost({ clients: 20, calls: 200 });
    expect(cost.callMs).toBeGreaterThan(0);
    expect(cost.firstCallMs).toBeGreaterThanOrEqual(0);
  });
});
