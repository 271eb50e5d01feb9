/**
 * The normalized attributes of each resource type: the contract between the
 * collectors (which produce them from SDK shapes) and the rules (which read
 * them and never see an SDK type). Optional fields are absent when AWS does
 * not return them; arrays are always present (possibly empty) and sorted so
 * that an unchanged resource hashes the same in every run.
 */

/**
 * One flattened security-group permission: one source per entry.
 * `protocol` is "tcp" | "udp" | "icmp" | "icmpv6" | "-1" (all traffic) or
 * another IP protocol number as a string ("47" for GRE). The collector maps
 * "6", "17", "1" and "58" to their names.
 * Protocol "-1" has no ports; ICMP uses fromPort/toPort for type/code.
 */
export interface Permission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  ipv6Cidr?: string;
  groupId?: string;
  /** Owner of a referenced group when it is in another account. */
  groupOwnerId?: string;
  prefixListId?: string;
  description?: string;
}

export interface SecurityGroupAttributes {
  groupName: string;
  description: string;
  vpcId?: string;
  /** The VPC's default group (its name is always "default"). */
  isDefault: boolean;
  ingress: Permission[];
  egress: Permission[];
}

/** Observed state of a security group. */
export interface SecurityGroupState {
  /** Network interfaces that use the group; 0 means unattached. */
  attachmentCount: number;
}

export interface InstanceAttributes {
  instanceType: string;
  imageId?: string;
  vpcId?: string;
  subnetId?: string;
  availabilityZone?: string;
  securityGroupIds: string[];
  /** From the aws:autoscaling:groupName tag; absent when not in an ASG. */
  autoScalingGroupName?: string;
  /** DescribeInstanceAttribute disableApiTermination; absent when not read. */
  disableApiTermination?: boolean;
  iamInstanceProfileArn?: string;
  /** IMDSv2 required ("required") or optional. */
  httpTokens?: string;
}

export interface InstanceState {
  state: string;
  publicIpAddress?: string;
}

export interface VolumeAttributes {
  volumeType: string;
  size: number;
  encrypted: boolean;
  kmsKeyId?: string;
  availabilityZone: string;
  attachments: { instanceId: string; device?: string }[];
}

export interface FlowLog {
  id: string;
  trafficType?: string;
  destinationType?: string;
  status?: string;
}

export interface VpcAttributes {
  cidrBlock: string;
  isDefault: boolean;
  flowLogs: FlowLog[];
}

export interface VpcState {
  networkInterfaceCount: number;
  instanceCount: number;
}

export interface SubnetAttributes {
  vpcId: string;
  availabilityZone: string;
  availabilityZoneId?: string;
  cidrBlock?: string;
  mapPublicIpOnLaunch: boolean;
  routeTableId?: string;
  /** Its route table (explicit or the VPC's main one) sends 0.0.0.0/0 or ::/0 to an internet gateway. */
  routesToInternetGateway: boolean;
}

export interface ElasticIpAttributes {
  publicIp: string;
  domain?: string;
  associationId?: string;
  instanceId?: string;
  networkInterfaceId?: string;
}

export interface DbSubnetGroup {
  name: string;
  vpcId?: string;
  subnets: { id: string; availabilityZone?: string }[];
}

export interface DbInstanceAttributes {
  engine: string;
  engineVersion?: string;
  instanceClass?: string;
  multiAZ: boolean;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  publiclyAccessible: boolean;
  backupRetentionPeriod: number;
  deletionProtection: boolean;
  /** Set for Aurora/Neptune/DocumentDB members: judged on their cluster. */
  dbClusterIdentifier?: string;
  readReplicaSourceDBInstanceIdentifier?: string;
  readReplicaSourceDBClusterIdentifier?: string;
  availabilityZone?: string;
  secondaryAvailabilityZone?: string;
  port?: number;
  subnetGroup?: DbSubnetGroup;
  vpcSecurityGroupIds: string[];
}

