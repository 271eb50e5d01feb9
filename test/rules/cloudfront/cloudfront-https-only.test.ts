import rule from "../../../rules/cloudfront/cloudfront-https-only.js";
import { behavior, distribution } from "../../support/cloudfront-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "default behavior redirects, no others", resource: distribution(), reason: /all 1 cache behaviors require HTTPS/ },
    {
      name: "every behavior redirects or requires HTTPS",
      resource: distribution({ defaultPolicy: "https-only", behaviors: [behavior("images/*", "redirect-to-https"), behavior("api/*", "https-only", "api")] }),
      reason: /all 3 cache behaviors/,
    },
  ],
  fail: [
    { name: "default behavior allows HTTP", resource: distribution({ defaultPolicy: "allow-all" }), reason: /^cache behavior default \(\*\) \(allow-all\) allow HTTP$/ },
    {
      name: "only a secondary cache behavior allows HTTP",
      resource: distribution({ behaviors: [behavior("static/*", "redirect-to-https"), behavior("images/*", "allow-all")] }),
      reason: /images\/\* \(allow-all\)/,
      evidence: { pathPatterns: ["images/*"] },
    },
    {
      name: "default and a secondary behavior both allow HTTP",
      resource: distribution({ defaultPolicy: "allow-all", behaviors: [behavior("api/*", "https-only"), behavior("legacy/*", "allow-all", "legacy")] }),
      evidence: { pathPatterns: ["default (*)", "legacy/*"], behaviors: [{ viewerProtocolPolicy: "allow-all" }, { pathPattern: "legacy/*", targetOriginId: "legacy" }] },
    },
  ],
  notApplicable: [],
});
