/**
 * Bulk data for the case bench (bench/case_load.ts): a million realistic cases written with
 * set-based SQL, in batches of numbers made by the product's own caseNumber(). Every choice is a
 * pseudo-random but repeatable function of the case's sequence (hashint4), so two runs load the
 * same cases. The demo city's categories, streets and routing list give the references; the
 * content is put together from phrase fragments and the routing list's everyday words, so the
 * n-gram search has real text to find.
 */
import type { Database } from "../db/port.ts";
import { caseNumber } from "../server/cases/case_number.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";

export const ROADS = ["幸福路", "人民路", "建设大道", "解放路", "和平街", "中山路", "文化路"]
  .concat(["滨江路", "青年路", "新华路", "光明路", "胜利街"]);
export const PLACES = ["小区门口", "小区内", "路口", "菜市场旁", "学校附近", "公交站台旁"]
  .concat(["商业街", "居民楼下", "公园东门", "地铁站出口", "老旧小区", "工业园区", "医院附近"]);
export const TIMES = ["近一个月来", "最近几天", "每天晚上", "今天上午", "已经一个多星期"]
  .concat(["长期以来", "昨天夜里", "这两天"]);
export const IMPACTS = ["噪音扰民", "影响居民休息", "存在安全隐患", "影响出行", "气味难闻"]
  .concat(["群众意见很大", "老人小孩出行不便", "多次反映未解决", "影响正常生活", "造成经济损失"]);
export const REQUESTS = ["希望有关部门尽快处理。", "请求相关部门核实处理。", "要求给个说法。"]
  .concat(["请尽快派人查看。", "希望能够妥善解决。", "盼回复。"]);

/** Distinct citizens' phone numbers: the k-th (k < 100,000,000), all distinct. */
export const phoneOf = (k: number) =>
  `139${String((k * 7919 + 12_345_678) % 100_000_000).padStart(8, "0")}`;

/** The text of a case the way the bench's registrations and the bulk rows both build it. */
export function caseContent(
  street: string,
  road: string,
  place: string,
  time: string,
  word: string,
  leaf: string,
  impact: string,
  request: string,
  door: number,
): string {
  return `市民反映：${street}${road}${door}号${place}${time}${word}的情况，属${leaf}问题，${impact}。${request}`;
}

/**
 * bench_u(i, k): a uniform float in [0, 1) for case `i` and purpose `k`, repeatable; the phones;
 * the routed leaves and the streets numbered from 0 so a batch can pick one by number.
 */
const HELPERS = `
create function bench_u(i int, k int) returns float8 language sql immutable parallel safe as
  $$ select (hashint4(i * 32 + k)::bigint + 2147483648)::float8 / 4294967296 $$;
create table bench_phones (k int primary key, hash text not null, enc text not null);
create table bench_leaf as
  select (row_number() over (order by c.code) - 1)::int as k, c.id, c.name,
    r.lead_department_id as dep, r.keywords
  from case_categories c join case_routing r on r.category_id = c.id
  where c.level = 3 and c.active and cardinality(r.keywords) > 0;
create table bench_street as
  select (row_number() over (order by s.code) - 1)::int as k, s.code, s.parent_code,
    d.name || s.name as name, g.id as gov
  from districts s join districts d on d.code = s.parent_code
  left join departments g on g.district_code = s.parent_code and g.kind = 'district'
  where s.level = 'street';
`;

/**
 * One batch: $1 case numbers, $2 sequence of the first minus one, $3 first created_at,
 * $4 seconds between cases, $5 phones, $6..$10 fragments. Status and every timestamp follow the
 * case's age: old cases are nearly all closed, the last two weeks' mostly open. An answered
 * consultation or praise is closed at once with no department; 30 % of the others go to the
 * district's government rather than the routed bureau. 1 % of the older ones are merged into the
 * case before them (ids are given, so that case exists).
 */
