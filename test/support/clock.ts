import type { Clock } from "../../src/types/clock.js";

/** A clock that starts at `start` and moves `stepMs` on every reading, so that runs in one test are ordered and never read the machine's date. */
export function steppingClock(start: string, stepMs = 1000): Clock {
  let at = Date.parse(start);
  return () => {
    const now = new Date(at);
    at += stepMs;
    return now;
  };
}

/** A clock that always reads `at`. */
export const fixedClock = (at: string): Clock => () => new Date(at);

/** The day the suite's stores judge retention by: close after the fixtures' runs (2026-11), whatever the machine's date. */
export const testClock: Clock = fixedClock("2026-11-23T02:00:00.000Z");
