import pLimit from "p-limit";
import type { CollectionError, ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { compareResources, GLOBAL_RESOURCE_TYPES, SNAPSHOT_SCHEMA_VERSION } from "../types/resource.js";
import type { Clock } from "../types/clock.js";
import type { OptionalRead } from "../types/reads.js";
import type { CollectorContext, CollectorSpec, ReadTargets, RunnableCollector } from "./collector.js";
import { loadCollector } from "./collector.js";
import type { AwsClientConfig, ConnectionOptions } from "./client-config.js";
import type { StackedClient } from "./run-client.js";
import { clientConfigFactory } from "./client-config.js";
import { runClient } from "./run-client.js";
import { DeadlineError, toCollectionError } from "./errors.js";
import { malformedItemErrors } from "./listed-items.js";
import type { CarryOver } from "./carried-reads.js";
import { compareText } from "../types/order.js";

/** CloudFront and Route 53 are global; their APIs are signed for us-east-1. */
export const GLOBAL_REGION = "us-east-1";

export interface ProgressEvent {
  service: string;
  region: string;
  done: number;
  total: number;
  errors: number;
}

export interface CollectOptions extends ConnectionOptions {
  accountId: string;
  regions: string[];
  /** Lazy ones are loaded per collector, as each first runs: a run loads only the AWS SDK clients it uses. */
  collectors: RunnableCollector[];
  /**
   * How many (service, region) collections run at once. Default: all of them, since
   * each service has its own rate limit in each region, so queueing one behind
   * another only delays it (measured: 1.35× → 1.1× the minimum at 10k resources).
   */
  concurrency?: number;
  /** Epoch milliseconds, read on `now`, after which no new page is requested. */
  deadline?: number;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Stamps the snapshot's takenAt and, when there is a deadline, is read before
   * every request to judge it, so it must move as time does (systemClock in production).
   */
  now: Clock;
  /** Optional reads the enabled rules need (see planReads); default: all of them. */
  reads?: readonly OptionalRead[];
  /** A targeted read (src/collect/targeted.ts), by region: collectors read only these resources. */
  targets?: ReadonlyMap<string, ReadTargets>;
  /** Per-resource reads of the previous run that may stand for this run's (src/collect/carried-reads.ts). */
  carryOver?: CarryOver;
}

interface SendingClient extends StackedClient {
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
  destroy?: () => void;
}

interface Task<T extends CollectorSpec> {
  collector: T;
  region: string;
}

export function planTasks<T extends CollectorSpec>(collectors: T[], regions: string[]): Task<T>[] {
  return collectors.flatMap((collector) => (collector.scope === "regional" ? regions.map((region) => ({ collector, region })) : [{ collector, region: GLOBAL_REGION }]));
}

/**
 * An account-wide list speaks for every audited region: its records outside
 * them are out of scope, its errors leave each of them incomplete. Records of
 * a global type it makes (S3's account-level settings) stay in us-east-1, as
 * do the errors that leave such a type incomplete.
 */
function inAuditedRegions(collector: CollectorSpec, found: { resources: ResourceRecord[]; errors: CollectionError[] }, regions: string[]): typeof found {
  if (collector.scope !== "account") return found;
  const global = (type: ResourceType) => GLOBAL_RESOURCE_TYPES.includes(type);
  return {
    resources: found.resources.filter((r) => regions.includes(r.region) || global(r.type)),
    errors: found.errors.flatMap((e) => {
      const where = e.resourceTypes.some(global) && !regions.includes(GLOBAL_REGION) ? [...regions, GLOBAL_REGION] : regions;
      return where.map((region) => ({ ...e, region }));
    }),
  };
}

/** Reads every collector in every region into one snapshot; a failing part becomes a CollectionError. */
export async function collectAccount(options: CollectOptions): Promise<Snapshot> {
  const takenAt = options.now().toISOString();
  const configFor = clientConfigFactory(options);
  const tasks = planTasks(options.collectors, options.regions);
  const limit = pLimit(options.concurrency ?? Math.max(1, tasks.length));
  const resources: ResourceRecord[] = [];
  const errors: CollectionError[] = [];
  let done = 0;

  await Promise.all(
    tasks.map(({ collector, region }) =>
      limit(async () => {
        const found = inAuditedRegions(collector, await runCollector(collector, region, options, configFor), options.regions);
        resources.push(...found.resources);
        errors.push(...found.errors);
        done += 1;
        options.onProgress?.({ service: collector.service, region, done, total: tasks.length, errors: found.errors.length });
      }),
    ),
  );

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    accountId: options.accountId,
    takenAt,
    regions: [...options.regions],
    resources: resources.sort(compareResources),
    errors: errors.sort((a, b) => compareText(`${a.service}/${a.region}/${a.operation}`, `${b.service}/${b.region}/${b.operation}`)),
  };
}

export async function runCollector(
  collector: RunnableCollector,
  region: string,
  options: CollectOptions,
  configFor: ReturnType<typeof clientConfigFactory>,
): Promise<{ resources: ResourceRecord[]; errors: CollectionError[] }> {
  const errors: CollectionError[] = [];
  const malformed: Parameters<typeof malformedItemErrors>[0] = [];
  const where = (operation: string, resourceTypes = collector.resourceTypes) => ({
    service: collector.service,
    region,
    operation,
    resourceTypes,
  });
  const checkDeadline = () => {
    if (options.deadline !== undefined && options.now().getTime() >= options.deadline) {
      throw new DeadlineError("stopped before the invocation deadline; not collected in this run");
    }
  };
  const clients: { destroy?: () => void }[] = [];
  const newClient = <T>(create: (config: AwsClientConfig) => T, clientRegion = region): T => {
    const created = runClient(create(configFor(clientRegion)) as T & SendingClient, options.plugins);
    // The deadline is checked before every request, not between pages, so a list whose last
    // page arrives after the deadline is still complete. Wrapping send (rather than adding
    // middleware) keeps the check in force under aws-sdk-client-mock, which stubs send.
    const send = created.send.bind(created);
    created.send = (command: unknown, ...rest: unknown[]) => {
      checkDeadline();
      return send(command, ...rest);
    };
    clients.push(created);
    return created;
  };
  const ctx: Omit<CollectorContext<unknown>, "client"> = {
    region,
    accountId: options.accountId,
    regions: options.regions,
    newClient,
    malformed: (operation, type, item) => malformed.push({ operation, type, item }),
    reads: (name) => !options.reads || options.reads.includes(name),
    ...(options.targets?.has(region) && { targets: options.targets.get(region)! }),
    ...(options.carryOver && !options.targets && { carryOver: options.carryOver }),
    async attempt(operation, resourceTypes, read) {
      try {
        checkDeadline();
        return await read();
      } catch (error) {
        errors.push(toCollectionError(error, where(operation, resourceTypes)));
        return undefined;
      }
    },
  };
  try {
    // Loaded, and its client made, in the try: a collector whose module fails to load fails its own service, not the run.
    const loaded = await loadCollector(collector);
    const resources = await loaded.collect({ ...ctx, client: newClient((config) => loaded.createClient(config)) });
    return { resources, errors: [...errors, ...malformedItemErrors(malformed, { service: collector.service, region })] };
  } catch (error) {
    // A collector that throws outside attempt() loses the whole service in this region.
    errors.push(toCollectionError(error, where("collect")));
    return { resources: [], errors };
  } finally {
    for (const c of clients) c.destroy?.();
  }
}
