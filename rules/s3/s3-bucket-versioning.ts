import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { Bucket } from "./bucket.js";
import { BUCKET, notRead } from "./bucket.js";

export default defineRule({
  id: "s3-bucket-versioning",
  title: "S3 bucket versioning is enabled",
  service: "s3",
  severity: "low",
  resourceTypes: [BUCKET],
  rationale:
    "With versioning an overwritten or deleted object can be recovered from its previous version; without it a bad deploy or a mistaken delete of the site's content is final. " +
    "Suspended versioning keeps the old versions but stops making new ones, so it fails like a bucket never versioned.",
  remediation: "Enable versioning (add a lifecycle rule expiring noncurrent versions to bound the cost):\n" +
    "aws s3api put-bucket-versioning --bucket amzn-s3-demo-bucket --versioning-configuration Status=Enabled",
  references: { awsConfig: "s3-bucket-versioning-enabled", securityHub: "S3.14" },
  needs: ["s3.bucketVersioning"],
  explainedBy: { attributes: ["versioning"] },
  params: z.object({}).strict(),
  evaluate(bucket: Bucket) {
    const versioning = bucket.attributes.versioning;
    if (versioning === undefined) return notRead("versioning");
    if (versioning === "Enabled") return pass("versioning is Enabled", { versioning });
    if (versioning === "Suspended") return fail("versioning is Suspended: new writes replace objects without keeping a version", { versioning });
    return fail("versioning was never enabled", { versioning });
  },
});
