/** Ids, names and tags in the formats AWS uses, shared by the synthetic-account generators. */
import { Random } from "./random.js";

export const SYNTHETIC_ACCOUNT_ID = "123456789012";

/** What every generator draws from: one random sequence and one id counter per account. */
export class Generation {
  readonly random: Random;
  private serial = 0;
  private host = 0;

  constructor(
    readonly accountId: string,
    seed: number,
  ) {
    this.random = new Random(seed);
  }

  /** "vpc-0…", "i-0…": EC2 ids are a prefix and 17 hex digits; a counter keeps them unique across regions. */
  ec2Id(prefix: string): string {
    return `${prefix}-0${(++this.serial).toString(16).padStart(16, "0")}`;
  }

  /** Hex digits unique in the account, for ARNs' random suffixes. */
  suffix(length = 16): string {
    return (++this.serial).toString(16).padStart(length, "0");
  }

  /** The next host number for a private address. */
  nextHost(): number {
    return ++this.host;
  }

  /** An address in 198.18.0.0/15, the range RFC 2544 reserves for benchmarks. */
  publicIp(): string {
    const n = ++this.serial;
    return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
  }
}

export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Zone ids as DescribeAvailabilityZones names them (use1-az1), for the regions the generator knows. */
const ZONE_ID_PREFIX: Record<string, string> = { "us-east-1": "use1", "us-west-2": "usw2", "eu-west-1": "euw1", "ap-southeast-2": "apse2" };

export function availabilityZones(region: string): { name: string; id: string }[] {
  const prefix = ZONE_ID_PREFIX[region] ?? region.replace(/-/g, "");
  return ["a", "b", "c"].map((letter, i) => ({ name: `${region}${letter}`, id: `${prefix}-az${i + 1}` }));
}

/** The account's KMS key in a region (one per region, as the AWS-managed aws/ebs and aws/rds keys are). */
export function kmsKeyArn(region: string, accountId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/0f5c2a3e-8d4b-4c6a-9e1f-${Buffer.from(region).toString("hex").slice(0, 12).padEnd(12, "0")}`;
}

/** Fixed creation times: the data must not depend on when it is generated. */
export const CREATED = new Date("2025-06-01T09:00:00.000Z");
