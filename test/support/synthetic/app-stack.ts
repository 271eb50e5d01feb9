/**
 * One web application in a VPC, as the reference architecture deploys it: a
 * load balancer with listeners and target groups in the public subnets, an
 * Auto Scaling group and two standalone instances (a bastion with an Elastic
 * IP and a worker) in the private ones, their volumes and network interfaces,
 * and a database: a standalone RDS instance or an Aurora cluster. Every fourth
 * application still has a classic load balancer. A share of each is
 * misconfigured the way real accounts are.
 */
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { Instance, IpPermission, LaunchTemplateVersion, SecurityGroup, Subnet, Volume } from "@aws-sdk/client-ec2";
import type { Listener, LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DBInstance, DBSubnetGroup } from "@aws-sdk/client-rds";
import type { RegionData } from "./account.js";
import type { Generation } from "./ids.js";
import { CREATED, kmsKeyArn, tagList } from "./ids.js";
import type { VpcLayout } from "./network.js";
import { ingress, securityGroup } from "./network.js";

/** What the global resources (distributions, DNS records) of an application refer to. */
export interface AppFacts {
  index: number;
  name: string;
  region: string;
  vpcName: string;
  loadBalancer: { dnsName: string; canonicalZoneId: string };
  hosts: { name: string; privateIp: string }[];
  databaseEndpoint: string;
}

const APP_NAMES = ["shop", "checkout", "catalog", "search", "auth", "billing", "media", "reports", "admin", "api"];

/** Hosted zone ids of Elastic Load Balancing DNS names, per region (application and classic; network). */
const ELB_ZONES: Record<string, { alb: string; nlb: string }> = {
  "us-east-1": { alb: "Z35SXDOTRQ7X7K", nlb: "Z26RNL4JYFTOTI" },
  "us-west-2": { alb: "Z1H1FL5HABSF5", nlb: "Z18D5FSROUN65G" },
  "eu-west-1": { alb: "Z32O12XQLNTSW2", nlb: "Z2IFOLAFXWLO4F" },
  "ap-southeast-2": { alb: "Z1GM3OXH4ZPM65", nlb: "ZCT6FZBF4DROD" },
};

/**
 * `index` numbers the application in the account, `local` in its region: the
 * regional variety (database kind, classic load balancer, …) follows `local`
 * so that every region gets every kind.
 */
export function addApp(gen: Generation, data: RegionData, layout: VpcLayout, index: number, local: number): AppFacts {
  const { random } = gen;
  const name = `${APP_NAMES[index % APP_NAMES.length]}-${String(index).padStart(4, "0")}`;
  const tags = { app: name, env: random.chance(0.8) ? "prod" : "staging", team: random.pick(["web", "platform", "data", "payments"]) };
  const groups = appSecurityGroups(gen, data, layout, name, tags);

  const loadBalancer = addLoadBalancer(gen, data, layout, name, local, groups.lb, tags);
  const asgName = `${name}-asg`;
  const members = Array.from({ length: random.int(2, 4) }, (_, i) =>
    addInstance(gen, data, { subnet: layout.privateSubnets[i % layout.privateSubnets.length], groups: [groups.web], name: `${name}-web`, asgName, tags }),
  );
  addAutoScalingGroup(gen, data, layout, asgName, members, loadBalancer.webTargetGroupArn, tags);

  const bastion = addInstance(gen, data, { subnet: layout.publicSubnets[0], groups: [groups.web], name: `${name}-bastion`, tags, stopped: random.chance(0.1) });
  addAddress(gen, data, tags, bastion);
  const worker = addInstance(gen, data, { subnet: layout.privateSubnets[1], groups: [groups.web], name: `${name}-worker`, tags, stopped: random.chance(0.1) });
  addVolume(gen, data, { zone: worker.Placement!.AvailabilityZone!, size: random.pick([100, 200, 500]), type: "io2", tags: { ...tags, Name: `${name}-data` } }, worker, "/dev/sdf");
  if (local % 4 === 1) addVolume(gen, data, { zone: layout.privateSubnets[0].AvailabilityZone!, size: 50, type: "gp2", tags: { ...tags, Name: `${name}-old-snapshot-restore` } });
  if (local % 5 === 2) addAddress(gen, data, tags);

  const databaseEndpoint = local % 2 === 0 ? addDatabase(gen, data, layout, name, local, groups, tags) : addAuroraCluster(gen, data, layout, name, groups, tags);
  if (local % 4 === 0) addClassicLoadBalancer(gen, data, layout, name, groups.lb, [worker], tags);

  data.alarms.push(metricAlarm(gen, data.region, `${asgName}-cpu-high`, "AWS/EC2", "CPUUtilization", [{ Name: "AutoScalingGroupName", Value: asgName }], 80));
  return {
    index,
    name,
    region: data.region,
    vpcName: layout.name,
    loadBalancer,
    hosts: [
      { name: "bastion", privateIp: bastion.PrivateIpAddress! },
      { name: "worker", privateIp: worker.PrivateIpAddress! },
    ],
    databaseEndpoint,
  };
}

