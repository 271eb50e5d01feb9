import { expect, it } from "@jest/globals";

// jest.config.js sets TZ for the whole suite; this fails if a change to the config stops Node reading it.
it("runs the suite in UTC+14, so a local date read where UTC is meant shows", () => {
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("Pacific/Kiritimati");
  expect(new Date("2026-06-01T00:00:00Z").getTimezoneOffset()).toBe(-14 * 60);
  expect(new Date("2026-12-31T23:30:00Z").getDate()).toBe(1);
});
