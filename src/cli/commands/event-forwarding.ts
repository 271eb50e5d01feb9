import { Command } from "commander";
import { eventForwardingYaml } from "../../deploy/event-forwarding.js";
import { emit } from "../output.js";

export function eventForwardingCommand(): Command {
  return new Command("event-forwarding")
    .description("print the CloudFormation template (YAML) that forwards a region's or member account's change events to the auditor's event bus")
    .action(async () => {
      await emit(eventForwardingYaml());
    });
}
