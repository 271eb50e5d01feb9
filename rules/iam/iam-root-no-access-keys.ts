import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Account } from "./root-user.js";
import { ACCOUNT, rootEvidence, withoutRootCredentials } from "./root-user.js";

export default defineRule({
  id: "iam-root-no-access-keys",
  title: "The root user has no access keys",
  service: "iam",
  severity: "critical",
  resourceTypes: [ACCOUNT],
  rationale:
    "A root access key is a long-lived credential with unrestricted access to the account that no policy can limit and MFA does not protect; applications use IAM roles, and nothing needs root keys.",
  remediation:
    "Signed in as the root user, delete its access keys (Security credentials, Access keys); or, with centralized root access, from the management account:\n" +
    "aws sts assume-root --region us-east-1 --target-principal 123456789012 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials\n" +
    "# with the returned credentials, for each key listed:\n" +
    "aws iam list-access-keys\n" +
    "aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE",
  references: { awsConfig: "iam-root-access-key-check", securityHub: "IAM.4" },
  explainedBy: { attributes: ["rootAccessKeysPresent"] },
  params: z.object({}).strict(),
  evaluate(account: Account) {
    // An account without root credentials has no root keys: it passes, as rules.md lists no N/A case.
    if (withoutRootCredentials(account)) return pass("the account has no root credentials (centrally managed by the organization), so no root access keys", rootEvidence(account));
    if (account.attributes.rootAccessKeysPresent) return fail("the root user has an access key (AccountAccessKeysPresent 1)", rootEvidence(account));
    return pass("the root user has no access keys (AccountAccessKeysPresent 0)", rootEvidence(account));
  },
});
