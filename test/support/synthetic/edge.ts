/**
 * The global front of the applications: a CloudFront distribution for every
 * other one, and Route 53 public zones (one large shared zone and smaller
 * ones) with each application's www alias, a failover and a weighted API
 * record, their health checks and the CloudWatch alarms on them; plus one
 * private zone per VPC with its hosts' records.
 */
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, DistributionSummary, Origin, ViewerCertificate } from "@aws-sdk/client-cloudfront";
import type { HealthCheck, HostedZone, ResourceRecordSet } from "@aws-sdk/client-route-53";
import type { GlobalData } from "./account.js";
import type { AppFacts } from "./app-stack.js";
import { metricAlarm } from "./app-stack.js";
import type { Generation } from "./ids.js";
import { CREATED, tagList } from "./ids.js";
import type { VpcLayout } from "./network.js";

/** The hosted zone of every CloudFront alias target. */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";
/** Odd-numbered applications share one of these zones per this many applications. */
const APPS_PER_SMALL_ZONE = 40;

interface Zone {
  id: string;
  name: string;
  records: ResourceRecordSet[];
}

/** A distribution's S3 origin, so that the bucket behind it can be generated to match (see storage.ts). */
export interface S3Origin {
  bucket: string;
  region: string;
  distributionArn: string;
  access: "oac" | "oai" | "none" | "website";
  /** "origin-access-identity/cloudfront/E…", as the origin names it. */
  originAccessIdentity?: string;
}

export class EdgeBuilder {
  private mainZone?: Zone;
  private readonly smallZones = new Map<number, Zone>();
  private readonly privateZones = new Map<string, Zone>();

  constructor(
    private readonly gen: Generation,
    private readonly global: GlobalData,
    private readonly onS3Origin: (origin: S3Origin) => void = () => {},
    /** At most this many distributions, one per application; absent: one for every other application. */
    private readonly maxDistributions?: number,
  ) {}

  addPrivateZone(layout: VpcLayout, region: string): void {
    this.privateZones.set(`${region}/${layout.name}`, this.zone(`${layout.name}.${region}.internal.example.com.`, true));
  }

