/**
 * An in-process AWS endpoint serving a synthetic account, for benchmarks and
 * tests that need the SDK's real retry strategy and paginators (see
 * test/support/fake-aws.ts for the middleware pattern). Each call waits a
 * simulated network latency and draws from a token bucket per service and
 * region, modelled on EC2's request throttling (a bucket that refills at a
 * steady rate); an empty bucket answers with the service's throttling error,
 * which the SDK's retry strategy retries. Page sizes and batch sizes are held
 * to each API's documented limits. Every call is recorded.
 */
import { awsError, signingRegion } from "../fake-aws.js";
import type { Pluggable } from "@smithy/types";
import type { RegionData, SyntheticAccount } from "./account.js";
import { emptyRegion } from "./account.js";
import { throttlingError } from "./api-limits.js";
import { RESPONDERS, unsupported } from "./responses.js";
import { TokenBucket } from "./token-bucket.js";
import { allCollectors } from "../../../src/collect/index.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { Snapshot } from "../../../src/types/resource.js";
import { testCredentials } from "../collect.js";
import { testClock } from "../clock.js";

export interface ThrottlingModel {
  /** Requests a service accepts in a burst, per region. */
  capacity: number;
  /** Requests per second the bucket regains. */
  refillPerSecond: number;
}

export interface SyntheticEndpointOptions {
  /** Simulated round trip of every call; default 50 ms. */
  latencyMs?: number;
  /** Default: a bucket of 100 refilled at 20 per second; false: never throttle. */
  throttling?: ThrottlingModel | false;
  /** Calls answered as an emulator answers one it does not implement, as "Route53.ListTagsForResources". */
  withoutOperations?: string[];
}

export interface EndpointCall {
  /** The SDK client's name without "Client": EC2, RDS, AutoScaling, ElasticLoadBalancingV2, … */
  service: string;
  /** The command's name without "Command". */
  operation: string;
  region: string;
  /** performance.now() when the request arrived and when its answer left. */
  start: number;
  end: number;
  outcome: "ok" | "throttled" | "error";
  /** The error code of a throttled or failed call. */
  code?: string;
}

/**
 * S3 serves thousands of requests a second per bucket prefix (3,500 writes,
 * 5,500 reads), far beyond what a collection sends it, so its calls draw from
 * no bucket: the EC2-like model would make it the slowest service by far.
 */
export const UNTHROTTLED_SERVICES = ["S3"];

export const DEFAULT_LATENCY_MS = 50;
export const DEFAULT_THROTTLING: ThrottlingModel = { capacity: 100, refillPerSecond: 20 };

export class SyntheticEndpoint {
  readonly calls: EndpointCall[] = [];
  readonly plugin: Pluggable<any, any>;
  readonly latencyMs: number;
  readonly throttling: ThrottlingModel | false;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly regions: Map<string, RegionData>;
  private readonly withoutOperations: Set<string>;

  constructor(
    readonly account: SyntheticAccount,
    options: SyntheticEndpointOptions = {},
  ) {
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
    this.throttling = options.throttling ?? DEFAULT_THROTTLING;
    this.regions = new Map(account.regions.map((data) => [data.region, data]));
    this.withoutOperations = new Set(options.withoutOperations);
    this.plugin = {
      applyToStack: (stack) => {
        stack.add(
          (_next, context) => async (args) => {
            const service = String(context.clientName).replace(/Client$/, "");
            const operation = String(context.commandName).replace(/Command$/, "");
            const output = await this.answer(service, operation, regionOf(context), structuredClone(args.input as Record<string, unknown>));
            return { response: {}, output: { $metadata: { httpStatusCode: 200 }, ...output } };
          },
          { step: "deserialize", name: "driftwardenSyntheticEndpoint", priority: "high" },
        );
      },
    };
  }

  /** Throttled calls, in total or of one service. */
  throttles(service?: string): number {
    return this.calls.filter((c) => c.outcome === "throttled" && (service === undefined || c.service === service)).length;
  }

  private async answer(service: string, operation: string, region: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const call: EndpointCall = { service, operation, region, start: performance.now(), end: 0, outcome: "ok" };
    this.calls.push(call);
    const admitted = this.bucket(service, region)?.take() ?? true;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    try {
      if (!admitted) throw throttlingError(service);
      if (this.withoutOperations.has(`${service}.${operation}`)) throw notEmulated(service, operation);
      const respond = RESPONDERS[service]?.[operation];
      if (!respond) throw unsupported(`no answer for ${service}.${operation}: add it to test/support/synthetic/responses.ts`);
      return respond(input, { service, operation, region, data: this.regions.get(region) ?? emptyRegion(region), global: this.account.global });
    } catch (error) {
      call.outcome = admitted ? "error" : "throttled";
      call.code = (error as Error).name;
      throw error;
    } finally {
      call.end = performance.now();
    }
  }

  private bucket(service: string, region: string): TokenBucket | undefined {
    if (!this.throttling || UNTHROTTLED_SERVICES.includes(service)) return undefined;
    const key = `${service}/${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.throttling.capacity, this.throttling.refillPerSecond)));
    return bucket;
  }
}

export function syntheticEndpoint(account: SyntheticAccount, options?: SyntheticEndpointOptions): SyntheticEndpoint {
  return new SyntheticEndpoint(account, options);
}

/** LocalStack's answer to a call it does not emulate: HTTP 501, code InternalFailure. */
function notEmulated(service: string, operation: string): Error {
  return awsError("InternalFailure", `The API action '${operation}' for service '${service.toLowerCase()}' is either not available in your current license plan or has not yet been emulated by LocalStack.`, 501);
}

/** Global services sign for us-east-1 whatever the client's region, and the collectors create their clients there. */
function regionOf(context: Record<string, any>): string {
  return signingRegion(context) || "us-east-1";
}

/** Runs every collector over the synthetic account, through this endpoint, in all its regions. */
export function collectSynthetic(account: SyntheticAccount, endpoint: SyntheticEndpoint, extra: { concurrency?: number } = {}): Promise<Snapshot> {
  return collectAccount({
    accountId: account.accountId,
    regions: account.regions.map((r) => r.region),
    collectors: allCollectors,
    credentials: testCredentials,
    plugins: [endpoint.plugin],
    now: testClock,
    ...(extra.concurrency !== undefined && { concurrency: extra.concurrency }),
  });
}
