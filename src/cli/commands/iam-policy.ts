import { Command } from "commander";
import { cliPolicy } from "../../deploy/iam-policy.js";
import { emit } from "../output.js";

export function iamPolicyCommand(): Command {
  return new Command("iam-policy")
    .description("print the IAM policy a user or role running driftwarden needs (JSON)")
    .option("--securityhub", "also allow `export securityhub` to import findings")
    .action(async (flags: { securityhub?: boolean }) => {
      await emit(JSON.stringify(cliPolicy({ securityHub: Boolean(flags.securityhub) }), null, 2));
    });
}
