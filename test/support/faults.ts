/**
 * Fault injection around the synthetic AWS endpoint: a middleware placed in
 * front of the endpoint's own, inside the SDK's retry middleware, so every
 * attempt of a chosen command in a chosen region can be failed (with the
 * error AWS or the SDK's HTTP handler raises) or answered with a damaged
 * page, while the SDK's retry strategy and paginators run as against AWS.
 * Every other command reaches the endpoint untouched.
 */
import type { DescribeAutoScalingGroupsCommandOutput, AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { DistributionSummary, ListDistributionsCommandOutput } from "@aws-sdk/client-cloudfront";
import type { DescribeSecurityGroupsCommandOutput, SecurityGroup } from "@aws-sdk/client-ec2";
import type { DescribeLoadBalancersCommandOutput as ClassicPage, LoadBalancerDescription } from "@aws-sdk/client-elastic-load-balancing";
import type { DescribeLoadBalancersCommandOutput, LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DBInstance, DescribeDBInstancesCommandOutput } from "@aws-sdk/client-rds";
import type { HostedZone, ListHostedZonesCommandOutput } from "@aws-sdk/client-route-53";
import type { Bucket, ListBucketsCommandOutput } from "@aws-sdk/client-s3";
import type { ListTrailsCommandOutput, TrailInfo } from "@aws-sdk/client-cloudtrail";
import type { GetAccountSummaryCommandOutput } from "@aws-sdk/client-iam";
import type { ListTablesCommandOutput } from "@aws-sdk/client-dynamodb";
import type { Pluggable } from "@smithy/types";
import type { CollectorSpec, RunnableCollector } from "../../src/collect/collector.js";
import type { ResourceType } from "../../src/types/resource.js";
import { whenLoaded } from "./collect.js";
import { awsError } from "./fake-aws.js";
import { PAGE_LIMITS } from "./synthetic/api-limits.js";
import type { SyntheticEndpoint } from "./synthetic/fake-endpoint.js";
import { SYNTHETIC_ACCOUNT_ID } from "./synthetic/ids.js";
import { signingRegion } from "./fake-aws.js";

/** One attempt of a request, named as the synthetic endpoint names calls. */
export interface EndpointRequest {
  /** The SDK client's name without "Client": EC2, RDS, … */
  service: string;
  /** The command's name without "Command". */
  operation: string;
  region: string;
  input: Record<string, any>;
}

/** Sends the request (with this input) to the synthetic endpoint and returns its answer. */
export type Forward = (input: Record<string, any>) => Promise<Record<string, any>>;

export interface Fault {
  service: string;
  operation: string;
  region: string;
  /** Answers one attempt: throws to fail it, or returns what AWS sends instead of the endpoint's answer. */
  attempt(request: EndpointRequest, forward: Forward): Promise<Record<string, any>>;
}

export interface FaultyEndpoint {
  /** The endpoint's plugin with the faults in front of it: pass it in place of `endpoint.plugin`. */
  plugin: Pluggable<any, any>;
  /** Every attempt of a faulted command, retries included. */
  attempts: EndpointRequest[];
}

const ENDPOINT_MIDDLEWARE = "driftwardenSyntheticEndpoint";

export function withFaults(endpoint: SyntheticEndpoint, faults: Fault[]): FaultyEndpoint {
  const attempts: EndpointRequest[] = [];
  const plugin: Pluggable<any, any> = {
    applyToStack(stack) {
      endpoint.plugin.applyToStack(stack);
      stack.addRelativeTo(
        (next: any, context: any) => async (args: any) => {
          const service = String(context.clientName).replace(/Client$/, "");
          const operation = String(context.commandName).replace(/Command$/, "");
          const region = signingRegion(context) || "us-east-1";
          const fault = faults.find((f) => f.service === service && f.operation === operation && f.region === region);
          if (!fault) return next(args);
          // The paginator reuses one input object across pages: keep this attempt's own copy.
          const request: EndpointRequest = { service, operation, region, input: structuredClone(args.input) };
          attempts.push(request);
          const output = await fault.attempt(request, async (input) => (await next({ ...args, input })).output);
          return { response: {}, output };
        },
        // Before (outside) the endpoint's middleware and, like it, inside the retry middleware: each attempt passes here.
        { relation: "before", toMiddleware: ENDPOINT_MIDDLEWARE, name: "driftwardenFaults" },
      );
    },
  };
  return { plugin, attempts };
}


/**
 * The collectors with `maxAttempts` per request and the standard retry mode,
 * so that a fault persisting across retries costs one backoff, not seven.
 * (Adaptive mode differs only in its client-side rate limiter, which after a
 * throttle spaces every later request of the client out by up to 2 s.)
 */
export function withRetries(collectors: RunnableCollector[], maxAttempts: number): RunnableCollector[] {
  return whenLoaded(collectors, (collector) => ({ ...collector, createClient: (config) => collector.createClient({ ...config, maxAttempts, retryMode: "standard" }) }));
}

// ---------------------------------------------------------------------------
// The list each collector starts from.

/** A list operation's page as the SDK returns it: its items and the token of the next page. */
export interface ListOperation<Page = any, Item = any> {
  /** The SDK client's name without "Client", as the synthetic endpoint names services. */
  service: string;
  operation: string;
  /** The type of the records its items become. */
  type: ResourceType;
  /** The field naming each item, which the collector requires; for a list of bare names (ListTables), the list's field: each item is its own id. */
  id: Item extends string ? string : keyof Item & string;
  /** The id of the record an item becomes, when it is not the `id` field as returned. */
  recordId?(item: Item): string;
  itemsOf(page: Page): Item[] | undefined;
  nextOf(page: Page): string | undefined;
  /** The page with these items (none: the list field left out, as no valid answer has it) and this next-page token. */
  withPage(page: Page, items: Item[] | undefined, next: string | undefined): Partial<Page>;
  /**
   * A single call that is no list (IAM GetAccountSummary): its answer is its one
   * item, and the field the collector requires of it stands for the id. It has
   * no next-page token, so every request asks for page 1, and the cases that
   * cut a list into pages do not apply to it.
   */
  single?: true;
}

function listOperation<Page, Item>(list: ListOperation<Page, Item>): ListOperation<Page, Item> {
  return list;
}

/**
 * Per collector, the list operation every other read of it starts from (or,
 * for EC2, the one its network rules read): where a failure costs the most.
 * A collector missing here fails the fault suite, so a new one is noticed.
 */
export const MAIN_LISTS: Record<string, ListOperation> = {
  ec2: listOperation<DescribeSecurityGroupsCommandOutput, SecurityGroup>({
    service: "EC2",
    operation: "DescribeSecurityGroups",
    type: "AWS::EC2::SecurityGroup",
    id: "GroupId",
    itemsOf: (page) => page.SecurityGroups,
    nextOf: (page) => page.NextToken,
    withPage: ({ SecurityGroups: _, NextToken: __, ...page }, items, next) => ({ ...page, ...(items && { SecurityGroups: items }), ...(next && { NextToken: next }) }),
  }),
  rds: listOperation<DescribeDBInstancesCommandOutput, DBInstance>({
    service: "RDS",
    operation: "DescribeDBInstances",
    type: "AWS::RDS::DBInstance",
    id: "DBInstanceIdentifier",
    itemsOf: (page) => page.DBInstances,
    nextOf: (page) => page.Marker,
    withPage: ({ DBInstances: _, Marker: __, ...page }, items, next) => ({ ...page, ...(items && { DBInstances: items }), ...(next && { Marker: next }) }),
  }),
  autoscaling: listOperation<DescribeAutoScalingGroupsCommandOutput, AutoScalingGroup>({
    service: "AutoScaling",
    operation: "DescribeAutoScalingGroups",
    type: "AWS::AutoScaling::AutoScalingGroup",
    id: "AutoScalingGroupName",
    itemsOf: (page) => page.AutoScalingGroups,
    nextOf: (page) => page.NextToken,
    withPage: ({ AutoScalingGroups: _, NextToken: __, ...page }, items, next) => ({ ...page, ...(items && { AutoScalingGroups: items }), ...(next && { NextToken: next }) }),
  }),
  elbv2: listOperation<DescribeLoadBalancersCommandOutput, LoadBalancer>({
    service: "ElasticLoadBalancingV2",
    operation: "DescribeLoadBalancers",
    type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    id: "LoadBalancerName",
    itemsOf: (page) => page.LoadBalancers,
    nextOf: (page) => page.NextMarker,
    withPage: ({ LoadBalancers: _, NextMarker: __, ...page }, items, next) => ({ ...page, ...(items && { LoadBalancers: items }), ...(next && { NextMarker: next }) }),
  }),
  elb: listOperation<ClassicPage, LoadBalancerDescription>({
    service: "ElasticLoadBalancing",
    operation: "DescribeLoadBalancers",
    type: "AWS::ElasticLoadBalancing::LoadBalancer",
    id: "LoadBalancerName",
    itemsOf: (page) => page.LoadBalancerDescriptions,
    nextOf: (page) => page.NextMarker,
    withPage: ({ LoadBalancerDescriptions: _, NextMarker: __, ...page }, items, next) => ({ ...page, ...(items && { LoadBalancerDescriptions: items }), ...(next && { NextMarker: next }) }),
  }),
  cloudfront: listOperation<ListDistributionsCommandOutput, DistributionSummary>({
    service: "CloudFront",
    operation: "ListDistributions",
    type: "AWS::CloudFront::Distribution",
    id: "Id",
    itemsOf: (page) => page.DistributionList?.Items,
    nextOf: (page) => page.DistributionList?.NextMarker,
    // Quantity keeps counting the items a damaged page lost, as AWS computed it.
    withPage: ({ DistributionList: list, ...page }, items, next) => {
      const { Items: _, NextMarker: __, ...rest } = list!;
      return { ...page, DistributionList: { ...rest, Quantity: items?.length ?? rest.Quantity, IsTruncated: next !== undefined, ...(items && { Items: items }), ...(next && { NextMarker: next }) } };
    },
  }),
  route53: listOperation<ListHostedZonesCommandOutput, HostedZone>({
    service: "Route53",
    operation: "ListHostedZones",
    type: "AWS::Route53::HostedZone",
    id: "Id",
    recordId: (zone) => zone.Id!.replace(/^\/hostedzone\//, ""),
    itemsOf: (page) => page.HostedZones,
    nextOf: (page) => page.NextMarker,
    withPage: ({ HostedZones: _, NextMarker: __, ...page }, items, next) => ({ ...page, IsTruncated: next !== undefined, ...(items && { HostedZones: items }), ...(next && { NextMarker: next }) }),
  }),
  s3: listOperation<ListBucketsCommandOutput, Bucket>({
    service: "S3",
    operation: "ListBuckets",
    type: "AWS::S3::Bucket",
    id: "Name",
    itemsOf: (page) => page.Buckets,
    nextOf: (page) => page.ContinuationToken,
    withPage: ({ Buckets: _, ContinuationToken: __, ...page }, items, next) => ({ ...page, ...(items && { Buckets: items }), ...(next && { ContinuationToken: next }) }),
  }),
  cloudtrail: listOperation<ListTrailsCommandOutput, TrailInfo>({
    service: "CloudTrail",
    operation: "ListTrails",
    type: "AWS::CloudTrail::Trail",
    id: "TrailARN",
    itemsOf: (page) => page.Trails,
    nextOf: (page) => page.NextToken,
    withPage: ({ Trails: _, NextToken: __, ...page }, items, next) => ({ ...page, ...(items && { Trails: items }), ...(next && { NextToken: next }) }),
  }),
  // The summary is the account's one record: without its SummaryMap the collector has nothing to record.
  iam: listOperation<GetAccountSummaryCommandOutput, GetAccountSummaryCommandOutput>({
    service: "IAM",
    operation: "GetAccountSummary",
    type: "AWS::::Account",
    id: "SummaryMap",
    single: true,
    // GetAccountSummary describes the caller's account, which the endpoint always serves as the synthetic one.
    recordId: () => SYNTHETIC_ACCOUNT_ID,
    itemsOf: (page) => [page],
    nextOf: () => undefined,
    withPage: ({ SummaryMap: _, ...page }, items) => ({ ...page, ...(items?.[0]?.SummaryMap && { SummaryMap: items[0].SummaryMap }) }),
  }),
  // ListTables names the tables: each name is its table's id, and the next page starts after the last.
  dynamodb: listOperation<ListTablesCommandOutput, string>({
    service: "DynamoDB",
    operation: "ListTables",
    type: "AWS::DynamoDB::Table",
    id: "TableNames",
    itemsOf: (page) => page.TableNames,
    nextOf: (page) => page.LastEvaluatedTableName,
    withPage: ({ TableNames: _, LastEvaluatedTableName: __, ...page }, items, next) => ({ ...page, ...(items && { TableNames: items }), ...(next && { LastEvaluatedTableName: next }) }),
  }),
};

export function mainList(collector: CollectorSpec): ListOperation {
  const list = MAIN_LISTS[collector.service];
  if (!list) throw new Error(`no main list operation for collector ${collector.service}: add it to MAIN_LISTS in test/support/faults.ts`);
  return list;
}

/**
 * API operations (named as the synthetic endpoint names calls) whose IAM
 * action has another name; every other operation's action is its own name.
 */
export const RENAMED_ACTIONS: Record<string, string> = {
  "S3.ListBuckets": "s3:ListAllMyBuckets",
  "S3.GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "S3Control.GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
};

/** The IAM action a collector needs for an operation (of its main list's client, unless `service` says otherwise), from its declared permissions. */
export function actionFor(collector: CollectorSpec, operation: string, service = MAIN_LISTS[collector.service]?.service): string {
  const renamed = RENAMED_ACTIONS[`${service}.${operation}`];
  const action = collector.permissions.find((p) => (renamed ? p === renamed : p.endsWith(`:${operation}`)));
  if (!action) throw new Error(`collector ${collector.service} declares no permission for ${operation}`);
  return action;
}

// ---------------------------------------------------------------------------
// Errors as AWS and the SDK raise them.

/**
 * What each service answers a call the caller's policies do not allow (HTTP
 * 403): EC2 says UnauthorizedOperation; the Query and REST-XML services the
 * collectors call say AccessDenied; the JSON-protocol ones (CloudTrail)
 * say AccessDeniedException. (AuthorizationError is SNS's; no collector calls SNS.)
 */
const ACCESS_DENIED_CODES: Record<string, string> = {
  EC2: "UnauthorizedOperation",
  RDS: "AccessDenied",
  AutoScaling: "AccessDenied",
  ElasticLoadBalancingV2: "AccessDenied",
  ElasticLoadBalancing: "AccessDenied",
  CloudFront: "AccessDenied",
  Route53: "AccessDenied",
  CloudWatch: "AccessDenied",
  S3: "AccessDenied",
  S3Control: "AccessDenied",
  // CloudTrail speaks a JSON protocol, whose spelling is AccessDeniedException; IAM is a Query service.
  CloudTrail: "AccessDeniedException",
  IAM: "AccessDenied",
  DynamoDB: "AccessDeniedException",
};

const CALLER = "arn:aws:sts::123456789012:assumed-role/driftwarden-audit/driftwarden";

export function accessDeniedCode(service: string): string {
  const code = ACCESS_DENIED_CODES[service];
  if (!code) throw new Error(`no access-denied code known for ${service}: add it to ACCESS_DENIED_CODES`);
  return code;
}

export function accessDenied(service: string, action: string): Error {
  const code = accessDeniedCode(service);
  const denied = `User: ${CALLER} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  return awsError(code, code === "UnauthorizedOperation" ? `You are not authorized to perform this operation. ${denied}` : denied, 403);
}

/** A connection the peer reset: Node's ECONNRESET, which the SDK's HTTP handler renames TimeoutError and the SDK retries. */
export function connectionReset(): Error {
  return Object.assign(new Error("read ECONNRESET"), { name: "TimeoutError", code: "ECONNRESET", errno: -104, syscall: "read" });
}

/** The SDK HTTP handler's socket timeout (no response within the timeout), which the SDK retries as transient. */
export function socketTimeout(): Error {
  return Object.assign(new Error("@smithy/node-http-handler - the request socket timed out after 5000 ms of inactivity (configured by client requestHandler)."), {
    name: "TimeoutError",
  });
}

// ---------------------------------------------------------------------------
// Faults.

type Where = Pick<Fault, "service" | "operation" | "region">;

/** Every attempt of the command fails with a fresh `error()`. */
export function failing(where: Where, error: () => Error): Fault {
  return {
    ...where,
    async attempt() {
      throw error();
    },
  };
}

/** The id of the record `item` of `list` becomes. */
export function recordIdOf(list: ListOperation, item: any): string {
  if (typeof item === "string") return item;
  return list.recordId ? list.recordId(item) : String(item[list.id]);
}

/** The list's page comes back with one item lacking its id: the first, or the first that `which` picks. */
export function withoutId(list: ListOperation, region: string, which: (item: any) => boolean = () => true): Fault {
  return {
    service: list.service,
    operation: list.operation,
    region,
    async attempt(request, forward) {
      const page = structuredClone(await forward(request.input));
      const items = list.itemsOf(page) ?? [];
      const index = items.findIndex(which);
      if (index < 0) throw new Error(`${list.operation} in ${region} returned no item to damage among ${items.length}`);
      // A bare name without its id is an empty one.
      if (typeof items[index] === "string") items[index] = "";
      else delete items[index][list.id];
      return page;
    },
  };
}

/** Which page (from 1) a request asks for, and the list whole, as the endpoint answers it in one page. */
async function wholeList(list: ListOperation, region: string, request: EndpointRequest, forward: Forward): Promise<{ page: number; whole: Record<string, any>; items: unknown[] }> {
  const token = tokenField(list);
  const { [token ?? ""]: asked, ...first } = request.input;
  const whole = await forward(token === undefined ? request.input : first);
  if (list.nextOf(whole) !== undefined) throw new Error(`${list.operation} in ${region} needs more than one page of the endpoint; use a smaller account`);
  return { page: tokenPage(asked), whole, items: list.itemsOf(whole) ?? [] };
}

/** The input field carrying the next-page token; none for a single call. */
function tokenField(list: ListOperation): string | undefined {
  if (list.single) return undefined;
  const limit = PAGE_LIMITS[list.service]?.[list.operation];
  if (!limit) throw new Error(`no page limits for ${list.service}.${list.operation}`);
  return limit.token;
}

/**
 * The list is served in `pages` pages cut from the endpoint's single page, under
 * tokens of this wrapper; `damage` may replace what one page (numbered from 1)
 * answers. The endpoint is asked for every page, so its latency and
 * throttling still apply.
 */
export function repaged(list: ListOperation, region: string, pages: number, damage?: (page: number, served: () => Record<string, any>) => Record<string, any>): Fault {
  return {
    service: list.service,
    operation: list.operation,
    region,
    async attempt(request, forward) {
      const { page, whole, items } = await wholeList(list, region, request, forward);
      if (items.length < pages) throw new Error(`${list.operation} in ${region} has ${items.length} items: too few for ${pages} pages`);
      const cut = (n: number) => Math.floor((n * items.length) / pages);
      const served = () => list.withPage(whole, items.slice(cut(page - 1), cut(page)), page < pages ? pageToken(page + 1) : undefined) as Record<string, any>;
      return damage ? damage(page, served) : served();
    },
  };
}

const TOKEN_PREFIX = "driftwarden-fault-page-";

function pageToken(page: number): string {
  return `${TOKEN_PREFIX}${page}`;
}

function tokenPage(token: unknown): number {
  if (token === undefined) return 1;
  if (typeof token !== "string" || !token.startsWith(TOKEN_PREFIX)) throw new Error(`unexpected pagination token ${String(token)}`);
  return Number(token.slice(TOKEN_PREFIX.length));
}

/** Page `page` of `pages` fails on every attempt; the pages before it are served. */
export function failingPage(list: ListOperation, region: string, page: number, pages: number, error: () => Error): Fault {
  return repaged(list, region, pages, (n, served) => {
    if (n === page) throw error();
    return served();
  });
}

/**
 * A truncated page: the list's first page keeps its next-page token but has
 * lost its items, as a response cut short or mangled in transit would read;
 * the token leads to an empty last page. Nothing in the pages says that any
 * resource is missing, except the item list absent from the first.
 */
export function truncatedPage(list: ListOperation, region: string): Fault {
  return {
    service: list.service,
    operation: list.operation,
    region,
    async attempt(request, forward) {
      const { page, whole } = await wholeList(list, region, request, forward);
      return (page === 1 ? list.withPage(whole, undefined, pageToken(2)) : list.withPage(whole, [], undefined)) as Record<string, any>;
    },
  };
}

/** Which pages of a repaged list were asked for, in order, retries included. */
export function pagesAsked(attempts: EndpointRequest[], list: ListOperation, region: string): number[] {
  const token = tokenField(list);
  return attempts.filter((a) => a.service === list.service && a.operation === list.operation && a.region === region).map((a) => tokenPage(token === undefined ? undefined : a.input[token]));
}
