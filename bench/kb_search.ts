/**
 * Chinese full-text search of the knowledge base: jieba words (production) against CJK bigrams
 * (`cjk_terms` of migration 0006) and pg_trgm, on the real PostgreSQL.
 *
 *   deno task bench:kb [--articles=10000] [--reps=15]
 *   (or the env BENCH_ARTICLES, BENCH_REPS)
 *
 * A fresh database (dropped afterwards) gets the demo city and its 42 hand-written articles.
 * Quality is measured twice with the labelled queries of bench/kb_corpus.ts: on those 42 alone
 * (precision and recall of the top 10: which method finds the right articles and only them),
 * then after 10,000 generated articles are added (are the right ones still in the top 10 and
 * first). Latency is one whole search as an agent's request runs it (segmenting the query, the
 * SQL, ranking and snippets), every labelled query `reps` times per method, on 10,000 articles.
 */
import { migrate } from "../db/migrate.ts";
import { openPostgres } from "../db/postgres_adapter.ts";
import { createTestDatabase } from "../db/testing.ts";
import { hotlineDay, KnowledgeService } from "../server/knowledge/kb_service.ts";
import {
  insertArticle,
  insertVersion,
  searchCandidates,
  WORD_COLUMNS,
  type WordColumns,
} from "../server/knowledge/kb_store.ts";
import { matchThresholds, rank, snippet } from "../server/knowledge/ranking.ts";
import { documentWords, isStopword, queryWords } from "../server/knowledge/segment.ts";
import { seedDemoKnowledge } from "../server/seed/demo_knowledge.ts";
import { DEMO_ARTICLES } from "../server/seed/demo_knowledge_articles.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { loadAverage, option, pct } from "./common.ts";
import { generateArticles, LABELLED_QUERIES } from "./kb_corpus.ts";

const ARTICLES = Number(option("articles", "10000"));
const REPS = Number(option("reps", "15"));
const NGRAM: WordColumns = { search: "ngram_words", title: "ngram_title" };

