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
  /** MetadataOptions.HttpTokens: "required" (IMDSv2 only) or "optional" (IMDSv1 allowed). */
  httpTokens?: string;
  /** MetadataOptions.HttpEndpoint: "disabled" turns the instance metadata service off. */
  httpEndpoint?: string;
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
  /** DBParameterGroups[0].DBParameterGroupName (an instance has one DB parameter group). */
  dbParameterGroupName?: string;
  /** The group's TLS parameters (DescribeDBParameters); absent when not read, and for cluster members (their cluster's group holds them). */
  tls?: DbTlsParameters;
}

/** Observed state of a DB instance: whether its parameter group's settings are the running ones. */
export interface DbInstanceState {
  /** DBParameterGroups[0].ParameterApplyStatus: in-sync, pending-reboot, applying, … */
  parameterApplyStatus?: string;
}

/** The TLS-forcing parameters (rds.force_ssl, require_secure_transport) of one parameter group. */
export interface DbTlsParameters {
  /** The DB parameter group (instance) or DB cluster parameter group (cluster) read. */
  parameterGroup: string;
  /** Name → ParameterValue of the TLS parameters the group sets; a parameter listed without a value (the engine default applies) is absent. */
  parameters: Record<string, string>;
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
  /** DBClusterParameterGroup. */
  dbClusterParameterGroupName?: string;
  /** The cluster parameter group's TLS parameters (DescribeDBClusterParameters); absent when not read. */
  tls?: DbTlsParameters;
}

/** Observed state of a DB cluster. */
export interface DbClusterState {
  /** Members whose DBClusterParameterGroupStatus is pending-reboot: they still run the group's previous settings. Absent when none. */
  pendingRebootMembers?: string[];
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
  /** The group's launch template, or its mixed instances policy's (MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification). */
  launchTemplate?: LaunchTemplateSpecification;
  /** Launch templates that a mixed instances policy's overrides use for some instance types; absent when none. */
  overrideLaunchTemplates?: LaunchTemplateSpecification[];
  launchConfigurationName?: string;
}

/** A launch template by id or name, and the version launched: "$Default" (also when absent), "$Latest" or a number. */
export interface LaunchTemplateSpecification {
  id?: string;
  name?: string;
  version?: string;
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
  /**
   * The security policies its listeners name (Listener.sslPolicy) with the
   * protocols each offers (DescribeSSLPolicies), by name; absent when not read
   * or when no listener names one. A policy DescribeSSLPolicies does not know is left out.
   */
  sslPolicies?: SslPolicyProtocols[];
}

/** A load balancer security policy and the protocols it offers ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"), sorted. */
export interface SslPolicyProtocols {
  name: string;
  protocols: string[];
  /** Classic: the predefined policy its Reference-Security-Policy names, when its protocols were taken from that policy. */
  reference?: string;
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
  listeners: { protocol: string; loadBalancerPort: number; instanceProtocol?: string; instancePort?: number; sslCertificateId?: string; policyNames: string[] }[];
  /** HealthCheck.Target is "PROTOCOL:port[/path]", e.g. "HTTP:80/health". */
  healthCheck?: { target: string; interval: number; timeout: number; unhealthyThreshold: number; healthyThreshold: number };
  crossZoneEnabled?: boolean;
  /**
   * The SSL negotiation policies (SSLNegotiationPolicyType) its HTTPS/SSL
   * listeners name, with the protocols each enables (DescribeLoadBalancerPolicies);
   * absent when not read or when it has no HTTPS/SSL listener.
   */
  sslPolicies?: SslPolicyProtocols[];
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
  /** That OAI's S3 canonical user id, which a bucket policy may name it by; absent when the OAIs were not read. */
  originAccessIdentityCanonicalUserId?: string;
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

/** The settings of one launch template version that decide what its instances expose. */
export interface LaunchTemplateVersionSettings {
  version: number;
  /** LaunchTemplateData.MetadataOptions.HttpTokens; absent when the version leaves it to the AMI's or the account's default. */
  httpTokens?: string;
  /** MetadataOptions.HttpEndpoint; absent when not set (the metadata service is then enabled). */
  httpEndpoint?: string;
  /** Whether the version names an IAM instance profile. */
  iamInstanceProfile: boolean;
}

/** A launch template (id lt-…, name its LaunchTemplateName). */
export interface LaunchTemplateAttributes {
  defaultVersion: number;
  latestVersion: number;
  /**
   * The versions read, in version order: every version an Auto Scaling group
   * could launch. Absent when not read (ec2.launchTemplateVersions); a version
   * missing from a list that is present could not be read.
   */
  versions?: LaunchTemplateVersionSettings[];
}

/** A DynamoDB table (id its name), in the region ListTables named it; a global table's replicas are tables of their own regions. */
export interface TableAttributes {
  deletionProtectionEnabled: boolean;
  /** PROVISIONED or PAY_PER_REQUEST (a table created before on-demand existed has no BillingModeSummary: PROVISIONED). */
  billingMode: string;
  /** STANDARD or STANDARD_INFREQUENT_ACCESS (no TableClassSummary: STANDARD). */
  tableClass: string;
  /** SSEDescription.SSEType ("KMS"); absent for the default encryption with an AWS owned key. */
  sseType?: string;
  /** Replicas.RegionName of a global table, sorted; [] for a single-region table. */
  replicaRegions: string[];
  /** DescribeContinuousBackups PointInTimeRecoveryStatus; absent when not read (dynamodb.continuousBackups). */
  pointInTimeRecovery?: string;
  /** How many days back point-in-time recovery restores (1 to 35); absent when PITR is off or not read. */
  recoveryPeriodInDays?: number;
}

/** Observed state of a table: its TableStatus (CREATING, ACTIVE, UPDATING, DELETING, …), not configuration. */
export interface TableState {
  status: string;
}

/** How much of the management events a trail records, from its event selectors or advanced event selectors. */
export type ManagementEvents = "all" | "write-only" | "read-only" | "none";

/**
 * A CloudTrail trail, recorded once in us-east-1 whatever its home region
 * (ListTrails lists each trail of the account once; shadow copies are not
 * records). Status and event selectors cost one request per trail, so each
 * is read only when an enabled rule needs it and is absent when not read.
 */
export interface TrailAttributes {
  homeRegion: string;
  /** The account in the trail's ARN: the management account's for an organization trail seen from a member account. */
  ownerAccountId: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  logFileValidationEnabled: boolean;
  includeGlobalServiceEvents?: boolean;
  s3BucketName?: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  /** GetTrailStatus IsLogging. */
  isLogging?: boolean;
  /** From GetEventSelectors. */
  managementEvents?: ManagementEvents;
}

/** The account itself, from IAM GetAccountSummary; one record per account, id the account id. */
export interface AccountAttributes {
  /** AccountMFAEnabled = 1: the root user has an MFA device. */
  rootMfaEnabled: boolean;
  /** AccountAccessKeysPresent > 0. */
  rootAccessKeysPresent: boolean;
  /** AccountSigningCertificatesPresent > 0. */
  rootSigningCertificatesPresent?: boolean;
  /**
   * AccountPasswordPresent > 0; absent when the summary has no such key.
   * With centralized root access (AWS Organizations), deleting a member's
   * root credentials removes its password, access keys and signing certificates.
   */
  rootPasswordPresent?: boolean;
}
