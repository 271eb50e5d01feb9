import { describe, expect, it } from "@jest/globals";
import pLimit from "p-limit";
import type { CollectorContext } from "../../src/collect/collector.js";
import { DeadlineError } from "../../src/collect/errors.js";
import type { EachRead } from "../../src/collect/partial-reads.js";
import { PER_RESOURCE_CONCURRENCY, batchesOf, eachUnlessDeleted, listAllPages, perResourceReads, readEach } from "../../src/collect/partial-reads.js";
import type { ResourceType } from "../../src/types/resource.js";

const DISTRIBUTION: ResourceType[] = ["AWS::CloudFront::Distribution"];
const INSTANCE: ResourceType[] = ["AWS::EC2::Instance", "AWS::EC2::Volume"];
const OPERATION = "GetDistributionConfig";

/** An error as the SDK throws it: the wire code as its name, the HTTP status in $metadata. */
function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

const DENIED_MESSAGE = "User: arn:aws:sts::111122223333:assumed-role/audit/x is not authorized to perform: cloudfront:GetDistributionConfig";
const denied = () => awsError("AccessDenied", DENIED_MESSAGE, 403);
const throttled = (code = "Throttling") => awsError(code, "Rate exceeded", 400);

interface Recorded {
  operation: string;
  resourceTypes: ResourceType[];
  error: unknown;
}

/** The attempt of src/collect/run.ts, recording instead of converting: a failing read is caught, recorded and gives undefined. */
function recordingContext() {
  const attempts: Omit<Recorded, "error">[] = [];
  const failures: Recorded[] = [];
  const ctx: Pick<CollectorContext<unknown>, "attempt"> = {
    async attempt<T>(operation: string, resourceTypes: ResourceType[], read: () => Promise<T>): Promise<T | undefined> {
      attempts.push({ operation, resourceTypes });
      try {
        return await read();
      } catch (error) {
        failures.push({ operation, resourceTypes, error });
        return undefined;
      }
    },
  };
  /** The one error recorded, with the fields readEach sets on it. */
  const onlyError = () => {
    expect(failures).toHaveLength(1);
    return failures[0]!.error as Error & { resourceIds?: string[] };
  };
  return { ctx, attempts, failures, onlyError };
}

/** Lets every promise chain that can move on without outside help do so (p-limit hands over in microtasks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function* pagesOf<P>(pages: P[], failAfter?: { error: unknown }): AsyncGenerator<P> {
  for (const page of pages) yield page;
  if (failAfter) throw failAfter.error;
}

describe("listAllPages", () => {
  it("gives the items of every page, in page order, in one attempt", async () => {
    const { ctx, attempts, failures } = recordingContext();
    const seen: unknown[] = [];

    const items = await listAllPages(ctx, "ListDistributions", DISTRIBUTION, pagesOf([{ Items: ["a", "b"] }, { Items: [] as string[] }, { Items: ["c"] }, { Items: ["d", "e"] }]), (page) => {
      seen.push(page);
      return page.Items;
    });

    expect(items).toEqual(["a", "b", "c", "d", "e"]);
    expect(seen).toEqual([{ Items: ["a", "b"] }, { Items: [] }, { Items: ["c"] }, { Items: ["d", "e"] }]);
    expect(attempts).toEqual([{ operation: "ListDistributions", resourceTypes: DISTRIBUTION }]);
    expect(failures).toEqual([]);
  });

  it("keeps the items of the pages before a failing page and hands the failure to attempt", async () => {
    const { ctx, attempts, failures } = recordingContext();
    const error = throttled();

    const items = await listAllPages(ctx, "DescribeInstances", INSTANCE, pagesOf([{ ids: ["i-1", "i-2"] }, { ids: ["i-3"] }], { error }), (page) => page.ids);

    expect(items).toEqual(["i-1", "i-2", "i-3"]);
    expect(attempts).toEqual([{ operation: "DescribeInstances", resourceTypes: INSTANCE }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toEqual({ operation: "DescribeInstances", resourceTypes: INSTANCE, error });
    expect(failures[0]!.error).toBe(error);
  });

  it("gives [] and the failure when the first page fails", async () => {
    const { ctx, failures } = recordingContext();
    const error = denied();

    const items = await listAllPages(ctx, "ListDistributions", DISTRIBUTION, pagesOf<{ Items: string[] }>([], { error }), (page) => page.Items);

    expect(items).toEqual([]);
    expect(failures.map((f) => f.error)).toEqual([error]);
  });

  it("gives [] and no failure for a list with no pages", async () => {
    const { ctx, attempts, failures } = recordingContext();
    expect(await listAllPages(ctx, "ListDistributions", DISTRIBUTION, pagesOf<{ Items: string[] }>([]), (page) => page.Items)).toEqual([]);
    expect(attempts).toHaveLength(1);
    expect(failures).toEqual([]);
  });
});

/** readEach over `labels` with concurrency 1, so that reads run in item order; `fail` says which fail and how. */
async function readInOrder(labels: string[], fail: Record<string, () => unknown>, more: Partial<EachRead<string>> = {}) {
  const recorded = recordingContext();
  const read: string[] = [];
  await readEach(recorded.ctx, {
    operation: OPERATION,
    resourceTypes: DISTRIBUTION,
    items: labels,
    label: (item) => item,
    limit: pLimit(1),
    read: async (item) => {
      read.push(item);
      const failure = fail[item];
      if (failure) throw failure();
    },
    ...more,
  });
  return { ...recorded, read };
}