/** The sandbox's single instance, behind a group that opens SSH to the world, and an instance terminated minutes ago. */
export function addSandboxInstances(gen: Generation, data: RegionData, layout: VpcLayout): void {
  const id = gen.ec2Id("sg");
  const group = securityGroup(gen, data.region, {
    id,
    name: "launch-wizard-1",
    description: "launch-wizard-1 created 2025-06-01T09:00:00.000Z",
    vpcId: layout.vpc.VpcId,
    ingress: [ingress("tcp", [22, 22], ["0.0.0.0/0"], gen.accountId)],
  });
  data.securityGroups.push(group);
  const tags = { owner: "experiments" };
  addInstance(gen, data, { subnet: layout.publicSubnets[0], groups: [group], name: "sandbox", tags });
  addInstance(gen, data, { subnet: layout.publicSubnets[0], groups: [group], name: "sandbox-old", tags, terminated: true });
}

/** The records a stand-alone instance adds: itself and its root volume. */
export const STANDALONE_INSTANCE_RECORDS = 2;

/** An instance launched by hand into the sandbox, outside any group, as accounts that run fleets of them have. */
export function addStandaloneInstance(gen: Generation, data: RegionData, sandbox: VpcLayout, n: number): void {
  const group = data.securityGroups.find((g) => g.VpcId === sandbox.vpc.VpcId && g.GroupName === "launch-wizard-1")!;
  addInstance(gen, data, { subnet: sandbox.publicSubnets[0], groups: [group], name: `hand-launched-${String(n).padStart(4, "0")}`, tags: { owner: "experiments" }, stopped: gen.random.chance(0.1) });
}

interface AppGroups {
  lb: SecurityGroup;
  web: SecurityGroup;
  db: SecurityGroup;
  /** 5432 (PostgreSQL) or 3306 (MySQL): the database the application uses. */
  dbPort: number;
}

function appSecurityGroups(gen: Generation, data: RegionData, layout: VpcLayout, name: string, tags: Record<string, string>): AppGroups {
  const { random, accountId } = gen;
  const vpcId = layout.vpc.VpcId;
  const [lbId, webId, dbId] = [gen.ec2Id("sg"), gen.ec2Id("sg"), gen.ec2Id("sg")];
  const world = ["0.0.0.0/0", "::/0"];
  const lbIngress = [ingress("tcp", [80, 80], world, accountId), ingress("tcp", [443, 443], world, accountId)];
  const webIngress: IpPermission[] = [
    ingress("tcp", [8080, 8081], [lbId], accountId),
    // SSH from the corporate network; one group in ten opens it to the world.
    ingress("tcp", [22, 22], random.chance(0.1) ? ["0.0.0.0/0"] : ["10.0.0.0/8"], accountId),
    ingress("icmp", [8, -1], [layout.vpc.CidrBlock], accountId),
  ];
  if (random.chance(0.05)) webIngress.push(ingress("-1", undefined, ["0.0.0.0/0"], accountId));
  if (random.chance(0.05)) webIngress.push(ingress("tcp", [3389, 3389], ["0.0.0.0/0"], accountId));
  const dbPort = random.chance(0.5) ? 5432 : 3306;
  const dbIngress = [ingress("tcp", [dbPort, dbPort], [webId, ...(random.chance(0.05) ? ["0.0.0.0/0"] : [])], accountId)];
  const make = (id: string, tier: string, permissions: IpPermission[]) =>
    securityGroup(gen, data.region, { id, name: `${name}-${tier}`, description: `${name} ${tier} tier`, vpcId, ingress: permissions, tags: { ...tags, Name: `${name}-${tier}` } });
  const groups = { lb: make(lbId, "lb", lbIngress), web: make(webId, "web", webIngress), db: make(dbId, "db", dbIngress), dbPort };
  data.securityGroups.push(groups.lb, groups.web, groups.db);
  return groups;
}

/** AWS reserves the first four addresses of every subnet. */
function privateIpIn(gen: Generation, subnet: Subnet): string {
  const [a, b, c] = subnet.CidrBlock!.split(".");
  return `${a}.${b}.${c}.${(gen.nextHost() % 250) + 4}`;
}

interface InstanceSpec {
  subnet: Subnet;
  groups: SecurityGroup[];
  name: string;
  tags: Record<string, string>;
  asgName?: string;
  stopped?: boolean;
  terminated?: boolean;
}

