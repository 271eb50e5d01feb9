/**
 * Run claims, as every findings store must grant them: to one holder at a
 * time, to another once the lease has ended or been released, and to the
 * holder itself again.
 */
import { describe, expect, it } from "@jest/globals";
import type { FindingsStore, RunClaim } from "../../../src/publish/store/findings-store.js";
import { ACCOUNT } from "../../support/builders.js";

const T0 = "2026-11-22T02:00:00.000Z";
const at = (minutes: number, ms = 0) => new Date(Date.parse(T0) + minutes * 60_000 + ms);
/** A claim made `minutes` after T0, for a lease ending at T0 + 15 min. */
const claim = (holder: string, minutes: number, ms = 0): RunClaim => ({ holder, until: at(15), now: at(minutes, ms) });

export function runClaimContract(name: string, makeStore: () => Promise<FindingsStore>): void {
  describe(`${name}: run claims`, () => {
    it("grants a fresh claim, then refuses another holder until the lease has ended, naming who holds it", async () => {
      const store = await makeStore();
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 0))).toEqual({ status: "claimed" });
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-b", 1))).toEqual({ status: "held", holder: "delivery-a", until: at(15) });
      // The lease lasts up to and including its end.
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-b", 15))).toEqual({ status: "held", holder: "delivery-a", until: at(15) });
    });

    it("lets another holder take over a lease that has ended, naming the claim it replaced", async () => {
      const store = await makeStore();
      await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 0));
      const takeover = { holder: "delivery-b", until: at(31), now: at(15, 1) };
      expect(await store.claimRun(ACCOUNT, "run-1", takeover)).toEqual({ status: "claimed", previous: { holder: "delivery-a", until: at(15) } });
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 16))).toEqual({ status: "held", holder: "delivery-b", until: at(31) });
    });

    it("grants the holder its own live claim again", async () => {
      const store = await makeStore();
      await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 0));
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 1))).toEqual({ status: "claimed", previous: { holder: "delivery-a", until: at(15) } });
    });

    it("claims each run id of each account on its own", async () => {
      const store = await makeStore();
      await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 0));
      expect(await store.claimRun(ACCOUNT, "run-2", claim("delivery-b", 1))).toEqual({ status: "claimed" });
      expect(await store.claimRun("210987654321", "run-1", claim("delivery-b", 1))).toEqual({ status: "claimed" });
    });

    it("releases only the holder's own claim, which another may then take at once", async () => {
      const store = await makeStore();
      await store.claimRun(ACCOUNT, "run-1", claim("delivery-a", 0));
      await store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-b", now: at(1) });
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-c", 2))).toMatchObject({ status: "held", holder: "delivery-a" });
      await store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-a", now: at(3) });
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-c", 4))).toMatchObject({ status: "claimed", previous: { holder: "delivery-a" } });
      // Released after being taken over: the new holder keeps it.
      await store.releaseClaim(ACCOUNT, "run-1", { holder: "delivery-a", now: at(5) });
      expect(await store.claimRun(ACCOUNT, "run-1", claim("delivery-d", 6))).toMatchObject({ status: "held", holder: "delivery-c" });
    });

    it("grants exactly one of five claims made at once", async () => {
      const store = await makeStore();
      const holders = ["a", "b", "c", "d", "e"].map((id) => `delivery-${id}`);
      const results = await Promise.all(holders.map((holder) => store.claimRun(ACCOUNT, "run-1", claim(holder, 0))));
      const granted = results.flatMap((result, i) => (result.status === "claimed" ? [holders[i]!] : []));
      expect(granted).toHaveLength(1);
      expect(results.filter((r) => r.status === "held")).toEqual(Array(4).fill({ status: "held", holder: granted[0], until: at(15) }));
    });
  });
}
