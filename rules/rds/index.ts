import type { Rule } from "../../src/evaluate/rule.js";
import rdsBackupEnabled from "./rds-backup-enabled.js";
import rdsDeletionProtection from "./rds-deletion-protection.js";
import rdsMultiAz from "./rds-multi-az.js";
import rdsNotPublic from "./rds-not-public.js";
import rdsStorageEncrypted from "./rds-storage-encrypted.js";
import rdsTlsEnforced from "./rds-tls-enforced.js";

export const rdsRules: Rule[] = [rdsMultiAz, rdsStorageEncrypted, rdsNotPublic, rdsBackupEnabled, rdsDeletionProtection, rdsTlsEnforced];
