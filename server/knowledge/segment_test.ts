import assert from "node:assert/strict";
import { documentWords, normalize, queryWords } from "./segment.ts";

Deno.test("documentWords() keeps a compound and its parts, so either finds the article", () => {
  const words = documentWords("住房公积金提取办事指南");
  for (const w of ["公积金", "公积", "提取", "住房"]) assert.ok(words.includes(w), w);
  assert.deepEqual(words, [...words].sort(), "sorted");
  assert.equal(new Set(words).size, words.length, "distinct");
});

Deno.test("documentWords() drops punctuation and particles, keeps numbers and Latin words", () => {
  const words = documentWords("请拨打95598查询，或登录“网上国网”APP。");
  assert.ok(words.includes("95598"));
  assert.ok(words.includes("app"));
  assert.ok(!words.some((w) => /[，。“”]/.test(w)));
  assert.ok(!words.includes("或"));
});

Deno.test("queryWords() leaves out how a question is asked", () => {
  assert.deepEqual(queryWords("怎么办居住证"), ["居住证"]);
  assert.deepEqual(queryWords("公积金 提取"), ["公积金", "提取"]);
  assert.deepEqual(queryWords("孩子上学 户口"), ["孩子", "上学", "户口"]);
});

Deno.test("queryWords() keeps a lone character, as documentWords() does for the same text", () => {
  assert.deepEqual(queryWords("失业金怎么领"), ["失业", "金", "领"]);
  const doc = documentWords("失业金");
  assert.ok(queryWords("失业金").every((w) => doc.includes(w)));
});

Deno.test("normalize() folds full-width letters and digits", () => {
  assert.equal(normalize("ＡＰＰ １２３４５"), "app 12345");
  assert.deepEqual(queryWords("ＡＰＰ下载"), ["app", "下载"]);
});
