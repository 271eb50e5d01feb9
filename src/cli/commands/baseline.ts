import { Command } from "commander";
import { FileFindingsStore } from "../../publish/store/file-store.js";
import { systemClock } from "../../types/clock.js";
import { accountSnapshot } from "../account-snapshot.js";
import { prepareStateDirectory } from "../directories.js";
import type { ConnectionFlags } from "../shared-options.js";
import { loadConfig, stateDirOption, withConnectionOptions } from "../shared-options.js";

export function baselineCommand(): Command {
  const set = withConnectionOptions(new Command("set").description("pin a snapshot (a file, or the account as it is now) as the baseline for `audit --against baseline`"))
    .option("-s, --snapshot <file>", "pin this saved snapshot instead of reading the account")
    .addOption(stateDirOption())
    .action(async (flags: ConnectionFlags & { snapshot?: string; stateDir: string }) => {
      const config = await loadConfig(flags);
      const { snapshot } = await accountSnapshot(flags, config, { beforeCollect: () => prepareStateDirectory(flags.stateDir) });
      await new FileFindingsStore({ directory: flags.stateDir, now: systemClock }).setBaseline(snapshot.accountId, snapshot);
      process.stderr.write(`baseline for ${snapshot.accountId} pinned: ${snapshot.resources.length} resources taken at ${snapshot.takenAt}\n`);
    });
  return new Command("baseline").description("manage the pinned drift baseline").addCommand(set);
}