  addApp(app: AppFacts): void {
    const fronted = this.maxDistributions === undefined ? app.index % 2 === 0 : this.global.distributions.length < this.maxDistributions;
    const distribution = fronted ? this.addDistribution(app) : undefined;
    const zone = app.index % 2 === 0 ? (this.mainZone ??= this.zone("example.com.", false)) : this.smallZone(Math.floor(app.index / APPS_PER_SMALL_ZONE));
    const { random } = this.gen;
    const site = `${app.name}.${zone.name}`;
    const lbAlias = { HostedZoneId: app.loadBalancer.canonicalZoneId, DNSName: `dualstack.${app.loadBalancer.dnsName}.`, EvaluateTargetHealth: true };

    if (distribution) {
      for (const type of ["A", "AAAA"] as const) zone.records.push({ Name: `www.${site}`, Type: type, AliasTarget: { HostedZoneId: CLOUDFRONT_ZONE, DNSName: `${distribution}.`, EvaluateTargetHealth: false } });
    } else {
      zone.records.push({ Name: `www.${site}`, Type: "A", AliasTarget: lbAlias });
    }

    const secondaryCheck = this.healthCheck(app, "api-secondary", { IPAddress: this.gen.publicIp() });
    zone.records.push(
      { Name: `api.${site}`, Type: "A", SetIdentifier: "primary", Failover: "PRIMARY", AliasTarget: lbAlias, ...(random.chance(0.5) && { HealthCheckId: this.healthCheck(app, "api-primary", { FullyQualifiedDomainName: app.loadBalancer.dnsName }) }) },
      // One in twenty points at a health check deleted since.
      { Name: `api.${site}`, Type: "A", SetIdentifier: "secondary", Failover: "SECONDARY", TTL: 60, ResourceRecords: [{ Value: this.gen.publicIp() }], HealthCheckId: random.chance(0.95) ? secondaryCheck : random.uuid() },
    );
    if (app.index % 3 === 0) {
      for (const [color, weight] of [["blue", 90], ["green", 10]] as const) {
        const checked = random.chance(0.85);
        zone.records.push({
          Name: `canary.${site}`,
          Type: "A",
          SetIdentifier: color,
          Weight: weight,
          TTL: 60,
          ResourceRecords: [{ Value: this.gen.publicIp() }],
          ...(checked && { HealthCheckId: this.healthCheck(app, `canary-${color}`, { FullyQualifiedDomainName: `${color}.${app.name}.example.com` }) }),
        });
      }
    }
    if (app.index % 2 === 0) zone.records.push({ Name: `_verify.${site}`, Type: "TXT", TTL: 300, ResourceRecords: [{ Value: `"site-verification=${random.alphanumeric(24).toLowerCase()}"` }] });

    const internal = this.privateZones.get(`${app.region}/${app.vpcName}`)!;
    for (const host of app.hosts) internal.records.push({ Name: `${host.name}.${app.name}.${internal.name}`, Type: "A", TTL: 300, ResourceRecords: [{ Value: host.privateIp }] });
    internal.records.push({ Name: `db.${app.name}.${internal.name}`, Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: app.databaseEndpoint }] });
  }

  /** Record counts, and each zone's records in ListResourceRecordSets order. */
  finish(): void {
    for (const zone of this.global.hostedZones) {
      const id = zone.Id!.replace("/hostedzone/", "");
      const records = this.global.recordSets.get(id)!;
      records.sort(compareRecordSets);
      zone.ResourceRecordSetCount = records.length;
    }
  }

  private smallZone(n: number): Zone {
    let zone = this.smallZones.get(n);
    if (!zone) this.smallZones.set(n, (zone = this.zone(`apps-${n}.example.net.`, false)));
    return zone;
  }

  /** A zone with the SOA and NS records Route 53 creates with it. */
  private zone(name: string, privateZone: boolean): Zone {
    const id = `Z0${this.gen.random.alphanumeric(19)}`;
    const zone: HostedZone = {
      Id: `/hostedzone/${id}`,
      Name: name,
      CallerReference: `driftwarden-synthetic-${id}`,
      Config: { Comment: privateZone ? "hosts of one VPC" : "public site", PrivateZone: privateZone },
      ResourceRecordSetCount: 2,
    };
    const records: ResourceRecordSet[] = [
      { Name: name, Type: "NS", TTL: 172800, ResourceRecords: ["ns-1536.awsdns-00.co.uk.", "ns-0.awsdns-00.com.", "ns-1024.awsdns-00.org.", "ns-512.awsdns-00.net."].map((Value) => ({ Value })) },
      { Name: name, Type: "SOA", TTL: 900, ResourceRecords: [{ Value: "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400" }] },
    ];
    this.global.hostedZones.push(zone);
    this.global.recordSets.set(id, records);
    this.global.route53Tags.set(`hostedzone/${id}`, tagList({ env: "prod", ...(privateZone && { scope: "internal" }) }));
    return { id, name, records };
  }

  /** An HTTPS health check; four in five have a CloudWatch alarm on their status. */
  private healthCheck(app: AppFacts, purpose: string, target: { FullyQualifiedDomainName: string } | { IPAddress: string }): string {
    const id = this.gen.random.uuid();
    const check: HealthCheck = {
      Id: id,
      CallerReference: `${app.name}-${purpose}`,
      HealthCheckConfig: {
        Type: "HTTPS",
        ...target,
        Port: 443,
        ResourcePath: "/health",
        RequestInterval: 30,
        FailureThreshold: 3,
        MeasureLatency: false,
        Inverted: false,
        Disabled: false,
        EnableSNI: "FullyQualifiedDomainName" in target,
      },
      HealthCheckVersion: 1,
    };
    this.global.healthChecks.push(check);
    this.global.route53Tags.set(`healthcheck/${id}`, tagList({ Name: `${app.name}-${purpose}`, app: app.name }));
    if (this.gen.random.chance(0.8)) {
      this.global.healthCheckAlarms.push(metricAlarm(this.gen, "us-east-1", `${app.name}-${purpose}-unhealthy`, "AWS/Route53", "HealthCheckStatus", [{ Name: "HealthCheckId", Value: id }], 1));
    }
    return id;
  }

  /** A distribution serving the site from S3 and /api/* from the load balancer; returns its domain name. */
  private addDistribution(app: AppFacts): string {
    const { random, accountId } = this.gen;
    const id = `E${random.alphanumeric(13)}`;
    const domainName = `d${random.alphanumeric(13).toLowerCase()}.cloudfront.net`;
    const arn = `arn:aws:cloudfront::${accountId}:distribution/${id}`;
    const bucket = `${app.name}-static-${accountId}`;
    const access = random.pick(["oac", "oac", "oac", "oac", "oac", "oac", "oac", "oai", "none", "website"] as const);
    const common = { OriginPath: "", CustomHeaders: { Quantity: 0 }, ConnectionAttempts: 3, ConnectionTimeout: 10, OriginShield: { Enabled: false } };
    const originAccessIdentity = access === "oai" ? `origin-access-identity/cloudfront/E${random.alphanumeric(13)}` : undefined;
    const s3Origin: Origin =
      access === "website"
        ? { ...common, Id: "s3-static", DomainName: `${bucket}.s3-website-${app.region}.amazonaws.com`, CustomOriginConfig: customOrigin("http-only") }
        : {
            ...common,
            Id: "s3-static",
            DomainName: `${bucket}.s3.${app.region}.amazonaws.com`,
            S3OriginConfig: { OriginAccessIdentity: originAccessIdentity ?? "" },
            OriginAccessControlId: access === "oac" ? `E${random.alphanumeric(13)}` : "",
          };
    const albOrigin: Origin = { ...common, Id: "alb", DomainName: app.loadBalancer.dnsName, CustomOriginConfig: customOrigin("https-only") };
    const aliases = random.chance(0.8) ? [`${app.name}.example.com`] : [];
    const viewerCertificate: ViewerCertificate = aliases.length
      ? {
          CloudFrontDefaultCertificate: false,
          ACMCertificateArn: `arn:aws:acm:us-east-1:${accountId}:certificate/${random.uuid()}`,
          SSLSupportMethod: "sni-only",
          MinimumProtocolVersion: random.pick(["TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.2_2019", "TLSv1"] as const),
          CertificateSource: "acm",
        }
      : { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: "TLSv1", CertificateSource: "cloudfront" };
    const defaultBehavior: DefaultCacheBehavior = {
      ...behaviorSettings(["GET", "HEAD"]),
      TargetOriginId: "s3-static",
      ViewerProtocolPolicy: random.pick(["redirect-to-https", "redirect-to-https", "redirect-to-https", "redirect-to-https", "redirect-to-https", "redirect-to-https", "https-only", "allow-all"] as const),
      CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    };
    const apiBehavior: CacheBehavior = {
      ...behaviorSettings(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]),
      PathPattern: "/api/*",
      TargetOriginId: "alb",
      ViewerProtocolPolicy: random.chance(0.9) ? "https-only" : "allow-all",
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    };
    const shared = {
      Aliases: { Quantity: aliases.length, Items: aliases },
      Origins: { Quantity: 2, Items: [s3Origin, albOrigin] },
      OriginGroups: { Quantity: 0 },
      DefaultCacheBehavior: defaultBehavior,
      CacheBehaviors: { Quantity: 1, Items: [apiBehavior] },
      CustomErrorResponses: { Quantity: 0 },
      Comment: `${app.name} site`,
      PriceClass: random.pick(["PriceClass_100", "PriceClass_All"] as const),
      Enabled: random.chance(0.95),
      ViewerCertificate: viewerCertificate,
      Restrictions: { GeoRestriction: { RestrictionType: "none" as const, Quantity: 0 } },
      WebACLId: random.chance(0.3) ? `arn:aws:wafv2:us-east-1:${accountId}:global/webacl/${app.name}/${random.uuid()}` : "",
      HttpVersion: "http2" as const,
      IsIPV6Enabled: true,
      Staging: false,
    };
    const summary: DistributionSummary = { ...shared, Id: id, ARN: arn, ETag: `E${random.alphanumeric(13)}`, Status: "Deployed", LastModifiedTime: CREATED, DomainName: domainName };
    const logging = random.chance(0.6);
    const config: DistributionConfig = {
      ...shared,
      CallerReference: `${app.name}-${id}`,
      DefaultRootObject: random.chance(0.8) ? "index.html" : "",
      Logging: { Enabled: logging, IncludeCookies: false, Bucket: logging ? `logs-${accountId}.s3.amazonaws.com` : "", Prefix: logging ? `cloudfront/${app.name}/` : "" },
    };
    this.global.distributions.push(summary);
    this.global.distributionConfigs.set(id, config);
    this.global.distributionTags.set(arn, tagList({ app: app.name, env: "prod" }));
    this.onS3Origin({ bucket, region: app.region, distributionArn: arn, access, ...(originAccessIdentity && { originAccessIdentity }) });
    return domainName;
  }
}

