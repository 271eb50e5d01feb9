import type { Rule } from "../../src/evaluate/rule.js";

export const vpcRules: Rule[] = [];
