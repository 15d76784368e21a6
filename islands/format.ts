/** Times shown as the hotline's wall clock (China Standard Time), the same in SSR and browser. */
const TIME_ZONE = "Asia/Shanghai";

const hm = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const hms = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export const formatHm = (at: number | string | Date) => hm.format(new Date(at));
export const formatHms = (at: number | string | Date) => hms.format(new Date(at));

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});
export const formatDateTime = (at: number | string | Date) => dateTime.format(new Date(at));

/** A rate as "95.0%", or "—" when there is nothing to rate yet. */
export const percent = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