/** An instance with its root volume and primary network interface; one launched outside a group may have termination protection. */
function addInstance(gen: Generation, data: RegionData, spec: InstanceSpec): Instance {
  const { random, accountId } = gen;
  const id = gen.ec2Id("i");
  const zone = spec.subnet.AvailabilityZone!;
  const privateIp = privateIpIn(gen, spec.subnet);
  const groupRefs = spec.groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName }));
  const state = spec.terminated ? { Code: 48, Name: "terminated" as const } : spec.stopped ? { Code: 80, Name: "stopped" as const } : { Code: 16, Name: "running" as const };
  const instanceTags = { ...spec.tags, Name: spec.name, ...(spec.asgName && { "aws:autoscaling:groupName": spec.asgName }) };
  const rootVolume = spec.terminated ? undefined : addVolume(gen, data, { zone, size: random.pick([8, 20, 30, 50]), type: "gp3", tags: { ...spec.tags, Name: `${spec.name}-root` } });
  const eniId = gen.ec2Id("eni");
  const instance: Instance = {
    InstanceId: id,
    ImageId: random.pick(["ami-0c02fb55956c7d316", "ami-0a8b4cd432b1c3063", "ami-05fa00d4c63e32376"]),
    InstanceType: random.pick(["t3.medium", "m5.large", "m6i.large", "c6i.xlarge"] as const),
    LaunchTime: CREATED,
    Placement: { AvailabilityZone: zone, GroupName: "", Tenancy: "default" },
    PrivateDnsName: `ip-${privateIp.replace(/\./g, "-")}.${data.region}.compute.internal`,
    PrivateIpAddress: privateIp,
    State: state,
    SubnetId: spec.subnet.SubnetId,
    VpcId: spec.subnet.VpcId,
    Architecture: "x86_64",
    BlockDeviceMappings: rootVolume ? [{ DeviceName: "/dev/xvda", Ebs: { AttachTime: CREATED, DeleteOnTermination: true, Status: "attached", VolumeId: rootVolume.VolumeId } }] : [],
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: "xen",
    IamInstanceProfile: { Arn: `arn:aws:iam::${accountId}:instance-profile/${spec.tags.app ?? "sandbox"}-instance`, Id: `AIPA${random.alphanumeric(17)}` },
    NetworkInterfaces: spec.terminated ? [] : [{ NetworkInterfaceId: eniId, SubnetId: spec.subnet.SubnetId, VpcId: spec.subnet.VpcId, PrivateIpAddress: privateIp, Status: "in-use", Groups: groupRefs, OwnerId: accountId }],
    RootDeviceName: "/dev/xvda",
    RootDeviceType: "ebs",
    SecurityGroups: groupRefs,
    SourceDestCheck: true,
    Tags: tagList(instanceTags),
    VirtualizationType: "hvm",
    // One in eleven has the metadata service turned off.
    MetadataOptions: { State: "applied", HttpTokens: random.chance(0.7) ? "required" : "optional", HttpPutResponseHopLimit: 2, HttpEndpoint: serialOf(id) % 11 === 5 ? "disabled" : "enabled" },
  };
  // One instance in seven has no instance profile (keys on disk): picked by its id, after the draws, so the random sequence stays as it was.
  if (serialOf(id) % 7 === 3) delete instance.IamInstanceProfile;
  data.reservations.push({ ReservationId: gen.ec2Id("r"), OwnerId: accountId, Groups: [], Instances: [instance] });
  if (rootVolume) attach(rootVolume, id, "/dev/xvda");
  if (!spec.terminated) {
    data.networkInterfaces.push({
      NetworkInterfaceId: eniId,
      SubnetId: spec.subnet.SubnetId,
      VpcId: spec.subnet.VpcId,
      AvailabilityZone: zone,
      Description: "",
      Groups: groupRefs,
      InterfaceType: "interface",
      OwnerId: accountId,
      PrivateIpAddress: privateIp,
      RequesterManaged: false,
      SourceDestCheck: true,
      Status: "in-use",
      Attachment: { AttachmentId: gen.ec2Id("eni-attach"), DeviceIndex: 0, InstanceId: id, InstanceOwnerId: accountId, Status: "attached", DeleteOnTermination: true, AttachTime: CREATED },
      TagSet: [],
    });
  }
  if (!spec.asgName && !spec.terminated) data.terminationProtection.set(id, random.chance(0.6));
  return instance;
}

function addVolume(gen: Generation, data: RegionData, spec: { zone: string; size: number; type: "gp2" | "gp3" | "io2"; tags: Record<string, string> }, attachTo?: Instance, device?: string): Volume {
  const encrypted = gen.random.chance(0.85);
  const volume: Volume = {
    VolumeId: gen.ec2Id("vol"),
    Size: spec.size,
    VolumeType: spec.type,
    Encrypted: encrypted,
    ...(encrypted && { KmsKeyId: kmsKeyArn(data.region, gen.accountId) }),
    AvailabilityZone: spec.zone,
    State: "available",
    CreateTime: CREATED,
    Iops: spec.type === "io2" ? 4000 : 3000,
    ...(spec.type === "gp3" && { Throughput: 125 }),
    MultiAttachEnabled: false,
    Attachments: [],
    Tags: tagList(spec.tags),
  };
  data.volumes.push(volume);
  if (attachTo) {
    attach(volume, attachTo.InstanceId!, device!);
    attachTo.BlockDeviceMappings!.push({ DeviceName: device, Ebs: { AttachTime: CREATED, DeleteOnTermination: false, Status: "attached", VolumeId: volume.VolumeId } });
  }
  return volume;
}

