import { randomUUID } from "node:crypto";
import { FileFindingsStore } from "../publish/store/file-store.js";
import type { AuditOutcome } from "../run-audit.js";
import { runAudit } from "../run-audit.js";
import type { DriftwardenConfig } from "../config/config.js";
import { accountSnapshot } from "./account-snapshot.js";
import type { ConnectionFlags } from "./shared-options.js";
import { loadConfig } from "./shared-options.js";

export interface AuditRunFlags extends ConnectionFlags {
  snapshot?: string;
  stateDir: string;
  state: boolean;
  against?: "previous" | "baseline";
}

/** What `audit` and `export` share: config, snapshot (live or file), and the audit recorded in the state directory. */
export async function auditFromFlags(flags: AuditRunFlags, options: { dryRun?: boolean } = {}): Promise<AuditOutcome & { config: DriftwardenConfig }> {
  const startedAt = new Date();
  const config = await loadConfig(flags);
  const snapshot = await accountSnapshot(flags, config);
  const store = flags.state ? new FileFindingsStore({ directory: flags.stateDir, retentionDays: config.retentionDays }) : undefined;
  const outcome = await runAudit({
    snapshot,
    config,
    runId: randomUUID(),
    startedAt,
    now: new Date(),
    ...(store && { store }),
    against: flags.against ?? "previous",
    dryRun: Boolean(options.dryRun),
  });
  return { ...outcome, config };
}
