import type { Rule } from "../../src/evaluate/rule.js";
import s3BucketNotPublic from "./s3-bucket-not-public.js";
import s3BucketPublicAccessBlocked from "./s3-bucket-public-access-blocked.js";
import s3BucketTlsOnly from "./s3-bucket-tls-only.js";
import s3BucketVersioning from "./s3-bucket-versioning.js";
import s3OriginOnlyViaCloudfront from "./s3-origin-only-via-cloudfront.js";

export const s3Rules: Rule[] = [s3BucketPublicAccessBlocked, s3BucketNotPublic, s3OriginOnlyViaCloudfront, s3BucketTlsOnly, s3BucketVersioning];
