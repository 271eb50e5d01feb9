import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { withIamPolicy } from "../scripts/readme-iam-policy.js";
import { readBenchResults, withBenchSection } from "../scripts/readme-bench.js";
import { withRuleTable } from "../scripts/readme-rules.js";

describe("README", () => {
  const readme = readFileSync("README.md", "utf8");

  it("has the rule table generated from the rules' metadata (run `npm run docs` after changing a rule)", () => {
    expect(readme).toBe(withRuleTable(readme));
  });

  it("has the CLI's IAM policy generated from the collectors' permissions (run `npm run docs` after changing a collector)", () => {
    expect(readme).toBe(withIamPolicy(readme));
  });

  it("has the benchmark table and the figures around it generated from the committed bench run (run `npm run docs` after `npm run bench -- --out bench/results/2-core.json`)", () => {
    const results = readBenchResults();
    expect(results.collection).not.toHaveLength(0);
    expect(readme).toBe(withBenchSection(readme, results));
  });

  it("shows the install-and-demo and install-and-test commands on its first screen", () => {
    const firstScreen = readme.split("\n").slice(0, 25).join("\n");
    expect(firstScreen).toContain("npm ci && npm run demo");
    expect(firstScreen).toContain("npm ci && npm test");
  });
});
