import assert from "node:assert/strict";
import {
  addWorkingDays,
  chinaDay,
  deadlineLight,
  isWorkingDay,
  type WorkCalendar,
  workingDaysLeft,
} from "./working_days.ts";

// The 2025 National Day and Mid-Autumn arrangement: 1–8 October off; Sunday 28 September and
// Saturday 11 October worked.
const CAL: WorkCalendar = {
  holidays: new Set([
    "2025-10-01",
    "2025-10-02",
    "2025-10-03",
    "2025-10-06",
    "2025-10-07",
    "2025-10-08",
  ]),
  workdays: new Set(["2025-09-28", "2025-10-11"]),
};
const at = (day: string, hh = 10) =>
  Date.parse(`${day}T${String(hh).padStart(2, "0")}:00:00+08:00`);
const endOf = (day: string) => at(day, 0) + 86_400_000;

Deno.test("isWorkingDay() knows weekends, holidays and make-up working days", () => {
  assert.equal(isWorkingDay("2025-09-26", CAL), true); // Friday
  assert.equal(isWorkingDay("2025-09-27", CAL), false); // Saturday
  assert.equal(isWorkingDay("2025-09-28", CAL), true); // Sunday, worked
  assert.equal(isWorkingDay("2025-10-01", CAL), false);
  assert.equal(isWorkingDay("2025-10-04", CAL), false); // Saturday in the holiday
  assert.equal(isWorkingDay("2025-10-11", CAL), true); // Saturday, worked
});

Deno.test("addWorkingDays() counts from the next day and skips the holiday week", () => {
  // Registered Friday 26 Sep: 28 Sep (Sun, worked) is day 1, 29 Sep day 2, 30 Sep day 3.
  assert.equal(addWorkingDays(at("2025-09-26"), 3, CAL), endOf("2025-09-30"));
  // Registered 30 Sep 23:30: 9 Oct is day 1, 10 Oct day 2, Saturday 11 Oct day 3.
  assert.equal(addWorkingDays(at("2025-09-30", 23), 3, CAL), endOf("2025-10-11"));
  // A complaint's 13 working days from Monday 29 Sep: 30 Sep, 9, 10, 11, 13–17, 20–23 October.
  assert.equal(addWorkingDays(at("2025-09-29"), 13, CAL), endOf("2025-10-23"));
  // 0 working days: the end of the registration day.
  assert.equal(addWorkingDays(at("2025-10-03"), 0, CAL), endOf("2025-10-03"));
  assert.throws(() => addWorkingDays(at("2025-10-03"), -1, CAL), RangeError);
});

Deno.test("chinaDay() uses China time, not UTC", () => {
  assert.equal(chinaDay(Date.parse("2025-09-30T16:30:00Z")), "2025-10-01");
});

Deno.test("deadlineLight() is yellow on the last working day and red once overdue", () => {
  const due = endOf("2025-10-10");
  assert.equal(workingDaysLeft(at("2025-09-30"), due, CAL), 2); // 9 and 10 October
  assert.equal(deadlineLight(at("2025-09-30"), due, CAL), "green");
  assert.equal(deadlineLight(at("2025-10-09"), due, CAL), "green"); // 10 Oct still ahead
  assert.equal(deadlineLight(at("2025-10-10"), due, CAL), "yellow"); // due today
  assert.equal(deadlineLight(at("2025-10-11", 9), due, CAL), "red");
  assert.equal(workingDaysLeft(at("2025-10-13"), due, CAL), -2); // 11 and 13 Oct late
  // A wider warning: yellow two working days ahead.
  assert.equal(deadlineLight(at("2025-09-30"), due, CAL, 3), "yellow");
});
