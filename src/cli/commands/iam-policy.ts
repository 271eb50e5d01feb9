import { Command } from "commander";
import { cliPolicy } from "../../deploy/iam-policy.js";
import { emit } from "../output.js";
import { DEFAULT_MEMBER_ROLE } from "../../organization-request.js";
import { UsageError } from "../usage-error.js";

export function iamPolicyCommand(): Command {
  return new Command("iam-policy")
    .description("print the IAM policy a user or role running driftwarden needs (JSON)")
    .option("--securityhub", "also allow `export securityhub` to import findings")
    .option("--org", "also allow `audit --org`: list the organization's accounts and assume the member role in each")
    .option("--role-name <name>", `with --org: the member role's name (default: ${DEFAULT_MEMBER_ROLE})`)
    .action(async (flags: { securityhub?: boolean; org?: boolean; roleName?: string }) => {
      if (flags.roleName && !flags.org) throw new UsageError("--role-name goes with --org");
      const organization = flags.org ? { roleName: flags.roleName ?? DEFAULT_MEMBER_ROLE } : undefined;
      await emit(JSON.stringify(cliPolicy({ securityHub: Boolean(flags.securityhub), ...(organization && { organization }) }), null, 2));
    });
}
