import assert from "node:assert/strict";
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  totpCode,
  TotpError,
  totpStep,
  totpUri,
  verifyTotp,
} from "./totp.ts";

const RFC_SECRET = base32Encode(new TextEncoder().encode("12345678901234567890"));
const T0 = 1_111_111_111_000;

Deno.test("base32Encode matches the RFC 4648 test vectors without padding", () => {
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];
  for (const [plain, encoded] of vectors) {
    assert.equal(base32Encode(new TextEncoder().encode(plain)), encoded);
    assert.equal(new TextDecoder().decode(base32Decode(encoded)), plain);
  }
  assert.equal(RFC_SECRET, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
});

Deno.test("base32 round-trips random bytes of every length", () => {
  for (let n = 0; n < 41; n++) {
    const bytes = crypto.getRandomValues(new Uint8Array(n));
    assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  }
});

Deno.test("base32Decode tolerates lower case, spaces and padding but not foreign characters", () => {
  assert.deepEqual(base32Decode("mzxw 6ytb-oi======"), new TextEncoder().encode("foobar"));
  assert.throws(() => base32Decode("MZXW0"), TotpError);
  assert.throws(() => base32Decode("MZX"), /impossible length/);
});

Deno.test("generateTotpSecret makes a 32-character secret of 20 random bytes", () => {
  const secret = generateTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(base32Decode(secret).length, 20);
  assert.notEqual(generateTotpSecret(), secret);
});

Deno.test("totpCode reproduces the RFC 6238 Appendix B SHA-1 vectors with 8 digits", async () => {
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [seconds, code] of vectors) {
    assert.equal(await totpCode(RFC_SECRET, seconds * 1000, { digits: 8 }), code, `T=${seconds}`);
  }
});

Deno.test("totpCode defaults to the last 6 digits of the same value", async () => {
  assert.equal(await totpCode(RFC_SECRET, 59_000), "287082");
  assert.equal(await totpCode(RFC_SECRET, 1_111_111_109_000), "081804");
  await assert.rejects(totpCode(RFC_SECRET, 59_000, { digits: 5 }), TotpError);
});

Deno.test("verifyTotp accepts the current code and reports its step", async () => {
  const code = await totpCode(RFC_SECRET, T0);
  assert.deepEqual(await verifyTotp(RFC_SECRET, code, T0), { ok: true, step: totpStep(T0) });
  const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
  assert.equal((await verifyTotp(RFC_SECRET, spaced, T0)).ok, true);
});

Deno.test("verifyTotp accepts codes one step early or late within the default window", async () => {
  const previous = await totpCode(RFC_SECRET, T0 - 30_000);
  const next = await totpCode(RFC_SECRET, T0 + 30_000);
  assert.deepEqual(await verifyTotp(RFC_SECRET, previous, T0), {
    ok: true,
    step: totpStep(T0) - 1,
  });
  assert.deepEqual(await verifyTotp(RFC_SECRET, next, T0), { ok: true, step: totpStep(T0) + 1 });
});

Deno.test("verifyTotp rejects codes outside the window", async () => {
  const old = await totpCode(RFC_SECRET, T0 - 60_000);
  const future = await totpCode(RFC_SECRET, T0 + 60_000);
  assert.deepEqual(await verifyTotp(RFC_SECRET, old, T0), { ok: false });
  assert.deepEqual(await verifyTotp(RFC_SECRET, future, T0), { ok: false });
  assert.equal((await verifyTotp(RFC_SECRET, old, T0, { window: 2 })).ok, true);
  const previous = await totpCode(RFC_SECRET, T0 - 30_000);
  assert.equal((await verifyTotp(RFC_SECRET, previous, T0, { window: 0 })).ok, false);
});

Deno.test("verifyTotp rejects malformed and wrong codes without throwing", async () => {
  const code = await totpCode(RFC_SECRET, T0);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  for (const bad of [wrong, "", "12345", "1234567", "abcdef", code + "0"]) {
    assert.deepEqual(await verifyTotp(RFC_SECRET, bad, T0), { ok: false }, bad);
  }
  await assert.rejects(verifyTotp(RFC_SECRET, code, T0, { window: 11 }), TotpError);
});

Deno.test("verifyTotp refuses to accept a step at or before the last used one", async () => {
  const code = await totpCode(RFC_SECRET, T0);
  const first = await verifyTotp(RFC_SECRET, code, T0);
  assert.equal(first.ok, true);
  const replay = await verifyTotp(RFC_SECRET, code, T0 + 10_000, { lastUsedStep: first.step });
  assert.deepEqual(replay, { ok: false });
  const earlier = await totpCode(RFC_SECRET, T0 - 30_000);
  assert.deepEqual(await verifyTotp(RFC_SECRET, earlier, T0, { lastUsedStep: first.step }), {
    ok: false,
  });
  const next = await totpCode(RFC_SECRET, T0 + 30_000);
  assert.deepEqual(await verifyTotp(RFC_SECRET, next, T0 + 30_000, { lastUsedStep: first.step }), {
    ok: true,
    step: first.step! + 1,
  });
});

Deno.test("totpUri builds an otpauth URI with percent-encoded issuer and account", () => {
  const secret = "JBSWY3DPEHPK3PXP";
  assert.equal(
    totpUri(secret, "工号 A1024"),
    "otpauth://totp/12345%E7%83%AD%E7%BA%BF:%E5%B7%A5%E5%8F%B7%20A1024" +
      "?secret=JBSWY3DPEHPK3PXP&issuer=12345%E7%83%AD%E7%BA%BF&algorithm=SHA1&digits=6&period=30",
  );
  assert.ok(totpUri("jbsw y3dp ehpk 3pxp", "a&b?c", "Hotline").includes("Hotline:a%26b%3Fc?"));
  assert.throws(() => totpUri(secret, "a:b"), TotpError);
});
