import type { Rule } from "../../src/evaluate/rule.js";
import cloudfrontDefaultRootObject from "./cloudfront-default-root-object.js";
import cloudfrontHttpsOnly from "./cloudfront-https-only.js";
import cloudfrontLogging from "./cloudfront-logging.js";
import cloudfrontS3OriginAccessControl from "./cloudfront-s3-origin-access-control.js";
import cloudfrontTlsModern from "./cloudfront-tls-modern.js";

export const cloudfrontRules: Rule[] = [
  cloudfrontHttpsOnly,
  cloudfrontS3OriginAccessControl,
  cloudfrontTlsModern,
  cloudfrontDefaultRootObject,
  cloudfrontLogging,
];
