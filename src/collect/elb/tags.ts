/** Tags of Elastic Load Balancing resources, shared by the classic and v2 collectors. */
import type { ResourceRecord, ResourceType } from "../../types/resource.js";
import { tagsOf } from "../normalize.js";
import type { PerResourceReads } from "../partial-reads.js";
import { batchesOf } from "../partial-reads.js";

/** Both DescribeTags APIs take at most 20 load balancer names or resource ARNs per call. */
export const DESCRIBE_TAGS_BATCH = 20;

export interface TaggedKey {
  /** The name (classic) or ARN (v2) the tags belong to. */
  key?: string;
  tags?: { Key?: string; Value?: string }[];
}

/**
 * Sets the tags of `records` from DescribeTags, 20 keys per call. A failure
 * leaves the records untagged and is one "DescribeTags" error naming their types.
 */
export async function tagRecords(
  readEach: PerResourceReads,
  records: Map<string, ResourceRecord<unknown>>,
  describeTags: (keys: string[]) => Promise<TaggedKey[]>,
): Promise<void> {
  const types = [...new Set([...records.values()].map((r) => r.type))].sort() as ResourceType[];
  await readEach("DescribeTags", types, batchesOf([...records.keys()], DESCRIBE_TAGS_BATCH), async (keys) => {
    for (const { key, tags } of await describeTags(keys)) {
      const record = key === undefined ? undefined : records.get(key);
      if (record) record.tags = tagsOf(tags);
    }
  });
}
