import rule from "../../../rules/cloudfront/cloudfront-default-root-object.js";
import { distribution, distributionConfigNotRead } from "../../support/cloudfront-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "index.html", resource: distribution(), reason: /default root object is index\.html/ },
    { name: "a custom root object with logging off", resource: distribution({ defaultRootObject: "home.html", logging: { enabled: false } }), evidence: { defaultRootObject: "home.html" } },
  ],
  fail: [
    { name: "empty string as CloudFront returns it", resource: distribution({ defaultRootObject: "" }), reason: /no default root object/ },
    { name: "empty on an SPA behind a custom origin", resource: distribution({ defaultRootObject: "", defaultPolicy: "https-only" }), evidence: { defaultRootObject: "" } },
    {
      name: "empty while another distribution's config was not read",
      resource: distribution({ defaultRootObject: "" }),
      errors: [distributionConfigNotRead()],
      reason: /no default root object/,
    },
  ],
  notApplicable: [],
  error: [
    { name: "config not read", resource: distribution({ configRead: false }), errors: [distributionConfigNotRead()], reason: /configuration was not read \(CloudFront collection in us-east-1 was incomplete\)/ },
    { name: "config missing without a recorded error", resource: distribution({ configRead: false }), reason: /^the distribution's configuration was not read$/ },
  ],
});
