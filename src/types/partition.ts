/** Regions outside the commercial partition, by name prefix (most specific first). */
const PARTITIONS: [prefix: string, partition: string][] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["us-iso-", "aws-iso"],
  ["eu-isoe-", "aws-iso-e"],
  ["eusc-", "aws-eusc"],
];

/** The partition an ARN in `region` names ("aws" for commercial regions). */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}