function customOrigin(policy: "http-only" | "https-only") {
  return {
    HTTPPort: 80,
    HTTPSPort: 443,
    OriginProtocolPolicy: policy,
    OriginSslProtocols: { Quantity: 1, Items: ["TLSv1.2" as const] },
    OriginReadTimeout: 30,
    OriginKeepaliveTimeout: 5,
  };
}

function behaviorSettings(methods: ("GET" | "HEAD" | "OPTIONS" | "PUT" | "PATCH" | "POST" | "DELETE")[]) {
  return {
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    AllowedMethods: { Quantity: methods.length, Items: methods, CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] as ("GET" | "HEAD")[] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 },
    FieldLevelEncryptionId: "",
  };
}

/**
 * ListResourceRecordSets order: by DNS name with its labels reversed
 * (com.example.www), then by type, then by set identifier.
 */
export function compareRecordSets(a: ResourceRecordSet, b: ResourceRecordSet): number {
  return compareKeys(recordSetKey(a), recordSetKey(b));
}

export function recordSetKey(set: { Name?: string; Type?: string; SetIdentifier?: string }): [string, string, string] {
  return [reversedLabels(set.Name ?? ""), set.Type ?? "", set.SetIdentifier ?? ""];
}

export function compareKeys(a: [string, string, string], b: [string, string, string]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function reversedLabels(name: string): string {
  return name.toLowerCase().replace(/\.$/, "").split(".").reverse().join(".");
}
