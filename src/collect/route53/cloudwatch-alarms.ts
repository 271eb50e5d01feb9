/**
 * CloudWatch DescribeAlarms from AWS or from an emulator that predates
 * CloudWatch's JSON protocol. SDK v3 CloudWatch clients speak AWS JSON 1.0
 * (X-Amz-Target GraniteServiceVersion20100801.*); older moto and LocalStack
 * answer CloudWatch only in the Query protocol (form-encoded Action=…, XML
 * answers), which CloudWatch itself still accepts (its model declares both
 * awsJson1_0 and awsQuery). Such an endpoint is asked in the Query protocol,
 * with the same client class and commands, so the pages have the same shape
 * whichever protocol carried them.
 */
import { CloudWatchClient, paginateDescribeAlarms } from "@aws-sdk/client-cloudwatch";
import type { DescribeAlarmsCommandOutput } from "@aws-sdk/client-cloudwatch";
import type { AwsClientConfig } from "../client-config.js";
import type { CollectorContext } from "../collector.js";

type ClientContext = Pick<CollectorContext<unknown>, "newClient">;

/** MaxRecords 100 is the API maximum; without AlarmTypes only metric alarms are returned. */
const ALARMS_PER_PAGE = 100;

/**
 * Endpoints that answered only in the Query protocol. Remembered for the rest of the
 * process (one run for the CLI): an endpoint's protocols do not change while it runs,
 * so later reads skip the JSON request that fails.
 */
const queryOnlyEndpoints = new Set<string>();

/** Every page of DescribeAlarms, read in the JSON protocol, or in the Query protocol from an endpoint without JSON. */
export async function* describeAlarmPages(ctx: ClientContext): AsyncGenerator<DescribeAlarmsCommandOutput> {
  let endpoint = "";
  const json = ctx.newClient((config) => ((endpoint = endpointOf(config)), new CloudWatchClient(config)));
  if (!queryOnlyEndpoints.has(endpoint)) {
    const pages = paginateDescribeAlarms({ client: json, pageSize: ALARMS_PER_PAGE }, {});
    let first: IteratorResult<DescribeAlarmsCommandOutput> | undefined;
    try {
      first = await pages.next();
    } catch (error) {
      if (!answeredInAnotherProtocol(error)) throw error;
    }
    if (first) {
      // The endpoint speaks JSON: later pages are read the same way, and a later error is CloudWatch's own.
      if (!first.done) yield first.value;
      yield* pages;
      return;
    }
  }
  const query = await queryProtocolClient(ctx);
  for await (const page of paginateDescribeAlarms({ client: query, pageSize: ALARMS_PER_PAGE }, {})) {
    // Remembered once Query has answered: an endpoint failing both ways is not Query-only.
    queryOnlyEndpoints.add(endpoint);
    yield page;
  }
}

/**
 * Whether a JSON request failed because the endpoint does not speak CloudWatch's
 * JSON protocol, rather than because CloudWatch refused it:
 * - the answer is not JSON: the SDK's JSON deserializer throws a SyntaxError, with
 *   the HTTP response attached. Emulators without the JSON protocol answer in XML:
 *   moto runs the X-Amz-Target's action and answers its Query XML (200), LocalStack
 *   a 500 InternalError ("Missing Action in request for query-protocol service").
 *   CloudWatch answers a JSON request in JSON, errors included, so AccessDenied and
 *   throttling arrive as modelled JSON errors, and a network failure has no response:
 *   none of them match. (A Query-only emulator that denies access answers in XML too;
 *   the Query request then gets the same AccessDenied, which is reported.)
 * - UnknownOperationException: the AWS JSON protocols' answer to an X-Amz-Target
 *   the endpoint does not implement.
 */
function answeredInAnotherProtocol(error: unknown): boolean {
  const e = error as { name?: string; $response?: unknown } | undefined;
  if (e?.name === "UnknownOperationException") return true;
  return e?.name === "SyntaxError" && e.$response !== undefined;
}

/**
 * The same client with the SDK's own awsQuery protocol in place of JSON: the client's
 * protocolSettings already carry what Query needs (API version 2010-08-01, the
 * monitoring XML namespace). Imported on first use, as only emulators need it: the
 * Lambda bundle takes @aws-sdk/* from the runtime, whose @aws-sdk/core may predate it.
 */
async function queryProtocolClient(ctx: ClientContext): Promise<CloudWatchClient> {
  const { AwsQueryProtocol } = await import("@aws-sdk/core/protocols");
  return ctx.newClient((config) => new CloudWatchClient({ ...config, protocol: AwsQueryProtocol }));
}

/** Where a client sends its requests: --endpoint-url, else the SDK's choice for the region (AWS, or AWS_ENDPOINT_URL), fixed for the process. */
function endpointOf(config: AwsClientConfig): string {
  return config.endpoint ?? `default/${config.region}`;
}
