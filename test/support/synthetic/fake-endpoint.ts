/**
 * An in-process AWS endpoint serving a synthetic account, for benchmarks and
 * tests that need the SDK's real retry strategy and paginators (see
 * test/support/fake-aws.ts for the middleware pattern). Each call waits a
 * simulated network latency and draws from a token bucket per account,
 * service and region, modelled on EC2's request throttling (a bucket that
 * refills at a steady rate); an empty bucket answers with the service's
 * throttling error, which the SDK's retry strategy retries. Page sizes and
 * batch sizes are held to each API's documented limits. Every call is
 * recorded, with the access key it was signed with. An organization's
 * endpoint (organization.ts) routes each request to the account its
 * credentials belong to; this one answers every request from its account.
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
  /** Requests a service accepts in a burst, per account and region. */
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
  /** The account whose resources answered: the one the request's credentials belong to; absent when they belong to none (InvalidClientTokenId). */
  accountId?: string;
  /** The access key id the request was signed with. */
  accessKeyId?: string;
  /** The SDK's attempt number for the request (its amz-sdk-request header): above 1, a retry. */
  attempt: number;
  /** performance.now() when the request arrived and when its answer left. */
  start: number;
  end: number;
  outcome: "ok" | "throttled" | "error";
  /** The error code of a throttled or failed call. */
  code?: string;
}

/** A request as the endpoint receives it, before it knows whose it is. */
export interface IncomingCall {
  service: string;
  operation: string;
  region: string;
  input: Record<string, any>;
  /** From the SigV4 Authorization header and X-Amz-Security-Token, when signed. */
  accessKeyId?: string;
  sessionToken?: string;
}

/** An HTTP response that the SDK's own deserializer reads, for services answered on the wire. */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Turns an answer (or the error AWS would return) into the body the service's protocol sends. */
export type WireFormat = (operation: string, answer: Record<string, unknown> | Error) => WireResponse;

/**
 * S3 serves thousands of requests a second per bucket prefix (3,500 writes,
 * 5,500 reads), far beyond what a collection sends it, so its calls draw from
 * no bucket: the EC2-like model would make it the slowest service by far.
 */
export const UNTHROTTLED_SERVICES = ["S3"];

export const DEFAULT_LATENCY_MS = 50;
export const DEFAULT_THROTTLING: ThrottlingModel = { capacity: 100, refillPerSecond: 20 };

/** The endpoint's middleware, by the name test/support/faults.ts places its own before. */
const ENDPOINT_MIDDLEWARE = "driftwardenSyntheticEndpoint";

export class SyntheticEndpoint {
  readonly calls: EndpointCall[] = [];
  readonly plugin: Pluggable<any, any>;
  readonly latencyMs: number;
  readonly throttling: ThrottlingModel | false;
  /** By account, service and region: each account has its own limits, as in AWS. */
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly regions = new WeakMap<SyntheticAccount, Map<string, RegionData>>();
  private readonly withoutOperations: Set<string>;
  /** Answers on the wire, by the request they answer, for the innermost middleware to return. */
  private readonly wire = new WeakMap<object, WireResponse>();