const BATCH = `
with sizes as (
  select (select count(*) from bench_leaf)::int as nl, (select count(*) from bench_street)::int as ns
), base as (
  select u.num, u.o::int + $2::int as i from unnest($1::text[]) with ordinality as u(num, o)
), pick as (
  select b.*, l.id as category_id, l.name as leaf, l.dep, s.code as street_code,
    s.parent_code as district_code, s.name as street, s.gov,
    l.keywords[1 + floor(cardinality(l.keywords) * bench_u(i, 3))::int] as word,
    $3::timestamptz + (i - 1 + bench_u(i, 4)) * $4::float8 * interval '1 second' as created_at,
    bench_u(i, 5) as ut, bench_u(i, 6) as us, bench_u(i, 7) as ua, bench_u(i, 10) as uc,
    case when bench_u(i, 21) < .9 then floor($5::int * bench_u(i, 22))::int end as phone_k
  from base b cross join sizes z
  join bench_leaf l on l.k = (floor(z.nl * power(bench_u(i, 1), 2))::int * 7919) % z.nl
  join bench_street s on s.k = floor(z.ns * bench_u(i, 2))::int
), typed as (
  select p.*,
    case when ut < .35 then 'consultation' when ut < .62 then 'complaint' when ut < .70 then 'report'
      when ut < .78 then 'suggestion' when ut < .95 then 'help' else 'praise' end as type,
    extract(epoch from now() - created_at) / 86400 as age
  from pick p
), shaped as (
  select t.*,
    (type = 'consultation' and ua < .6) or (type = 'praise' and ua < .8) as answered,
    case
      when (type = 'consultation' and ua < .6) or (type = 'praise' and ua < .8) then 'closed'
      when age > 60 then case when us < .95 then 'closed' when us < .96 and i > 1 then 'merged'
        when us < .97 then 'reviewed' when us < .98 then 'replied' else 'signed' end
      when age > 14 then case when us < .60 then 'closed' when us < .61 then 'merged'
        when us < .70 then 'reviewed' when us < .80 then 'replied' when us < .93 then 'signed'
        when us < .95 then 'returned' else 'dispatched' end
      else case when us < .15 then 'closed' when us < .16 then 'merged' when us < .20 then 'reviewed'
        when us < .32 then 'replied' when us < .62 then 'signed' when us < .65 then 'returned'
        when us < .68 then 'registered' else 'dispatched' end
    end as status
  from typed t
), timed as (
  select s.*,
    case when answered then null when bench_u(i, 8) < .3 and gov is not null then gov else dep end
      as lead,
    case when not answered and status <> 'registered'
      then created_at + interval '12 minutes' end as dispatched_at,
    case when not answered and status in ('signed', 'replied', 'reviewed', 'closed', 'returned')
      then least(now(), created_at + interval '4 hours') end as signed_at,
    case when not answered and status in ('replied', 'reviewed', 'closed')
      then least(now(), created_at + (1 + 8 * bench_u(i, 9)) * interval '1 day') end as replied_at,
    case when type in ('consultation', 'help') then 3 when type = 'praise' then 5
      when type = 'suggestion' then 10 else 13 end * interval '1.4 days' as allowed
  from shaped s
), done as (
  select t.*,
    case when not answered and status in ('reviewed', 'closed')
      then least(now(), replied_at + interval '1 day') end as reviewed_at,
    case when answered then created_at
      when status = 'closed' then least(now(), replied_at + interval '3 days')
      when status = 'merged' then created_at + interval '1 hour' end as closed_at,
    $7::text[] as roads, $6::text[] as places, $8::text[] as times, $9::text[] as impacts,
    $10::text[] as requests
  from timed t
)
insert into cases (id, case_number, type, channel, status, category_id, district_code,
  street_code, address, content, citizen_phone_enc, citizen_phone_hash, confidential, priority,
  lead_department_id, due_at, queue_code, answer, created_at, updated_at, dispatched_at,
  sign_due_at, signed_at, replied_at, reviewed_at, closed_at, satisfaction, resolved,
  merged_into_id, source)
overriding system value
select i, num, type,
  case when uc < .72 then 'phone' when uc < .80 then 'web' when uc < .90 then 'app'
    when uc < .93 then 'sms' when uc < .95 then 'email' when uc < .97 then 'letter'
    when uc < .99 then 'voicemail' else 'fax' end,
  status, category_id, district_code, street_code,
  street || roads[1 + floor(cardinality(roads) * bench_u(i, 11))::int]
    || (1 + floor(300 * bench_u(i, 12)))::int || '号',
  '市民反映：' || street || roads[1 + floor(cardinality(roads) * bench_u(i, 11))::int]
    || (1 + floor(300 * bench_u(i, 12)))::int || '号'
    || places[1 + floor(cardinality(places) * bench_u(i, 13))::int]
    || times[1 + floor(cardinality(times) * bench_u(i, 14))::int] || word || '的情况，属'
    || leaf || '问题，' || impacts[1 + floor(cardinality(impacts) * bench_u(i, 15))::int] || '。'
    || requests[1 + floor(cardinality(requests) * bench_u(i, 16))::int],
  ph.enc, ph.hash, bench_u(i, 17) < .02,
  case when bench_u(i, 18) < .9 then 'normal' when bench_u(i, 18) < .98 then 'urgent'
    else 'emergency' end,
  lead,
  case when not answered then created_at + allowed end,
  case when uc < .72 then case when type = 'complaint' then 'complaint' else 'general' end end,
  case when answered then '已当场答复：告知办理流程、所需材料和咨询电话。' end,
  created_at,
  least(now(), coalesce(closed_at, reviewed_at, replied_at, signed_at, dispatched_at, created_at)),
  dispatched_at, dispatched_at + interval '1 day', signed_at, replied_at, reviewed_at, closed_at,
  case when status = 'closed' and not answered then case when bench_u(i, 19) < .8 then 'satisfied'
    when bench_u(i, 19) < .95 then 'basic' else 'dissatisfied' end end,
  case when status = 'closed' and not answered then bench_u(i, 20) < .9 end,
  case when status = 'merged' then i - 1 end,
  'bench'
from done
left join bench_phones ph on ph.k = phone_k
`;

