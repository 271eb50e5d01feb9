import { describe, expect, it } from "@jest/globals";
import { DEFAULT_LEASE_MS, leaseEnd, leaseHolder } from "../../src/lambda/run-lease.js";

describe("the lease on a run", () => {
  const startedAt = new Date("2026-11-22T02:00:00.000Z");

  it("lasts to the invocation's end: the deadline plus the reserve kept for recording", () => {
    const deadline = Date.parse("2026-11-22T02:13:30.000Z");
    expect(leaseEnd(startedAt, deadline, 90_000)).toEqual(new Date("2026-11-22T02:15:00.000Z"));
  });

  it("lasts Lambda's longest timeout from the start when the job has no deadline", () => {
    expect(DEFAULT_LEASE_MS).toBe(15 * 60_000);
    expect(leaseEnd(startedAt, undefined, 90_000)).toEqual(new Date("2026-11-22T02:15:00.000Z"));
  });

  it("is held by the request id, told apart from another delivery of it by the delivery id", () => {
    expect(leaseHolder("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "2f1e0c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b")).toBe("c6af9ac6-7b61-11e6-9a41-93e8deadbeef/2f1e0c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(leaseHolder("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")).toBe("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
  });
});
