/**
 * An in-process fake AWS endpoint: a middleware at the deserialize step, so
 * the SDK's real retry strategy (adaptive/standard), paginators and error
 * classification run exactly as against AWS, while responses come from a
 * responder function. aws-sdk-client-mock replaces `send` and so skips retries;
 * use this where retries are what is tested.
 */
import type { Pluggable } from "@smithy/types";
import { SMITHY_CONTEXT_KEY } from "@smithy/types";

export type Responder = (call: { commandName: string; clientName: string; input: Record<string, any>; region: string }) => Promise<Record<string, any>> | Record<string, any>;

export interface FakeCall {
  commandName: string;
  input: Record<string, any>;
  at: number;
}

export function fakeAws(responder: Responder, calls: FakeCall[] = []): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (_next, context) => async (args) => {
          const commandName = String(context.commandName);
          const input = structuredClone(args.input as Record<string, any>);
          calls.push({ commandName, input, at: Date.now() });
          const region = signingRegion(context);
          const output = await responder({ commandName, clientName: String(context.clientName), input, region });
          return { response: {}, output: { $metadata: { httpStatusCode: 200 }, ...output } };
        },
        { step: "deserialize", name: "driftwardenFakeAws", priority: "high" },
      );
    },
  };
}

/** An error shaped as the SDK raises it for an AWS error response. */
export function awsError(code: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode } });
}

/** The region a request is signed for; SDK v3 keeps it in the selected auth scheme, not on the context. */
export function signingRegion(context: Record<string | symbol, any>): string {
  return context[SMITHY_CONTEXT_KEY]?.selectedHttpAuthScheme?.httpAuthOption?.signingProperties?.region ?? context.signing_region ?? "";
}
