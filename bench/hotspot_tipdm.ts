/**
 * The hotspot engine on real text: the TipDM message board (../shared/data, 4,326 messages,
 * docs/import.md) imported into a fresh database, the keyword job run over it, then what the
 * engine finds — top keywords, the weeks whose volume or keywords spiked against their own
 * baseline, near-duplicate clusters — printed for docs/hotspots.md.
 *
 *   deno task validate:hotspots [file.xlsx]
 */
import { migrate } from "../db/migrate.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";
import { SYSTEM_ACTOR } from "../server/audit/audit.ts";
import { buildHotspots } from "../server/hotspots/hotspot_engine.ts";
import { countByDay } from "../server/hotspots/hotspot_counts.ts";
import { topTerms } from "../server/hotspots/hotspot_terms.ts";
import { addDays, risingWindows, windowSpan } from "../server/hotspots/hotspot_windows.ts";
import { runKeywordJob } from "../server/hotspots/keyword_job.ts";
import { selectKeywords } from "../server/hotspots/keywords.ts";
import { nearDuplicateClusters } from "../server/hotspots/near_duplicates.ts";
import { risingOf, windowSeries } from "../server/hotspots/rising.ts";
import { risingTopics, scoreSeries } from "../server/hotspots/spike_stats.ts";
import { importMessages } from "../server/import/import_run.ts";
import { parseKeyring, PiiCipher } from "../server/privacy/pii_cipher.ts";
import { TEST_KEYS } from "../tests/harness.ts";

const file = Deno.args[0] ??
  new URL("../../shared/data/full_dataset_sheet_3.xlsx", import.meta.url).pathname;
