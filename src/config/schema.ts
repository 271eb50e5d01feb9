import * as z from "zod";
import type { SuppressionEntry } from "../evaluate/suppressions.js";
import { SEVERITIES } from "../types/finding.js";

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), "a date such as 2026-12-31");

/** A pattern is a glob ("sg-0abc*") or a regular expression written as "/…/". */
const pattern = z.string().min(1);

export const suppressionSchema = z
  .object({
    rule: pattern.optional(),
    account: pattern.optional(),
    region: pattern.optional(),
    /** Matches the resource id or its ARN. */
    resource: pattern.optional(),
    tags: z.record(z.string(), z.string()).optional(),
    reason: z.string().trim().min(1, "every suppression needs a reason"),
    owner: z.string().optional(),
    expires: isoDate.optional(),
  })
  .strict() satisfies z.ZodType<SuppressionEntry>;

const accountId = z.string().regex(/^\d{12}$/, "a 12-digit account id");

/** The largest --max-accounts and --workers (organization.maxAccounts, organization.workers) a run takes. */
export const ORGANIZATION_LIMITS = { maxAccounts: 100, workers: 64 } as const;

/** An organization run, as `audit --org` and its flags ask for it. */
export const organizationSchema = z
  .object({
    /** Discover the accounts with AWS Organizations (--org). */
    enabled: z.boolean().optional(),
    /** Only the accounts under these organizational units or roots (--ou). */
    ous: z.array(z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, "an organizational unit (ou-…) or root (r-…) id")).min(1).optional(),
    /** These accounts (--accounts). */
    accounts: z.array(accountId).min(1).optional(),
    /** Never these (--exclude-accounts). */
    excludeAccounts: z.array(accountId).optional(),
    /** The member role's name (--role-name). */
    roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name").optional(),
    /** The member role's ExternalId (--external-id). */
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "2 to 1224 characters: letters, digits and +=,.@:/-").optional(),
    /** Accounts audited at once (--max-accounts). */
    maxAccounts: z.number().int().min(1).max(ORGANIZATION_LIMITS.maxAccounts).optional(),
    /** Worker threads the accounts are spread over (--workers). */
    workers: z.number().int().min(1).max(ORGANIZATION_LIMITS.workers).optional(),
  })
  .strict();

/** A rule's entry under `rules:` (besides true or false). */
export const ruleSettingsSchema = z.object({ enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() }).strict();

export const alertsSchema = z.object({ minSeverity: z.enum(SEVERITIES).optional() }).strict();

export const storeSchema = z
  .object({
    retentionDays: z.number().int().min(1).max(3650).optional(),
    // How long a per-resource read may be carried over from earlier runs; 0 reads everything every run.
    carryOverDays: z.number().min(0).max(90).optional(),
  })
  .strict();

/** The file's shape before per-rule params are checked against each rule's own schema. */
export const configFileSchema = z
  .object({
    regions: z.array(z.string()).min(1).optional(),
    rules: z.record(z.string(), z.union([z.boolean(), ruleSettingsSchema])).optional(),
    alerts: alertsSchema.optional(),
    suppressions: z.array(suppressionSchema).optional(),
    store: storeSchema.optional(),
    /** false: live runs do not read CloudTrail to name who made each change. */
    attribution: z.boolean().optional(),
    organization: organizationSchema.optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
