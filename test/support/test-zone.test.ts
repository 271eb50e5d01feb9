import { expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// jest.config.js sets TZ for the whole suite (TEST_TZ names another); this fails if a change to the config stops Node reading it.
const zone = process.env.TEST_TZ || "Pacific/Kiritimati";

it("runs the suite in a zone far from UTC (UTC+14 unless TEST_TZ names another), so a local date read where UTC is meant shows", () => {
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
  // At least 7 hours either side: for a third of every day the local date is not UTC's.
  expect(Math.abs(new Date("2026-06-01T00:00:00Z").getTimezoneOffset())).toBeGreaterThanOrEqual(7 * 60);
  // Just before UTC midnight east of UTC (already tomorrow there), just after it west (still yesterday).
  const east = new Date("2026-06-01T00:00:00Z").getTimezoneOffset() < 0;
  const instant = new Date(east ? "2026-12-31T23:30:00Z" : "2027-01-01T00:30:00Z");
  expect(instant.getDate()).not.toBe(instant.getUTCDate());
});

it("runs test:dates west of UTC and npm test east of it, in random order, so both directions of a slipped date show", () => {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  expect(scripts["test:dates"]).toMatch(/TEST_TZ=America\/Los_Angeles .*jest .*--randomize/);
  expect(scripts.test).not.toMatch(/TEST_TZ/);
});

// npm test runs jest in Danish, whose collation puts "aa" after "z" and whose numbers read 1.234,5,
// so output that depends on the machine's locale (localeCompare, toLocaleString) fails there. Node
// fixes its locale when it starts, so the script's environment sets it, not jest.config.js.
it("runs npm test in a Danish locale, so locale-dependent sorting and numbers show", () => {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  for (const name of ["test", "test:dates"]) expect(scripts[name]).toMatch(/LC_ALL=da_DK\.UTF-8 .*jest/);
  const probe = "console.log(JSON.stringify([new Intl.NumberFormat().resolvedOptions().locale, (1234.5).toLocaleString(), ['sg-0ab1', 'sg-0aa1'].sort((a, b) => a.localeCompare(b))]))";
  const seen = JSON.parse(execFileSync(process.execPath, ["-e", probe], { env: { ...process.env, LC_ALL: "da_DK.UTF-8" }, encoding: "utf8" }));
  expect(seen).toEqual(["da-DK", "1.234,5", ["sg-0ab1", "sg-0aa1"]]);
});
