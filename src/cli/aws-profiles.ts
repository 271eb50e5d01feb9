/**
 * --profile is checked against the shared config and credentials files before
 * anything is read: the SDK's own error for a missing profile reads as if no
 * credentials were set up at all.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { didYouMean } from "../config/errors.js";
import { UsageError } from "./usage-error.js";

export async function assertProfileExists(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const configFile = sharedFile(env.AWS_CONFIG_FILE, "config");
  const credentialsFile = sharedFile(env.AWS_SHARED_CREDENTIALS_FILE, "credentials");
  const known = new Set([...configProfiles(await readIfPresent(configFile)), ...sectionNames(await readIfPresent(credentialsFile))]);
  if (known.has(profile)) return;
  throw new UsageError(`--profile ${profile}: the profile does not exist in ${configFile} or ${credentialsFile}${didYouMean(profile, [...known])}`);
}

/** Where the SDK looks: the environment's path (with ~ expanded), else ~/.aws/<name>. */
function sharedFile(fromEnv: string | undefined, name: string): string {
  if (!fromEnv) return join(homedir(), ".aws", name);
  return fromEnv.startsWith("~/") ? join(homedir(), fromEnv.slice(2)) : fromEnv;
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw new UsageError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

const SECTION = /^\s*\[\s*([^[\]]+?)\s*\]\s*(?:[#;].*)?$/;

function sectionNames(ini: string): string[] {
  return ini.split(/\r?\n/).flatMap((line) => {
    const name = SECTION.exec(line)?.[1];
    return name ? [name] : [];
  });
}

/** In the config file a profile is "[profile NAME]", or "[default]"; "[sso-session …]" and "[services …]" are not profiles. */
function configProfiles(ini: string): string[] {
  return sectionNames(ini).flatMap((name) => {
    if (name === "default") return [name];
    const profile = /^profile\s+(.+)$/.exec(name)?.[1];
    return profile ? [profile] : [];
  });
}
