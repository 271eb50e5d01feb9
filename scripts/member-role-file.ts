/** deploy/member-role.yml, the organization member role's template, from the collectors' permissions: `npm run docs` regenerates it. */
import { memberRoleYaml } from "../src/deploy/member-role.js";

export const MEMBER_ROLE_FILE = "deploy/member-role.yml";

export function memberRoleFile(): string {
  return [
    "# driftwarden's read-only member role, for a StackSet across an AWS Organization (README: \"Auditing an organization\").",
    "# Generated from the collectors' permissions by `npm run docs` (src/deploy/member-role.ts): do not edit.",
    "# `driftwarden member-role` prints the same template.",
    memberRoleYaml(),
  ].join("\n");
}
