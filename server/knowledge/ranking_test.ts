import assert from "node:assert/strict";
import {
  type Candidate,
  idf,
  markHits,
  matchThresholds,
  rank,
  snippet,
  snippetText,
  TITLE_WEIGHT,
} from "./ranking.ts";

const stats = { total: 1000, df: { 公积金: 40, 提取: 120, 办事: 600 } };
const candidate = (id: number, title: string, matched: string[], inTitle: string[] = []) => ({
  id,
  title,
  matched,
  in_title: inTitle,
});

Deno.test("matchThresholds() asks for every word of a short query and most of a longer one", () => {
  assert.deepEqual(matchThresholds(1), [1]);
  assert.deepEqual(matchThresholds(2), [2, 1], "both words, else either");
  assert.deepEqual(matchThresholds(3), [2]);
  assert.deepEqual(matchThresholds(4), [3, 2]);
  assert.deepEqual(matchThresholds(12), [3, 2], "a citizen's sentence: three words are enough");
});

Deno.test("idf() ranks a rare word above a common one", () => {
  assert.ok(idf(1000, 40) > idf(1000, 600));
  assert.ok(idf(1000, 0) > 0, "an unseen word does not divide by zero");
});

Deno.test("rank() puts articles with more and rarer words first", () => {
  const ranked = rank(
    [
      candidate(1, "办事指南", ["办事", "提取"]),
      candidate(2, "公积金说明", ["公积金", "提取"]),
      candidate(3, "公积金", ["公积金"]),
    ],
    stats,
    "公积金 提取",
    10,
  );
  assert.deepEqual(ranked.map((r) => r.id), [2, 3, 1]);
});

Deno.test("rank() weighs a word in the title or keywords more than one in the body", () => {
  const ranked = rank(
    [
      candidate(1, "住房政策", ["公积金", "提取"]),
      candidate(2, "公积金提取", ["公积金", "提取"], ["公积金", "提取"]),
    ],
    stats,
    "公积金 提取",
    10,
  );
  assert.deepEqual(ranked.map((r) => r.id), [2, 1]);
  assert.ok(ranked[0].score > ranked[1].score * (TITLE_WEIGHT - 0.5));
});

Deno.test("rank() prefers the article whose title holds the whole query, then the newer one", () => {
  const same = (id: number, title: string): Candidate => candidate(id, title, ["公积金"]);
  const ranked = rank([same(1, "甲"), same(2, "乙"), same(3, "住房公积金")], stats, "公积金", 10);
  assert.deepEqual(ranked.map((r) => r.id), [3, 2, 1]);
  assert.equal(rank([same(1, "甲"), same(2, "乙")], stats, "公积金", 1).length, 1, "limit");
});

Deno.test("snippet() shows the passage with the most query words and marks them", () => {
  const body = "本指南说明办理时限。".repeat(10) + "职工可申请提取住房公积金，材料齐全即时办结。" +
    "其他说明。".repeat(20);
  const parts = snippet(body, ["公积金", "提取"], 40);
  const text = snippetText(parts);
  assert.match(text, /^….*提取住房公积金.*…$/);
  assert.deepEqual(
    parts.filter((p) => p.hit).map((p) => p.text),
    ["提取", "公积金"],
  );
  assert.ok(text.length <= 42);
});

Deno.test("snippet() falls back to the opening when only the title matched", () => {
  const parts = snippet("第一句。第二句。", ["公积金"], 90);
  assert.deepEqual(parts, [{ text: "第一句。第二句。", hit: false }]);
});

Deno.test("markHits() prefers the longest word and ignores case", () => {
  assert.deepEqual(markHits("住房公积金APP", ["公积", "公积金", "app"]), [
    { text: "住房", hit: false },
    { text: "公积金", hit: true },
    { text: "APP", hit: true },
  ]);
});
