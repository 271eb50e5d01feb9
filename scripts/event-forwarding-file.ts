/** deploy/event-forwarding.yml, the event path's forwarding template, from the event patterns: `npm run docs` regenerates it. */
import { eventForwardingYaml } from "../src/deploy/event-forwarding.js";

export const EVENT_FORWARDING_FILE = "deploy/event-forwarding.yml";

export function eventForwardingFile(): string {
  return [
    "# driftwarden's event forwarding, for a StackSet across the regions and accounts the auditor's event path hears from (README: \"Alerts in seconds: the event path\").",
    "# Generated from the event patterns by `npm run docs` (src/deploy/event-forwarding.ts): do not edit.",
    "# `driftwarden event-forwarding` prints the same template.",
    eventForwardingYaml(),
  ].join("\n");
}