export interface DbClusterAttributes {
  engine: string;
  engineVersion?: string;
  engineMode?: string;
  multiAZ: boolean;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  publiclyAccessible?: boolean;
  backupRetentionPeriod: number;
  deletionProtection: boolean;
  availabilityZones: string[];
  members: { instanceId: string; isWriter: boolean }[];
  replicationSourceIdentifier?: string;
  port?: number;
  dbSubnetGroupName?: string;
  vpcSecurityGroupIds: string[];
}

export interface AutoScalingGroupAttributes {
  availabilityZones: string[];
  /** Subnet ids from VPCZoneIdentifier. */
  subnetIds: string[];
  healthCheckType: string;
  healthCheckGracePeriod?: number;
  targetGroupArns: string[];
  loadBalancerNames: string[];
  /** Traffic sources (VPC Lattice, ELB) attached through AttachTrafficSources. */
  trafficSources: { identifier: string; type?: string }[];
  minSize: number;
  maxSize: number;
  launchTemplate?: { id?: string; name?: string; version?: string };
  launchConfigurationName?: string;
}

export interface AutoScalingGroupState {
  desiredCapacity: number;
  instances: { instanceId: string; availabilityZone?: string; lifecycleState?: string; healthStatus?: string }[];
}

export interface ListenerAction {
  type: string;
  targetGroupArn?: string;
  redirect?: { protocol?: string; port?: string; host?: string; path?: string; statusCode?: string };
  forwardTargetGroupArns?: string[];
}

export interface Listener {
  arn: string;
  port?: number;
  protocol?: string;
  sslPolicy?: string;
  certificateArns: string[];
  defaultActions: ListenerAction[];
}

export interface LoadBalancerV2Attributes {
  /** application | network | gateway */
  loadBalancerType: string;
  scheme?: string;
  vpcId?: string;
  dnsName?: string;
  ipAddressType?: string;
  availabilityZones: { zoneName: string; subnetId?: string }[];
  securityGroups: string[];
  listeners: Listener[];
  /** load_balancing.cross_zone.enabled; read for network and gateway LBs only (ALBs always balance across zones). */
  crossZoneEnabled?: boolean;
  /** deletion_protection.enabled, read with crossZoneEnabled (so absent for ALBs). */
  deletionProtection?: boolean;
}

