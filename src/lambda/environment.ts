import { ConfigError } from "../config/errors.js";

/** The function's settings, from the environment serverless.yml sets. */
export interface AuditEnvironment {
  tableName: string;
  topicArn?: string;
  /** The config file's text (YAML or JSON); empty for the defaults. */
  configText: string;
  /** Milliseconds kept back from the invocation timeout to finish writing after collection stops. */
  reserveMs: number;
}

export function auditEnvironment(env: NodeJS.ProcessEnv = process.env): AuditEnvironment {
  const tableName = env.DRIFTWARDEN_TABLE;
  if (!tableName) throw new ConfigError("DRIFTWARDEN_TABLE is not set: the function needs its findings table");
  const reserveSeconds = Number(env.DRIFTWARDEN_RESERVE_SECONDS ?? 90);
  if (!Number.isFinite(reserveSeconds) || reserveSeconds < 0) throw new ConfigError(`DRIFTWARDEN_RESERVE_SECONDS must be a number of seconds, got "${env.DRIFTWARDEN_RESERVE_SECONDS}"`);
  return {
    tableName,
    ...(env.DRIFTWARDEN_TOPIC_ARN && { topicArn: env.DRIFTWARDEN_TOPIC_ARN }),
    configText: env.DRIFTWARDEN_CONFIG ?? "",
    reserveMs: reserveSeconds * 1000,
  };
}
