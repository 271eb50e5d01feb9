import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider, Pluggable } from "@smithy/types";

/** The subset of SDK v3 client configuration every collector client takes. */
export interface AwsClientConfig {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: "standard" | "adaptive";
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
  return (region) => {
    const config: AwsClientConfig = {
      region,
      maxAttempts: options.maxAttempts ?? 8,
      // Adaptive retry adds client-side rate limiting on throttling errors, which is what keeps
      // many concurrent Describe* calls under EC2's token bucket.
      retryMode: "adaptive",
    };
    if (credentials) config.credentials = credentials;
    if (options.endpointUrl) config.endpoint = options.endpointUrl;
    return config;
  };
}
