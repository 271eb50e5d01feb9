/** What both stores share about keeping a run's findings. */
import type { Finding } from "../../types/finding.js";
import { isGone, isStale } from "../../types/finding.js";

/** Stale and resolved-gone findings keep their own lastSeen; every other stored finding was seen in the latest run. */
export function isCarried(finding: Finding): boolean {
  return isStale(finding) || isGone(finding);
}

const DAY_SECONDS = 24 * 60 * 60;

/** Epoch seconds `retentionDays` after `from`: the DynamoDB TTL format. */
export function expiryOf(from: string, retentionDays: number): number {
  return Math.floor(Date.parse(from) / 1000) + retentionDays * DAY_SECONDS;
}