const tdb = await createTestDatabase("kbbench");
const db = openPostgres(tdb.url);
try {
  await migrate(db);
  await seedDemoCity(db);
  await seedDemoKnowledge(db);
  const kb = new KnowledgeService(db);
  const today = hotlineDay(new Date());
  const idOf = new Map(
    (await db.query<{ id: number; title: string }>("select id, title from kb_articles"))
      .map((r) => [r.title, Number(r.id)]),
  );
  const keyOf = new Map(DEMO_ARTICLES.map((a) => [idOf.get(a.title)!, a.key]));

  // The n-gram alternative: the same columns as production, filled by the SQL function.
  await db.exec(
    `alter table kb_articles add column ngram_words text[], add column ngram_title text[];
    create index kb_articles_ngram on kb_articles using gin (ngram_words) with (fastupdate = off);
    create extension if not exists pg_trgm;
    create index kb_articles_trgm on kb_articles using gin ((title || ' ' || body) gin_trgm_ops)
      with (fastupdate = off);`,
  );
  const fillNgrams = () =>
    db.exec(`update kb_articles set
      ngram_title = cjk_terms(title || ' ' || array_to_string(keywords, ' ')),
      ngram_words = cjk_terms(title || ' ' || array_to_string(keywords, ' ') || ' ' || body)
      where ngram_words is null; analyze kb_articles;`);
  await fillNgrams();

  type Method = {
    name: string;
    words(q: string): Promise<string[]>;
    /** How many words a result must contain, tried in turn until something is found. */
    thresholds(n: number): number[];
    columns: WordColumns;
  };
  // Bigrams of a question's asking words (怎么, 需要) are left out, as jieba's stop words are.
  const ngramWords = async (q: string) =>
    (await db.query<{ t: string[] }>("select cjk_terms($1) as t", [q]))[0].t
      .filter((t) => !isStopword(t));
  const jiebaWords = (q: string) => Promise.resolve(queryWords(q));
  const all = (n: number) => [n];
  const methods: Method[] = [
    {
      name: "jieba, ≥60% of words (≤3), else ≥50% (production)",
      words: jiebaWords,
      thresholds: matchThresholds,
      columns: WORD_COLUMNS,
    },
    { name: "jieba, all words", words: jiebaWords, thresholds: all, columns: WORD_COLUMNS },
    {
      name: "n-gram, ≥60% of bigrams (≤3), else ≥50%",
      words: ngramWords,
      thresholds: matchThresholds,
      columns: NGRAM,
    },
    { name: "n-gram, all bigrams", words: ngramWords, thresholds: all, columns: NGRAM },
  ];
  const search = async (m: Method, q: string): Promise<number[]> => {
    const words = await m.words(q);
    for (const min of m.thresholds(words.length)) {
      const { rows, stats } = await searchCandidates(
        db,
        words,
        min,
        { validOn: today },
        100,
        m.columns,
      );
      if (rows.length > 0) {
        return rank(rows, stats, q, 10).map((r) => (snippet(r.body, words), r.id));
      }
    }
    return [];
  };
  // pg_trgm: every query word as a substring (ILIKE), the trigram index where it can help.
  const trgm = async (q: string): Promise<number[]> => {
    const patterns = queryWords(q).map((w) => `%${w.replace(/[\\%_]/g, "\\$&")}%`);
    if (patterns.length === 0) return [];
    const rows = await db.query<{ id: number }>(
      `select id from kb_articles a where (title || ' ' || body) ilike all($1::text[])
       and status = 'active' and (valid_from is null or valid_from <= $2)
       and (valid_to is null or valid_to >= $2) order by id limit 10`,
      [patterns, today],
    );
    return rows.map((r) => Number(r.id));
  };
  const named: { name: string; run(q: string): Promise<number[]> }[] = [
    ...methods.map((m) => ({ name: m.name, run: (q: string) => search(m, q) })),
    { name: "pg_trgm, ILIKE every word", run: trgm },
  ];

  const quality = async (run: (q: string) => Promise<number[]>) => {
    let p = 0, r = 0, first = 0, answered = 0, missed = 0;
    const misses: string[] = [];
    for (const { q, expect } of LABELLED_QUERIES) {
      const got = (await run(q)).map((id) => keyOf.get(id) ?? `#${id}`);
      const right = got.filter((k) => expect.includes(k)).length;
      if (got.length > 0) {
        p += right / got.length;
        answered++;
      }
      r += right / expect.length;
      if (expect.includes(got[0])) first++;
      else misses.push(q);
      if (right === 0) missed++;
    }
    const n = LABELLED_QUERIES.length;
    return {
      precision: p / Math.max(answered, 1),
      recall: r / n,
      first: first / n,
      none: missed,
      misses,
    };
  };

  const f = (x: number) => x.toFixed(2);
  console.log(
    `# knowledge search, ${LABELLED_QUERIES.length} labelled queries; load ${loadAverage()}\n`,
  );
  console.log(`## quality on the ${DEMO_ARTICLES.length} hand-written articles (top 10)\n`);
  console.log(
    "| method | precision | recall | right answer first | queries with no right answer |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  const small: Record<string, Awaited<ReturnType<typeof quality>>> = {};
  for (const m of named) {
    const qy = small[m.name] = await quality(m.run);
    console.log(
      `| ${m.name} | ${f(qy.precision)} | ${f(qy.recall)} | ${f(qy.first)} | ${qy.none} |`,
    );
  }
  for (const m of named) {
    console.log(`  ${m.name}: not first for ${small[m.name].misses.join(" / ")}`);
  }

  // 10,000 generated articles, written as the service writes them (jieba words, version 1).
  const started = performance.now();
  const generated = generateArticles(ARTICLES);
  for (let i = 0; i < generated.length; i += 500) {
    await db.transaction(async (tx) => {
      for (const a of generated.slice(i, i + 500)) {
        const content = { ...a, status: "active" as const };
        const head = `${a.title} ${a.keywords.join(" ")}`;
        const id = await insertArticle(tx, "bench", content, {
          search: documentWords(`${head} ${a.body}`),
          title: documentWords(head),
        });
        await insertVersion(tx, id, 1, content, { fields: [], note: "", by: "bench" });
      }
    });
  }
  await fillNgrams();
  const [{ n, words }] = await db.query<{ n: number; words: number }>(
    "select count(*)::int as n, avg(cardinality(search_words))::int as words from kb_articles",
  );
  console.log(
    `\n${n} articles written in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(jieba words per article: ${words} on average)\n`,
  );

  console.log(`## quality and latency with ${n} articles (${REPS} runs of every query)\n`);
  console.log(
    "| method | recall (top 10) | right answer first | p50 ms | p95 ms | p99 ms | max ms |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  const timed = [
    {
      name: "KnowledgeService.search (production)",
      run: (q: string) => kb.search(q).then((hits) => hits.map((h) => h.id)),
    },
    ...named,
  ];
  const misses: string[] = [];
  for (const m of timed) {
    for (const { q } of LABELLED_QUERIES) await m.run(q); // warm up
    const ms: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const { q } of LABELLED_QUERIES) {
        const t0 = performance.now();
        await m.run(q);
        ms.push(performance.now() - t0);
      }
    }
    const sorted = Float64Array.from(ms).sort();
    const qy = await quality(m.run);
    misses.push(`  ${m.name}: not first for ${qy.misses.join(" / ")}`);
    console.log(
      `| ${m.name} | ${f(qy.recall)} | ${f(qy.first)} | ${f(pct(sorted, 0.5))} | ${
        f(pct(sorted, 0.95))
      } | ${f(pct(sorted, 0.99))} | ${f(sorted[sorted.length - 1])} |`,
    );
  }
  console.log(misses.join("\n"));
  const [{ trgm_ctype }] = await db.query<{ trgm_ctype: string }>(
    "select datctype as trgm_ctype from pg_database where datname = current_database()",
  );
  console.log(`\n(database ctype ${trgm_ctype}; pg_trgm indexes CJK only under a UTF-8 ctype)`);
} finally {
  await db.close();
  await tdb.drop();
}
