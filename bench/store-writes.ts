/**
 * How many DynamoDB items an audit writes, against dynalite: a first run, an
 * unchanged rerun (the run record only), and a run where 1 % of findings changed.
 */
import { findingId } from "../src/evaluate/finding-id.js";
import type { WriteCounts as StoreWriteCounts } from "../src/publish/store/findings-store.js";
import { DynamoDbFindingsStore } from "../src/publish/store/dynamodb-store.js";
import type { InstanceAttributes, SecurityGroupAttributes, VolumeAttributes } from "../src/types/attributes.js";
import type { Finding, Severity } from "../src/types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../src/types/resource.js";
import { auditRun } from "../test/publish/store/audit-run.js";
import { startDynalite, writeCounter } from "../test/support/dynalite.js";

const ACCOUNT = "123456789012";
const REGIONS = ["us-east-1", "eu-west-1"];

export interface StoreWriteRun {
  run: string;
  /** Items sent to DynamoDB: BatchWriteItem requests plus PutItem calls. */
  itemsWritten: number;
  batchWriteCalls: number;
  putItemCalls: number;
  /** What the store says it changed. */
  changed: StoreWriteCounts;
  ms: number;
}

export interface StoreWriteBench {
  resources: number;
  findings: number;
  runs: StoreWriteRun[];
}

// Benchmarks time the work, not the date: runs are stamped from a fixed day.
const benchClock = () => new Date("2026-11-01T02:00:00.000Z");

export async function benchStoreWrites(resourceCount = 10_000, log: (line: string) => void = console.log): Promise<StoreWriteBench> {
  const dynamo = await startDynalite();
  try {
    const counter = writeCounter();
    const store = new DynamoDbFindingsStore({ client: dynamo.client([counter.plugin]), tableName: await dynamo.createTable(), now: benchClock });
    const resources = syntheticResources(resourceCount);
    const findings = syntheticFindings(resources);
    const changed = findings.map((f, i) => (i % 100 === 0 ? flipped(f) : f));
    const plan: [string, string, Finding[]][] = [
      ["first run", "2026-11-01T02:00:00.000Z", findings],
      ["unchanged rerun", "2026-11-02T02:00:00.000Z", findings],
      ["1 % of findings changed", "2026-11-03T02:00:00.000Z", changed],
    ];
    const runs: StoreWriteRun[] = [];
    for (const [index, [name, takenAt, current]] of plan.entries()) {
      counter.reset();
      const started = performance.now();
      const { result } = await auditRun(store, `run-${index + 1}`, snapshot(resources, takenAt), current);
      if (result.status !== "recorded") throw new Error(`${name}: run was not recorded (${result.status})`);
      const { itemsWritten, batchWriteCalls, putItemCalls } = counter.counts;
      runs.push({ run: name, itemsWritten, batchWriteCalls, putItemCalls, changed: result.written, ms: Math.round(performance.now() - started) });
    }
    const bench = { resources: resources.length, findings: findings.length, runs };
    log(`store writes for ${bench.resources} resources, ${bench.findings} findings`);
    for (const r of runs) log(`  ${r.run.padEnd(24)} ${String(r.itemsWritten).padStart(7)} items  ${String(r.batchWriteCalls).padStart(5)} BatchWriteItem  ${r.putItemCalls} PutItem  ${r.ms} ms`);
    return bench;
  } finally {
    await dynamo.stop();
  }
}

/** Security groups, instances and volumes (4:3:3) spread over two regions, in the collectors' normalized shapes. */
function syntheticResources(count: number): ResourceRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const n = String(i).padStart(8, "0");
    const kind = i % 10;
    if (kind < 4) {
      const id = `sg-0${n}aaaaaaaa`;
      const attributes: SecurityGroupAttributes = {
        groupName: `group-${n}`,
        description: "synthetic",
        vpcId: "vpc-0a1b2c3d4e5f60001",
        isDefault: false,
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidr: "0.0.0.0/0" }, { protocol: "tcp", fromPort: 22, toPort: 22, cidr: i % 20 === 0 ? "0.0.0.0/0" : "10.0.0.0/8" }],
        egress: [{ protocol: "-1", cidr: "0.0.0.0/0" }],
      };
      return record("AWS::EC2::SecurityGroup", id, region, attributes, { attachmentCount: 1 });
    }
    if (kind < 7) {
      const attributes: InstanceAttributes = { instanceType: "t3.micro", imageId: "ami-0abcdef1234567890", vpcId: "vpc-0a1b2c3d4e5f60001", subnetId: "subnet-0a000000000000001", availabilityZone: `${region}a`, securityGroupIds: [], disableApiTermination: i % 7 === 0 };
      return record("AWS::EC2::Instance", `i-0${n}bbbbbbbb`, region, attributes, { state: "running" });
    }
    const attributes: VolumeAttributes = { volumeType: "gp3", size: 20, encrypted: i % 9 !== 0, availabilityZone: `${region}a`, attachments: [{ instanceId: `i-0${n}bbbbbbbb`, device: "/dev/xvda" }] };
    return record("AWS::EC2::Volume", `vol-0${n}cccccccc`, region, attributes);
  });
}

function record(type: ResourceType, id: string, region: string, attributes: object, state?: Record<string, unknown>): ResourceRecord {
  return { type, id, accountId: ACCOUNT, region, tags: { Name: id }, attributes: attributes as Record<string, unknown>, ...(state && { state }) };
}

/** Two findings per security group, one per instance and volume; about one in ten fails. */
function syntheticFindings(resources: ResourceRecord[]): Finding[] {
  const rulesByType: Partial<Record<ResourceType, [string, Severity][]>> = {
    "AWS::EC2::SecurityGroup": [["ec2-ssh-restricted", "high"], ["ec2-rdp-restricted", "high"]],
    "AWS::EC2::Instance": [["ec2-instance-termination-protection", "low"]],
    "AWS::EC2::Volume": [["ec2-ebs-encrypted", "medium"]],
  };
  return resources.flatMap((r, i) =>
    (rulesByType[r.type] ?? []).map(([ruleId, severity]): Finding => {
      const failing = i % 10 === 0;
      return {
        id: findingId(r.accountId, r.region, ruleId, r.type, r.id),
        ruleId,
        status: failing ? "FAIL" : "PASS",
        severity,
        resource: { type: r.type, id: r.id, region: r.region, accountId: r.accountId, tags: r.tags },
        reason: failing ? `${ruleId} fails` : `${ruleId} passes`,
      };
    }),
  );
}

function flipped(finding: Finding): Finding {
  const failing = finding.status !== "FAIL";
  return { ...finding, status: failing ? "FAIL" : "PASS", reason: `${finding.ruleId} ${failing ? "fails" : "passes"}` };
}

function snapshot(resources: ResourceRecord[], takenAt: string): Snapshot {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId: ACCOUNT, takenAt, regions: REGIONS, resources, errors: [] };
}
