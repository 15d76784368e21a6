import assert from "node:assert/strict";
import {
  addYears,
  dayCount,
  isCalendarDay,
  lastYearOf,
  periodLabel,
  periodOf,
  previousOf,
  splitByMonths,
} from "./periods.ts";

const r = (from: string, to: string) => ({ from, to });

Deno.test("periodOf() gives each kind's boundaries, weeks Monday to Sunday", () => {
  assert.deepEqual(periodOf("daily", "2026-03-04"), r("2026-03-04", "2026-03-04"));
  // 2026-03-04 is a Wednesday; 2026-03-08 a Sunday, 2026-03-09 a Monday.
  assert.deepEqual(periodOf("weekly", "2026-03-04"), r("2026-03-02", "2026-03-08"));
  assert.deepEqual(periodOf("weekly", "2026-03-08"), r("2026-03-02", "2026-03-08"));
  assert.deepEqual(periodOf("weekly", "2026-03-09"), r("2026-03-09", "2026-03-15"));
  assert.deepEqual(periodOf("monthly", "2024-02-10"), r("2024-02-01", "2024-02-29"));
  assert.deepEqual(periodOf("monthly", "2025-02-10"), r("2025-02-01", "2025-02-28"));
  assert.deepEqual(periodOf("quarterly", "2026-05-31"), r("2026-04-01", "2026-06-30"));
  assert.deepEqual(periodOf("quarterly", "2026-12-31"), r("2026-10-01", "2026-12-31"));
  assert.deepEqual(periodOf("annual", "2026-07-01"), r("2026-01-01", "2026-12-31"));
});

Deno.test("periodOf() of a week across the new year spans both years", () => {
  // 2026-01-01 is a Thursday.
  assert.deepEqual(periodOf("weekly", "2026-01-01"), r("2025-12-29", "2026-01-04"));
  assert.deepEqual(previousOf(r("2025-12-29", "2026-01-04")), r("2025-12-22", "2025-12-28"));
  assert.deepEqual(lastYearOf(r("2025-12-29", "2026-01-04")), r("2024-12-29", "2025-01-04"));
});

Deno.test("lastYearOf() (同比) takes the same dates a year earlier, 29 February as the 28th", () => {
  assert.deepEqual(lastYearOf(r("2026-03-10", "2026-03-16")), r("2025-03-10", "2025-03-16"));
  assert.deepEqual(lastYearOf(r("2024-02-29", "2024-02-29")), r("2023-02-28", "2023-02-28"));
  assert.deepEqual(lastYearOf(r("2024-02-20", "2024-03-05")), r("2023-02-20", "2023-03-05"));
  assert.deepEqual(lastYearOf(r("2026-01-01", "2026-01-01")), r("2025-01-01", "2025-01-01"));
});

Deno.test("lastYearOf() maps whole months to whole months, February to February", () => {
  assert.deepEqual(lastYearOf(r("2024-02-01", "2024-02-29")), r("2023-02-01", "2023-02-28"));
  assert.deepEqual(lastYearOf(r("2025-02-01", "2025-02-28")), r("2024-02-01", "2024-02-29"));
  assert.deepEqual(lastYearOf(r("2025-01-01", "2025-03-31")), r("2024-01-01", "2024-03-31"));
  assert.deepEqual(lastYearOf(r("2024-01-01", "2024-12-31")), r("2023-01-01", "2023-12-31"));
  // A single day that happens to end February is a day, not a month.
  assert.deepEqual(lastYearOf(r("2025-02-28", "2025-02-28")), r("2024-02-28", "2024-02-28"));
});

