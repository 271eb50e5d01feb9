import { Command } from "commander";
import { memberRoleYaml } from "../../deploy/member-role.js";
import { emit } from "../output.js";

export function memberRoleCommand(): Command {
  return new Command("member-role")
    .description("print the CloudFormation template (YAML) of the read-only role an audit account assumes in each organization member account")
    .action(async () => {
      await emit(memberRoleYaml());
    });
}
