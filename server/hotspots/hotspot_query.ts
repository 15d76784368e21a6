import { z } from "zod";
import { calendarDay } from "../cases/case_schemas.ts";
import { daysIn } from "./hotspot_windows.ts";

/** The longest range one request may ask for: two years, so 同比 of a year stays one request. */
export const MAX_DAYS = 731;

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`: China-time days, both inclusive, from ≤ to. */
export const HotspotQuery = z.object({ from: calendarDay, to: calendarDay }).strict()
  .refine((r) => r.from <= r.to, { message: "起始日期须不晚于结束日期", path: ["from"] })
  .refine((r) => r.from > r.to || daysIn(r) <= MAX_DAYS, {
    message: `统计期最长 ${MAX_DAYS} 天`,
    path: ["to"],
  });
export type HotspotQuery = z.infer<typeof HotspotQuery>;
