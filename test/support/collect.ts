import type { Pluggable } from "@smithy/types";
import type { Collector, RunnableCollector } from "../../src/collect/collector.js";
import { collectAccount } from "../../src/collect/run.js";
import type { Clock } from "../../src/types/clock.js";
import { ACCOUNT } from "./builders.js";
import { awsError } from "./fake-aws.js";

/** Static credentials so tests never touch the real credential chain. */
export const testCredentials = async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });

/** The collectors, each changed by `change` once loaded: a lazy one stays lazy. */
export function whenLoaded(collectors: RunnableCollector[], change: (collector: Collector<any>) => Collector<any>): RunnableCollector[] {
  return collectors.map((c) => ("load" in c ? { ...c, load: async () => change(await c.load()) } : change(c)));
}

/** Runs collectors through the real orchestration (attempt, pages, errors) against mocked or faked clients. */
export function collectWith(
  collectors: RunnableCollector[],
  regions = ["us-east-1"],
  extra: { deadline?: number; maxAttempts?: number; plugins?: Pluggable<any, any>[]; endpointUrl?: string; now?: Clock } = {},
) {
  return collectAccount({
    accountId: ACCOUNT,
    regions,
    collectors,
    credentials: testCredentials,
    maxAttempts: extra.maxAttempts ?? 3,
    ...(extra.deadline !== undefined && { deadline: extra.deadline }),
    ...(extra.plugins && { plugins: extra.plugins }),
    ...(extra.endpointUrl && { endpointUrl: extra.endpointUrl }),
    // The run's clock also judges the deadline: a test moves it past one rather than waiting.
    now: extra.now ?? (() => new Date("2026-11-01T02:00:00.000Z")),
  });
}

/** The error AWS returns for a missing IAM permission, as the SDK surfaces it. */
export function accessDenied(operation: string): Error {
  return awsError("AccessDenied", `User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: ${operation}`, 403);
}

/** A throttling error the SDK's retry strategy recognizes (EC2 uses RequestLimitExceeded, others Throttling). */
export function throttled(code = "Throttling"): Error {
  return awsError(code, "Rate exceeded", 400);
}
