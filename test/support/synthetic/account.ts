/**
 * A synthetic AWS account of any size, as the SDK returns it: VPCs with their
 * subnets, route tables, flow logs and security groups; web applications made
 * of a load balancer, target groups, an Auto Scaling group, standalone
 * instances, volumes, addresses and a database; legacy classic load
 * balancers; and, globally, CloudFront distributions and Route 53 zones,
 * records and health checks with their CloudWatch alarms. The mix is
 * deterministic for a seed, and a share of every kind is misconfigured so
 * that every rule finds something.
 */
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { DistributionConfig, DistributionSummary, Tag as CloudFrontTag } from "@aws-sdk/client-cloudfront";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { Address, FlowLog, Instance, NetworkInterface, Reservation, RouteTable, SecurityGroup, Subnet, Volume, Vpc } from "@aws-sdk/client-ec2";
import type { LoadBalancerAttributes as ClassicAttributes, LoadBalancerDescription, Tag as ClassicTag } from "@aws-sdk/client-elastic-load-balancing";
import type { Listener, LoadBalancer, LoadBalancerAttribute, Tag as Elbv2Tag, TargetGroup, TargetGroupAttribute } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DBCluster, DBInstance } from "@aws-sdk/client-rds";
import type { HealthCheck, HostedZone, ResourceRecordSet, Tag as Route53Tag } from "@aws-sdk/client-route-53";
import type { ContinuousBackupsDescription, TableDescription } from "@aws-sdk/client-dynamodb";
import type { LaunchTemplate, LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import type { SslPolicy } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { PolicyDescription } from "@aws-sdk/client-elastic-load-balancing";
import type { Parameter } from "@aws-sdk/client-rds";
import type { Bucket, Grant, Owner, PublicAccessBlockConfiguration } from "@aws-sdk/client-s3";
import type { EventSelector, AdvancedEventSelector, GetTrailStatusResponse, Trail } from "@aws-sdk/client-cloudtrail";
import type { ResourceType } from "../../../src/types/resource.js";
import { addApp, addSandboxInstances, addStandaloneInstance, STANDALONE_INSTANCE_RECORDS } from "./app-stack.js";
import { EdgeBuilder } from "./edge.js";
import { addStorage } from "./storage.js";
import { addAuditTrail } from "./audit-trail.js";
import { Generation, SYNTHETIC_ACCOUNT_ID } from "./ids.js";
import { addDefaultVpc, addSandboxVpc, addVpc } from "./network.js";
import { addTables } from "./tables.js";
import { addTlsSettings } from "./tls-settings.js";
import type { VpcLayout } from "./network.js";

export const DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];

