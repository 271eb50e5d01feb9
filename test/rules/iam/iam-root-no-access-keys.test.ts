import rule from "../../../rules/iam/iam-root-no-access-keys.js";
import { account, CENTRALLY_MANAGED_ROOT, summaryMap } from "../../support/audit-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "root without access keys", resource: account(), reason: /AccountAccessKeysPresent 0/, evidence: { rootAccessKeysPresent: false } },
    { name: "root credentials centrally managed: none at all", resource: account(summaryMap(CENTRALLY_MANAGED_ROOT)), reason: /no root credentials/ },
    { name: "root without keys or MFA (another rule's failure)", resource: account(summaryMap({ AccountMFAEnabled: 0 })) },
  ],
  fail: [
    { name: "root with an access key and MFA", resource: account(summaryMap({ AccountAccessKeysPresent: 1 })), reason: /AccountAccessKeysPresent 1/ },
    { name: "root with an access key and no MFA", resource: account(summaryMap({ AccountAccessKeysPresent: 1, AccountMFAEnabled: 0 })), evidence: { rootMfaEnabled: false } },
    { name: "password deleted but an access key left", resource: account(summaryMap({ ...CENTRALLY_MANAGED_ROOT, AccountAccessKeysPresent: 1 })) },
  ],
  notApplicable: [],
  error: [{ name: "summary without AccountAccessKeysPresent", resource: account(summaryMap({ AccountAccessKeysPresent: undefined as unknown as number })), reason: /SummaryMap\.AccountAccessKeysPresent missing/ }],
});