describe("readEach", () => {
  it("makes no attempt at all for no items", async () => {
    let reads = 0;
    const { ctx, attempts, failures } = recordingContext();
    await readEach(ctx, {
      operation: OPERATION,
      resourceTypes: DISTRIBUTION,
      items: [],
      label: String,
      limit: pLimit(1),
      read: async () => {
        reads += 1;
      },
    });
    expect(attempts).toEqual([]);
    expect(failures).toEqual([]);
    expect(reads).toBe(0);
  });

  it("reads every item once, in one attempt naming the operation and types, and records no error when all answer", async () => {
    const { attempts, failures, read } = await readInOrder(["E1", "E2", "E3"], {});
    expect(read).toEqual(["E1", "E2", "E3"]);
    expect(attempts).toEqual([{ operation: OPERATION, resourceTypes: DISTRIBUTION }]);
    expect(failures).toEqual([]);
  });

  it("tries every item when some are denied or gone, and makes their failures one error with the first one's code and first line", async () => {
    const { read, failures, onlyError } = await readInOrder(["E1", "E2", "E3", "E4", "E5"], {
      E2: () => awsError("AccessDenied", `${DENIED_MESSAGE}\n\tat a stack line\nmore`, 403),
      E4: () => awsError("NoSuchDistribution", "The specified distribution does not exist.", 404),
    });

    expect(read).toEqual(["E1", "E2", "E3", "E4", "E5"]);
    expect(failures[0]).toMatchObject({ operation: OPERATION, resourceTypes: DISTRIBUTION });
    const error = onlyError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AccessDenied");
    expect(error.message).toBe(`failed for 2 of 5 (E2, E4): ${DENIED_MESSAGE}`);
    expect("resourceIds" in error).toBe(false);
  });

  it("names the failed items in sorted order, and takes the code and message of the first to fail", async () => {
    const { onlyError } = await readInOrder(["zeta", "ok", "alpha", "Mike"], {
      zeta: () => awsError("InvalidParameterValue", "zeta is not valid"),
      alpha: denied,
      Mike: denied,
    });
    const error = onlyError();
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toBe("failed for 3 of 4 (Mike, alpha, zeta): zeta is not valid");
  });

  it("takes the code of the failure that came first in time, not first in item order", async () => {
    const { ctx, onlyError } = recordingContext();
    const gates = { a: deferred(), b: deferred() };
    const done = readEach(ctx, {
      operation: OPERATION,
      resourceTypes: DISTRIBUTION,
      items: ["a", "b"] as const,
      label: (item) => item,
      limit: pLimit(2),
      read: (item) => gates[item].promise,
    });
    await settle();
    gates.b.reject(awsError("InvalidParameterValue", "b first"));
    await settle();
    gates.a.reject(denied());
    await done;

    const error = onlyError();
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toBe("failed for 2 of 2 (a, b): b first");
  });

  it("names exactly five failed items without a count of more", async () => {
    const labels = ["e", "d", "c", "b", "a"];
    const { onlyError } = await readInOrder(labels, Object.fromEntries(labels.map((l) => [l, denied])));
    expect(onlyError().message).toBe(`failed for 5 of 5 (a, b, c, d, e): ${DENIED_MESSAGE}`);
  });

  it("names the first five failed items, sorted, and counts the rest", async () => {
    const six = ["f", "e", "d", "c", "b", "a"];
    expect((await readInOrder(six, Object.fromEntries(six.map((l) => [l, denied])))).onlyError().message).toBe(`failed for 6 of 6 (a, b, c, d, e, … 1 more): ${DENIED_MESSAGE}`);

    const ten = ["j", "i", "h", "g", "f", "e", "d", "c", "b", "a"];
    const failing = ["j", "h", "g", "e", "d", "c", "b", "a"];
    expect((await readInOrder(ten, Object.fromEntries(failing.map((l) => [l, denied])))).onlyError().message).toBe(`failed for 8 of 10 (a, b, c, d, e, … 3 more): ${DENIED_MESSAGE}`);
  });

  it("gives the code Error and the thrown text for a failure that is not an Error", async () => {
    const error = (await readInOrder(["a", "b"], { b: () => "socket hang up" })).onlyError();
    expect(error.name).toBe("Error");
    expect(error.message).toBe("failed for 1 of 2 (b): socket hang up");
  });

  it("reads the code of an error that carries it as Code (S3's shape)", async () => {
    const error = (await readInOrder(["a"], { a: () => Object.assign(new Error("Please reduce your request rate."), { Code: "SlowDown" }) })).onlyError();
    expect(error.name).toBe("SlowDown");
    expect(error.message).toBe("failed for 1 of 1 (a): Please reduce your request rate.");
  });

  describe("when the service stops answering", () => {
    it.each([
      ["Throttling", () => throttled("Throttling")],
      ["ThrottlingException", () => throttled("ThrottlingException")],
      ["EC2ThrottledException", () => throttled("EC2ThrottledException")],
      ["RequestLimitExceeded", () => throttled("RequestLimitExceeded")],
      ["TooManyRequestsException", () => throttled("TooManyRequestsException")],
      ["SlowDown", () => throttled("SlowDown")],
      // Route 53's answer to too many requests at once, and the SDK's other throttling codes.
      ["PriorRequestNotComplete", () => throttled("PriorRequestNotComplete")],
      ["BandwidthLimitExceeded", () => throttled("BandwidthLimitExceeded")],
      ["ProvisionedThroughputExceededException", () => throttled("ProvisionedThroughputExceededException")],
      ["Deadline", () => new DeadlineError("stopped before the invocation deadline; not collected in this run")],
    ])("%s leaves the items not yet started untried and says how many", async (code, failure) => {
      const { read, onlyError } = await readInOrder(["a", "b", "c", "d", "e"], { b: failure });

      expect(read).toEqual(["a", "b"]);
      const error = onlyError();
      expect(error.name).toBe(code);
      expect(error.message).toBe(`failed for 1 of 5 (b, 3 more not tried): ${code === "Deadline" ? "stopped before the invocation deadline; not collected in this run" : "Rate exceeded"}`);
    });

    it("keeps the first failure's code when throttling follows it", async () => {
      const { read, onlyError } = await readInOrder(["a", "b", "c", "d"], { a: denied, b: throttled });
      expect(read).toEqual(["a", "b"]);
      const error = onlyError();
      expect(error.name).toBe("AccessDenied");
      expect(error.message).toBe(`failed for 2 of 4 (a, b, 2 more not tried): ${DENIED_MESSAGE}`);
    });

    it("says nothing of untried items when the throttled read was the last", async () => {
      const { read, onlyError } = await readInOrder(["a", "b", "c"], { c: throttled });
      expect(read).toEqual(["a", "b", "c"]);
      expect(onlyError().message).toBe("failed for 1 of 3 (c): Rate exceeded");
    });

    it("lets the reads already in flight finish and starts no other", async () => {
      const { ctx, onlyError } = recordingContext();
      const gates = new Map(["a", "b", "c", "d", "e"].map((item) => [item, deferred()]));
      const started: string[] = [];
      const finished: string[] = [];
      const done = readEach(ctx, {
        operation: OPERATION,
        resourceTypes: DISTRIBUTION,
        items: [...gates.keys()],
        label: (item) => item,
        limit: pLimit(2),
        read: async (item) => {
          started.push(item);
          await gates.get(item)!.promise;
          finished.push(item);
        },
      });
      await settle();
      expect(started).toEqual(["a", "b"]);
      gates.get("a")!.reject(throttled());
      await settle();
      gates.get("b")!.resolve();
      await done;

      expect(started).toEqual(["a", "b"]);
      expect(finished).toEqual(["b"]);
      expect(onlyError().message).toBe("failed for 1 of 5 (a, 3 more not tried): Rate exceeded");
    });

    it.each([
      ["AccessDenied", denied],
      ["InvalidParameterValue", () => awsError("InvalidParameterValue", "Rate exceeded")],
      ["NoSuchDistribution", () => awsError("NoSuchDistribution", "Rate exceeded", 404)],
      ["Error", () => new Error("Rate exceeded")],
    ])("does not take %s for it: every item is still tried", async (code, failure) => {
      const { read, onlyError } = await readInOrder(["a", "b", "c", "d", "e"], { b: failure });
      expect(read).toEqual(["a", "b", "c", "d", "e"]);
      const error = onlyError();
      expect(error.name).toBe(code);
      expect(error.message).not.toContain("not tried");
      expect(error.message).toMatch(/^failed for 1 of 5 \(b\): /);
    });
  });

  describe("markUnreadable", () => {
    interface Read {
      record: string;
      fail?: () => unknown;
    }

    async function readMarking(items: Read[], mark: (item: Read) => string | undefined) {
      const recorded = recordingContext();
      const marked: [string, string][] = [];
      const read: string[] = [];
      await readEach(recorded.ctx, {
        operation: "GetBucketPolicy",
        resourceTypes: ["AWS::S3::Bucket"],
        items,
        label: (item) => item.record,
        limit: pLimit(1),
        read: async (item) => {
          read.push(item.record);
          if (item.fail) throw item.fail();
        },
        markUnreadable: (item, field) => {
          marked.push([item.record, field]);
          return mark(item) as string;
        },
      });
      return { ...recorded, marked, read };
    }

    it("marks each failed item, with the operation and code, and the error names their records sorted and once each", async () => {
      const { marked, onlyError } = await readMarking(
        [
          { record: "logs", fail: denied },
          { record: "assets" },
          { record: "backups", fail: () => awsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404) },
          { record: "logs", fail: denied },
        ],
        (item) => item.record,
      );

      expect(marked).toEqual([
        ["logs", "GetBucketPolicy answer (AccessDenied)"],
        ["backups", "GetBucketPolicy answer (NoSuchBucketPolicy)"],
        ["logs", "GetBucketPolicy answer (AccessDenied)"],
      ]);
      const error = onlyError();
      expect(error.resourceIds).toEqual(["backups", "logs"]);
      expect(error.name).toBe("AccessDenied");
      expect(error.message).toBe(`failed for 3 of 4 (backups, logs, logs): ${DENIED_MESSAGE}`);
    });

    it("does not call it for items that answered", async () => {
      const { marked, failures } = await readMarking([{ record: "a" }, { record: "b" }], (item) => item.record);
      expect(marked).toEqual([]);
      expect(failures).toEqual([]);
    });

    it("names no records when one failed item could not be marked", async () => {
      const { marked, onlyError } = await readMarking(
        [
          { record: "a", fail: denied },
          { record: "b", fail: denied },
        ],
        (item) => (item.record === "b" ? undefined : item.record),
      );
      expect(marked.map(([record]) => record)).toEqual(["a", "b"]);
      const error = onlyError();
      expect("resourceIds" in error).toBe(false);
      expect(error.message).toBe(`failed for 2 of 2 (a, b): ${DENIED_MESSAGE}`);
    });

    it("names no records when items went untried, though the failed one was marked", async () => {
      const { marked, read, onlyError } = await readMarking([{ record: "a", fail: throttled }, { record: "b" }, { record: "c" }], (item) => item.record);
      expect(read).toEqual(["a"]);
      expect(marked).toEqual([["a", "GetBucketPolicy answer (Throttling)"]]);
      const error = onlyError();
      expect("resourceIds" in error).toBe(false);
      expect(error.message).toBe("failed for 1 of 3 (a, 2 more not tried): Rate exceeded");
    });

    it("names the records when the throttled read was the last and nothing went untried", async () => {
      const { onlyError } = await readMarking([{ record: "b" }, { record: "a", fail: throttled }], (item) => item.record);
      expect(onlyError().resourceIds).toEqual(["a"]);
    });

    it("names no records without it", async () => {
      const { onlyError } = await readInOrder(["a", "b"], { a: denied, b: denied });
      expect("resourceIds" in onlyError()).toBe(false);
    });
  });
});