  constructor(
    /** The account every request is answered from; an organization's endpoint routes by credentials instead. */
    readonly account: SyntheticAccount,
    options: SyntheticEndpointOptions = {},
  ) {
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
    this.throttling = options.throttling ?? DEFAULT_THROTTLING;
    this.withoutOperations = new Set(options.withoutOperations);
    this.plugin = {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const request = args.request as { headers?: Record<string, string> } | undefined;
            const answer = await this.answer({
              service: String(context.clientName).replace(/Client$/, ""),
              operation: String(context.commandName).replace(/Command$/, ""),
              region: regionOf(context),
              input: structuredClone(args.input as Record<string, unknown>),
              ...signedWith(request?.headers ?? {}),
            }, attemptOf(request?.headers ?? {}));
            if ("wire" in answer) {
              // Past the SDK's deserializer to the innermost middleware, which hands it this response.
              this.wire.set(args.request as object, answer.wire);
              return next(args);
            }
            return { response: {}, output: { $metadata: { httpStatusCode: 200 }, ...answer.output } };
          },
          { step: "deserialize", name: ENDPOINT_MIDDLEWARE, priority: "high" },
        );
        stack.add(
          () => async (args) => {
            const response = this.wire.get(args.request as object);
            if (!response) throw unsupported("a request passed the endpoint without an answer");
            return { response, output: undefined as never };
          },
          { step: "deserialize", name: "driftwardenSyntheticWire", priority: "low" },
        );
      },
    };
  }

  /** Throttled calls, in total or of one service. */
  throttles(service?: string): number {
    return this.calls.filter((c) => c.outcome === "throttled" && (service === undefined || c.service === service)).length;
  }

  /** The account a request's credentials belong to: here, always the endpoint's one account. */
  protected accountOf(_call: IncomingCall): SyntheticAccount {
    return this.account;
  }

  /** The answer to a call from its account's resources. */
  protected respond(call: IncomingCall, account: SyntheticAccount): Record<string, unknown> {
    const { service, operation, region } = call;
    const respond = RESPONDERS[service]?.[operation];
    if (!respond) throw unsupported(`no answer for ${service}.${operation}: add it to test/support/synthetic/responses.ts`);
    return respond(call.input, { service, operation, region, accountId: account.accountId, data: this.regionData(account, region), global: account.global });
  }

  /** How a service's answers travel: undefined, as SDK output objects; otherwise on the wire, through the SDK's deserializer. */
  protected wireFormat(_service: string): WireFormat | undefined {
    return undefined;
  }

  private async answer(incoming: IncomingCall, attempt: number): Promise<{ output: Record<string, unknown> } | { wire: WireResponse }> {
    const { service, operation, region } = incoming;
    const call: EndpointCall = { service, operation, region, ...(incoming.accessKeyId && { accessKeyId: incoming.accessKeyId }), attempt, start: performance.now(), end: 0, outcome: "ok" };
    this.calls.push(call);
    let account: SyntheticAccount | undefined;
    let refused: Error | undefined;
    try {
      account = this.accountOf(incoming);
      call.accountId = account.accountId;
    } catch (error) {
      refused = error as Error;
    }
    const admitted = !account || (this.bucket(account.accountId, service, region)?.take() ?? true);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    let result: Record<string, unknown> | Error;
    try {
      if (refused) throw refused;
      if (!admitted) throw throttlingError(service);
      if (this.withoutOperations.has(`${service}.${operation}`)) throw notEmulated(service, operation);
      result = this.respond(incoming, account!);
    } catch (error) {
      call.outcome = admitted ? "error" : "throttled";
      call.code = (error as Error).name;
      result = error as Error;
    } finally {
      call.end = performance.now();
    }
    const format = this.wireFormat(service);
    if (format) return { wire: format(operation, result) };
    if (result instanceof Error) throw result;
    return { output: result };
  }

  private regionData(account: SyntheticAccount, region: string): RegionData {
    let byName = this.regions.get(account);
    if (!byName) this.regions.set(account, (byName = new Map(account.regions.map((data) => [data.region, data]))));
    return byName.get(region) ?? emptyRegion(region);
  }

  private bucket(accountId: string, service: string, region: string): TokenBucket | undefined {
    if (!this.throttling || UNTHROTTLED_SERVICES.includes(service)) return undefined;
    const key = `${accountId}/${service}/${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.throttling.capacity, this.throttling.refillPerSecond)));
    return bucket;
  }
}

export function syntheticEndpoint(account: SyntheticAccount, options?: SyntheticEndpointOptions): SyntheticEndpoint {
  return new SyntheticEndpoint(account, options);
}

/** SigV4 names the access key in the Authorization header's Credential (AKID/date/region/service/aws4_request); temporary credentials add their session token. */
function signedWith(headers: Record<string, string>): Pick<IncomingCall, "accessKeyId" | "sessionToken"> {
  const authorization = headers.authorization ?? headers.Authorization;
  const accessKeyId = authorization?.match(/Credential=([^/,\s]+)\//)?.[1];
  const sessionToken = headers["x-amz-security-token"] ?? headers["X-Amz-Security-Token"];
  return { ...(accessKeyId && { accessKeyId }), ...(sessionToken && { sessionToken }) };
}

/** The SDK's retry middleware numbers every attempt: "attempt=2; max=8". */
function attemptOf(headers: Record<string, string>): number {
  return Number(headers["amz-sdk-request"]?.match(/attempt=(\d+)/)?.[1] ?? 1);
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
