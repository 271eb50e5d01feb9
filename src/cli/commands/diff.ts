import { Command } from "commander";
import { diffResources } from "../../diff/resource-drift.js";
import { renderDrift } from "../../publish/report/table.js";
import { readSnapshot } from "../../snapshot/snapshot-file.js";
import { EXIT } from "../exit-codes.js";
import { emit, useColor } from "../output.js";
import { outputWidth } from "../output-width.js";
import { formatOption } from "../shared-options.js";
import { UsageError } from "../usage-error.js";

export function diffCommand(): Command {
  return new Command("diff")
    .description("show the drift between two snapshots: resources added, removed and modified")
    .argument("<before>", "the earlier snapshot file")
    .argument("<after>", "the later snapshot file")
    .addOption(formatOption(["table", "json"], "table"))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (beforePath: string, afterPath: string, flags: { format: "table" | "json"; output?: string }) => {
      const [before, after] = await Promise.all([readSnapshot(beforePath), readSnapshot(afterPath)]);
      if (before.accountId !== after.accountId) throw new UsageError(`${beforePath} is account ${before.accountId} but ${afterPath} is ${after.accountId}`);
      const drift = diffResources(before, after);
      await emit(flags.format === "json" ? JSON.stringify(drift, null, 2) : renderDrift(drift, { color: useColor(flags.output), width: outputWidth(flags.output ? {} : process.stdout) }), flags.output);
      const changed = drift.added.length + drift.removed.length + drift.modified.length > 0;
      process.exitCode = changed ? EXIT.failing : EXIT.clean;
    });
}