describe("perResourceReads", () => {
  it("reads with at most `concurrency` reads in flight, and reaches it", async () => {
    const { ctx, failures } = recordingContext();
    const gates = Array.from({ length: 8 }, () => deferred());
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const done = perResourceReads(ctx, 3)(OPERATION, DISTRIBUTION, [0, 1, 2, 3, 4, 5, 6, 7], async (i) => {
      started.push(i);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await gates[i]!.promise;
      inFlight -= 1;
    });

    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(inFlight).toBe(3);
    for (const gate of gates) {
      gate.resolve();
      await settle();
    }
    await done;

    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
    expect(inFlight).toBe(0);
    expect(failures).toEqual([]);
  });

  it(`reads ${PER_RESOURCE_CONCURRENCY} at once by default`, async () => {
    expect(PER_RESOURCE_CONCURRENCY).toBe(10);
    const { ctx } = recordingContext();
    const gate = deferred();
    let inFlight = 0;
    let most = 0;
    const done = perResourceReads(ctx)(OPERATION, DISTRIBUTION, Array.from({ length: 25 }, (_, i) => i), async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await gate.promise;
      inFlight -= 1;
    });
    await settle();
    expect(inFlight).toBe(10);
    gate.resolve();
    await done;
    expect(most).toBe(10);
  });

  it("shares one limit between the operations of one collector", async () => {
    const { ctx, attempts } = recordingContext();
    const gate = deferred();
    let inFlight = 0;
    let most = 0;
    const read = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await gate.promise;
      inFlight -= 1;
    };
    const reads = perResourceReads(ctx, 2);
    const done = Promise.all([reads("GetDistributionConfig", DISTRIBUTION, ["a", "b", "c"], read), reads("ListTagsForResource", DISTRIBUTION, ["a", "b", "c"], read)]);
    await settle();
    expect(inFlight).toBe(2);
    gate.resolve();
    await done;
    expect(most).toBe(2);
    expect(attempts.map((a) => a.operation)).toEqual(["GetDistributionConfig", "ListTagsForResource"]);
  });

  it("makes no attempt for no items", async () => {
    const { ctx, attempts } = recordingContext();
    await perResourceReads(ctx, 2)(OPERATION, DISTRIBUTION, [], async () => {});
    expect(attempts).toEqual([]);
  });

  it("makes the failures one error, as readEach does", async () => {
    const { ctx, onlyError } = recordingContext();
    await perResourceReads(ctx, 1)(OPERATION, DISTRIBUTION, [{ id: "E2B" }, { id: "E1A" }, { id: "E3C" }], async (item) => {
      if (item.id !== "E3C") throw denied();
    });
    const error = onlyError();
    expect(error.name).toBe("AccessDenied");
    expect(error.message).toBe(`failed for 2 of 3 (E1A, E2B): ${DENIED_MESSAGE}`);
    expect("resourceIds" in error).toBe(false);
  });

  it.each([
    ["an object by its id", { id: "E2ABCDEF", domain: "d.cloudfront.net" }, "E2ABCDEF"],
    ["an object by an id that is not a string", { id: 7 }, "7"],
    ["an object without an id as an object", { name: "no id" }, "[object Object]"],
    ["a list by its first item's label", [{ id: "i-1" }, { id: "i-2" }], "i-1…"],
    ["a list of strings by the first", ["zone-b", "zone-a"], "zone-b…"],
    ["a list of lists by the first of the first", [["x", "y"]], "x……"],
    ["an empty list as []", [], "[]"],
    ["a string as itself", "Z123EXAMPLE", "Z123EXAMPLE"],
    ["a number as its digits", 42, "42"],
    ["null as null", null, "null"],
  ])("labels %s", async (_, item, label) => {
    const { ctx, onlyError } = recordingContext();
    await perResourceReads(ctx, 1)(OPERATION, DISTRIBUTION, [item as unknown], async () => {
      throw denied();
    });
    expect(onlyError().message).toBe(`failed for 1 of 1 (${label}): ${DENIED_MESSAGE}`);
  });
});

