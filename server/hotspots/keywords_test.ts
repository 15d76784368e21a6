import assert from "node:assert/strict";
import { caseTerms, displayTerm, keptWords, selectKeywords } from "./keywords.ts";

Deno.test("caseTerms() keeps the matter and drops the way it is said", () => {
  const terms = caseTerms(
    "尊敬的领导您好！我们小区旁边工地每天半夜还在施工，噪音扰民，希望有关部门尽快处理。",
  );
  for (const w of ["小区", "工地", "施工", "噪音", "扰民", "噪音 扰民"]) {
    assert.ok(terms.includes(w), `${w} missing from ${terms.join("|")}`);
  }
  for (const w of ["领导", "您好", "希望", "有关部门", "处理", "的", "，"]) {
    assert.ok(!terms.includes(w), `${w} should be dropped: ${terms.join("|")}`);
  }
});

Deno.test("caseTerms() leaves out phone numbers and people's names", () => {
  const terms = caseTerms("我是张三，电话13912345678，小区物业乱收费");
  assert.ok(terms.includes("物业"));
  assert.ok(terms.includes("乱收费"));
  assert.ok(!terms.some((t) => /\d/.test(t) || t.includes("张")), terms.join("|"));
});

Deno.test("caseTerms() counts a word once per case and caps the words", () => {
  const terms = caseTerms("停水停水停水，又停水了。");
  assert.equal(terms.filter((t) => t === "停水").length, 1);
  const long = Array.from({ length: 60 }, (_, i) => `路灯${"甲乙丙丁戊己庚辛壬癸"[i % 10]}区`)
    .join("，");
  assert.ok(caseTerms(long).length <= 30);
});

Deno.test("keptWords() breaks phrases where a word was dropped", () => {
  assert.deepEqual(keptWords("路灯的问题"), ["路灯", null, null]);
  // "路灯 的 问题": 的 and 问题 break the run, so no phrase spans them.
  const terms = caseTerms("路灯的问题，路灯的问题");
  assert.ok(!terms.some((t) => t.includes(" ")), terms.join("|"));
});

Deno.test("caseTerms() keeps Latin words of imported requests", () => {
  const terms = caseTerms("HCD-Sanitation Property\nOutcome: Pothole repair completed");
  assert.ok(terms.includes("sanitation"), terms.join("|"));
  assert.ok(terms.includes("pothole"));
  assert.ok(!terms.includes("outcome"));
});

Deno.test("displayTerm() joins Chinese phrases and keeps Latin spaces", () => {
  assert.equal(displayTerm("噪音 扰民"), "噪音扰民");
  assert.equal(displayTerm("pothole repair"), "pothole repair");
});

Deno.test("selectKeywords() shows a phrase instead of the words it explains", () => {
  const kw = selectKeywords([
    { term: "噪音", n: 10 },
    { term: "扰民", n: 9 },
    { term: "噪音 扰民", n: 8 },
    { term: "施工", n: 20 },
    { term: "夜间", n: 12 },
    { term: "夜间 施工", n: 3 }, // 3 × 3 < 12: these words mostly come apart
    { term: "路灯", n: 1 },
  ]);
  assert.deepEqual(kw.map((k) => [k.text, k.n, k.phrase]), [
    ["施工", 20, false],
    ["夜间", 12, false],
    ["噪音扰民", 8, true],
  ]);
});
