import rule from "../../../rules/cloudfront/cloudfront-tls-modern.js";
import { distribution } from "../../support/cloudfront-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "TLSv1.2_2021", resource: distribution({ minimumProtocolVersion: "TLSv1.2_2021" }), reason: /TLSv1\.2_2021/ },
    { name: "TLSv1.3_2025", resource: distribution({ minimumProtocolVersion: "TLSv1.3_2025" }), evidence: { minimumProtocolVersion: "TLSv1.3_2025", required: "TLSv1.2_2021" } },
    { name: "an older policy allowed by param", resource: distribution({ minimumProtocolVersion: "TLSv1.2_2019" }), params: { minimumProtocolVersion: "TLSv1.2_2018" } },
  ],
  fail: [
    { name: "TLSv1.2_2019 is one step short", resource: distribution({ minimumProtocolVersion: "TLSv1.2_2019" }), reason: /TLSv1\.2_2019 is older than TLSv1\.2_2021/ },
    { name: "TLSv1 accepts TLS 1.0", resource: distribution({ minimumProtocolVersion: "TLSv1" }), reason: /TLSv1 is older/ },
    { name: "SSLv3", resource: distribution({ minimumProtocolVersion: "SSLv3" }), reason: /SSLv3/ },
    { name: "TLSv1.2_2021 below a raised minimum", resource: distribution({ minimumProtocolVersion: "TLSv1.2_2021" }), params: { minimumProtocolVersion: "TLSv1.3_2025" }, reason: /older than TLSv1\.3_2025/ },
  ],
  notApplicable: [{ name: "default CloudFront certificate", resource: distribution(), reason: /default CloudFront certificate/ }],
  error: [
    { name: "unknown security policy", resource: distribution({ minimumProtocolVersion: "TLSv1.4_2030" }), reason: /unknown security policy TLSv1\.4_2030/ },
    {
      name: "custom certificate without a recorded policy",
      resource: distribution({ viewerCertificate: { cloudFrontDefaultCertificate: false, iamCertificateId: "ASCAEXAMPLE1234567890", sslSupportMethod: "sni-only" } }),
      reason: /not collected/,
    },
  ],
});