/** One region's resources, by the API that lists them. */
export interface RegionData {
  region: string;
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  flowLogs: FlowLog[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
  /** Includes a terminated instance, which DescribeInstances keeps listing for about an hour. */
  reservations: Reservation[];
  /** DescribeInstanceAttribute disableApiTermination, by instance id. */
  terminationProtection: Map<string, boolean>;
  volumes: Volume[];
  addresses: Address[];
  dbInstances: DBInstance[];
  dbClusters: DBCluster[];
  autoScalingGroups: AutoScalingGroup[];
  loadBalancers: LoadBalancer[];
  /** By load balancer ARN. */
  listeners: Map<string, Listener[]>;
  loadBalancerAttributes: Map<string, LoadBalancerAttribute[]>;
  targetGroups: TargetGroup[];
  targetGroupAttributes: Map<string, TargetGroupAttribute[]>;
  /** By load balancer or target group ARN. */
  elbv2Tags: Map<string, Elbv2Tag[]>;
  classicLoadBalancers: LoadBalancerDescription[];
  /** By load balancer name. */
  classicAttributes: Map<string, ClassicAttributes>;
  classicTags: Map<string, ClassicTag[]>;
  alarms: MetricAlarm[];
  launchTemplates: LaunchTemplate[];
  /** By launch template id, every version. */
  launchTemplateVersions: Map<string, LaunchTemplateVersion[]>;
  /** DescribeDBParameters and DescribeDBClusterParameters, by parameter group name. */
  dbParameters: Map<string, Parameter[]>;
  dbClusterParameters: Map<string, Parameter[]>;
  /** DescribeSSLPolicies: the region's ELBv2 security policies. */
  sslPolicies: SslPolicy[];
  /** DescribeLoadBalancerPolicies, by classic load balancer name. */
  classicPolicies: Map<string, PolicyDescription[]>;
  /** DescribeTable, in ListTables order. */
  tables: TableDescription[];
  /** DescribeContinuousBackups, by table name. */
  continuousBackups: Map<string, ContinuousBackupsDescription>;
}

/** S3: ListBuckets is one account-wide list; each bucket's settings are read by name. */
export interface StorageData {
  /** With BucketRegion, as ListBuckets returns them. */
  buckets: Bucket[];
  /** Absent from a map: the bucket has none (NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration). */
  policies: Map<string, string>;
  publicAccessBlocks: Map<string, PublicAccessBlockConfiguration>;
  acls: Map<string, { Owner: Owner; Grants: Grant[] }>;
  /** GetBucketVersioning's Status; absent: never enabled. */
  versioning: Map<string, "Enabled" | "Suspended">;
  accountPublicAccessBlock?: PublicAccessBlockConfiguration;
}

/** CloudTrail's trails (ListTrails is account-wide) and IAM's account summary. */
export interface AuditData {
  /** DescribeTrails shapes, each with its HomeRegion. */
  trails: Trail[];
  /** By trail ARN. */
  trailStatus: Map<string, GetTrailStatusResponse>;
  eventSelectors: Map<string, { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }>;
  /** GetAccountSummary's SummaryMap. */
  accountSummary: Record<string, number>;
  /** CloudTrail records LookupEvents answers with, each in its awsRegion. */
  lookupEvents: { awsRegion: string; eventTime: string; eventID: string; eventName: string; eventSource: string }[];
}

/** CloudFront and Route 53, which are global, and the Route 53 health-check alarms, which live in us-east-1. */
export interface GlobalData {
  distributions: DistributionSummary[];
  distributionConfigs: Map<string, DistributionConfig>;
  /** By distribution ARN. */
  distributionTags: Map<string, CloudFrontTag[]>;
  hostedZones: HostedZone[];
  /** By bare zone id (without "/hostedzone/"), in the order ListResourceRecordSets returns them. */
  recordSets: Map<string, ResourceRecordSet[]>;
  healthChecks: HealthCheck[];
  /** By "hostedzone/<id>" or "healthcheck/<id>". */
  route53Tags: Map<string, Route53Tag[]>;
  /** CloudWatch alarms on Route 53 health-check metrics, in us-east-1. */
  healthCheckAlarms: MetricAlarm[];
  storage: StorageData;
  audit: AuditData;
}

export interface SyntheticAccount {
  accountId: string;
  regions: RegionData[];
  global: GlobalData;
}

export interface SyntheticAccountOptions {
  /** Roughly how many resource records the collectors produce from the account. */
  resources: number;
  /** A number of the default regions, or region names; default all four. */
  regions?: number | string[];
  seed?: number;
  /** The account's id, carried by every ARN and owner id; default SYNTHETIC_ACCOUNT_ID. */
  accountId?: string;
  /**
   * Running or stopped instances outside Auto Scaling groups: the applications'
   * bastions and workers and one sandbox instance per region, then instances
   * launched by hand into the sandbox VPCs until there are this many. Room is
   * kept for them within `resources`, so fewer applications are made.
   * Default: no instances beyond the applications' and the sandboxes'.
   */
  standaloneInstances?: number;
  /** At most this many CloudFront distributions, one per application in order; default one for every other application. */
  distributions?: number;
}

/** Applications and their VPCs are added round-robin over the regions until the account holds `resources` records. */
export function syntheticAccount(options: SyntheticAccountOptions): SyntheticAccount {
  const regionNames = typeof options.regions === "number" ? DEFAULT_REGIONS.slice(0, options.regions) : (options.regions ?? DEFAULT_REGIONS);
  const gen = new Generation(options.accountId ?? SYNTHETIC_ACCOUNT_ID, options.seed ?? 1);
  const account: SyntheticAccount = { accountId: gen.accountId, regions: regionNames.map(emptyRegion), global: emptyGlobal() };
  const storage = addStorage(account, options.resources, options.seed ?? 1);
  addAuditTrail(account, options.resources);
  addTables(account, options.resources);
  const edge = new EdgeBuilder(gen, account.global, (origin) => storage.addOrigin(origin), options.distributions);
  const vpcs = new Map<string, { layout: VpcLayout; apps: number }>();
  const sandboxes: VpcLayout[] = [];

  for (const data of account.regions) {
    addDefaultVpc(gen, data);
    const sandbox = addSandboxVpc(gen, data);
    addSandboxInstances(gen, data, sandbox);
    sandboxes.push(sandbox);
  }
  const missing = () => (options.standaloneInstances === undefined ? 0 : Math.max(0, options.standaloneInstances - standaloneInstanceCount(account)));
  for (let app = 0; totalRecords(account) + STANDALONE_INSTANCE_RECORDS * missing() < options.resources; app++) {
    const data = account.regions[app % account.regions.length];
    let home = vpcs.get(data.region);
    if (!home || home.apps === APPS_PER_VPC) {
      home = { layout: addVpc(gen, data), apps: 0 };
      edge.addPrivateZone(home.layout, data.region);
      vpcs.set(data.region, home);
    }
    home.apps += 1;
    edge.addApp(addApp(gen, data, home.layout, app, Math.floor(app / account.regions.length)));
  }
  // After the applications, so that their random draws are those of an account without these.
  for (let n = 0; missing() > 0; n++) addStandaloneInstance(gen, account.regions[n % account.regions.length], sandboxes[n % account.regions.length], n);
  edge.finish();
  // Settings of the databases and listeners the applications made; no records of their own.
  for (const data of account.regions) addTlsSettings(data, options.seed ?? 1);
  storage.trim(totalRecords(account) - options.resources);
  return account;
}

/** Applications sharing one VPC. */
const APPS_PER_VPC = 8;

/** The records the collectors make of the account, by type. */
export function recordCounts(account: SyntheticAccount): Record<ResourceType, number> {
  const sum = (count: (data: RegionData) => number) => account.regions.reduce((total, data) => total + count(data), 0);
  const { global } = account;
  return {
    "AWS::EC2::SecurityGroup": sum((d) => d.securityGroups.length),
    "AWS::EC2::Instance": sum((d) => d.reservations.reduce((n, r) => n + (r.Instances ?? []).filter((i) => i.State?.Name !== "terminated").length, 0)),
    "AWS::EC2::Volume": sum((d) => d.volumes.length),
    "AWS::EC2::VPC": sum((d) => d.vpcs.length),
    "AWS::EC2::Subnet": sum((d) => d.subnets.length),
    "AWS::EC2::EIP": sum((d) => d.addresses.length),
    "AWS::RDS::DBInstance": sum((d) => d.dbInstances.length),
    "AWS::RDS::DBCluster": sum((d) => d.dbClusters.length),
    "AWS::AutoScaling::AutoScalingGroup": sum((d) => d.autoScalingGroups.length),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": sum((d) => d.loadBalancers.length),
    "AWS::ElasticLoadBalancingV2::TargetGroup": sum((d) => d.targetGroups.length),
    "AWS::ElasticLoadBalancing::LoadBalancer": sum((d) => d.classicLoadBalancers.length),
    "AWS::CloudFront::Distribution": global.distributions.length,
    "AWS::Route53::HostedZone": global.hostedZones.length,
    "AWS::Route53::RecordSet": [...global.recordSets.values()].reduce((n, sets) => n + sets.length, 0),
    "AWS::Route53::HealthCheck": global.healthChecks.length,
    "AWS::EC2::LaunchTemplate": sum((d) => d.launchTemplates.length),
    "AWS::S3::Bucket": global.storage.buckets.length,
    "AWS::S3::AccountPublicAccessBlock": 1,
    "AWS::CloudTrail::Trail": global.audit.trails.length,
    "AWS::::Account": 1,
    "AWS::DynamoDB::Table": sum((d) => d.tables.length),
  };
}

/** Running or stopped instances without Auto Scaling's group tag: each costs the collector a DescribeInstanceAttribute call. */
export function standaloneInstanceCount(account: SyntheticAccount): number {
  const standalone = (i: Instance) => (i.State?.Name === "running" || i.State?.Name === "stopped") && !i.Tags?.some((t) => t.Key === "aws:autoscaling:groupName");
  return account.regions.reduce((total, data) => total + data.reservations.reduce((n, r) => n + (r.Instances ?? []).filter(standalone).length, 0), 0);
}

export function totalRecords(account: SyntheticAccount): number {
  return Object.values(recordCounts(account)).reduce((a, b) => a + b, 0);
}

export function emptyRegion(region: string): RegionData {
  return {
    region,
    vpcs: [],
    subnets: [],
    routeTables: [],
    flowLogs: [],
    securityGroups: [],
    networkInterfaces: [],
    reservations: [],
    terminationProtection: new Map(),
    volumes: [],
    addresses: [],
    dbInstances: [],
    dbClusters: [],
    autoScalingGroups: [],
    loadBalancers: [],
    listeners: new Map(),
    loadBalancerAttributes: new Map(),
    targetGroups: [],
    targetGroupAttributes: new Map(),
    elbv2Tags: new Map(),
    classicLoadBalancers: [],
    classicAttributes: new Map(),
    classicTags: new Map(),
    alarms: [],
    launchTemplates: [],
    launchTemplateVersions: new Map(),
    dbParameters: new Map(),
    dbClusterParameters: new Map(),
    sslPolicies: [],
    classicPolicies: new Map(),
    tables: [],
    continuousBackups: new Map(),
  };
}

function emptyGlobal(): GlobalData {
  return {
    distributions: [],
    distributionConfigs: new Map(),
    distributionTags: new Map(),
    hostedZones: [],
    recordSets: new Map(),
    healthChecks: [],
    route53Tags: new Map(),
    healthCheckAlarms: [],
    storage: { buckets: [], policies: new Map(), publicAccessBlocks: new Map(), acls: new Map(), versioning: new Map() },
    audit: { trails: [], trailStatus: new Map(), eventSelectors: new Map(), accountSummary: {}, lookupEvents: [] },
  };
}
