import { InvalidArgumentError, Option } from "commander";
import type { Command } from "commander";
import { allRules } from "../../rules/index.js";
import type { DriftwardenConfig } from "../config/config.js";
import { defaultConfig, loadConfigFile } from "../config/config.js";
import { didYouMean } from "../config/errors.js";
import { validateRegions } from "../config/regions.js";
import { serviceResourceTypes } from "../collect/services.js";
import type { PlanRequest } from "../run-plan.js";

export interface ConnectionFlags {
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  config?: string;
  rules?: string;
  /** Only these services' collectors and rules (--services ec2,rds). */
  services?: string[];
  /** The SDK's requests, retries and timings on stderr. */
  debug?: boolean;
}

const collectRegion = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((r) => r.trim()).filter(Boolean)];

/** Options every command that reads an account takes. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option("-r, --region <region>", "region to audit (repeatable or comma-separated; default: the config's regions, else AWS_REGION / the profile's region)", collectRegion)
    .option("-p, --profile <name>", "AWS profile from ~/.aws/config (SSO and assume-role profiles work)")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack or another emulator); AWS_ENDPOINT_URL works too")
    .option("-c, --config <file>", "driftwarden.config.yaml or .json (default: ./driftwarden.config.yaml when present)")
    .option("--rules <ids>", "only these rules (comma-separated ids)")
    .option("--debug", "print every AWS request (attempt, status, time) and retry on stderr");
}

/** Connection options plus what every auditing command takes: a snapshot file, the state directory, the drift reference. */
export function withAuditOptions(command: Command): Command {
  return withConnectionOptions(command)
    .option("-s, --snapshot <file>", "audit a saved snapshot offline instead of reading the account")
    .addOption(stateDirOption())
    .option("--no-state", "neither read nor record runs: no drift, no transitions")
    .option("--no-attribution", "on a live run, do not read CloudTrail (LookupEvents) to name who made each change since the previous run")
    .option("--full", "make every per-resource read, carrying none over from the previous run (see store.carryOverDays)")
    .option("--lock-wait <seconds>", "how long to wait for another run that holds the state directory (default: 10)", parseSeconds)
    .addOption(new Option("--against <what>", "drift against the previous run or the pinned baseline").choices(["previous", "baseline"]).default("previous"));
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError("expected a number of seconds, 0 or more.");
  return seconds;
}

/** A comma-separated list of 12-digit account ids, each once. */
export function accountIds(flag: string): (value: string) => string[] {
  return (value) => {
    const ids = [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))];
    const bad = ids.find((id) => !/^\d{12}$/.test(id));
    if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not an account id: ${flag} takes 12-digit ids, comma-separated.`);
    if (ids.length === 0) throw new InvalidArgumentError(`name at least one account id.`);
    return ids;
  };
}

/** A whole number from 1 to `max`. */
export function positiveInteger(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}.`);
    return n;
  };
}

/** Choices matched case-insensitively (--fail-on CRITICAL), given back in the case listed. */
export function caseInsensitiveChoices(option: Option, choices: readonly string[]): Option {
  return option.choices(choices).argParser((value: string) => {
    const choice = choices.find((c) => c === value.toLowerCase());
    if (!choice) throw new InvalidArgumentError(`Allowed choices are ${choices.join(", ")}.`);
    return choice;
  });
}

/** A comma-separated list of choices (--format json,HTML), each matched case-insensitively and given back once, in the case listed. */
export function caseInsensitiveList(option: Option, choices: readonly string[], what: string): Option {
  return option.argParser((value: string) => {
    const picked: string[] = [];
    for (const name of value.split(",").map((s) => s.trim()).filter(Boolean)) {
      const choice = choices.find((c) => c === name.toLowerCase());
      if (!choice) throw new InvalidArgumentError(`unknown ${what} "${name}"${didYouMean(name.toLowerCase(), choices)}; choose from ${choices.join(", ")}.`);
      if (!picked.includes(choice)) picked.push(choice);
    }
    if (picked.length === 0) throw new InvalidArgumentError(`name at least one ${what}: ${choices.join(", ")}.`);
    return picked;
  });
}

export function stateDirOption(): Option {
  return new Option("--state-dir <dir>", "where runs, findings and the baseline are kept between audits").default(".driftwarden");
}

export function formatOption(formats: string[], fallback: string): Option {
  return new Option("-f, --format <format>", "output format").choices(formats).default(fallback);
}

export async function loadConfig(flags: ConnectionFlags): Promise<DriftwardenConfig> {
  const path = flags.config ?? (await existingDefaultConfig());
  const config = path ? await loadConfigFile(path, allRules) : defaultConfig(allRules);
  if (flags.region?.length) config.regions = validateRegions(flags.region, "--region");
  return config;
}

async function existingDefaultConfig(): Promise<string | undefined> {
  const { access } = await import("node:fs/promises");
  for (const name of ["driftwarden.config.yaml", "driftwarden.config.yml", "driftwarden.config.json"]) {
    try {
      await access(name);
      return name;
    } catch {
      // not present: try the next name
    }
  }
  return undefined;
}

/** The rules --rules asks for, as the run plan takes them. */
export function requestedRules(flags: Pick<ConnectionFlags, "rules">): PlanRequest["rules"] {
  if (!flags.rules) return undefined;
  return { ids: flags.rules.split(",").map((s) => s.trim()).filter(Boolean), where: "--rules", hint: "; run `driftwarden rules` for the list" };
}

/** The rules and services --rules and --services ask for, as a run plan's request takes them: each only when asked. */
export function requestedScope(flags: Pick<ConnectionFlags, "rules" | "services">): Pick<PlanRequest, "rules" | "services"> {
  const rules = requestedRules(flags);
  const services = requestedServices(flags);
  return { ...(rules && { rules }), ...(services && { services }) };
}

/** The services --services asks for, as the run plan takes them. */
export function requestedServices(flags: Pick<ConnectionFlags, "services">): PlanRequest["services"] {
  if (!flags.services) return undefined;
  return { names: flags.services, resourceTypes: serviceResourceTypes(flags.services), where: "--services" };
}
