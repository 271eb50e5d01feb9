import type { Rule } from "../../src/evaluate/rule.js";
import ec2SshRestricted from "./ec2-ssh-restricted.js";

export const ec2Rules: Rule[] = [ec2SshRestricted];