export interface FillOptions {
  cases: number;
  phones: number;
  batch: number;
  /** Newest case's time; the oldest is two years before. */
  now: number;
  log: (line: string) => void;
}

export interface FillFigures {
  phones_s: number;
  insert_s: number;
  index_s: number;
  assisting_s: number;
  vacuum_analyze_s: number;
  table_mb: number;
  indexes_mb: number;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Loads the phones and then the cases, batch by batch; VACUUM ANALYZE at the end. */
export async function fillCases(db: Database, pii: PiiCipher, o: FillOptions) {
  await db.exec(HELPERS);
  let t0 = performance.now();
  for (let from = 0; from < o.phones; from += o.batch) {
    const ks = Array.from({ length: Math.min(o.batch, o.phones - from) }, (_, j) => from + j);
    const hashes: string[] = [];
    const encs: string[] = [];
    // A thousand at a time rather than 50,000 WebCrypto promises pending at once.
    for (let j = 0; j < ks.length; j += 1000) {
      const chunk = ks.slice(j, j + 1000).map(phoneOf);
      hashes.push(...await Promise.all(chunk.map((phone) => pii.lookupHash(phone))));
      encs.push(...await Promise.all(chunk.map((phone) => pii.encrypt(phone))));
    }
    await db.query(
      "insert into bench_phones (k, hash, enc) select * from unnest($1::int[], $2::text[], $3::text[])",
      [ks, hashes, encs],
    );
  }
  const phones_s = seconds(t0);
  o.log(`${o.phones.toLocaleString("en")} phones hashed and encrypted in ${phones_s.toFixed(1)} s`);

  // As for any bulk load: the secondary indexes go, and come back built in one pass each
  // (same definitions, read from the catalogue), which is far faster than a million GIN inserts.
  const indexes = await db.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
     where schemaname = current_schema() and tablename = 'cases'
       and indexname not in (select conname from pg_constraint where conrelid = 'cases'::regclass)`,
  );
  for (const ix of indexes) await db.query(`drop index ${ix.name}`);
  const span = 730 * 86_400;
  const first = new Date(o.now - span * 1000);
  t0 = performance.now();
  for (let from = 0; from < o.cases; from += o.batch) {
    const n = Math.min(o.batch, o.cases - from);
    const numbers = Array.from({ length: n }, (_, j) => caseNumber(from + j + 1));
    const b0 = performance.now();
    await db.transaction(async (tx) => {
      // The statement's estimated cost would make PostgreSQL JIT-compile it: 40 s for nothing.
      await tx.query("set local jit = off");
      await tx.query(BATCH, [
        numbers,
        from,
        first,
        span / o.cases,
        o.phones,
        PLACES,
        ROADS,
        TIMES,
        IMPACTS,
        REQUESTS,
      ]);
    });
    o.log(`  cases ${(from + n).toLocaleString("en")} (batch ${seconds(b0).toFixed(1)} s)`);
  }
  await db.query("select setval(pg_get_serial_sequence('cases', 'id'), $1)", [o.cases]);
  await db.query("select setval('case_number_seq', $1)", [o.cases]);
  const insert_s = seconds(t0);
  t0 = performance.now();
  await db.transaction(async (tx) => {
    await tx.query("set local maintenance_work_mem = '1GB'");
    for (const ix of indexes) await tx.query(ix.def);
  });
  const index_s = seconds(t0);
  o.log(`${indexes.length} indexes rebuilt in ${index_s.toFixed(1)} s`);

  // One case in twenty also has an assisting department (another than the lead).
  t0 = performance.now();
  await db.query(
    `insert into case_assisting_departments (case_id, department_id)
     select c.id, d.id from cases c
     join lateral (select id from departments where id <> c.lead_department_id and kind <> 'other'
       order by hashint4(id * 7 + c.id::int) limit 1) d on true
     where c.source = 'bench' and c.lead_department_id is not null and bench_u(c.id::int, 23) < .05`,
  );
  const assisting_s = seconds(t0);

  t0 = performance.now();
  for (const table of ["cases", "case_assisting_departments", "case_contacts"]) {
    await db.query(`vacuum (analyze) ${table}`);
  }
  const vacuum_analyze_s = seconds(t0);
  const [size] = await db.query<{ table_mb: number; indexes_mb: number }>(
    `select round(pg_table_size('cases') / 1048576.0)::int as table_mb,
       round(pg_indexes_size('cases') / 1048576.0)::int as indexes_mb`,
  );
  return {
    phones_s,
    insert_s,
    index_s,
    assisting_s,
    vacuum_analyze_s,
    ...size,
  } satisfies FillFigures;
}
