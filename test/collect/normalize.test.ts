import { describe, expect, it } from "@jest/globals";
import { compact, partitionOf, sortedByJson, sortedStrings, tagsOf } from "../../src/collect/normalize.js";

describe("tagsOf", () => {
  it("maps Key to Value, ordered by key in code-unit order whatever order AWS listed them in", () => {
    const tags = tagsOf([
      { Key: "b", Value: "2" },
      { Key: "ä", Value: "umlaut" },
      { Key: "a", Value: "1" },
      { Key: "Z", Value: "upper" },
      { Key: "Name", Value: "web" },
    ]);

    expect(tags).toEqual({ Name: "web", Z: "upper", a: "1", b: "2", ä: "umlaut" });
    // "N" < "Z" < "a" < "b" < "ä" by code unit (a locale would put "a" before "Z" and "ä" next to "a").
    expect(Object.keys(tags)).toEqual(["Name", "Z", "a", "b", "ä"]);
  });

  it("orders the same tags the same way from any input order", () => {
    const listed = [
      { Key: "env", Value: "prod" },
      { Key: "Owner", Value: "ops" },
      { Key: "cost-center", Value: "42x" },
    ];
    expect(Object.keys(tagsOf(listed))).toEqual(["Owner", "cost-center", "env"]);
    expect(Object.keys(tagsOf([...listed].reverse()))).toEqual(["Owner", "cost-center", "env"]);
  });

  it("gives a tag without a Value the empty string and keeps an empty Value", () => {
    expect(tagsOf([{ Key: "flag" }, { Key: "empty", Value: "" }, { Key: "x", Value: "y" }])).toEqual({ empty: "", flag: "", x: "y" });
  });

  it("drops a tag without a Key", () => {
    const tags = tagsOf([{ Value: "orphan" }, { Key: "kept", Value: "v" }]);
    expect(tags).toEqual({ kept: "v" });
    expect(Object.keys(tags)).toEqual(["kept"]);
  });

  it("gives {} for no tags at all and for an empty list", () => {
    expect(tagsOf(undefined)).toEqual({});
    expect(tagsOf([])).toEqual({});
  });

  it("leaves the SDK's array as it was", () => {
    const listed = [
      { Key: "b", Value: "2" },
      { Key: "a", Value: "1" },
    ];
    tagsOf(listed);
    expect(listed).toEqual([
      { Key: "b", Value: "2" },
      { Key: "a", Value: "1" },
    ]);
  });

  it("keeps the value listed last for a key listed twice", () => {
    expect(
      tagsOf([
        { Key: "a", Value: "first" },
        { Key: "b", Value: "b" },
        { Key: "a", Value: "last" },
      ]),
    ).toEqual({ a: "last", b: "b" });
  });
});

describe("compact", () => {
  it("drops undefined fields only, keeping null, 0, the empty string and false", () => {
    const record = compact({ gone: undefined, nothing: null, zero: 0, empty: "", no: false, name: "x", list: [] as string[] });
    expect(record).toEqual({ nothing: null, zero: 0, empty: "", no: false, name: "x", list: [] });
    expect(Object.keys(record)).toEqual(["nothing", "zero", "empty", "no", "name", "list"]);
    expect("gone" in record).toBe(false);
  });

  it("returns a new object and leaves nested undefined as it is", () => {
    const nested = { inner: undefined };
    const input = { a: 1, b: undefined, nested };
    const out = compact(input);
    expect(out).not.toBe(input);
    expect(Object.keys(input)).toEqual(["a", "b", "nested"]);
    expect(out.nested).toBe(nested);
    expect(Object.keys(out)).toEqual(["a", "nested"]);
  });

  it("gives {} for an object of undefined fields", () => {
    expect(compact({ a: undefined, b: undefined })).toEqual({});
  });
});

describe("sortedStrings", () => {
  it("dedups and sorts in code-unit order", () => {
    expect(sortedStrings(["b", "ä", "a", "Z", "b", "a"])).toEqual(["Z", "a", "b", "ä"]);
  });

  it("drops undefined and anything else that is not a string", () => {
    expect(sortedStrings(["b", undefined, "a", undefined])).toEqual(["a", "b"]);
    expect(sortedStrings([1, null, "x", { id: "y" }] as unknown as string[])).toEqual(["x"]);
  });

  it("keeps the empty string", () => {
    expect(sortedStrings(["b", "", "a"])).toEqual(["", "a", "b"]);
  });

  it("gives [] for no list, an empty list and a list of undefined", () => {
    expect(sortedStrings(undefined)).toEqual([]);
    expect(sortedStrings([])).toEqual([]);
    expect(sortedStrings([undefined])).toEqual([]);
  });

  it("leaves its input as it was", () => {
    const input = ["b", "a", "b"];
    sortedStrings(input);
    expect(input).toEqual(["b", "a", "b"]);
  });
});

describe("sortedByJson", () => {
  const a = { port: 22, cidr: "10.0.0.0/8" };
  const b = { port: 443, cidr: "0.0.0.0/0" };
  const c = { port: 80, cidr: "0.0.0.0/0" };

  it("orders records by their JSON text", () => {
    // '{"port":22,…' < '{"port":443,…' < '{"port":80,…' by code unit, not by number.
    expect(sortedByJson([c, a, b])).toEqual([a, b, c]);
    expect(sortedByJson([b, c, a])).toEqual([a, b, c]);
    expect(sortedByJson([a, b, c])).toEqual([a, b, c]);
  });

  it("gives the same order from every permutation of the input", () => {
    const values = ["b", "Z", "a", "ä", "10", "9"];
    const expected = ["10", "9", "Z", "a", "b", "ä"];
    for (let shift = 0; shift < values.length; shift++) {
      const rotated = [...values.slice(shift), ...values.slice(0, shift)];
      expect(sortedByJson(rotated)).toEqual(expected);
      expect(sortedByJson([...rotated].reverse())).toEqual(expected);
    }
  });

  it("keeps records whose JSON is equal, each of them, in the order they came", () => {
    const first = { port: 22 };
    const second = { port: 22 };
    const sorted = sortedByJson([second, b, first]);
    expect(sorted).toEqual([{ port: 22 }, { port: 22 }, b]);
    expect(sorted[0]).toBe(second);
    expect(sorted[1]).toBe(first);
  });

  it("returns the records themselves, not copies, and leaves the input as it was", () => {
    const input = [c, a];
    const sorted = sortedByJson(input);
    expect(sorted[0]).toBe(a);
    expect(sorted[1]).toBe(c);
    expect(input).toEqual([c, a]);
    expect(sorted).not.toBe(input);
  });

  it("gives [] for []", () => {
    expect(sortedByJson([])).toEqual([]);
  });
});

describe("partitionOf", () => {
  it.each([
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eu-isoe-west-1", "aws-iso-e"],
    // The AWS European Sovereign Cloud.
    ["eusc-de-east-1", "aws-eusc"],
    ["us-east-1", "aws"],
    ["eu-west-1", "aws"],
    ["ap-southeast-2", "aws"],
    // Looks like a prefix but is not one: the partition is read from whole dash-separated prefixes.
    ["usgov-x", "aws"],
    ["us-isox-east-1", "aws"],
    ["xcn-north-1", "aws"],
    ["", "aws"],
  ])("%s is in %s", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

});
