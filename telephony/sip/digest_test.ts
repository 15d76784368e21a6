import assert from "node:assert/strict";
import { md5 } from "hash-wasm";
import { authorize, DigestAuth } from "./digest.ts";

const creds = { user: "trunk", password: "s3cret", realm: "12345" };

Deno.test("DigestAuth accepts a client's answer to its challenge, and nothing else", async () => {
  let now = 1_000_000;
  const auth = new DigestAuth(creds, () => now);
  const challenge = await auth.challenge();
  const good = (await authorize(creds, "INVITE", "sip:12345@h", challenge))!;
  assert.equal(await auth.verify("INVITE", good), "ok");
  assert.equal(await auth.verify("BYE", good), "bad");
  assert.equal(await auth.verify("INVITE", undefined), "bad");
  const wrong =
    (await authorize({ ...creds, password: "guess" }, "INVITE", "sip:12345@h", challenge))!;
  assert.equal(await auth.verify("INVITE", wrong), "bad");
  // A nonce we never issued (forged time) is refused; an old one asks for a new challenge.
  assert.equal(await auth.verify("INVITE", good.replace(/nonce="\d+/, 'nonce="999')), "bad");
  now += 6 * 60_000;
  assert.equal(await auth.verify("INVITE", good), "stale");
});

Deno.test("DigestAuth checks the RFC 2617 example's arithmetic (qop=auth)", async () => {
  // RFC 2617 §3.5: Mufasa / Circle Of Life → 6629fae49393a05397450978507c4ef1.
  const ha1 = await md5("Mufasa:testrealm@host.com:Circle Of Life");
  const ha2 = await md5("GET:/dir/index.html");
  const response = await md5(
    `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:${ha2}`,
  );
  assert.equal(response, "6629fae49393a05397450978507c4ef1");
});
