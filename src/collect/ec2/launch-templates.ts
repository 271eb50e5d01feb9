import { DescribeLaunchTemplatesCommand, paginateDescribeLaunchTemplates, paginateDescribeLaunchTemplateVersions } from "@aws-sdk/client-ec2";
import type { LaunchTemplate, LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import type { LaunchTemplateAttributes, LaunchTemplateVersionSettings } from "../../types/attributes.js";
import type { ResourceRecord } from "../../types/resource.js";
import { MalformedResponseError, required } from "../errors.js";
import { ItemFields, recordsOf } from "../listed-items.js";
import { compact } from "../normalize.js";
import type { PerResourceReads } from "../partial-reads.js";
import { allItems } from "./read.js";
import type { Ec2Context } from "./records.js";
import { LAUNCH_TEMPLATE, ec2Record } from "./records.js";
import { eachUnlessDeleted } from "../partial-reads.js";

export type LaunchTemplateRecord = ResourceRecord<LaunchTemplateAttributes>;

/** MaxResults 200 is the maximum of both DescribeLaunchTemplates and DescribeLaunchTemplateVersions. */
const PAGE_SIZE = 200;

const VERSIONS = "DescribeLaunchTemplateVersions";

/**
 * The region's launch templates and, when `ec2.launchTemplateVersions` is
 * planned, the metadata settings of every version an Auto Scaling group could
 * launch. This collector does not see the groups, so every version is read,
 * at the lowest count of calls: one region-wide DescribeLaunchTemplateVersions
 * for $Default and $Latest of all templates (2 versions per template, 200 per
 * page), then one paginated call per template only for a template with a
 * version that is neither (latest version above 2, or 2 when both point at
 * it). Most templates thus cost 1/100 of a call, and one call more when old
 * versions remain.
 */
export async function readLaunchTemplates(ctx: Ec2Context, readEach: PerResourceReads): Promise<LaunchTemplateRecord[] | undefined> {
  const templates = await ctx.attempt("DescribeLaunchTemplates", [LAUNCH_TEMPLATE], async () => {
    const items = await allItems(paginateDescribeLaunchTemplates({ client: ctx.client, pageSize: PAGE_SIZE }, {}), (page) => page.LaunchTemplates, "LaunchTemplates");
    return recordsOf(ctx, "DescribeLaunchTemplates", LAUNCH_TEMPLATE, items, (template, fields) => launchTemplateRecord(ctx, template, fields));
  });
  if (templates && templates.length > 0 && ctx.reads("ec2.launchTemplateVersions")) await withVersions(ctx, templates, readEach);
  return templates;
}

/** The record's name is the template's name, which Auto Scaling groups may name it by, whatever its Name tag. */
export function launchTemplateRecord(ctx: Pick<Ec2Context, "accountId" | "region">, template: LaunchTemplate, fields = new ItemFields()): LaunchTemplateRecord {
  const id = required(template.LaunchTemplateId, "LaunchTemplateId");
  const name = required(template.LaunchTemplateName, "LaunchTemplateName");
  const attributes = {
    defaultVersion: fields.read("defaultVersion", () => required(template.DefaultVersionNumber, "DefaultVersionNumber")),
    latestVersion: fields.read("latestVersion", () => required(template.LatestVersionNumber, "LatestVersionNumber")),
  } as LaunchTemplateAttributes;
  return { ...ec2Record(ctx, { type: LAUNCH_TEMPLATE, id, arnResource: `launch-template/${id}`, tags: template.Tags, attributes }), name };
}

/**
 * A version without MetadataOptions (or without HttpTokens in them) leaves
 * the setting to the AMI (ImdsSupport v2.0) and the account's instance
 * metadata defaults at launch: recorded as not set, never as required.
 */
export function versionSettings(version: LaunchTemplateVersion): LaunchTemplateVersionSettings {
  const data = version.LaunchTemplateData;
  const profile = data?.IamInstanceProfile;
  return compact({
    version: required(version.VersionNumber, "LaunchTemplateVersions.VersionNumber"),
    httpTokens: data?.MetadataOptions?.HttpTokens,
    httpEndpoint: data?.MetadataOptions?.HttpEndpoint,
    iamInstanceProfile: Boolean(profile?.Arn || profile?.Name),
  });
}

/** Whether the template has a version besides its default and latest ones (deleted versions cannot be told apart beforehand). */
export function hasOtherVersions({ attributes }: LaunchTemplateRecord): boolean {
  const { defaultVersion, latestVersion } = attributes;
  if (defaultVersion === undefined || latestVersion === undefined) return true;
  return latestVersion > (defaultVersion === latestVersion ? 1 : 2);
}

/** Settings of versions read, by template id and version number. */
type VersionsRead = Map<string, Map<number, LaunchTemplateVersionSettings>>;

/** Places each version's settings under its template; a version that cannot be placed leaves the type incomplete: a rule needing it says ERROR. */
function keepVersions(ctx: Ec2Context, read: VersionsRead, versions: LaunchTemplateVersion[]): void {
  for (const version of versions) {
    try {
      const settings = versionSettings(version);
      read.get(required(version.LaunchTemplateId, "LaunchTemplateVersions.LaunchTemplateId"))?.set(settings.version, settings);
    } catch (error) {
      if (!(error instanceof MalformedResponseError)) throw error;
      ctx.malformed(VERSIONS, LAUNCH_TEMPLATE, { skipped: true, field: error.field });
    }
  }
}

function setVersions(template: LaunchTemplateRecord, read: VersionsRead): void {
  template.attributes.versions = [...read.get(template.id)!.values()].sort((a, b) => a.version - b.version);
}

async function withVersions(ctx: Ec2Context, templates: LaunchTemplateRecord[], readEach: PerResourceReads): Promise<void> {
  const read: VersionsRead = new Map(templates.map((t) => [t.id, new Map()]));
  const keep = (versions: LaunchTemplateVersion[]) => keepVersions(ctx, read, versions);
  const defaults = await ctx.attempt(VERSIONS, [LAUNCH_TEMPLATE], async () => {
    // Without a template id or name, Versions may only be $Latest and $Default: those of every template in the region.
    const input = { Versions: ["$Latest", "$Default"] };
    keep(await allItems(paginateDescribeLaunchTemplateVersions({ client: ctx.client, pageSize: PAGE_SIZE }, input), (page) => page.LaunchTemplateVersions, "LaunchTemplateVersions"));
    return true;
  });
  if (!defaults) return;
  await readEach(VERSIONS, [LAUNCH_TEMPLATE], templates.filter(hasOtherVersions), async (template) => {
    const pages = paginateDescribeLaunchTemplateVersions({ client: ctx.client, pageSize: PAGE_SIZE }, { LaunchTemplateId: template.id });
    keep(await allItems(pages, (page) => page.LaunchTemplateVersions, "LaunchTemplateVersions"));
  });
  for (const template of templates) setVersions(template, read);
}

/**
 * These templates alone (a targeted read), with every version read by
 * template id: the versions the full read gathers from its region-wide and
 * per-template calls. A template whose versions could not be read has none
 * recorded; the CollectionError names its type.
 */
export async function readLaunchTemplatesById(ctx: Ec2Context, ids: string[], readEach: PerResourceReads): Promise<LaunchTemplateRecord[]> {
  const items = await eachUnlessDeleted(readEach, "DescribeLaunchTemplates", [LAUNCH_TEMPLATE], ids, ["InvalidLaunchTemplateId.NotFound"], async (id) => {
    const out = await ctx.client.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] }));
    return required(out.LaunchTemplates, "LaunchTemplates");
  });
  const templates = recordsOf(ctx, "DescribeLaunchTemplates", LAUNCH_TEMPLATE, items, (template, fields) => launchTemplateRecord(ctx, template, fields));
  if (templates.length === 0 || !ctx.reads("ec2.launchTemplateVersions")) return templates;
  const read: VersionsRead = new Map(templates.map((t) => [t.id, new Map()]));
  await readEach(VERSIONS, [LAUNCH_TEMPLATE], templates, async (template) => {
    const pages = paginateDescribeLaunchTemplateVersions({ client: ctx.client, pageSize: PAGE_SIZE }, { LaunchTemplateId: template.id });
    keepVersions(ctx, read, await allItems(pages, (page) => page.LaunchTemplateVersions, "LaunchTemplateVersions"));
    setVersions(template, read);
  });
  return templates;
}
