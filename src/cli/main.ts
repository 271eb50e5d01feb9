import { Command, CommanderError } from "commander";
import { CredentialsError } from "../collect/account.js";
import { ConfigError } from "../config/errors.js";
import { SnapshotError } from "../snapshot/snapshot-file.js";
import { BaselineMissingError } from "../run-audit.js";
import { auditCommand } from "./commands/audit.js";
import { baselineCommand } from "./commands/baseline.js";
import { collectCommand } from "./commands/collect.js";
import { diffCommand } from "./commands/diff.js";
import { exportCommand } from "./commands/export.js";
import { rulesCommand } from "./commands/rules.js";
import { EXIT } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

export function program(): Command {
  const root = new Command("driftwarden")
    .description("Audit an AWS web-application account against the Web Application Hosting reference architecture, and report what drifted.")
    .version("0.1.0")
    .addCommand(auditCommand())
    .addCommand(collectCommand())
    .addCommand(diffCommand())
    .addCommand(baselineCommand())
    .addCommand(exportCommand())
    .addCommand(rulesCommand());
  // addCommand() does not pass exitOverride down; without it a subcommand's usage error ends the process.
  const configure = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(configure);
  };
  configure(root);
  return root;
}

/** Input problems are one line on stderr and exit code 2; anything else is a bug and keeps its stack. */
export async function main(argv: string[]): Promise<number> {
  // The SDK warns on every run under Node 20 that its 2027 releases will need Node 22; the README says so once.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.clean;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? EXIT.clean : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof SnapshotError || error instanceof CredentialsError || error instanceof BaselineMissingError) {
      process.stderr.write(`driftwarden: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`driftwarden: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}
