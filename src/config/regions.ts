import { ConfigError } from "./errors.js";

// Commercial, GovCloud, China and ISO partitions: "us-east-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1".
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function validateRegions(regions: string[], where: string): string[] {
  for (const region of regions) {
    if (!REGION.test(region)) throw new ConfigError(`${where}: "${region}" is not an AWS region name (expected something like us-east-1 or eu-west-2)`);
  }
  return [...new Set(regions)];
}
