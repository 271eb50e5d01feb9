/**
 * ESLint-style rule tables: each case is a resource (plus the related
 * resources the rule looks up) and the status and reason it must produce.
 */
import { describe, expect, it } from "@jest/globals";
import type { Rule } from "../../src/evaluate/rule.js";
import { defaultParams } from "../../src/evaluate/rule.js";
import { evaluateSnapshot } from "../../src/evaluate/evaluate.js";
import type { Severity } from "../../src/types/finding.js";
import type { CollectionError, ResourceRecord } from "../../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../src/types/resource.js";

export interface RuleCase {
  name?: string;
  resource: ResourceRecord<any>;
  /** Other resources in the snapshot the rule may look up. */
  related?: ResourceRecord<any>[];
  errors?: CollectionError[];
  params?: Record<string, unknown>;
  reason?: RegExp;
  severity?: Severity;
  evidence?: Record<string, unknown>;
}

type CaseInput = RuleCase | ResourceRecord<any>;

export interface RuleTable {
  pass: CaseInput[];
  fail: CaseInput[];
  notApplicable: CaseInput[];
  error?: CaseInput[];
}

function asCase(input: CaseInput): RuleCase {
  return "resource" in input && "type" in (input as RuleCase).resource ? (input as RuleCase) : { resource: input as ResourceRecord<any> };
}

export function runRule(rule: Rule, c: RuleCase) {
  const params = rule.params.parse({ ...defaultParams(rule), ...c.params });
  const findings = evaluateSnapshot(
    {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      accountId: c.resource.accountId,
      takenAt: "2026-01-01T00:00:00.000Z",
      regions: [c.resource.region],
      resources: [c.resource, ...(c.related ?? [])],
      errors: c.errors ?? [],
    },
    [{ rule, params }],
  );
  const finding = findings.find((f) => f.resource.id === c.resource.id && f.resource.type === c.resource.type);
  if (!finding) throw new Error(`rule ${rule.id} produced no finding for ${c.resource.id}`);
  return finding;
}

export const ruleTester = {
  run(rule: Rule, table: RuleTable) {
    describe(rule.id, () => {
      const groups: [keyof RuleTable, string][] = [
        ["pass", "PASS"],
        ["fail", "FAIL"],
        ["notApplicable", "NOT_APPLICABLE"],
        ["error", "ERROR"],
      ];
      for (const [key, status] of groups) {
        (table[key] ?? []).map(asCase).forEach((c, i) => {
          it(`${status}: ${c.name ?? `${c.resource.id} (#${i + 1})`}`, () => {
            const finding = runRule(rule, c);
            expect({ status: finding.status, reason: finding.reason }).toEqual({ status, reason: expect.any(String) });
            if (c.reason) expect(finding.reason).toMatch(c.reason);
            if (c.severity) expect(finding.severity).toBe(c.severity);
            if (c.evidence) expect(finding.evidence).toMatchObject(c.evidence);
          });
        });
      }
    });
  },
};
