import assert from "node:assert/strict";
import { ArticleInput, changedFields, EditInput, splitKeywords } from "./kb_input.ts";

const article = {
  kind: "service_guide",
  title: "居住证办理指南",
  body: "携带身份证到派出所办理。",
  keywords: ["居住证"],
};

Deno.test("ArticleInput fills the optional fields and refuses a validity that ends before it starts", () => {
  const ok = ArticleInput.parse(article);
  assert.deepEqual(
    [ok.category_id, ok.department_id, ok.valid_from, ok.valid_to],
    [null, null, null, null],
  );
  const bad = ArticleInput.safeParse({
    ...article,
    valid_from: "2026-05-01",
    valid_to: "2026-04-30",
  });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error!.issues[0].path, ["valid_to"]);
});

Deno.test("ArticleInput refuses unknown kinds, fields and malformed dates", () => {
  assert.equal(ArticleInput.safeParse({ ...article, kind: "faq" }).success, false);
  assert.equal(ArticleInput.safeParse({ ...article, extra: 1 }).success, false);
  assert.equal(ArticleInput.safeParse({ ...article, valid_to: "2026-13-01" }).success, false);
  assert.equal(ArticleInput.safeParse({ ...article, title: " " }).success, false);
});

Deno.test("EditInput needs the version the editor started from", () => {
  assert.equal(EditInput.safeParse(article).success, false);
  assert.equal(EditInput.parse({ ...article, base_version: 2 }).status, "active");
});

Deno.test("changedFields() names what an edit changed, keywords compared as lists", () => {
  const before = EditInput.parse({ ...article, base_version: 1 });
  assert.deepEqual(changedFields(before, { ...before }), []);
  assert.deepEqual(
    changedFields(before, { ...before, body: "新正文", keywords: ["居住证", "暂住证"] }),
    ["body", "keywords"],
  );
  assert.deepEqual(changedFields(before, { ...before, status: "retired" }), ["status"]);
});

Deno.test("splitKeywords() accepts the separators people type", () => {
  assert.deepEqual(splitKeywords("公积金、提取, 租房，公积金  房租"), [
    "公积金",
    "提取",
    "租房",
    "房租",
  ]);
  assert.deepEqual(splitKeywords("  "), []);
});
