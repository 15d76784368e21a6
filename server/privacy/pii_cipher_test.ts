import assert from "node:assert/strict";
import {
  exportDerivedHashKey,
  generateKeySpec,
  normalizePhone,
  parseKeyring,
  PiiCipher,
  PiiCipherError,
} from "./pii_cipher.ts";

const K1 = generateKeySpec("k1");
const K2 = generateKeySpec("k2");

function keyOf(entry: string): string {
  return entry.slice(entry.indexOf(":") + 1);
}

function flipChar(text: string, index: number): string {
  const swapped = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + swapped + text.slice(index + 1);
}

Deno.test("encrypt then decrypt returns the original text, Chinese names included", async () => {
  const cipher = await PiiCipher.create(parseKeyring(K1));
  for (const value of ["13812345678", "张三", "欧阳娜娜", "John Smith", "", "😀 emoji"]) {
    const token = await cipher.encrypt(value);
    assert.match(token, /^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.equal(await cipher.decrypt(token), value);
  }
});

Deno.test("two encryptions of the same value produce different tokens", async () => {
  const cipher = await PiiCipher.create(parseKeyring(K1));
  const [a, b] = [await cipher.encrypt("13812345678"), await cipher.encrypt("13812345678")];
  assert.notEqual(a, b);
  assert.notEqual(a.split(".")[2], b.split(".")[2]);
});

Deno.test("a tampered ciphertext, IV or kid fails to decrypt with a PiiCipherError", async () => {
  const cipher = await PiiCipher.create(parseKeyring(`${K1},${K2}`));
  const token = await cipher.encrypt("张三");
  const [v, kid, iv, data] = token.split(".");
  const tampered = [
    [v, kid, iv, flipChar(data, 0)],
    [v, kid, flipChar(iv, 3), data],
    [v, "k2", iv, data],
    [v, "k9", iv, data],
    ["v2", kid, iv, data],
    [v, kid, iv, data.slice(0, 10)],
    [v, kid, iv],
  ];
  for (const parts of tampered) {
    await assert.rejects(cipher.decrypt(parts.join(".")), PiiCipherError);
  }
  await assert.rejects(cipher.decrypt([v, "k9", iv, data].join(".")), /unknown key "k9"/);
  await assert.rejects(cipher.decrypt([v, "k2", iv, data].join(".")), /failed authentication/);
});

Deno.test("a non-canonical base64url spelling of the ciphertext is refused", async () => {
  const cipher = await PiiCipher.create(parseKeyring(K1));
  // 1 + 16 tag bytes = 23 characters whose last 2 bits are spare; setting one keeps the bytes.
  const token = await cipher.encrypt("a");
  const [v, kid, iv, data] = token.split(".");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const sibling = alphabet[alphabet.indexOf(data.at(-1)!) | 1];
  assert.equal(data.length, 23);
  await assert.rejects(cipher.decrypt([v, kid, iv, data.slice(0, -1) + sibling].join(".")));
});

Deno.test("an old key still decrypts and rotate moves the token to the current key", async () => {
  const before = await PiiCipher.create(parseKeyring(K1));
  const oldToken = await before.encrypt("13812345678");
  const after = await PiiCipher.create(parseKeyring(`${K2},${K1}`));
  assert.equal(await after.decrypt(oldToken), "13812345678");
  assert.equal(after.needsRotation(oldToken), true);
  const rotated = await after.rotate(oldToken);
  assert.ok(rotated.startsWith("v1.k2."));
  assert.equal(after.needsRotation(rotated), false);
  assert.equal(await after.decrypt(rotated), "13812345678");
  assert.equal(await after.rotate(rotated), rotated);
  await assert.rejects(before.decrypt(rotated), /unknown key "k2"/);
});

Deno.test("needsRotation is false for current tokens and throws for malformed ones", async () => {
  const cipher = await PiiCipher.create(parseKeyring(`${K1},${K2}`));
  assert.equal(cipher.needsRotation(await cipher.encrypt("x")), false);
  assert.throws(() => cipher.needsRotation("not-a-token"), PiiCipherError);
});

Deno.test("normalizePhone strips separators and the +86 / 0086 / 86 country code", () => {
  const same = [
    "13812345678",
    "138-1234-5678",
    "138 1234 5678",
    "+86 13812345678",
    "+86-138-1234-5678",
    "0086 138 1234 5678",
    "8613812345678",
    "１３８１２３４５６７８",
  ];
  for (const s of same) assert.equal(normalizePhone(s), "13812345678", s);
  assert.equal(normalizePhone("021-8888 6666"), "02188886666");
  assert.equal(normalizePhone("+86 21 8888 6666"), "02188886666");
  assert.equal(normalizePhone("(010) 6552-9988"), "01065529988");
  assert.equal(normalizePhone("86123456"), "86123456");
  assert.equal(normalizePhone("12345"), "12345");
});

Deno.test("lookupHash is stable and equal for differently formatted numbers", async () => {
  const cipher = await PiiCipher.create(parseKeyring(K1));
  const a = await cipher.lookupHash("138-1234-5678");
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(await cipher.lookupHash("+86 13812345678"), a);
  assert.equal(await cipher.lookupHash("13812345678"), a);
  assert.notEqual(await cipher.lookupHash("13812345679"), a);
  assert.equal(await cipher.lookupHash(" 张三 "), await cipher.lookupHash("张三"));
  assert.notEqual(await cipher.lookupHash("张三"), await cipher.lookupHash("张四"));
});

Deno.test("lookupHash survives key rotation only when the hash key is pinned", async () => {
  const oldRing = parseKeyring(K1);
  const newRing = parseKeyring(`${K2},${K1}`);
  const pinned = await exportDerivedHashKey(oldRing);
  const before = await PiiCipher.create(oldRing);
  const derivedAfter = await PiiCipher.create(newRing);
  const pinnedAfter = await PiiCipher.create(newRing, pinned);
  const hash = await before.lookupHash("13812345678");
  assert.notEqual(await derivedAfter.lookupHash("13812345678"), hash);
  assert.equal(await pinnedAfter.lookupHash("13812345678"), hash);
  await assert.rejects(PiiCipher.create(newRing, "c2hvcnQ="), /at least 32 bytes/);
});

Deno.test("parseKeyring accepts base64 and base64url keys and puts the first entry first", () => {
  const std = btoa(String.fromCharCode(...new Uint8Array(32).fill(251)));
  const ring = parseKeyring(` k2:${std} , ${K1}`);
  assert.equal(ring.currentKid, "k2");
  assert.deepEqual([...ring.keys.keys()], ["k2", "k1"]);
  assert.equal(ring.keys.get("k2")!.length, 32);
  assert.equal(parseKeyring(`k1:${std.replace(/=+$/, "")}`).keys.get("k1")![0], 251);
});

Deno.test("parseKeyring errors name the bad entry and never contain the key", () => {
  const shortKey = btoa("sixteen-byte-key");
  const cases: [string, RegExp, string | undefined][] = [
    ["", /keyring is empty/, undefined],
    [`${K1},k2:${shortKey}`, /entry 2 \(kid "k2"\): key must be 32 bytes, got 16/, shortKey],
    [`${K1},Bad_Kid:${keyOf(K2)}`, /entry 2: kid must match/, keyOf(K2)],
    [`${K1},k1:${keyOf(K2)}`, /entry 2: duplicate kid "k1"/, keyOf(K2)],
    [`${K1},`, /entry 2 is empty/, undefined],
    [keyOf(K1), /entry 1 must look like "kid:base64key"/, keyOf(K1)],
    ["k1:not*base64", /entry 1 \(kid "k1"\): key is not valid base64/, "not*base64"],
  ];
  for (const [spec, message, secret] of cases) {
    try {
      parseKeyring(spec);
      assert.fail(`expected an error for case ${message}`);
    } catch (error) {
      assert.ok(error instanceof PiiCipherError);
      assert.match(error.message, message);
      if (secret) assert.ok(!error.message.includes(secret), "message leaks the key");
      assert.ok(!error.message.includes(keyOf(K1)), "message leaks another key");
    }
  }
});

Deno.test("generateKeySpec makes a fresh 32-byte entry and refuses a bad kid", () => {
  const spec = generateKeySpec("k7");
  assert.match(spec, /^k7:[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generateKeySpec("k7"), spec);
  assert.throws(() => generateKeySpec("K-7"), PiiCipherError);
});
