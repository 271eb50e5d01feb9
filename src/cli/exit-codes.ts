import type { Finding, Severity } from "../types/finding.js";
import { atLeast } from "../types/finding.js";

/** Documented in the README; scripts depend on them. */
export const EXIT = {
  clean: 0,
  failing: 1,
  usage: 2,
  /** Some service or region could not be collected: the result is incomplete. */
  partial: 3,
  /** EX_SOFTWARE from sysexits.h: an unexpected error, that is a bug; the stack is printed to be reported. */
  software: 70,
} as const;

export type FailOn = Severity | "none";

export function auditExitCode(findings: Finding[], partial: boolean, failOn: FailOn): number {
  if (partial) return EXIT.partial;
  if (failOn === "none") return EXIT.clean;
  return findings.some((f) => f.status === "FAIL" && atLeast(f.severity, failOn)) ? EXIT.failing : EXIT.clean;
}
