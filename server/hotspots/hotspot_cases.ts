/**
 * The hotspot lists that read cases themselves — near-duplicates, repeat addresses, repeat
 * callers, examples — each over the newest cases of the range's last days, a bounded number, so
 * a year at ten million cases costs what a week does. Nothing personal leaves unmasked: phone
 * numbers become 139****1234, digit runs in texts are masked the same way.
 */
import type { Queryable } from "../../db/port.ts";
import { maskPhone } from "../privacy/mask.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import type { DayRange } from "../reports/report_model.ts";
import { addDays, daysIn } from "./hotspot_windows.ts";
import { nearDuplicateClusters } from "./near_duplicates.ts";

export interface CaseBrief {
  case_number: string;
  created_at: string;
  district_name: string | null;
  category_name: string | null;
  summary: string;
}

/** The newest `days` days of a range (all of it when shorter). */
export const lastDays = (r: DayRange, days: number): DayRange => ({
  from: daysIn(r) > days ? addDays(r.to, 1 - days) : r.from,
  to: r.to,
});

export const CLUSTER_DAYS = 7;
export const CLUSTER_CASES = 5000;
export const REPEAT_DAYS = 28;
export const REPEAT_CASES = 200_000;

/** Digit runs of 7 or more (phone, ID card numbers) masked; one line, at most `max` characters. */
export function maskedSummary(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  const masked = line.replace(/\d{7,}/g, (d) => maskPhone(d));
  return [...masked].length > max ? `${[...masked].slice(0, max).join("")}…` : masked;
}

const bounds = (r: DayRange) => [`${r.from}T00:00:00+08:00`, `${addDays(r.to, 1)}T00:00:00+08:00`];

interface Row {
  case_number: string;
  created_at: Date;
  district_code: string | null;
  district_name: string | null;
  category_name: string | null;
  content: string;
}

const brief = (r: Row): CaseBrief => ({
  case_number: r.case_number,
  created_at: r.created_at.toISOString(),
  district_name: r.district_name,
  category_name: r.category_name,
  summary: maskedSummary(r.content),
});

const NEWEST = `select c.case_number, c.created_at, c.district_code, d.name as district_name,
    cat.name as category_name, c.content
  from cases c left join districts d on d.code = c.district_code
  left join case_categories cat on cat.id = c.category_id
  where c.created_at >= $1::timestamptz and c.created_at < $2::timestamptz`;

export interface ClusterView {
  district_name: string | null;
  size: number;
  min_similarity: number;
  cases: CaseBrief[];
}

/** Near-duplicate groups among the newest 5,000 cases of the range's last 7 days. */
export async function clustersOf(db: Queryable, r: DayRange): Promise<{
  window: DayRange;
  scanned: number;
  clusters: ClusterView[];
}> {
  const window = lastDays(r, CLUSTER_DAYS);
  const rows = await db.query<Row>(
    `${NEWEST} and c.status <> 'merged' order by c.created_at desc limit $3`,
    [...bounds(window), CLUSTER_CASES],
  );
  const found = nearDuplicateClusters(
    rows.map((x) => ({ ...x, created_at: x.created_at.getTime() })),
  );
  return {
    window,
    scanned: rows.length,
    clusters: found.slice(0, 20).map((c) => ({
      district_name: c.cases[0].district_name,
      size: c.cases.length,
      min_similarity: Math.round(c.min_similarity * 100) / 100,
      cases: c.cases.slice(0, 10).map((x) => brief({ ...x, created_at: new Date(x.created_at) })),
    })),
  };
}

export interface RepeatView {
  /** The address as written, or the caller's masked number. */
  label: string;
  count: number;
  /** Newest first, at most 5. */
  case_numbers: string[];
}

/**
 * Addresses and callers with 3 or more cases among the newest 200,000 of the last 28 days; the
 * window returned starts at the oldest case read when the cap cut it short.
 */
export async function repeatsOf(
  db: Queryable,
  r: DayRange,
  pii?: PiiCipher,
  cap = REPEAT_CASES,
): Promise<{
  window: DayRange;
  addresses: RepeatView[];
  callers: RepeatView[];
}> {
  const window = lastDays(r, REPEAT_DAYS);
  // One pass over the newest cases for both lists: reading them is most of the cost.
  const rows = await db.query<{
    kind: "address" | "caller" | "scanned";
    label: string;
    enc: string | null;
    count: number;
    case_numbers: string[];
  }>(
    `with c as materialized (
       select c.case_number, c.created_at, c.address, c.citizen_phone_hash, c.citizen_phone_enc
       from cases c where c.created_at >= $1::timestamptz and c.created_at < $2::timestamptz
       order by c.created_at desc limit $3)
     (select 'address' as kind, min(c.address) as label, null as enc, count(*)::int as count,
        (array_agg(c.case_number order by c.created_at desc))[1:5] as case_numbers
      from c where c.address is not null and btrim(c.address) <> ''
      group by regexp_replace(lower(c.address), '[[:space:],，。.]+', '', 'g')
      having count(*) >= 3 order by 4 desc, 2 limit 10)
     union all
     (select 'caller', c.citizen_phone_hash, min(c.citizen_phone_enc), count(*)::int,
        (array_agg(c.case_number order by c.created_at desc))[1:5]
      from c where c.citizen_phone_hash is not null
      group by 2 having count(*) >= 3 order by 4 desc, 2 limit 10)
     union all
     select 'scanned', to_char(min(c.created_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
       null, count(*)::int, null from c`,
    [...bounds(window), cap],
  );
  // A busy city reaches the cap before the window's first day: say which days were read.
  const scanned = rows.find((x) => x.kind === "scanned");
  if (scanned && scanned.count >= cap && scanned.label > window.from) {
    window.from = scanned.label;
  }
  const view = ({ label, count, case_numbers }: (typeof rows)[number]) => ({
    label,
    count,
    case_numbers,
  });
  const addresses = rows.filter((x) => x.kind === "address").map(view);
  const callers = rows.filter((x) => x.kind === "caller");
  return {
    window,
    addresses,
    callers: await Promise.all(callers.map(async (c) => ({
      ...view(c),
      // Without the keys (an export): the look-up hash's start tells callers apart, nothing more.
      label: pii && c.enc ? maskPhone(await pii.decrypt(c.enc)) : `来电人 #${c.label.slice(0, 8)}`,
    }))),
  };
}

/** The newest cases of the range under a category code prefix (or any), as examples. */
export async function examplesOf(
  db: Queryable,
  r: DayRange,
  categoryCode: string | null,
  limit = 5,
): Promise<CaseBrief[]> {
  const rows = await db.query<Row>(
    `${NEWEST} ${categoryCode ? "and cat.code like $4 || '%'" : "and $4::text is null"}
     and not c.confidential order by c.created_at desc limit $3`,
    [...bounds(r), limit, categoryCode],
  );
  return rows.map(brief);
}
