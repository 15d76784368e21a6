import assert from "node:assert/strict";
import { argon2id } from "hash-wasm";
import {
  checkPasswordRules,
  generateOneTimePassword,
  hashPassword,
  needsRehash,
  OTP_ALPHABET,
  verifyPassword,
} from "./password.ts";

const GOOD = "correct horse battery staple";

Deno.test("hashPassword produces an argon2id PHC string with the OWASP parameters", async () => {
  const encoded = await hashPassword(GOOD);
  assert.match(
    encoded,
    /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
  );
});

Deno.test("verifyPassword accepts the right password and refuses a wrong one", async () => {
  const encoded = await hashPassword(GOOD);
  assert.equal(await verifyPassword(GOOD, encoded), true);
  assert.equal(await verifyPassword("correct horse battery stapl", encoded), false);
  assert.equal(await verifyPassword("", encoded), false);
});

Deno.test("hashPassword refuses an empty password", async () => {
  await assert.rejects(hashPassword(""), RangeError);
});

Deno.test("verifyPassword treats full-width and ASCII spellings alike", async () => {
  const encoded = await hashPassword("密码Password2024!");
  assert.equal(await verifyPassword("密码Ｐａｓｓｗｏｒｄ２０２４！", encoded), true);
});

Deno.test("verifyPassword returns false instead of throwing for a malformed hash", async () => {
  const encoded = await hashPassword(GOOD);
  const malformed = [
    "",
    "not a hash",
    encoded.replace("argon2id", "argon2i"),
    encoded.replace("v=19", "v=16"),
    encoded.replace("m=19456", "m=99999999"),
    encoded.replace("t=2", "t=0"),
    encoded.slice(0, -10) + "!!!",
    encoded.split("$").slice(0, 5).join("$"),
  ];
  for (const hash of malformed) assert.equal(await verifyPassword(GOOD, hash), false, hash);
});

Deno.test("two hashes of the same password use different salts", async () => {
  const [a, b] = [await hashPassword(GOOD), await hashPassword(GOOD)];
  assert.notEqual(a, b);
  assert.notEqual(a.split("$")[4], b.split("$")[4]);
});

Deno.test("needsRehash flags hashes made with weaker parameters", async () => {
  const weak = await argon2id({
    password: GOOD,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    memorySize: 4096,
    iterations: 2,
    parallelism: 1,
    hashLength: 32,
    outputType: "encoded",
  });
  assert.equal(await verifyPassword(GOOD, weak), true);
  assert.equal(needsRehash(weak), true);
  assert.equal(needsRehash(await hashPassword(GOOD)), false);
  const current = await hashPassword(GOOD);
  assert.equal(needsRehash(current.replace("t=2", "t=1")), true);
  assert.equal(needsRehash(current.replace("m=19456", "m=65536")), false);
  assert.equal(needsRehash("garbage"), true);
});

Deno.test("checkPasswordRules accepts a long passphrase without composition rules", () => {
  assert.deepEqual(checkPasswordRules(GOOD, { workNumber: "A1024", name: "张三" }), []);
  assert.deepEqual(checkPasswordRules("所有的人生而自由平等尊严权利"), []);
});

Deno.test("checkPasswordRules requires at least 12 characters counted as code points", () => {
  assert.deepEqual(checkPasswordRules("short pass1"), [
    "密码至少 12 个字符 (at least 12 characters)",
  ]);
  assert.deepEqual(checkPasswordRules("短".repeat(11) + "长"), []);
  assert.equal(checkPasswordRules("😀😀😀😀😀😀abcde").length, 1);
  assert.deepEqual(checkPasswordRules("😀😀😀😀😀😀abcdef"), []);
});

Deno.test("checkPasswordRules allows at most 128 characters", () => {
  const long = "ab".repeat(64);
  assert.deepEqual(checkPasswordRules(long), []);
  assert.deepEqual(checkPasswordRules(long + "c"), [
    "密码最多 128 个字符 (at most 128 characters)",
  ]);
});

Deno.test("checkPasswordRules refuses a single repeated character", () => {
  assert.deepEqual(checkPasswordRules("aaaaaaaaaaaaaaaa"), [
    "密码不能全部是同一个字符 (must not repeat a single character)",
  ]);
  assert.deepEqual(checkPasswordRules("aaaaaaaaaaaaaaab"), []);
});

Deno.test("checkPasswordRules refuses a password containing the work number", () => {
  const message = "密码不能包含工号 (must not contain your work number)";
  assert.deepEqual(checkPasswordRules("my-number-is-a1024", { workNumber: "A1024" }), [message]);
  assert.deepEqual(checkPasswordRules("my-number-is-a1025", { workNumber: "A1024" }), []);
  assert.deepEqual(checkPasswordRules("my-number-is-12", { workNumber: "12" }), []);
});

Deno.test("checkPasswordRules refuses a password containing the user's name", () => {
  const message = "密码不能包含姓名 (must not contain your name)";
  assert.deepEqual(checkPasswordRules("我是张三我爱热线的接线工作", { name: "张三" }), [message]);
  assert.deepEqual(checkPasswordRules("ZhangSan-loves-12345", { name: "Zhang San" }), [message]);
  assert.deepEqual(checkPasswordRules("我是李四我爱热线的接线工作", { name: "张三" }), []);
});

Deno.test("checkPasswordRules refuses common passwords regardless of case", () => {
  const message = "密码过于常见，请换一个 (is a commonly used password)";
  for (const common of ["password123456", "PassWord123456", "woaini1314520", "Admin1234567"]) {
    assert.deepEqual(checkPasswordRules(common), [message], common);
  }
  assert.deepEqual(checkPasswordRules("password123457x"), []);
});

Deno.test("checkPasswordRules reports every broken rule at once", () => {
  assert.equal(checkPasswordRules("1111", { workNumber: "111" }).length, 3);
});

Deno.test("generateOneTimePassword makes 20 unambiguous characters that pass the rules", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const otp = generateOneTimePassword();
    assert.equal(otp.length, 20);
    assert.match(otp, /^[A-HJ-NP-Za-km-z2-9]{20}$/);
    assert.deepEqual(checkPasswordRules(otp), []);
    for (const c of otp) seen.add(c);
  }
  assert.equal(OTP_ALPHABET.length, 57);
  for (const c of "0O1lI") assert.ok(!OTP_ALPHABET.includes(c));
  // 4000 draws from 57 symbols leave none unused unless the sampler is broken.
  assert.equal(seen.size, 57);
});
