import rule from "../../../rules/cloudfront/cloudfront-s3-origin-access-control.js";
import { customOrigin, distribution, OAC_ID, s3Origin, s3WebsiteOrigin } from "../../support/cloudfront-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "S3 origin with OAC", resource: distribution(), reason: /^every S3 origin uses origin access control$/, evidence: { origins: [{ id: "site-bucket", access: "oac" }] } },
    {
      name: "legacy OAI passes with a note",
      resource: distribution({ origins: [s3Origin("site-bucket", { oai: "E15MNIMTCFKK4C" })] }),
      reason: /site-bucket uses legacy OAI; migrate to OAC/,
      evidence: { origins: [{ access: "oai" }] },
    },
    {
      name: "OAC and OAI origins together: the OAI one is named",
      resource: distribution({ origins: [s3Origin("site-bucket", { oac: OAC_ID }), s3Origin("assets", { oai: "E15MNIMTCFKK4C" })] }),
      reason: /^S3 origin assets uses legacy OAI/,
    },
    {
      name: "a website origin beside an OAC origin is mentioned",
      resource: distribution({ origins: [s3Origin("site-bucket", { oac: OAC_ID }), s3WebsiteOrigin("redirects")] }),
      reason: /S3 website origin redirects not judged/,
    },
  ],
  fail: [
    { name: "S3 origin read anonymously", resource: distribution({ origins: [s3Origin("site-bucket")] }), reason: /^S3 origin site-bucket without origin access control$/ },
    {
      name: "one of two S3 origins unprotected",
      resource: distribution({ origins: [s3Origin("site-bucket", { oac: OAC_ID }), s3Origin("uploads"), customOrigin("app")] }),
      reason: /S3 origin uploads without/,
      evidence: { origins: [{ id: "site-bucket", access: "oac" }, { id: "uploads", access: "none" }] },
    },
    {
      name: "an unprotected origin fails even when another uses OAI",
      resource: distribution({ origins: [s3Origin("assets", { oai: "E15MNIMTCFKK4C" }), s3Origin("uploads")] }),
      reason: /uploads without origin access control/,
    },
  ],
  notApplicable: [
    { name: "only a load balancer origin", resource: distribution({ origins: [customOrigin("app")] }), reason: /^no S3 REST origin$/ },
    { name: "S3 website endpoint is a custom origin", resource: distribution({ origins: [s3WebsiteOrigin("site")] }), reason: /S3 website origin site not judged \(custom origins cannot use OAC\)/ },
  ],
});
