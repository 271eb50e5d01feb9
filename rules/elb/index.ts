import type { Rule } from "../../src/evaluate/rule.js";

export const elbRules: Rule[] = [];