describe("batchesOf", () => {
  it("splits into runs of the size, the last one partial", () => {
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf(["a", "b", "c", "d", "e", "f", "g"], 3)).toEqual([["a", "b", "c"], ["d", "e", "f"], ["g"]]);
  });

  it("makes no empty batch when the size divides the input", () => {
    expect(batchesOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batchesOf([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
  });

  it("gives one batch when the size is larger than the input", () => {
    expect(batchesOf([1, 2, 3], 100)).toEqual([[1, 2, 3]]);
  });

  it("gives one batch per value for size 1", () => {
    expect(batchesOf(["a", "b", "c"], 1)).toEqual([["a"], ["b"], ["c"]]);
  });

  it("gives no batch for no values", () => {
    expect(batchesOf([], 5)).toEqual([]);
  });

  it("leaves the input as it was", () => {
    const values = [1, 2, 3];
    const batches = batchesOf(values, 2);
    expect(values).toEqual([1, 2, 3]);
    expect(batches[0]).not.toBe(values);
  });
});

describe("eachUnlessDeleted", () => {
  const NOT_FOUND = ["InvalidInstanceID.NotFound", "InvalidVolume.NotFound"] as const;

  it("gives the items read for every id, in id order, in one attempt", async () => {
    const { ctx, attempts, failures } = recordingContext();
    const asked: string[] = [];
    const items = await eachUnlessDeleted(perResourceReads(ctx, 1), "DescribeInstances", INSTANCE, ["i-1", "i-2", "i-3"], NOT_FOUND, async (id) => {
      asked.push(id);
      return id === "i-2" ? [] : [`${id}/a`, `${id}/b`];
    });
    expect(items).toEqual(["i-1/a", "i-1/b", "i-3/a", "i-3/b"]);
    expect(asked).toEqual(["i-1", "i-2", "i-3"]);
    expect(attempts).toEqual([{ operation: "DescribeInstances", resourceTypes: INSTANCE }]);
    expect(failures).toEqual([]);
  });

  it("gives no item and no error for an id answered as not found", async () => {
    const { ctx, failures } = recordingContext();
    const items = await eachUnlessDeleted(perResourceReads(ctx, 1), "DescribeInstances", INSTANCE, ["i-1", "i-gone", "i-3", "vol-gone"], NOT_FOUND, async (id) => {
      if (id === "i-gone") throw awsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
      if (id === "vol-gone") throw awsError("InvalidVolume.NotFound", `The volume '${id}' does not exist.`);
      return [id];
    });
    expect(items).toEqual(["i-1", "i-3"]);
    expect(failures).toEqual([]);
  });

  it("knows a not-found answer by the SDK's class name as well as by its code", async () => {
    const { ctx, failures } = recordingContext();
    const items = await eachUnlessDeleted(perResourceReads(ctx, 1), "DescribeDBInstances", ["AWS::RDS::DBInstance"], ["db-1", "db-2"], ["DBInstanceNotFoundFault"], async (id) => {
      if (id === "db-1") throw Object.assign(new Error("DBInstance db-1 not found."), { name: "DBInstanceNotFoundFault", Code: "DBInstanceNotFound" });
      return [id];
    });
    expect(items).toEqual(["db-2"]);
    expect(failures).toEqual([]);
  });

  it("makes other failures one error naming the types, and keeps the items of the other ids", async () => {
    const { ctx, onlyError, failures } = recordingContext();
    const items = await eachUnlessDeleted(perResourceReads(ctx, 1), "DescribeInstances", INSTANCE, ["i-1", "i-2", "i-3", "i-4"], NOT_FOUND, async (id) => {
      if (id === "i-2") throw awsError("UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
      if (id === "i-3") throw awsError("InvalidInstanceID.NotFound", "gone");
      if (id === "i-4") throw awsError("InvalidInstanceID.Malformed", "Invalid id: \"i-4\"");
      return [id];
    });
    expect(items).toEqual(["i-1"]);
    expect(failures[0]).toMatchObject({ operation: "DescribeInstances", resourceTypes: INSTANCE });
    const error = onlyError();
    expect(error.name).toBe("UnauthorizedOperation");
    expect(error.message).toBe("failed for 2 of 4 (i-2, i-4): You are not authorized to perform this operation.");
  });

  it("gives [] and makes no attempt for no ids", async () => {
    const { ctx, attempts } = recordingContext();
    let asked = 0;
    const items = await eachUnlessDeleted(perResourceReads(ctx, 1), "DescribeInstances", INSTANCE, [], NOT_FOUND, async () => {
      asked += 1;
      return ["x"];
    });
    expect(items).toEqual([]);
    expect(asked).toBe(0);
    expect(attempts).toEqual([]);
  });
});
