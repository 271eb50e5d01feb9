/** Client-side pacing for an API with a per-second request quota. */
import type { Clock } from "../types/clock.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TokenBucketOptions {
  /** Tokens added per second: the quota. */
  ratePerSecond: number;
  /** Tokens held at most; 1 (the default) spaces requests evenly, so no second holds more than the quota. */
  capacity?: number;
  now: Clock;
  sleep: Sleep;
}

/**
 * A token bucket: `take` resolves once a token is there, waiting on `sleep`
 * for the next. Time is read on `now` only, so a test moves it with its sleep.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private updated: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.capacity = options.capacity ?? 1;
    this.tokens = this.capacity;
    this.updated = options.now().getTime();
  }

  async take(): Promise<void> {
    for (;;) {
      const at = this.options.now().getTime();
      this.tokens = Math.min(this.capacity, this.tokens + ((at - this.updated) * this.options.ratePerSecond) / 1000);
      this.updated = at;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.options.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.options.ratePerSecond));
    }
  }
}
