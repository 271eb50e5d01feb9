/**
 * What a run of some regions, or of some resources (the event path), claims
 * to have looked at: the rest of the stored state is neither compared nor lost.
 */
import { describe, expect, it } from "@jest/globals";
import { resourceInScope, splitByScope, withKept } from "../../src/diff/scope.js";
import { resourceKey } from "../../src/types/canonical.js";
import { ACCOUNT, REGION, sg, tcp } from "../support/builders.js";
import { dbInstance, distribution, snapshotOf } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const EU = "eu-west-1";

const app = sg({ id: "sg-0app000000000002", name: "app", ingress: [tcp(22, "203.0.113.0/24")] });
const web = sg({ id: "sg-0web000000000001", name: "web", ingress: [tcp(443, "0.0.0.0/0")] });
const euApp = { ...sg({ id: "sg-0eu0000000000003", name: "eu-app", ingress: [tcp(22, "203.0.113.0/24")] }), region: EU, arn: `arn:aws:ec2:${EU}:${ACCOUNT}:security-group/sg-0eu0000000000003` };

describe("resourceInScope", () => {
  it("leaves out a regional resource of a region the run did not audit", () => {
    expect(resourceInScope(euApp, { regions: [REGION] })).toBe(false);
    expect(resourceInScope(app, { regions: [REGION] })).toBe(true);
    expect(resourceInScope(euApp, { regions: [REGION, EU] })).toBe(true);
  });

  it("always takes in global resources, recorded in us-east-1 whatever regions the run audits", () => {
    expect(resourceInScope(distribution("E1SITE0000001"), { regions: [EU] })).toBe(true);
    expect(resourceInScope(app, { regions: [EU] })).toBe(false);
  });

  it("takes in only the resources the event path re-read, when it names them", () => {
    const eventScope = { regions: [REGION], resourceKeys: new Set([resourceKey(app)]) };
    expect(resourceInScope(app, eventScope)).toBe(true);
    expect(resourceInScope(web, eventScope)).toBe(false);
    expect(resourceInScope(dbInstance("orders-db"), eventScope)).toBe(false);
  });
});

describe("splitByScope and withKept", () => {
  const previous = { snapshot: { ...snapshotOf([euApp, app, web], [], T1), regions: [REGION, EU] }, findings: [] };

  it("keeps the regions the run did not audit", () => {
    expect(splitByScope(previous, { regions: [REGION], ruleIds: [] }).kept.regions).toEqual([EU]);
    expect(splitByScope(previous, { regions: [REGION, EU], ruleIds: [] }).kept.regions).toEqual([]);
  });

  it("adds the kept regions after the run's and the kept records among the run's, in resource order", () => {
    const { kept } = splitByScope(previous, { regions: [REGION], ruleIds: [] });
    const run = snapshotOf([app, web], [], T2);
    expect(withKept(run, kept)).toEqual({ ...run, regions: [REGION, EU], resources: [{ ...euApp, observedAt: T1 }, app, web] });
  });

  it("leaves the records the event path did not re-read exactly as stored, in resource order", () => {
    const { compared, kept } = splitByScope(previous, { regions: [REGION], ruleIds: [], resourceKeys: new Set([resourceKey(web)]) });
    expect(compared.snapshot.resources).toEqual([web]);
    expect(kept).toEqual({ resources: [euApp, app], findings: [], regions: [EU] });
    const reread = { ...web, attributes: { ...web.attributes, ingress: [tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")] } };
    expect(withKept(snapshotOf([reread], [], T2), { ...kept, regions: [] }).resources).toEqual([euApp, app, reread]);
  });
});