export interface HealthCheckSettings {
  enabled: boolean;
  protocol?: string;
  port?: string;
  path?: string;
  matcher?: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

export interface TargetGroupAttributes {
  protocol?: string;
  port?: number;
  targetType?: string;
  vpcId?: string;
  loadBalancerArns: string[];
  healthCheck: HealthCheckSettings;
  /** load_balancing.cross_zone.enabled: "true" | "false" | "use_load_balancer_configuration"; not read for ALB (HTTP, HTTPS, Lambda) target groups. */
  crossZone?: string;
}

export interface ClassicLoadBalancerAttributes {
  scheme?: string;
  vpcId?: string;
  dnsName?: string;
  availabilityZones: string[];
  subnets: string[];
  securityGroups: string[];
  listeners: { protocol: string; loadBalancerPort: number; instanceProtocol?: string; instancePort?: number; sslCertificateId?: string }[];
  /** HealthCheck.Target is "PROTOCOL:port[/path]", e.g. "HTTP:80/health". */
  healthCheck?: { target: string; interval: number; timeout: number; unhealthyThreshold: number; healthyThreshold: number };
  crossZoneEnabled?: boolean;
}

export interface ClassicLoadBalancerState {
  instanceIds: string[];
}

export interface CacheBehavior {
  pathPattern?: string;
  targetOriginId: string;
  viewerProtocolPolicy: string;
}

export interface DistributionOrigin {
  id: string;
  domainName: string;
  /** s3 (REST endpoint), s3-website (website endpoint, a custom origin) or custom. */
  kind: "s3" | "s3-website" | "custom";
  originAccessControlId?: string;
  /** Legacy origin access identity, "origin-access-identity/cloudfront/E…". */
  originAccessIdentity?: string;
  originProtocolPolicy?: string;
}

export interface DistributionAttributes {
  domainName: string;
  aliases: string[];
  enabled: boolean;
  defaultRootObject?: string;
  priceClass?: string;
  httpVersion?: string;
  webAclId?: string;
  defaultCacheBehavior: CacheBehavior;
  cacheBehaviors: CacheBehavior[];
  origins: DistributionOrigin[];
  viewerCertificate: {
    cloudFrontDefaultCertificate: boolean;
    acmCertificateArn?: string;
    iamCertificateId?: string;
    minimumProtocolVersion?: string;
    sslSupportMethod?: string;
  };
  /** Absent when the distribution config could not be read. */
  logging?: { enabled: boolean; bucket?: string; prefix?: string };
}

export interface HostedZoneAttributes {
  name: string;
  privateZone: boolean;
}

export type RoutingPolicy = "simple" | "failover" | "weighted" | "latency" | "geolocation" | "geoproximity" | "multivalue" | "cidr";

export interface RecordSetAttributes {
  hostedZoneId: string;
  zoneName: string;
  name: string;
  recordType: string;
  routingPolicy: RoutingPolicy;
  setIdentifier?: string;
  failover?: string;
  weight?: number;
  region?: string;
  healthCheckId?: string;
  ttl?: number;
  values: string[];
  aliasTarget?: {
    dnsName: string;
    hostedZoneId: string;
    evaluateTargetHealth: boolean;
    /** What the alias points at, from its DNS name. */
    targetKind: "elb" | "cloudfront" | "s3" | "apigateway" | "record" | "other";
  };
}

export interface HealthCheckAttributes {
  type: string;
  fqdn?: string;
  ipAddress?: string;
  port?: number;
  resourcePath?: string;
  requestInterval?: number;
  failureThreshold?: number;
  /** CloudWatch alarms (us-east-1) on this health check's metrics; absent when not read. */
  alarmNames?: string[];
}

/** The four S3 Block Public Access settings, at bucket or account level. */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** A policy's principal: "*" (anyone) or lists by kind (AWS, Service, CanonicalUser, Federated), each sorted. */
export type PolicyPrincipal = "*" | Record<string, string[]>;

/**
 * One statement of a resource policy, normalized so that an unchanged policy
 * hashes the same and drift can name statements: every single value becomes a
 * one-element list, lists are sorted, and absent elements are left out.
 */
export interface PolicyStatement {
  sid?: string;
  effect: "Allow" | "Deny";
  principal?: PolicyPrincipal;
  notPrincipal?: PolicyPrincipal;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** Operator → condition key → values, as the policy has them: { StringEquals: { "AWS:SourceArn": ["arn:aws:cloudfront::…"] } }. */
  condition?: Record<string, Record<string, string[]>>;
}

/** One ACL grant; `grantee` is the group URI, canonical user id or email address. */
export interface AclGrant {
  granteeType: string;
  grantee: string;
  permission: string;
}

/**
 * A bucket, recorded in its own region (ListBuckets' BucketRegion). Each
 * per-bucket setting costs one request per bucket, so each is read only when
 * an enabled rule needs it and is absent when not read.
 */
export interface BucketAttributes {
  /** Bucket-level Block Public Access; null when the bucket has none (NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock?: PublicAccessBlock | null;
  /** The bucket policy's statements; [] when the bucket has no policy (NoSuchBucketPolicy). */
  policy?: PolicyStatement[];
  /** GetBucketPolicyStatus IsPublic; false when the bucket has no policy. */
  policyIsPublic?: boolean;
  /** The ACL's grants, sorted; the owner's FULL_CONTROL grant included. */
  aclGrants?: AclGrant[];
  /** Enabled, Suspended, or Off for a bucket whose versioning was never enabled. */
  versioning?: "Enabled" | "Suspended" | "Off";
}

/** The account's S3 Block Public Access (s3control GetPublicAccessBlock); one record per account, id the account id. */
export interface AccountPublicAccessBlockAttributes {
  /** null when the account has none (NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock: PublicAccessBlock | null;
}
