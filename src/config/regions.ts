import { ConfigError } from "./errors.js";

// The shape of a region name in every partition: "us-east-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "eusc-de-east-1".
// Whether AWS has the region is knownRegions' question.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

export function validateRegions(regions: string[], where: string): string[] {
  for (const region of regions) {
    if (!REGION.test(region)) throw new ConfigError(`${where}: "${region}" is not an AWS region name (expected something like us-east-1 or eu-west-2)`);
  }
  return [...new Set(regions)];
}

/**
 * Every region the AWS SDK knows, in all partitions. Route 53 names them for
 * alarms and private zones, and its enums move with each SDK release, so a new
 * region is known as soon as the SDK is updated; a list kept here would lag.
 * Its client is imported only when asked (about 0.1 s): config validation,
 * a saved snapshot and a run against an emulator never ask.
 */
export async function knownRegions(): Promise<readonly string[]> {
  const { CloudWatchRegion, VPCRegion } = await import("@aws-sdk/client-route-53");
  return [...new Set([...Object.values(CloudWatchRegion), ...Object.values(VPCRegion)])].sort();
}
