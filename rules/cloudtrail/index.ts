import type { Rule } from "../../src/evaluate/rule.js";
import cloudtrailLogFileValidation from "./cloudtrail-log-file-validation.js";
import cloudtrailMultiRegionLogging from "./cloudtrail-multi-region-logging.js";

export const cloudtrailRules: Rule[] = [cloudtrailMultiRegionLogging, cloudtrailLogFileValidation];
