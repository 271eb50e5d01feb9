/** Builders for CloudFront distribution records in the normalized shape of src/types/attributes.ts. */
import type { CacheBehavior, DistributionAttributes, DistributionOrigin } from "../../src/types/attributes.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, collectionError, record, REGION } from "./builders.js";

let counter = 0;

export function behavior(pathPattern: string, viewerProtocolPolicy: string, targetOriginId = "site-bucket"): CacheBehavior {
  return { pathPattern, targetOriginId, viewerProtocolPolicy };
}

/** An S3 REST origin; with neither option the bucket is read anonymously. */
export function s3Origin(id: string, access: { oac?: string; oai?: string } = {}): DistributionOrigin {
  return {
    id,
    domainName: `${id}.s3.${REGION}.amazonaws.com`,
    kind: "s3",
    ...(access.oac && { originAccessControlId: access.oac }),
    ...(access.oai && { originAccessIdentity: `origin-access-identity/cloudfront/${access.oai}` }),
  };
}

/** An S3 website endpoint: CloudFront treats it as a custom origin speaking HTTP only. */
export function s3WebsiteOrigin(id: string): DistributionOrigin {
  return { id, domainName: `${id}.s3-website-${REGION}.amazonaws.com`, kind: "s3-website", originProtocolPolicy: "http-only" };
}

export function customOrigin(id: string, domainName = "web-1234567890.us-east-1.elb.amazonaws.com"): DistributionOrigin {
  return { id, domainName, kind: "custom", originProtocolPolicy: "https-only" };
}

export const OAC_ID = "E1A2B3C4D5E6F7";

export function distribution(
  options: {
    id?: string;
    defaultPolicy?: string;
    behaviors?: CacheBehavior[];
    origins?: DistributionOrigin[];
    /** A custom certificate's security policy; absent means the default *.cloudfront.net certificate. */
    minimumProtocolVersion?: string;
    /** Replaces the certificate built from minimumProtocolVersion. */
    viewerCertificate?: DistributionAttributes["viewerCertificate"];
    defaultRootObject?: string;
    logging?: DistributionAttributes["logging"];
    /** false: GetDistributionConfig failed, so neither DefaultRootObject nor Logging was read. */
    configRead?: boolean;
  } = {},
): ResourceRecord<DistributionAttributes> {
  const id = options.id ?? `E2QWRUHAPOMQ${(++counter).toString().padStart(2, "0")}`;
  const domainName = `d${id.toLowerCase()}.cloudfront.net`;
  const custom = options.minimumProtocolVersion !== undefined;
  const configRead = options.configRead ?? true;
  return record<DistributionAttributes>(
    "AWS::CloudFront::Distribution",
    id,
    {
      domainName,
      aliases: custom ? ["www.example.com"] : [],
      enabled: true,
      ...(configRead && { defaultRootObject: options.defaultRootObject ?? "index.html" }),
      priceClass: "PriceClass_All",
      httpVersion: "http2",
      defaultCacheBehavior: { targetOriginId: "site-bucket", viewerProtocolPolicy: options.defaultPolicy ?? "redirect-to-https" },
      cacheBehaviors: options.behaviors ?? [],
      origins: options.origins ?? [s3Origin("site-bucket", { oac: OAC_ID })],
      viewerCertificate: options.viewerCertificate ?? (custom
        ? {
            cloudFrontDefaultCertificate: false,
            acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`,
            minimumProtocolVersion: options.minimumProtocolVersion,
            sslSupportMethod: "sni-only",
          }
        : // CloudFront reports TLSv1 for the default certificate and ignores any other setting.
          { cloudFrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" }),
      ...(configRead && { logging: options.logging ?? { enabled: true, bucket: "example-logs.s3.amazonaws.com", prefix: "cloudfront/" } }),
    },
    { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`, name: domainName },
  );
}

/** GetDistributionConfig failed for some distribution: CloudFront is incomplete in us-east-1. */
export function distributionConfigNotRead(): CollectionError {
  return collectionError("cloudfront", "cloudfront:GetDistributionConfig", ["AWS::CloudFront::Distribution"]);
}
