import { Command, CommanderError, Help } from "commander";
import { COMMANDS, namedCommand } from "./command-index.js";
import { EXIT } from "./exit-codes.js";

/**
 * The root command, with the named subcommand loaded and the others as
 * their help lines only: loading a command loads the AWS SDK (about a second).
 */
export async function program(argv: readonly string[] = []): Promise<Command> {
  const named = namedCommand(argv.slice(2));
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const root = new Command("driftwarden")
    .description("Audit an AWS web-application account against the Web Application Hosting reference architecture, and report what drifted.")
    .version("0.1.0")
    .configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd) });
  for (const entry of COMMANDS) {
    root.addCommand(entry.name === named ? await entry.load() : new Command(entry.name).description(entry.description));
  }
  // addCommand() does not pass exitOverride down; without it a subcommand's usage error ends the process.
  const configure = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(configure);
  };
  configure(root);
  return root;
}

/**
 * Input problems, and files that cannot be read or written, are one line on
 * stderr and exit code 2; anything else is a bug and keeps its stack (exit 70).
 */
export async function main(argv: string[]): Promise<number> {
  // The SDK warns on every run under Node 20 that its 2027 releases will need Node 22; the README says so once.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  try {
    await (await program(argv)).parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.clean;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? EXIT.clean : EXIT.usage;
    }
    if (isSystemError(error) || (await import("./input-errors.js")).isInputError(error)) {
      process.stderr.write(`driftwarden: ${error.message.split("\n")[0]}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`driftwarden: unexpected error (a bug: please report it with this stack): ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.software;
  }
}

/** A file the operating system refused (EACCES, ENOSPC, ENOTDIR, …): the message names the call and the path. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  // Duck-typed: Node's fs errors may come from another realm than this module's Error (jest's vm contexts do that).
  const e = error as Partial<NodeJS.ErrnoException> | null;
  return typeof e?.message === "string" && typeof e.code === "string" && typeof e.syscall === "string";
}