Deno.test("previousOf() (环比) takes the same length just before", () => {
  assert.deepEqual(previousOf(r("2026-03-04", "2026-03-04")), r("2026-03-03", "2026-03-03"));
  assert.deepEqual(previousOf(r("2024-03-01", "2024-03-01")), r("2024-02-29", "2024-02-29"));
  assert.deepEqual(previousOf(r("2026-01-01", "2026-01-01")), r("2025-12-31", "2025-12-31"));
  assert.deepEqual(previousOf(r("2026-03-02", "2026-03-08")), r("2026-02-23", "2026-03-01"));
  // 10 days ending on the leap day: the 10 days before.
  assert.deepEqual(previousOf(r("2024-02-20", "2024-02-29")), r("2024-02-10", "2024-02-19"));
});

Deno.test("previousOf() of whole months is the months before, across year ends", () => {
  assert.deepEqual(previousOf(r("2024-03-01", "2024-03-31")), r("2024-02-01", "2024-02-29"));
  assert.deepEqual(previousOf(r("2026-01-01", "2026-01-31")), r("2025-12-01", "2025-12-31"));
  assert.deepEqual(previousOf(r("2026-01-01", "2026-03-31")), r("2025-10-01", "2025-12-31"));
  assert.deepEqual(previousOf(r("2025-01-01", "2025-12-31")), r("2024-01-01", "2024-12-31"));
});

Deno.test("dayCount() counts both ends, leap years included", () => {
  assert.deepEqual(dayCount(r("2024-01-01", "2024-12-31")), 366);
  assert.deepEqual(dayCount(r("2025-01-01", "2025-12-31")), 365);
  assert.deepEqual(dayCount(r("2026-03-04", "2026-03-04")), 1);
});

Deno.test("isCalendarDay() and addYears() know the leap years", () => {
  assert.deepEqual(isCalendarDay("2024-02-29"), true);
  assert.deepEqual(isCalendarDay("2025-02-29"), false);
  assert.deepEqual(isCalendarDay("1900-02-29"), false);
  assert.deepEqual(isCalendarDay("2000-02-29"), true);
  assert.deepEqual(isCalendarDay("2025-13-01"), false);
  assert.deepEqual(isCalendarDay("2025-1-01"), false);
  assert.deepEqual(addYears("2024-02-29", 1), "2025-02-28");
  assert.deepEqual(addYears("2024-02-29", 4), "2028-02-29");
  assert.throws(() => addYears("2024/02/29", 1), RangeError);
});

Deno.test("splitByMonths() reads whole months monthly and the loose days daily", () => {
  assert.deepEqual(splitByMonths(r("2026-01-01", "2026-12-31")), {
    months: r("2026-01-01", "2026-12-01"),
    days: [],
  });
  assert.deepEqual(splitByMonths(r("2026-01-15", "2026-04-10")), {
    months: r("2026-02-01", "2026-03-01"),
    days: [r("2026-01-15", "2026-01-31"), r("2026-04-01", "2026-04-10")],
  });
  assert.deepEqual(splitByMonths(r("2026-03-02", "2026-03-08")), {
    months: null,
    days: [r("2026-03-02", "2026-03-08")],
  });
  assert.deepEqual(splitByMonths(r("2025-12-20", "2026-01-31")), {
    months: r("2026-01-01", "2026-01-01"),
    days: [r("2025-12-20", "2025-12-31")],
  });
  assert.deepEqual(splitByMonths(r("2024-02-01", "2024-02-28")), {
    months: null,
    days: [r("2024-02-01", "2024-02-28")],
  });
});

Deno.test("periodLabel() names the period in Chinese", () => {
  assert.deepEqual(periodLabel(r("2026-03-04", "2026-03-04")), "2026年3月4日");
  assert.deepEqual(periodLabel(r("2026-03-01", "2026-03-31")), "2026年3月");
  assert.deepEqual(periodLabel(r("2026-04-01", "2026-06-30")), "2026年第2季度");
  assert.deepEqual(periodLabel(r("2026-01-01", "2026-12-31")), "2026年");
  assert.deepEqual(periodLabel(r("2026-03-02", "2026-03-08")), "2026年3月2日至3月8日");
  assert.deepEqual(periodLabel(r("2025-12-29", "2026-01-04")), "2025年12月29日至2026年1月4日");
});
