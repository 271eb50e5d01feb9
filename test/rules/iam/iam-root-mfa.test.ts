import rule from "../../../rules/iam/iam-root-mfa.js";
import { account, CENTRALLY_MANAGED_ROOT, summaryMap } from "../../support/audit-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "root user with MFA", resource: account(), reason: /AccountMFAEnabled 1/, evidence: { rootMfaEnabled: true, rootPasswordPresent: true } },
    { name: "root with MFA but an access key (another rule's failure)", resource: account(summaryMap({ AccountAccessKeysPresent: 1 })) },
    { name: "summary without AccountPasswordPresent (older answer): judged on MFA", resource: account(summaryMap({ AccountPasswordPresent: undefined as unknown as number })) },
  ],
  fail: [
    { name: "root with a password and no MFA", resource: account(summaryMap({ AccountMFAEnabled: 0 })), reason: /no MFA device \(AccountMFAEnabled 0\)/ },
    { name: "root with no MFA and an access key", resource: account(summaryMap({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 })), evidence: { rootAccessKeysPresent: true } },
    { name: "no password but an access key and no MFA", resource: account(summaryMap({ ...CENTRALLY_MANAGED_ROOT, AccountAccessKeysPresent: 1 })) },
    { name: "no password, only a signing certificate, no MFA", resource: account(summaryMap({ ...CENTRALLY_MANAGED_ROOT, AccountSigningCertificatesPresent: 1 })) },
  ],
  notApplicable: [{ name: "root credentials deleted by centralized root access", resource: account(summaryMap(CENTRALLY_MANAGED_ROOT)), reason: /centrally managed/ }],
  error: [
    {
      name: "summary without AccountMFAEnabled",
      resource: account(summaryMap({ AccountMFAEnabled: undefined as unknown as number })),
      reason: /SummaryMap\.AccountMFAEnabled missing/,
    },
  ],
});
