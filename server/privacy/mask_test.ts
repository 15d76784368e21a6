import assert from "node:assert/strict";
import { maskEmail, maskName, maskPhone } from "./mask.ts";

Deno.test("maskPhone keeps the first 3 and last 4 digits of a mobile number", () => {
  assert.equal(maskPhone("13812345678"), "138****5678");
  assert.equal(maskPhone("138-1234-5678"), "138****5678");
  assert.equal(maskPhone("+86 138 1234 5678"), "138****5678");
});

Deno.test("maskPhone hides the middle of a landline with one star per digit", () => {
  assert.equal(maskPhone("02188886666"), "021****6666");
  assert.equal(maskPhone("021-8888-6666"), "021****6666");
  assert.equal(maskPhone("075512345678"), "075*****5678");
});

Deno.test("maskPhone keeps only the last 4 digits of a 7 to 10 digit number", () => {
  assert.equal(maskPhone("88886666"), "****6666");
  assert.equal(maskPhone("8886666"), "***6666");
});

Deno.test("maskPhone keeps only the last 2 digits of a short number", () => {
  assert.equal(maskPhone("12345"), "***45");
  assert.equal(maskPhone("110"), "*10");
  assert.equal(maskPhone("123456"), "****56");
  assert.equal(maskPhone("12"), "**");
});

Deno.test("maskPhone returns an empty string for empty input and stars for non-numbers", () => {
  assert.equal(maskPhone(""), "");
  assert.equal(maskPhone(null), "");
  assert.equal(maskPhone(undefined), "");
  assert.equal(maskPhone("unknown"), "*******");
});

Deno.test("maskName keeps the first character of a Chinese name and stars the rest", () => {
  assert.equal(maskName("张三"), "张*");
  assert.equal(maskName("张小明"), "张**");
  assert.equal(maskName("欧阳娜娜"), "欧***");
  assert.equal(maskName(" 李四 "), "李*");
  assert.equal(maskName("阿依古丽·买买提"), "阿***·买**");
});

Deno.test("maskName masks each word of a Latin name", () => {
  assert.equal(maskName("John Smith"), "J*** S****");
  assert.equal(maskName("Ann"), "A**");
});

Deno.test("maskName hides a one-character name entirely and returns empty for empty input", () => {
  assert.equal(maskName("张"), "*");
  assert.equal(maskName(""), "");
  assert.equal(maskName("   "), "");
  assert.equal(maskName(null), "");
  assert.equal(maskName(undefined), "");
});

Deno.test("maskEmail keeps the first character and the domain and hides the length", () => {
  assert.equal(maskEmail("zhang.san@example.com"), "z*******@example.com");
  assert.equal(maskEmail("a@example.com"), "a*******@example.com");
  assert.equal(maskEmail("张三@例子.中国"), "张*******@例子.中国");
  assert.equal(maskEmail("no-at-sign"), "n*******");
});

Deno.test("maskEmail returns an empty string for empty input", () => {
  assert.equal(maskEmail(""), "");
  assert.equal(maskEmail(null), "");
  assert.equal(maskEmail(undefined), "");
});
