import assert from "node:assert/strict";
import {
  excelSerialToWallClock,
  fixedOffsetToInstant,
  isValidWallClock,
  zonedToInstant,
} from "./local_time.ts";

const NY = "America/New_York";
const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

Deno.test("zonedToInstant() applies New York's summer and winter offsets", () => {
  assert.equal(
    zonedToInstant(wall(2018, 4, 12, 11, 11, 26), NY).toISOString(),
    "2018-04-12T15:11:26.000Z",
  );
  assert.equal(
    zonedToInstant(wall(2018, 1, 9, 23, 5), NY).toISOString(),
    "2018-01-10T04:05:00.000Z",
  );
});

Deno.test("zonedToInstant() on the days the clocks change", async (t) => {
  await t.step("before and after the spring change (2018-03-11 02:00 EST → 03:00 EDT)", () => {
    assert.equal(
      zonedToInstant(wall(2018, 3, 11, 1, 30), NY).toISOString(),
      "2018-03-11T06:30:00.000Z",
    );
    assert.equal(
      zonedToInstant(wall(2018, 3, 11, 3, 30), NY).toISOString(),
      "2018-03-11T07:30:00.000Z",
    );
  });
  await t.step("a skipped wall clock is read with the offset before the change", () => {
    assert.equal(
      zonedToInstant(wall(2018, 3, 11, 2, 30), NY).toISOString(),
      "2018-03-11T07:30:00.000Z",
    );
  });
  await t.step("the repeated autumn hour is the first (daylight) one", () => {
    assert.equal(
      zonedToInstant(wall(2018, 11, 4, 1, 30), NY).toISOString(),
      "2018-11-04T05:30:00.000Z",
    );
    assert.equal(
      zonedToInstant(wall(2018, 11, 4, 3, 0), NY).toISOString(),
      "2018-11-04T08:00:00.000Z",
    );
  });
});

Deno.test("excelSerialToWallClock() counts days from 1899-12-30 and rounds to the second", () => {
  assert.deepEqual(excelSerialToWallClock(43678), wall(2019, 8, 1));
  assert.deepEqual(excelSerialToWallClock(43782.4724652778), wall(2019, 11, 13, 11, 20, 21));
  assert.deepEqual(excelSerialToWallClock(25569.5), wall(1970, 1, 1, 12));
});

Deno.test("fixedOffsetToInstant() reads China time as UTC+8", () => {
  assert.equal(
    fixedOffsetToInstant(wall(2019, 2, 28, 11, 25, 5), 480).toISOString(),
    "2019-02-28T03:25:05.000Z",
  );
});

Deno.test("isValidWallClock() refuses dates the calendar does not have", () => {
  assert.ok(isValidWallClock(wall(2020, 2, 29)));
  assert.ok(!isValidWallClock(wall(2019, 2, 29)));
  assert.ok(!isValidWallClock(wall(2019, 4, 31)));
  assert.ok(!isValidWallClock(wall(2019, 1, 1, 24)));
  assert.ok(!isValidWallClock(wall(1800, 1, 1)));
});