const tdb = await createTestDatabase("tipdm");
const db = openPostgres(tdb.url);
const names = { categories: new Map(), districts: new Map() };
try {
  await migrate(db);
  const pii = await PiiCipher.create(parseKeyring(TEST_KEYS.piiKeys), TEST_KEYS.piiHashKey);
  const report = await importMessages(db, SYSTEM_ACTOR, pii, await Deno.readFile(file), file);
  console.log(`imported ${report.imported} messages in ${(report.ms / 1000).toFixed(1)} s`);

  let t = performance.now();
  const job = await runKeywordJob(db, { budgetMs: 600_000 });
  const jobMs = performance.now() - t;
  const [size] = await db.query<{ chars: number; terms: number; rows: number }>(
    `select (select sum(length(content))::int from cases) as chars,
       (select count(distinct term)::int from hotspot_terms_daily) as terms,
       (select count(*)::int from hotspot_terms_daily) as rows`,
  );
  console.log(
    `keyword job: ${job.cases} cases, ${size.chars} characters in ${(jobMs / 1000).toFixed(1)} s ` +
      `(${(job.cases / (jobMs / 1000)).toFixed(0)} cases/s); ${size.terms} distinct terms, ` +
      `${size.rows} daily rows`,
  );

  const [span] = await db.query<{ first: string; last: string }>(
    `select min(created_at at time zone 'Asia/Shanghai')::date::text as first,
       max(created_at at time zone 'Asia/Shanghai')::date::text as last from cases`,
  );
  const all = { from: span.first, to: span.last };
  console.log(`\nmessages from ${all.from} to ${all.to}`);
  const perMonth = await db.query<{ month: string; n: number }>(
    `select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
       count(*)::int as n from cases group by 1 order by 1`,
  );
  console.log(perMonth.map((m) => `${m.month}: ${m.n}`).join(", "));

  console.log("\ntop keywords, all messages (cases mentioning each):");
  const top = selectKeywords(await topTerms(db, all, 600), 40);
  console.log(top.map((k) => `${k.text} ${k.n}`).join("、"));

  // Every week: the volume and the keywords against the same weekdays of the 8 weeks before.
  console.log("\nweeks (Mon–Sun) whose volume rose significantly (Poisson/NB, α 0.01 ÷ weeks):");
  // From the first month with real traffic: earlier stray messages would make its first weeks
  // "rise" against empty baselines.
  const first = perMonth.find((m) => m.n >= 50)!.month;
  const days = await countByDay(db, all, null);
  const volume = [];
  const keywordSpikes = [];
  for (let end = addDays(`${first}-01`, 7 * 9 - 1); end <= all.to; end = addDays(end, 7)) {
    const w = risingWindows({ from: addDays(end, -6), to: end });
    const [s] = windowSeries(w, days.map((d) => ({ ...d, key: "all" })));
    if (s) volume.push({ ...scoreSeries(s), key: `${w.current.from}..${w.current.to}` });
    for (const r of await risingOf(db, w, names)) keywordSpikes.push({ ...r, week: w.current });
  }
  const weeks = risingTopics(volume.map((v) => ({
    key: v.key,
    current: v.current,
    baseline: v.series.slice(0, -1),
  })));
  console.log(`  ${weeks.length} of ${volume.length} weeks; the three highest scores:`);
  for (const v of [...volume].sort((a, b) => a.p - b.p).slice(0, 3)) {
    console.log(
      `  ${v.key}: ${v.current} messages, baseline mean ${v.expected.toFixed(1)} (${
        v.series.slice(0, -1).join(", ")
      }), ×${v.ratio.toFixed(1)}, p ${v.p.toExponential(1)}, ${
        weeks.some((x) => x.key === v.key) ? "significant" : "not significant"
      }`,
    );
  }
  console.log("\nstrongest keyword spikes (a 7-day window against its 8 weeks before):");
  keywordSpikes.sort((a, b) => a.p - b.p);
  for (const r of keywordSpikes.slice(0, 15)) {
    console.log(
      `  ${r.week.from}..${r.week.to} ${r.name}: ${r.current} (baseline ${
        r.series.slice(0, -1).join(",")
      }), p ${r.p.toExponential(1)}`,
    );
  }

  console.log("\nnear-duplicate clusters (Jaccard of bigrams ≥ 0.5, ≤ 3 days apart):");
  const rows = await db.query<{ case_number: string; created_at: Date; content: string }>(
    "select case_number, created_at, content from cases order by created_at",
  );
  t = performance.now();
  const clusters = nearDuplicateClusters(
    rows.map((r) => ({ ...r, district_code: null, created_at: r.created_at.getTime() })),
  );
  const clusterMs = performance.now() - t;
  const inClusters = clusters.reduce((a, c) => a + c.cases.length, 0);
  console.log(
    `  ${clusters.length} clusters holding ${inClusters} messages (of ${rows.length}), ` +
      `found in ${clusterMs.toFixed(0)} ms; sizes ${
        clusters.slice(0, 10).map((c) => c.cases.length)
      }`,
  );
  for (const c of clusters.slice(0, 6)) {
    const dates = c.cases.map((x) =>
      new Date(x.created_at + 8 * 3_600_000).toISOString().slice(0, 10)
    );
    console.log(
      `  ${c.cases.length} messages ${dates.at(-1)}..${dates[0]}, similarity ≥ ${
        c.min_similarity.toFixed(2)
      }: ${c.cases.map((x) => x.content.split("\n")[0].slice(0, 40)).slice(0, 3).join(" | ")}`,
    );
  }

  // The page for the busiest month, timed.
  const busiest = perMonth.reduce((a, b) => (b.n > a.n ? b : a));
  const month = { from: `${busiest.month}-01`, to: addDays(`${busiest.month}-28`, 0) };
  t = performance.now();
  const h = await buildHotspots(db, month);
  console.log(
    `\nbuildHotspots ${month.from}..${month.to}: ${(performance.now() - t).toFixed(0)} ms; ` +
      `rising ${h.rising.map((r) => `${r.name} ${r.current}`).join("、") || "none"}; window ${
        JSON.stringify(windowSpan(h.rising_windows))
      }`,
  );
} finally {
  await db.close();
  await tdb.drop();
}