function attach(volume: Volume, instanceId: string, device: string): void {
  volume.State = "in-use";
  volume.Attachments!.push({ VolumeId: volume.VolumeId, InstanceId: instanceId, Device: device, State: "attached", AttachTime: CREATED, DeleteOnTermination: device === "/dev/xvda" });
}

/** An Elastic IP, associated with the instance's primary interface or left unattached. */
function addAddress(gen: Generation, data: RegionData, tags: Record<string, string>, instance?: Instance): void {
  const publicIp = gen.publicIp();
  const eni = instance?.NetworkInterfaces?.[0];
  data.addresses.push({
    AllocationId: gen.ec2Id("eipalloc"),
    PublicIp: publicIp,
    Domain: "vpc",
    PublicIpv4Pool: "amazon",
    NetworkBorderGroup: data.region,
    Tags: tagList(tags),
    ...(instance &&
      eni && { AssociationId: gen.ec2Id("eipassoc"), InstanceId: instance.InstanceId, NetworkInterfaceId: eni.NetworkInterfaceId, NetworkInterfaceOwnerId: gen.accountId, PrivateIpAddress: instance.PrivateIpAddress }),
  });
  if (instance) instance.PublicIpAddress = publicIp;
}

/** The interfaces a managed service (ELB, RDS) places in the VPC for the resource. */
function addManagedInterfaces(gen: Generation, data: RegionData, subnets: Subnet[], groups: SecurityGroup[], description: string, requester: string): void {
  for (const s of subnets) {
    data.networkInterfaces.push({
      NetworkInterfaceId: gen.ec2Id("eni"),
      SubnetId: s.SubnetId,
      VpcId: s.VpcId,
      AvailabilityZone: s.AvailabilityZone,
      Description: description,
      Groups: groups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
      InterfaceType: "interface",
      OwnerId: gen.accountId,
      PrivateIpAddress: privateIpIn(gen, s),
      RequesterId: requester,
      RequesterManaged: true,
      SourceDestCheck: true,
      Status: "in-use",
      TagSet: [],
    });
  }
}

