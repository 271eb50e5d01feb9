import type { Rule } from "../../src/evaluate/rule.js";
import dynamodbDeletionProtection from "./dynamodb-deletion-protection.js";
import dynamodbPitrEnabled from "./dynamodb-pitr-enabled.js";

export const dynamodbRules: Rule[] = [dynamodbPitrEnabled, dynamodbDeletionProtection];
