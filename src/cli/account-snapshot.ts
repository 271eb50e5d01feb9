import { resolveAccount } from "../collect/account.js";
import { allCollectors } from "../collect/index.js";
import { collectAccount } from "../collect/run.js";
import type { DriftwardenConfig } from "../config/config.js";
import { readSnapshot } from "../snapshot/snapshot-file.js";
import type { Snapshot } from "../types/resource.js";
import { collectionProgress } from "./progress.js";
import type { ConnectionFlags } from "./shared-options.js";
import { UsageError } from "./usage-error.js";

/** The snapshot a command works on: a saved file, or a live collection of the account. */
export async function accountSnapshot(flags: ConnectionFlags & { snapshot?: string }, config: DriftwardenConfig): Promise<Snapshot> {
  if (flags.snapshot) return readSnapshot(flags.snapshot);
  const connection = { ...(flags.profile && { profile: flags.profile }), ...(flags.endpointUrl && { endpointUrl: flags.endpointUrl }) };
  const caller = await resolveAccount(connection, config.regions?.[0]);
  const regions = config.regions ?? (caller.defaultRegion ? [caller.defaultRegion] : undefined);
  if (!regions) throw new UsageError("no region to audit: pass --region, set regions in the config, or set AWS_REGION");
  const progress = collectionProgress();
  try {
    return await collectAccount({
      ...connection,
      accountId: caller.accountId,
      regions,
      collectors: allCollectors,
      disabledRules: config.disabledRules,
      ...(progress.onProgress && { onProgress: progress.onProgress }),
    });
  } finally {
    progress.stop();
  }
}
