import type { Rule } from "../../src/evaluate/rule.js";
import iamRootMfa from "./iam-root-mfa.js";
import iamRootNoAccessKeys from "./iam-root-no-access-keys.js";

export const iamRules: Rule[] = [iamRootMfa, iamRootNoAccessKeys];
