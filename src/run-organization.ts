/**
 * The organization fan-out every shell shares (the CLI in-process; the state
 * machine runs the same unit per Map item): each planned account collected
 * as its own unit of work, with its own credentials and clients (so its own
 * throttling), at most `maxAccounts` at once, then audited by the shell's
 * `audit` (which records it in the shell's store).
 */
import pLimit from "p-limit";
import type { CarryOver } from "./collect/carried-reads.js";
import type { RunnableCollector } from "./collect/collector.js";
import type { CollectOptions } from "./collect/run.js";
import type { AccountReport } from "./publish/report/organization-report.js";
import type { AccountTarget, RunPlan } from "./run-plan.js";
import { collectPlanned } from "./run-plan.js";
import type { Clock } from "./types/clock.js";
import type { Snapshot } from "./types/resource.js";

export interface OrganizationAuditInput extends Pick<CollectOptions, "deadline" | "plugins"> {
  plan: RunPlan;
  maxAccounts: number;
  collectors: RunnableCollector[];
  now: Clock;
  /** The previous run's reads an account's collection may carry over (a shell with state). */
  carryOver?: (account: AccountTarget) => CarryOver | undefined;
  /** Audits and records one account's snapshot. */
  audit: (account: AccountTarget, snapshot: Snapshot) => Promise<AccountReport>;
}

export async function auditOrganization(input: OrganizationAuditInput): Promise<AccountReport[]> {
  const limit = pLimit(input.maxAccounts);
  const { deadline, plugins } = input;
  return Promise.all(
    input.plan.accounts.map((account) =>
      limit(async () => {
        const carryOver = input.carryOver?.(account);
        const snapshot = await collectPlanned(input.plan, account, {
          collectors: input.collectors,
          now: input.now,
          ...(deadline !== undefined && { deadline }),
          ...(plugins && { plugins }),
          ...(carryOver && { carryOver }),
        });
        return input.audit(account, snapshot);
      }),
    ),
  );
}
