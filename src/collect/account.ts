import { errorCode } from "./errors.js";
import type { ConnectionOptions } from "./client-config.js";
import { clientConfigFactory } from "./client-config.js";
import { runClient } from "./run-client.js";

/** Missing or unusable credentials: nothing can be collected, so the run stops with this. */
export class CredentialsError extends Error {
  override name = "CredentialsError";
  constructor(
    message: string,
    /** The region STS was asked in, when the request itself failed (an unknown region fails with ENOTFOUND). */
    readonly region?: string,
  ) {
    super(message);
  }
}

/** An organization run's accounts cannot be listed (not an organization, no permission, an unknown unit): the run cannot start. */
export class AccountSelectionError extends Error {
  override name = "AccountSelectionError";
}

export interface CallerAccount {
  accountId: string;
  /** The region the credential chain resolves (AWS_REGION, the profile's region). */
  defaultRegion?: string;
}

export async function resolveAccount(options: ConnectionOptions, region?: string): Promise<CallerAccount> {
  // Imported by the call that needs it: the policies and a saved snapshot's audit take only this module's errors.
  const { GetCallerIdentityCommand, STSClient } = await import("@aws-sdk/client-sts");
  const config = clientConfigFactory(options)(region ?? "us-east-1");
  const sts = runClient(new STSClient(region ? config : { ...config, region: undefined }), options.plugins);
  let defaultRegion: string | undefined;
  try {
    defaultRegion = await sts.config.region();
  } catch {
    defaultRegion = undefined;
  }
  if (!region && !defaultRegion) {
    // STS needs some region to sign; the account id does not depend on which.
    return resolveAccount(options, "us-east-1").then((a) => ({ ...a, defaultRegion: undefined }));
  }
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new CredentialsError("sts:GetCallerIdentity returned no account id");
    return { accountId: identity.Account, defaultRegion: defaultRegion ?? region };
  } catch (error) {
    if (error instanceof CredentialsError) throw error;
    const code = errorCode(error);
    const hint =
      code === "CredentialsProviderError"
        ? "no AWS credentials found: set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        : `cannot identify the account (sts:GetCallerIdentity ${code}): ${(error as Error).message}`;
    throw new CredentialsError(hint, code === "CredentialsProviderError" ? undefined : (region ?? defaultRegion));
  } finally {
    sts.destroy();
  }
}
