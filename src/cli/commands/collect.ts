import { Command } from "commander";
import { writeSnapshot } from "../../snapshot/snapshot-file.js";
import { accountSnapshot } from "../account-snapshot.js";
import { prepareOutputFile } from "../directories.js";
import { EXIT } from "../exit-codes.js";
import type { ConnectionFlags } from "../shared-options.js";
import { loadConfig, withConnectionOptions } from "../shared-options.js";

export function collectCommand(): Command {
  return withConnectionOptions(new Command("collect").description("read the account and save a snapshot to audit later, offline"))
    .requiredOption("-o, --out <file>", "where to write the snapshot JSON")
    .action(async (flags: ConnectionFlags & { out: string }) => {
      const config = await loadConfig(flags);
      const { snapshot } = await accountSnapshot(flags, config, { beforeCollect: () => prepareOutputFile(flags.out) });
      await writeSnapshot(flags.out, snapshot);
      process.stderr.write(`${snapshot.resources.length} resources from ${snapshot.regions.join(", ")} written to ${flags.out}\n`);
      for (const e of snapshot.errors) process.stderr.write(`not collected: ${e.service} ${e.region} ${e.operation}: ${e.code}: ${e.message}\n`);
      process.exitCode = snapshot.errors.length > 0 ? EXIT.partial : EXIT.clean;
    });
}
