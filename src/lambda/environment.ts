import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import type { DriftwardenConfig } from "../config/config.js";
import { defaultConfig, parseConfig } from "../config/config.js";
import { ConfigError } from "../config/errors.js";

/** The function's settings, from the environment serverless.yml sets. */
export interface AuditEnvironment {
  tableName: string;
  topicArn?: string;
  /** The config file's text (YAML or JSON); empty for the defaults. */
  configText: string;
  /** Where configText came from, for messages: the file's path in the package. */
  configSource?: string;
  /** Milliseconds kept back from the invocation timeout to finish writing after collection stops. */
  reserveMs: number;
}

export function auditEnvironment(env: NodeJS.ProcessEnv = process.env): AuditEnvironment {
  const tableName = env.DRIFTWARDEN_TABLE;
  if (!tableName) throw new ConfigError("DRIFTWARDEN_TABLE is not set: the function needs its findings table");
  // An empty value is unset: Number("") would be a reserve of 0.
  const reserveSeconds = Number(env.DRIFTWARDEN_RESERVE_SECONDS?.trim() || 90);
  if (!Number.isFinite(reserveSeconds) || reserveSeconds < 0) throw new ConfigError(`DRIFTWARDEN_RESERVE_SECONDS must be a number of seconds, got "${env.DRIFTWARDEN_RESERVE_SECONDS}"`);
  const file = env.DRIFTWARDEN_CONFIG_FILE;
  return {
    tableName,
    ...(env.DRIFTWARDEN_TOPIC_ARN && { topicArn: env.DRIFTWARDEN_TOPIC_ARN }),
    configText: file ? packagedConfig(file, env.LAMBDA_TASK_ROOT ?? process.cwd()) : "",
    ...(file && { configSource: file }),
    reserveMs: reserveSeconds * 1000,
  };
}

/** The deployed config: the packaged file with the rules, or the defaults without one. */
export function deployedConfig(env: AuditEnvironment): DriftwardenConfig {
  return env.configText.trim() ? parseConfig(env.configText, env.configSource ?? "the config", allRules) : defaultConfig(allRules);
}

const read = new Map<string, string>();

/**
 * The config file serverless.yml packages with the function (`file` is its
 * path from the package root, LAMBDA_TASK_ROOT): unlike an environment
 * variable it has no 4 KB limit. Read once per container, on its first invocation.
 */
export function packagedConfig(file: string, root: string): string {
  const path = join(root, file);
  let text = read.get(path);
  if (text === undefined) {
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new ConfigError(`DRIFTWARDEN_CONFIG_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    read.set(path, text);
  }
  return text;
}
