/**
 * The SDK's requests as --debug prints them: one line per HTTP attempt
 * (service, operation, region, attempt, status, time) and one per call that
 * took more than one attempt (how many, and the time waited between them).
 * Headers and bodies are never printed: they carry credentials and data.
 */
import type { HandlerExecutionContext, Pluggable } from "@smithy/types";

interface LoggedRequest {
  method?: string;
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  headers?: Record<string, string>;
}

interface SdkMetadata {
  httpStatusCode?: number;
  attempts?: number;
  totalRetryDelay?: number;
}

/** `now` is a monotonic clock in milliseconds; the default is the process's. */
export function requestLogPlugin(write: (line: string) => void, now: () => number = () => performance.now()): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      // Inside the retry middleware and after signing: once per attempt.
      stack.add(
        (next, context) => async (args) => {
          const request = args.request as LoggedRequest;
          const prefix = `debug: ${callName(context)} ${regionOf(request)}${attemptOf(request)}: ${request.method ?? "?"} ${urlOf(request)}`;
          const started = now();
          try {
            const result = await next(args);
            write(`${prefix} → HTTP ${(result.response as { statusCode?: number }).statusCode ?? "?"} in ${elapsed(started, now())}`);
            return result;
          } catch (error) {
            write(`${prefix} → ${describeError(error)} in ${elapsed(started, now())}`);
            throw error;
          }
        },
        { step: "finalizeRequest", priority: "low", name: "driftwardenRequestLog", override: true },
      );
      // Around the retries: what the whole call took.
      stack.add(
        (next, context) => async (args) => {
          try {
            const result = await next(args);
            const metadata = (result.output as { $metadata?: SdkMetadata }).$metadata;
            if ((metadata?.attempts ?? 1) > 1) write(`debug: ${callName(context)} succeeded after ${retried(metadata!)}`);
            return result;
          } catch (error) {
            const metadata = (error as { $metadata?: SdkMetadata }).$metadata;
            if ((metadata?.attempts ?? 1) > 1) write(`debug: ${callName(context)} failed after ${retried(metadata!)}: ${describeError(error)}`);
            throw error;
          }
        },
        { step: "initialize", priority: "high", name: "driftwardenCallLog", override: true },
      );
    },
  };
}

/** "EC2 DescribeInstances", from the client's and the command's class names. */
function callName(context: HandlerExecutionContext): string {
  const client = String(context.clientName ?? "AWS").replace(/Client$/, "");
  const command = String(context.commandName ?? "request").replace(/Command$/, "");
  return `${client} ${command}`;
}

/** The region the request was signed for (its SigV4 credential scope), which an emulator's URL does not show. */
function regionOf(request: LoggedRequest): string {
  const authorization = request.headers?.authorization ?? request.headers?.Authorization ?? "";
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization);
  return scope ? scope[1]! : "-";
}

/** Without the query string: it may hold a pagination token or a resource name, and the operation already says what was asked. */
function urlOf(request: LoggedRequest): string {
  return `${request.protocol ? `${request.protocol}//` : ""}${request.hostname ?? ""}${request.port ? `:${request.port}` : ""}${request.path ?? ""}`;
}

function attemptOf(request: LoggedRequest): string {
  const header = /attempt=(\d+); max=(\d+)/.exec(request.headers?.["amz-sdk-request"] ?? "");
  return header ? ` attempt ${header[1]}/${header[2]}` : "";
}

function retried(metadata: SdkMetadata): string {
  return `${metadata.attempts} attempts, ${Math.round(metadata.totalRetryDelay ?? 0)} ms waiting between them`;
}

function describeError(error: unknown): string {
  const e = error as { name?: string; code?: string; $metadata?: SdkMetadata };
  // A service's error has a name (ThrottlingException); a socket's has a code (ECONNREFUSED).
  const name = e.name && e.name !== "Error" ? e.name : (e.code ?? "Error");
  return e.$metadata?.httpStatusCode ? `HTTP ${e.$metadata.httpStatusCode} ${name}` : name;
}

function elapsed(from: number, to: number): string {
  return `${Math.round(to - from)} ms`;
}
