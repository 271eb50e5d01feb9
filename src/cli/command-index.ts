/**
 * The subcommands as the root help lists them, and how to load each. A
 * command's module (and with it the AWS SDK) is imported only when the
 * command line names it; test/cli/command-index.test.ts keeps these lines
 * equal to the loaded commands'.
 */
import type { Command } from "commander";

export interface CommandEntry {
  name: string;
  /** The root help's left column: name, "[options]" when it has any, its arguments. */
  term: string;
  description: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "audit",
    term: "audit [options]",
    description: "audit an account (live, or a saved snapshot with --snapshot), report findings and what drifted since the last run",
    load: async () => (await import("./commands/audit.js")).auditCommand(),
  },
  {
    name: "collect",
    term: "collect [options]",
    description: "read the account and save a snapshot to audit later, offline",
    load: async () => (await import("./commands/collect.js")).collectCommand(),
  },
  {
    name: "diff",
    term: "diff [options] <before> <after>",
    description: "show the drift between two snapshots: resources added, removed and modified",
    load: async () => (await import("./commands/diff.js")).diffCommand(),
  },
  {
    name: "baseline",
    term: "baseline",
    description: "manage the pinned drift baseline",
    load: async () => (await import("./commands/baseline.js")).baselineCommand(),
  },
  {
    name: "export",
    term: "export",
    description: "send findings to other tools",
    load: async () => (await import("./commands/export.js")).exportCommand(),
  },
  {
    name: "rules",
    term: "rules [options]",
    description: "list the rules with title, severity, AWS Config / Security Hub references, params (with defaults) and whether the config enables them",
    load: async () => (await import("./commands/rules.js")).rulesCommand(),
  },
  {
    name: "iam-policy",
    term: "iam-policy [options]",
    description: "print the IAM policy a user or role running driftwarden needs (JSON)",
    load: async () => (await import("./commands/iam-policy.js")).iamPolicyCommand(),
  },
  {
    name: "member-role",
    term: "member-role",
    description: "print the CloudFormation template (YAML) of the read-only role an audit account assumes in each organization member account",
    load: async () => (await import("./commands/member-role.js")).memberRoleCommand(),
  },
  {
    name: "event-forwarding",
    term: "event-forwarding",
    description: "print the CloudFormation template (YAML) that forwards a region's or member account's change events to the auditor's event bus",
    load: async () => (await import("./commands/event-forwarding.js")).eventForwardingCommand(),
  },
];

/** The command a command line names: its first operand, or the one after `help`. */
export function namedCommand(args: readonly string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith("-"));
  return operands[0] === "help" ? operands[1] : operands[0];
}
