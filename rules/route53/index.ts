import type { Rule } from "../../src/evaluate/rule.js";

export const route53Rules: Rule[] = [];
