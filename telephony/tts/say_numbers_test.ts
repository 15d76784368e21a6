import assert from "node:assert/strict";
import { digitsEn, digitsZh, numberZh, waitEn, waitZh } from "./say_numbers.ts";

Deno.test("digitsZh() reads a case number digit by digit in Chinese characters", () => {
  assert.equal(digitsZh("10000016"), "一零零零零零一六");
  assert.equal(digitsZh("123-45"), "一二三四五");
  assert.equal(digitsEn("105"), "one zero five");
});

Deno.test("numberZh() says quantities the way a person would", () => {
  const cases: [number, string][] = [
    [0, "零"],
    [1, "一"],
    [10, "十"],
    [12, "十二"],
    [20, "二十"],
    [105, "一百零五"],
    [110, "一百一十"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [20000, "两万"],
    [20001, "二万零一"],
    [123456, "十二万三千四百五十六"],
  ];
  for (const [n, text] of cases) assert.equal(numberZh(n), text, `${n}`);
  assert.throws(() => numberZh(-1), RangeError);
  assert.throws(() => numberZh(1.5), RangeError);
});

Deno.test("waitZh() rounds the expected wait to spoken minutes", () => {
  assert.equal(waitZh(30), "不到一分钟");
  assert.equal(waitZh(150), "约三分钟");
  assert.equal(waitEn(60), "about 1 minute");
  assert.equal(waitEn(600), "about 10 minutes");
});
