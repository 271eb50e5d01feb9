/**
 * Serves a fixture account from an aws-sdk-client-mock stub of EC2Client,
 * paging every paginated Describe call the way EC2 does (NextToken until the
 * last page) and recording each request's input as it was at call time: the
 * SDK paginator reuses one input object across pages.
 */
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import type {
  DescribeInstanceAttributeCommandInput,
  DescribeInstanceAttributeCommandOutput,
  DescribeLaunchTemplateVersionsCommandInput,
  EC2ClientResolvedConfig,
  LaunchTemplateVersion,
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-ec2";
import type { AwsStub } from "aws-sdk-client-mock";
import type { Ec2Account } from "../../fixtures/ec2/account.js";
import { ec2Account } from "../../fixtures/ec2/account.js";

/** What mockClient(EC2Client) returns. */
export type Ec2Stub = AwsStub<ServiceInputTypes, ServiceOutputTypes, EC2ClientResolvedConfig>;

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

/** Pages of `perPage` items: the token names the next item, as opaque to the caller as EC2's. */
export function paged<T, O>(items: T[], perPage: number, wrap: (page: T[]) => O, requests: PageRequest[] = []): (input: PageRequest) => O & { NextToken?: string } {
  return (input) => {
    requests.push({ ...input });
    const start = input.NextToken ? Number(input.NextToken.slice("token-".length)) : 0;
    const end = start + perPage;
    return { ...wrap(items.slice(start, end)), ...(end < items.length && { NextToken: `token-${end}` }) };
  };
}

/** The inputs each paginated operation received, by operation name. */
export type PageRequests = Record<string, PageRequest[]>;

/** Serves `account` with `perPage` items per page, so small fixtures still span several pages. */
export function serveAccount(ec2: Ec2Stub, account: Ec2Account = ec2Account, perPage = 2): PageRequests {
  const requests: PageRequests = {};
  const serve = <T, O>(operation: string, items: T[], wrap: (page: T[]) => O) => paged(items, perPage, wrap, (requests[operation] = []));
  ec2.reset();
  ec2.on(DescribeSecurityGroupsCommand).callsFake(serve("DescribeSecurityGroups", account.securityGroups, (SecurityGroups) => ({ SecurityGroups })));
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(serve("DescribeNetworkInterfaces", account.networkInterfaces, (NetworkInterfaces) => ({ NetworkInterfaces })));
  ec2.on(DescribeInstancesCommand).callsFake(serve("DescribeInstances", account.reservations, (Reservations) => ({ Reservations })));
  ec2.on(DescribeVolumesCommand).callsFake(serve("DescribeVolumes", account.volumes, (Volumes) => ({ Volumes })));
  ec2.on(DescribeVpcsCommand).callsFake(serve("DescribeVpcs", account.vpcs, (Vpcs) => ({ Vpcs })));
  ec2.on(DescribeSubnetsCommand).callsFake(serve("DescribeSubnets", account.subnets, (Subnets) => ({ Subnets })));
  ec2.on(DescribeRouteTablesCommand).callsFake(serve("DescribeRouteTables", account.routeTables, (RouteTables) => ({ RouteTables })));
  ec2.on(DescribeFlowLogsCommand).callsFake(serve("DescribeFlowLogs", account.flowLogs, (FlowLogs) => ({ FlowLogs })));
  ec2.on(DescribeAddressesCommand).resolves({ Addresses: account.addresses });
  ec2.on(DescribeInstanceAttributeCommand).callsFake(terminationProtectionOf(account));
  ec2.on(DescribeLaunchTemplatesCommand).callsFake(serve("DescribeLaunchTemplates", account.launchTemplates, (LaunchTemplates) => ({ LaunchTemplates })));
  ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(launchTemplateVersionsOf(account, perPage, (requests.DescribeLaunchTemplateVersions = [])));
  return requests;
}

/**
 * DescribeLaunchTemplateVersions as EC2 answers it: every version of the
 * template named by id, or, without one, $Latest and $Default of every
 * template (the only versions allowed then), each version once.
 */
export function launchTemplateVersionsOf(account: Ec2Account, perPage: number, requests: PageRequest[] = []) {
  return (input: DescribeLaunchTemplateVersionsCommandInput) => {
    let versions: LaunchTemplateVersion[];
    if (input.LaunchTemplateId) versions = account.launchTemplateVersions[input.LaunchTemplateId] ?? [];
    else {
      if (input.Versions?.some((v) => v !== "$Latest" && v !== "$Default")) throw new Error("without a template only $Latest and $Default may be asked for");
      versions = account.launchTemplates.flatMap((t) =>
        (account.launchTemplateVersions[t.LaunchTemplateId!] ?? []).filter((v) => v.VersionNumber === t.DefaultVersionNumber || v.VersionNumber === t.LatestVersionNumber),
      );
    }
    return paged(versions, perPage, (LaunchTemplateVersions) => ({ LaunchTemplateVersions }), requests)(input);
  };
}

export function terminationProtectionOf(account: Ec2Account) {
  return (input: DescribeInstanceAttributeCommandInput): Omit<DescribeInstanceAttributeCommandOutput, "$metadata"> => ({
    InstanceId: input.InstanceId,
    DisableApiTermination: { Value: account.terminationProtection[input.InstanceId!] ?? false },
  });
}
