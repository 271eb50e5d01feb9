import type { OptionalRead } from "../types/reads.js";
import type { CarryOver } from "./carried-reads.js";
import type { ResourceRecord, ResourceType } from "../types/resource.js";
import type { AwsClientConfig } from "./client-config.js";
import type { MalformedItem } from "./listed-items.js";

/** What a collector gets for one region (or once, for a global service). */
export interface CollectorContext<C> {
  client: C;
  region: string;
  accountId: string;
  /** The run's audited regions: an account-scope collector reads per-resource settings only of the resources it keeps. */
  regions: readonly string[];
  /**
   * A client of another service (e.g. CloudWatch for Route 53 health-check alarms)
   * with the run's credentials, endpoint and plugins; destroyed when the collector ends.
   */
  newClient<T>(create: (config: AwsClientConfig) => T, region?: string): T;
  /**
   * Runs one read operation. A failure becomes a CollectionError naming the
   * resource types it leaves incomplete, and `undefined` is returned so the
   * collector goes on with what it could read.
   */
  attempt<T>(operation: string, resourceTypes: ResourceType[], read: () => Promise<T>): Promise<T | undefined>;
  /**
   * Whether the run plan asks for this optional read: a per-resource read that
   * no enabled rule needs is skipped (the attribute it would fill stays absent).
   */
  reads(name: OptionalRead): boolean;
  /** Reports a malformed listed item (see listed-items.ts); reports of one operation become one CollectionError. */
  malformed(operation: string, resourceType: ResourceType, item: MalformedItem): void;
  /**
   * A targeted read (the event path): only these resources, of the types the
   * collector lists in `targetedTypes`. Absent: everything, as a nightly run.
   */
  targets?: ReadTargets;
  /** The previous run's per-resource reads that may stand for this run's (a nightly run with state; never a targeted read). */
  carryOver?: CarryOver;
}

/**
 * The resources a targeted read is limited to, by type: each named by the id
 * or the ARN its record has (an EventTarget's). A collector given targets
 * returns exactly the records a full collection gives for them, reads nothing
 * of the types not named (beyond what those records join), returns no record
 * and no error for a target that does not exist (it was deleted), and reports
 * any other failure through `attempt` as always.
 */
export type ReadTargets = ReadonlyMap<ResourceType, readonly string[]>;

/**
 * The targets of `type`, once each, as the ids its records have: an ARN is
 * turned into the id by `idOf` (by default what follows its last slash:
 * arn:…:security-group/sg-…). Empty without targets.
 */
export function targetIds(targets: ReadTargets | undefined, type: ResourceType, idOf: (arn: string) => string = afterLastSlash): string[] {
  return [...new Set((targets?.get(type) ?? []).map((target) => (target.startsWith("arn:") ? idOf(target) : target)))];
}

function afterLastSlash(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** Whether a record is one of the targets of its type. */
export function isTarget(targets: ReadTargets, record: Pick<ResourceRecord, "type" | "id" | "arn">): boolean {
  const named = targets.get(record.type);
  return named !== undefined && (named.includes(record.id) || (record.arn !== undefined && named.includes(record.arn)));
}

/** What a collector reads and calls, known without loading it (specs.ts). */
export interface CollectorSpec {
  /** Short service name used in errors and progress: ec2, rds, … */
  service: string;
  /**
   * regional: once per audited region. global: once, in us-east-1, its records
   * in us-east-1 (CloudFront, Route 53). account: one account-wide list whose
   * resources live in regions (S3 buckets): read once, in us-east-1, keeping
   * the audited regions' records; its failure leaves every audited region
   * incomplete, so no bucket of any region is reported removed or resolved.
   */
  scope: "regional" | "global" | "account";
  resourceTypes: ResourceType[];
  /** IAM actions the collector calls; the Lambda role is derived from these. */
  permissions: string[];
  /**
   * The types it can read by id (ctx.targets). The event path reads any other
   * type by running the whole collector and keeping the targeted records.
   */
  targetedTypes?: readonly ResourceType[];
}

/** A collector: its spec, and how it reads (its module imports its AWS SDK client). */
export interface Collector<C = unknown> extends CollectorSpec {
  createClient(config: AwsClientConfig): C;
  collect(ctx: CollectorContext<C>): Promise<ResourceRecord[]>;
}

/**
 * A collector known by its spec, its module imported when it first runs
 * (index.ts): a run loads the AWS SDK clients of the collectors it runs, and
 * the policies and the run plan load none.
 */
export interface LazyCollector extends CollectorSpec {
  load(): Promise<Collector<any>>;
}

/** What a run takes: a collector, or one it loads when it runs it. */
export type RunnableCollector = Collector<any> | LazyCollector;

export function defineCollector<C>(collector: Collector<C>): Collector<C> {
  return collector;
}

/** The collector itself: a lazy one loaded, which costs its import once (the module system keeps each module). */
export async function loadCollector(collector: RunnableCollector): Promise<Collector<any>> {
  return "load" in collector ? collector.load() : collector;
}
