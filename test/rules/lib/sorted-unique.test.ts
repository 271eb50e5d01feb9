/**
 * sortedUnique: the distinct values in code-unit order (as Array.prototype.sort
 * orders strings), as a new array, whether or not they arrive sorted.
 */
import { describe, expect, it } from "@jest/globals";
import { sortedUnique } from "../../../rules/lib/sorted-unique.js";

describe("sortedUnique", () => {
  it("keeps values that arrive sorted and distinct, in a new array", () => {
    const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    const result = sortedUnique(zones);
    expect(result).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(result).not.toBe(zones);
  });

  it("sorts and drops repeats, leaving the input as it was", () => {
    const zones = ["us-east-1c", "us-east-1a", "us-east-1c", "us-east-1b", "us-east-1a"];
    expect(sortedUnique(zones)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(zones).toEqual(["us-east-1c", "us-east-1a", "us-east-1c", "us-east-1b", "us-east-1a"]);
  });

  it("drops a repeat in otherwise sorted values", () => {
    expect(sortedUnique(["eu-west-1a", "eu-west-1a", "eu-west-1b"])).toEqual(["eu-west-1a", "eu-west-1b"]);
  });

  it("orders by code unit: upper case before lower case, whatever the locale", () => {
    expect(sortedUnique(["b", "a", "B", "é", "A"])).toEqual(["A", "B", "a", "b", "é"]);
  });

  it("returns an empty or one-value list as a copy", () => {
    expect(sortedUnique([])).toEqual([]);
    const one = ["us-east-1a"];
    expect(sortedUnique(one)).toEqual(["us-east-1a"]);
    expect(sortedUnique(one)).not.toBe(one);
  });
});
