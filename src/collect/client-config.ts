import { NODE_APP_ID_CONFIG_OPTIONS } from "@aws-sdk/core/client";
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from "@aws-sdk/core/httpAuthSchemes";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { loadConfig, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS } from "@smithy/core/config";
import type { AwsCredentialIdentityProvider, Pluggable, Provider } from "@smithy/types";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { sharedTransport } from "./transport.js";

/** The subset of SDK v3 client configuration every collector client takes. */
export interface AwsClientConfig {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: "standard" | "adaptive";
  useFipsEndpoint: Provider<boolean>;
  useDualstackEndpoint: Provider<boolean>;
  userAgentAppId: Provider<string | undefined>;
  authSchemePreference: Provider<string[]>;
  /** One for every client (transport.ts). */
  requestHandler: NodeHttpHandler;
}

export interface ConnectionOptions {
  profile?: string;
  /** Overrides AWS_ENDPOINT_URL for every client (LocalStack and other emulators). */
  endpointUrl?: string;
  maxAttempts?: number;
  credentials?: AwsCredentialIdentityProvider;
  /** Middleware added to every client of the run, STS included (--debug's request log, the in-process fake AWS of tests and benchmarks). */
  plugins?: Pluggable<any, any>[];
}

export function clientConfigFactory(options: ConnectionOptions): (region: string) => AwsClientConfig {
  // One provider for the whole run, so SSO and assume-role credentials are resolved once.
  const credentials = options.credentials ?? (options.profile ? fromNodeProviderChain({ profile: options.profile }) : undefined);
  const settings = sharedSettings(options.profile);
  return (region) => {
    const config: AwsClientConfig = {
      ...settings,
      region,
      maxAttempts: options.maxAttempts ?? 8,
      // Adaptive retry adds client-side rate limiting on throttling errors, which is what keeps
      // many concurrent Describe* calls under EC2's token bucket.
      retryMode: "adaptive",
      requestHandler: sharedTransport(),
    };
    if (credentials) config.credentials = credentials;
    if (options.endpointUrl) config.endpoint = options.endpointUrl;
    return config;
  };
}

/**
 * The settings each SDK client would look up on its own, in the environment and then the shared config files (a
 * chain of failed lookups per setting and client, thousands of clients in an organization's run): looked up once
 * per run, each a provider that remembers its answer. The run's --profile is the profile they are read from.
 */
function sharedSettings(profile: string | undefined): Pick<AwsClientConfig, "useFipsEndpoint" | "useDualstackEndpoint" | "userAgentAppId" | "authSchemePreference"> {
  const from = profile ? { profile } : {};
  return {
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, from),
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, from),
    userAgentAppId: loadConfig(NODE_APP_ID_CONFIG_OPTIONS, from),
    authSchemePreference: loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, from),
  };
}