function addLoadBalancer(
  gen: Generation,
  data: RegionData,
  layout: VpcLayout,
  name: string,
  local: number,
  group: SecurityGroup,
  tags: Record<string, string>,
): AppFacts["loadBalancer"] & { webTargetGroupArn: string } {
  const { random, accountId } = gen;
  const region = data.region;
  const arnPrefix = `arn:aws:elasticloadbalancing:${region}:${accountId}`;
  const network = local % 5 === 3;
  const lbName = `${name}-${network ? "nlb" : "alb"}`;
  const lbSuffix = gen.suffix();
  const lbArn = `${arnPrefix}:loadbalancer/${network ? "net" : "app"}/${lbName}/${lbSuffix}`;
  const zones = ELB_ZONES[region] ?? ELB_ZONES["us-east-1"];
  // Network load balancers may sit in one zone; application load balancers need two.
  const subnets = network && random.chance(0.3) ? layout.publicSubnets.slice(0, 1) : layout.publicSubnets;
  const internal = network && random.chance(0.5);
  const dnsName = network ? `${lbName}-${lbSuffix}.elb.${region}.amazonaws.com` : `${internal ? "internal-" : ""}${lbName}-${lbSuffix.slice(-10)}.${region}.elb.amazonaws.com`;
  const lb: LoadBalancer = {
    LoadBalancerArn: lbArn,
    DNSName: dnsName,
    CanonicalHostedZoneId: network ? zones.nlb : zones.alb,
    CreatedTime: CREATED,
    LoadBalancerName: lbName,
    Scheme: internal ? "internal" : "internet-facing",
    VpcId: layout.vpc.VpcId,
    State: { Code: "active" },
    Type: network ? "network" : "application",
    AvailabilityZones: subnets.map((s) => ({ ZoneName: s.AvailabilityZone, SubnetId: s.SubnetId, LoadBalancerAddresses: [] })),
    ...(!network && { SecurityGroups: [group.GroupId!] }),
    IpAddressType: "ipv4",
  };
  data.loadBalancers.push(lb);
  addManagedInterfaces(gen, data, subnets, network ? [] : [group], `ELB ${network ? "net" : "app"}/${lbName}/${lbSuffix}`, "amazon-elb");

  const targetGroup = (tgName: string, port: number, attachedTo: string[]): TargetGroup => {
    const slowCheck = random.chance(0.1);
    const tg: TargetGroup = {
      TargetGroupArn: `${arnPrefix}:targetgroup/${tgName}/${gen.suffix()}`,
      TargetGroupName: tgName,
      Protocol: network ? "TCP" : "HTTP",
      Port: port,
      VpcId: layout.vpc.VpcId,
      HealthCheckProtocol: network ? "TCP" : "HTTP",
      HealthCheckPort: "traffic-port",
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: slowCheck ? 120 : 30,
      HealthCheckTimeoutSeconds: network ? 10 : 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: slowCheck ? 10 : 2,
      ...(!network && { HealthCheckPath: random.chance(0.9) ? "/health" : "/", Matcher: { HttpCode: "200" } }),
      LoadBalancerArns: attachedTo,
      TargetType: "instance",
      ...(!network && { ProtocolVersion: "HTTP1" }),
      IpAddressType: "ipv4",
    };
    data.targetGroups.push(tg);
    data.targetGroupAttributes.set(tg.TargetGroupArn!, [
      { Key: "deregistration_delay.timeout_seconds", Value: "300" },
      { Key: "stickiness.enabled", Value: "false" },
      { Key: "load_balancing.cross_zone.enabled", Value: network ? random.pick(["true", "false", "use_load_balancer_configuration"]) : "use_load_balancer_configuration" },
    ]);
    data.elbv2Tags.set(tg.TargetGroupArn!, tagList({ ...tags, Name: tgName }));
    return tg;
  };
  const web = targetGroup(`${name}-web`, 8080, [lbArn]);
  const api = network ? undefined : targetGroup(`${name}-api`, 8081, [lbArn]);
  // A target group left behind by a deleted load balancer.
  if (local % 6 === 5) targetGroup(`${name}-old`, 8080, []);

  const listenerArn = () => `${arnPrefix}:listener/${network ? "net" : "app"}/${lbName}/${lbSuffix}/${gen.suffix()}`;
  const forward = (tg: TargetGroup) => ({
    Type: "forward" as const,
    TargetGroupArn: tg.TargetGroupArn,
    Order: 1,
    ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg.TargetGroupArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
  });
  const certificate = { CertificateArn: `arn:aws:acm:${region}:${accountId}:certificate/${random.uuid()}` };
  const listeners: Listener[] = network
    ? [{ ListenerArn: listenerArn(), LoadBalancerArn: lbArn, Port: 443, Protocol: "TCP", DefaultActions: [forward(web)] }]
    : [
        {
          ListenerArn: listenerArn(),
          LoadBalancerArn: lbArn,
          Port: 80,
          Protocol: "HTTP",
          DefaultActions: [
            random.chance(0.9)
              ? { Type: "redirect", Order: 1, RedirectConfig: { Protocol: "HTTPS", Port: "443", Host: "#{host}", Path: "/#{path}", Query: "#{query}", StatusCode: "HTTP_301" } }
              : forward(web),
          ],
        },
        {
          ListenerArn: listenerArn(),
          LoadBalancerArn: lbArn,
          Port: 443,
          Protocol: "HTTPS",
          SslPolicy: random.pick(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08"]),
          Certificates: [certificate],
          DefaultActions: [forward(random.chance(0.5) || !api ? web : api)],
        },
      ];
  data.listeners.set(lbArn, listeners);
  data.loadBalancerAttributes.set(lbArn, [
    { Key: "deletion_protection.enabled", Value: String(random.chance(0.6)) },
    { Key: "access_logs.s3.enabled", Value: String(random.chance(0.5)) },
    ...(network ? [{ Key: "load_balancing.cross_zone.enabled", Value: String(random.chance(0.5)) }] : [{ Key: "idle_timeout.timeout_seconds", Value: "60" }, { Key: "load_balancing.cross_zone.enabled", Value: "true" }]),
  ]);
  data.elbv2Tags.set(lbArn, tagList({ ...tags, Name: lbName }));
  return { dnsName, canonicalZoneId: lb.CanonicalHostedZoneId!, webTargetGroupArn: web.TargetGroupArn! };
}

function addAutoScalingGroup(gen: Generation, data: RegionData, layout: VpcLayout, name: string, members: Instance[], targetGroupArn: string, tags: Record<string, string>): void {
  const { random, accountId } = gen;
  // A group pinned to one zone (a capacity workaround never undone) and a batch group without a load balancer.
  const subnets = random.chance(0.1) ? layout.privateSubnets.slice(0, 1) : layout.privateSubnets;
  const attached = random.chance(0.9);
  const launchTemplate = addLaunchTemplate(gen, data, name, tags);
  const group: AutoScalingGroup = {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: `arn:aws:autoscaling:${data.region}:${accountId}:autoScalingGroup:${random.uuid()}:autoScalingGroupName/${name}`,
    LaunchTemplate: launchTemplate,
    MinSize: members.length,
    MaxSize: members.length * 3,
    DesiredCapacity: members.length,
    DefaultCooldown: 300,
    AvailabilityZones: [...new Set(subnets.map((s) => s.AvailabilityZone!))],
    LoadBalancerNames: [],
    TargetGroupARNs: attached ? [targetGroupArn] : [],
    HealthCheckType: attached && random.chance(0.85) ? "ELB" : "EC2",
    HealthCheckGracePeriod: 300,
    Instances: members.map((m) => ({
      InstanceId: m.InstanceId,
      InstanceType: m.InstanceType,
      AvailabilityZone: m.Placement!.AvailabilityZone,
      LifecycleState: "InService",
      HealthStatus: "Healthy",
      LaunchTemplate: launchTemplate,
      ProtectedFromScaleIn: false,
    })),
    CreatedTime: CREATED,
    SuspendedProcesses: [],
    VPCZoneIdentifier: subnets.map((s) => s.SubnetId).join(","),
    EnabledMetrics: [],
    Tags: Object.entries({ ...tags, Name: name }).map(([Key, Value]) => ({ ResourceId: name, ResourceType: "auto-scaling-group", Key, Value, PropagateAtLaunch: true })),
    TerminationPolicies: ["Default"],
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    TrafficSources: attached ? [{ Identifier: targetGroupArn, Type: "elbv2" }] : [],
  };
  data.autoScalingGroups.push(group);
}

/**
 * The group's launch template and the version the group launches. The mix
 * follows the region's template count, not the random sequence: one to three
 * versions, $Default on the first or the latest, the group on $Latest,
 * $Default or a version number, and versions that require IMDSv2, allow
 * IMDSv1 or set no MetadataOptions at all (the AMI's default then applies).
 */
function addLaunchTemplate(gen: Generation, data: RegionData, asgName: string, tags: Record<string, string>): { LaunchTemplateId: string; LaunchTemplateName: string; Version: string } {
  const n = data.launchTemplates.length;
  const id = gen.ec2Id("lt");
  const name = `${asgName}-template`;
  const latest = 1 + (n % 3);
  const defaultVersion = n % 2 === 0 ? latest : 1;
  const createdBy = `arn:aws:iam::${gen.accountId}:role/deployer`;
  data.launchTemplates.push({ LaunchTemplateId: id, LaunchTemplateName: name, CreateTime: CREATED, CreatedBy: createdBy, DefaultVersionNumber: defaultVersion, LatestVersionNumber: latest, Tags: tagList({ ...tags, Name: name }) });
  const versions: LaunchTemplateVersion[] = Array.from({ length: latest }, (_, i) => {
    const version = i + 1;
    const tokens = (n + version) % 4;
    return {
      LaunchTemplateId: id,
      LaunchTemplateName: name,
      VersionNumber: version,
      VersionDescription: version === 1 ? "initial" : `release ${version}`,
      CreateTime: CREATED,
      CreatedBy: createdBy,
      DefaultVersion: version === defaultVersion,
      LaunchTemplateData: {
        ImageId: "ami-0c02fb55956c7d316",
        InstanceType: "m6i.large",
        ...(n % 5 !== 4 && { IamInstanceProfile: { Arn: `arn:aws:iam::${gen.accountId}:instance-profile/${tags.app ?? "sandbox"}-instance` } }),
        ...(tokens !== 0 && { MetadataOptions: { HttpTokens: tokens === 1 ? "optional" : "required", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled" } }),
      },
    };
  });
  data.launchTemplateVersions.set(id, versions);
  const launched = n % 3 === 0 ? "$Latest" : n % 3 === 1 ? "$Default" : String(Math.max(1, latest - 1));
  return { LaunchTemplateId: id, LaunchTemplateName: name, Version: launched };
}

function subnetGroup(layout: VpcLayout, name: string): DBSubnetGroup {
  return {
    DBSubnetGroupName: `${name}-subnets`,
    DBSubnetGroupDescription: `${name} private subnets`,
    VpcId: layout.vpc.VpcId,
    SubnetGroupStatus: "Complete",
    Subnets: layout.privateSubnets.map((s) => ({ SubnetIdentifier: s.SubnetId, SubnetAvailabilityZone: { Name: s.AvailabilityZone }, SubnetOutpost: {}, SubnetStatus: "Active" })),
  };
}

function dbInstance(gen: Generation, data: RegionData, layout: VpcLayout, group: SecurityGroup, id: string, fields: Partial<DBInstance> & { Engine: string; Port: number }, tags: Record<string, string>): DBInstance {
  const { random, accountId } = gen;
  const { Port: port, ...overrides } = fields;
  const encrypted = fields.StorageEncrypted ?? random.chance(0.85);
  const instance: DBInstance = {
    DBInstanceIdentifier: id,
    DBInstanceClass: random.pick(["db.r6g.large", "db.m6g.large", "db.t4g.medium"]),
    EngineVersion: fields.Engine.includes("postgres") ? "15.6" : "8.0.36",
    DBInstanceStatus: "available",
    MasterUsername: "admin",
    Endpoint: { Address: `${id}.c1a2b3c4d5e6.${data.region}.rds.amazonaws.com`, Port: port, HostedZoneId: "Z2R2ITUGPM61AM" },
    AllocatedStorage: fields.DBClusterIdentifier ? 1 : random.pick([20, 100, 500]),
    InstanceCreateTime: CREATED,
    PreferredBackupWindow: "03:00-04:00",
    BackupRetentionPeriod: random.chance(0.8) ? 7 : 1,
    DBSecurityGroups: [],
    VpcSecurityGroups: [{ VpcSecurityGroupId: group.GroupId, Status: "active" }],
    DBParameterGroups: [{ DBParameterGroupName: `default.${fields.Engine}`, ParameterApplyStatus: "in-sync" }],
    AvailabilityZone: layout.privateSubnets[0].AvailabilityZone,
    DBSubnetGroup: subnetGroup(layout, id),
    MultiAZ: false,
    PubliclyAccessible: random.chance(0.05),
    StorageType: fields.DBClusterIdentifier ? "aurora" : "gp3",
    StorageEncrypted: encrypted,
    ...(encrypted && { KmsKeyId: kmsKeyArn(data.region, accountId) }),
    DbiResourceId: `db-${random.alphanumeric(26)}`,
    DBInstanceArn: `arn:aws:rds:${data.region}:${accountId}:db:${id}`,
    DeletionProtection: random.chance(0.6),
    DbInstancePort: 0,
    ReadReplicaDBInstanceIdentifiers: [],
    TagList: tagList(tags),
    ...overrides,
  };
  data.dbInstances.push(instance);
  addManagedInterfaces(gen, data, layout.privateSubnets.slice(0, 1), [group], "RDSNetworkInterface", "amazon-rds");
  return instance;
}

/** A standalone PostgreSQL or MySQL instance; every tenth has a read replica. */
function addDatabase(gen: Generation, data: RegionData, layout: VpcLayout, name: string, local: number, groups: AppGroups, tags: Record<string, string>): string {
  const { random } = gen;
  const group = groups.db;
  const postgres = groups.dbPort === 5432;
  const engine = { Engine: postgres ? "postgres" : "mysql", Port: postgres ? 5432 : 3306 };
  const multiAZ = random.chance(0.7);
  const primary = dbInstance(
    gen,
    data,
    layout,
    group,
    `${name}-db`,
    { ...engine, MultiAZ: multiAZ, ...(multiAZ && { SecondaryAvailabilityZone: layout.privateSubnets[1].AvailabilityZone }) },
    tags,
  );
  if (local % 10 === 0) {
    const replica = dbInstance(gen, data, layout, group, `${name}-db-replica`, { ...engine, ReadReplicaSourceDBInstanceIdentifier: primary.DBInstanceIdentifier, BackupRetentionPeriod: 0 }, tags);
    primary.ReadReplicaDBInstanceIdentifiers = [replica.DBInstanceIdentifier!];
  }
  return primary.Endpoint!.Address!;
}

/** An Aurora cluster with a writer and a reader, usually in two zones. */
function addAuroraCluster(gen: Generation, data: RegionData, layout: VpcLayout, name: string, groups: AppGroups, tags: Record<string, string>): string {
  const { random, accountId } = gen;
  const group = groups.db;
  const postgres = groups.dbPort === 5432;
  const engine = postgres ? "aurora-postgresql" : "aurora-mysql";
  const port = postgres ? 5432 : 3306;
  const id = `${name}-aurora`;
  const encrypted = random.chance(0.85);
  const sameZone = random.chance(0.1);
  const members = [1, 2].map((n) =>
    dbInstance(
      gen,
      data,
      layout,
      group,
      `${id}-${n}`,
      { Engine: engine, Port: port, DBClusterIdentifier: id, StorageEncrypted: encrypted, AvailabilityZone: layout.privateSubnets[sameZone ? 0 : n - 1].AvailabilityZone, PromotionTier: 1 },
      tags,
    ),
  );
  const endpoint = `${id}.cluster-c1a2b3c4d5e6.${data.region}.rds.amazonaws.com`;
  data.dbClusters.push({
    DBClusterIdentifier: id,
    DBClusterArn: `arn:aws:rds:${data.region}:${accountId}:cluster:${id}`,
    Engine: engine,
    EngineVersion: postgres ? "15.4" : "8.0.mysql_aurora.3.05.2",
    EngineMode: "provisioned",
    Status: "available",
    MultiAZ: !sameZone,
    AvailabilityZones: layout.privateSubnets.map((s) => s.AvailabilityZone!),
    BackupRetentionPeriod: random.chance(0.8) ? 7 : 1,
    DBSubnetGroup: `${id}-subnets`,
    Endpoint: endpoint,
    ReaderEndpoint: endpoint.replace(".cluster-", ".cluster-ro-"),
    Port: port,
    MasterUsername: "admin",
    DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m.DBInstanceIdentifier, IsClusterWriter: i === 0, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 })),
    VpcSecurityGroups: [{ VpcSecurityGroupId: group.GroupId, Status: "active" }],
    HostedZoneId: "Z2R2ITUGPM61AM",
    StorageEncrypted: encrypted,
    ...(encrypted && { KmsKeyId: kmsKeyArn(data.region, accountId) }),
    DbClusterResourceId: `cluster-${random.alphanumeric(26)}`,
    DeletionProtection: random.chance(0.6),
    ClusterCreateTime: CREATED,
    TagList: tagList(tags),
  });
  return endpoint;
}

function addClassicLoadBalancer(gen: Generation, data: RegionData, layout: VpcLayout, name: string, group: SecurityGroup, instances: Instance[], tags: Record<string, string>): void {
  const { random, accountId } = gen;
  const lbName = `${name}-clb`;
  const subnets = random.chance(0.1) ? layout.publicSubnets.slice(0, 1) : layout.publicSubnets;
  const https = random.chance(0.5);
  data.classicLoadBalancers.push({
    LoadBalancerName: lbName,
    DNSName: `${lbName}-${gen.suffix(10)}.${data.region}.elb.amazonaws.com`,
    CanonicalHostedZoneName: `${lbName}-${gen.suffix(10)}.${data.region}.elb.amazonaws.com`,
    CanonicalHostedZoneNameID: (ELB_ZONES[data.region] ?? ELB_ZONES["us-east-1"]).alb,
    ListenerDescriptions: [
      { Listener: { Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 8080 }, PolicyNames: [] },
      ...(https
        ? [{ Listener: { Protocol: "HTTPS", LoadBalancerPort: 443, InstanceProtocol: "HTTP", InstancePort: 8080, SSLCertificateId: `arn:aws:acm:${data.region}:${accountId}:certificate/${random.uuid()}` }, PolicyNames: ["ELBSecurityPolicy-2016-08"] }]
        : []),
    ],
    Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: https ? ["ELBSecurityPolicy-2016-08"] : [] },
    BackendServerDescriptions: [],
    AvailabilityZones: subnets.map((s) => s.AvailabilityZone!),
    Subnets: subnets.map((s) => s.SubnetId!),
    VPCId: layout.vpc.VpcId,
    Instances: instances.map((i) => ({ InstanceId: i.InstanceId })),
    HealthCheck: { Target: random.chance(0.8) ? "HTTP:8080/health" : "TCP:8080", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
    SourceSecurityGroup: { OwnerAlias: accountId, GroupName: group.GroupName },
    SecurityGroups: [group.GroupId!],
    CreatedTime: CREATED,
    Scheme: "internet-facing",
  });
  data.classicAttributes.set(lbName, {
    CrossZoneLoadBalancing: { Enabled: random.chance(0.7) },
    AccessLog: { Enabled: false },
    ConnectionDraining: { Enabled: true, Timeout: 300 },
    ConnectionSettings: { IdleTimeout: 60 },
  });
  data.classicTags.set(lbName, tagList({ ...tags, Name: lbName }));
  addManagedInterfaces(gen, data, subnets, [group], `ELB ${lbName}`, "amazon-elb");
}

export function metricAlarm(gen: Generation, region: string, name: string, namespace: string, metric: string, dimensions: { Name: string; Value: string }[], threshold: number): MetricAlarm {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${region}:${gen.accountId}:alarm:${name}`,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [`arn:aws:sns:${region}:${gen.accountId}:ops-alerts`],
    InsufficientDataActions: [],
    StateValue: "OK",
    StateReason: "Threshold Crossed: 1 datapoint was not less than the threshold.",
    StateUpdatedTimestamp: CREATED,
    AlarmConfigurationUpdatedTimestamp: CREATED,
    MetricName: metric,
    Namespace: namespace,
    Statistic: namespace === "AWS/Route53" ? "Minimum" : "Average",
    Dimensions: dimensions,
    Period: 60,
    EvaluationPeriods: namespace === "AWS/Route53" ? 1 : 5,
    Threshold: threshold,
    ComparisonOperator: namespace === "AWS/Route53" ? "LessThanThreshold" : "GreaterThanThreshold",
  };
}

/** The counter part of an id made by Generation.ec2Id. */
function serialOf(ec2Id: string): number {
  return Number.parseInt(ec2Id.slice(ec2Id.indexOf("-") + 1), 16);
}
