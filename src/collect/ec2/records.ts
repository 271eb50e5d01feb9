import type { EC2Client, Tag } from "@aws-sdk/client-ec2";
import type { ResourceRecord } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { compact, partitionOf, tagsOf } from "../normalize.js";

export type Ec2Context = CollectorContext<EC2Client>;

export const SECURITY_GROUP = "AWS::EC2::SecurityGroup";
export const INSTANCE = "AWS::EC2::Instance";
export const VOLUME = "AWS::EC2::Volume";
export const VPC = "AWS::EC2::VPC";
export const SUBNET = "AWS::EC2::Subnet";
export const ELASTIC_IP = "AWS::EC2::EIP";
export const LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";

type Ec2ResourceType = typeof SECURITY_GROUP | typeof INSTANCE | typeof VOLUME | typeof VPC | typeof SUBNET | typeof ELASTIC_IP | typeof LAUNCH_TEMPLATE;


interface RecordParts<A> {
  type: Ec2ResourceType;
  id: string;
  /** "security-group/sg-…"; absent when the resource has no ARN (an address without allocation id). */
  arnResource?: string;
  tags: Tag[] | undefined;
  attributes: A;
  state?: object;
  /** The service's own name, used when there is no Name tag. */
  serviceName?: string;
}

/** A record of this account and region; `name` is the Name tag, as the EC2 console shows it. */
export function ec2Record<A extends object>(ctx: Pick<Ec2Context, "accountId" | "region">, parts: RecordParts<A>): ResourceRecord<A> {
  const tags = tagsOf(parts.tags);
  return compact({
    type: parts.type,
    id: parts.id,
    arn: parts.arnResource && `arn:${partitionOf(ctx.region)}:ec2:${ctx.region}:${ctx.accountId}:${parts.arnResource}`,
    accountId: ctx.accountId,
    region: ctx.region,
    name: tags.Name ?? parts.serviceName,
    tags,
    attributes: compact(parts.attributes),
    state: parts.state && (compact(parts.state) as Record<string, unknown>),
  });
}
