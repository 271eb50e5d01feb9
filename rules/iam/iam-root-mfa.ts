import * as z from "zod";
import { defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { Account } from "./root-user.js";
import { ACCOUNT, rootEvidence, withoutRootCredentials } from "./root-user.js";

export default defineRule({
  id: "iam-root-mfa",
  title: "The root user has MFA",
  service: "iam",
  severity: "critical",
  resourceTypes: [ACCOUNT],
  rationale:
    "The root user can do anything in the account, close it included, and no IAM policy limits it; a password alone, phished or reused, hands all of it over. An account in an organization can instead have no root credentials at all (centralized root access), which leaves nothing to protect.",
  remediation:
    "Sign in as the root user and assign an MFA device (Security credentials, Multi-factor authentication). " +
    "In an organization with centralized root access, delete the member account's root credentials instead, from the management account:\n" +
    "aws sts assume-root --region us-east-1 --target-principal 123456789012 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials\n" +
    "# with the returned credentials:\n" +
    "aws iam delete-login-profile",
  references: { awsConfig: "root-account-mfa-enabled", securityHub: "IAM.9" },
  explainedBy: { attributes: ["rootMfaEnabled", "rootPasswordPresent"] },
  params: z.object({}).strict(),
  evaluate(account: Account) {
    if (withoutRootCredentials(account)) return notApplicable("the root user has no password, access keys or signing certificates (root credentials centrally managed by the organization)");
    if (account.attributes.rootMfaEnabled) return pass("the root user has MFA (AccountMFAEnabled 1)", rootEvidence(account));
    return fail("the root user has no MFA device (AccountMFAEnabled 0): its password alone signs in", rootEvidence(account));
  },
});
