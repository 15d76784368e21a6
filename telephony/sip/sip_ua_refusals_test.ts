/** The UA against strangers, junk, odd methods, digest authentication and fuzzed messages. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { authorize, DigestAuth } from "./digest.ts";
import { headerValue } from "./sip_message.ts";
import { Peer, request, SDP, startUa, toTagOf } from "./sip_ua_fixtures.ts";

Deno.test("[sip ua] strangers get 403, junk is counted, bad requests get 400, odd methods 405/501", async () => {
  const { ua, log } = await startUa();
  const p = await Peer.open();
  const stranger = await Peer.open("127.0.0.2");
  try {
    stranger.send(
      request(stranger, "INVITE", {
        callId: "x1",
        branch: "z9hG4bKs1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    await stranger.response(403);
    stranger.send(
      request(stranger, "OPTIONS", { callId: "x2", branch: "z9hG4bKs2", seq: 1 }),
      ua.port,
    );
    await stranger.response(403, "OPTIONS");
    // Junk from a stranger is dropped, never answered.
    stranger.send("INVITE sip:x SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bKj\n\n", ua.port);

    p.send(request(p, "OPTIONS", { callId: "o1", branch: "z9hG4bKo1", seq: 1 }), ua.port);
    const options = await p.response(200, "OPTIONS");
    assert.match(headerValue(options, "allow")!, /INVITE, ACK, BYE, CANCEL, OPTIONS, INFO/);
    p.send(
      request(p, "INVITE", { callId: "b1", branch: "z9hG4bKb1", seq: 1 }).replace(
        "Max-Forwards: 70",
        "Max-Forwards: lots",
      ),
      ua.port,
    );
    const bad = await p.response(400);
    assert.match(headerValue(bad, "warning")!, /bad Max-Forwards/);
    p.send("\r\n\r\n", ua.port);
    p.send("\x00\x01garbage\r\n\r\n", ua.port);
    p.send(request(p, "INVITE", { callId: "n1", branch: "z9hG4bKn1", seq: 1 }), ua.port);
    await p.response(488);
    p.send(request(p, "REGISTER", { callId: "r1", branch: "z9hG4bKr1", seq: 1 }), ua.port);
    await p.response(405, "REGISTER");
    p.send(request(p, "FROBNICATE", { callId: "f1", branch: "z9hG4bKf1", seq: 1 }), ua.port);
    await p.response(501, "FROBNICATE");
    p.send(
      request(p, "BYE", { callId: "nobody", branch: "z9hG4bKy1", seq: 2, toTag: "zz" }),
      ua.port,
    );
    await p.response(481, "BYE");
    p.send(
      request(p, "OPTIONS", { callId: "m1", branch: "z9hG4bKm1", seq: 1 }).replace(
        "Max-Forwards: 70",
        "Max-Forwards: 0",
      ),
      ua.port,
    );
    await p.response(200, "OPTIONS");
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(log, []);
    assert.equal(ua.stats.forbidden, 2);
    assert.equal(ua.stats.keepAlives, 1);
    assert.equal(ua.stats.malformed, 3);
    assert.equal(ua.stats.badRequests, 1);
    assert.equal(ua.stats.dropped, 2);
    assert.equal(ua.stats.errors, 0);
  } finally {
    p.close();
    stranger.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] with digest authentication an INVITE is challenged, then accepted", async () => {
  const creds = { user: "trunk", password: "pw", realm: "12345" };
  const { ua, log } = await startUa({ auth: new DigestAuth(creds) });
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "d1",
        branch: "z9hG4bKd1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    const challenge = await p.response(401);
    p.send(
      request(p, "ACK", { callId: "d1", branch: "z9hG4bKd1", seq: 1, toTag: toTagOf(challenge) }),
      ua.port,
    );
    const auth = await authorize(
      creds,
      "INVITE",
      "sip:12345@127.0.0.1",
      headerValue(challenge, "www-authenticate")!,
    );
    p.send(
      request(p, "INVITE", {
        callId: "d1",
        branch: "z9hG4bKd2",
        seq: 2,
        body: SDP(4000),
        type: "application/sdp",
        extra: `Authorization: ${auth}\n`,
      }),
      ua.port,
    );
    await p.response(200);
    assert.deepEqual(log, ["accept 13800000000→12345 PCMU"]);
    assert.equal(ua.stats.unauthorized, 1);
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua][fuzz] mutated INVITEs, CANCELs, BYEs and ACKs never throw inside the UA", async () => {
  const { ua } = await startUa();
  const p = await Peer.open();
  try {
    const templates = [
      request(p, "INVITE", {
        callId: "z1",
        branch: "z9hG4bKz1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      request(p, "CANCEL", { callId: "z1", branch: "z9hG4bKz1", seq: 1 }),
      request(p, "ACK", { callId: "z1", branch: "z9hG4bKz2", seq: 1, toTag: "t" }),
      request(p, "BYE", { callId: "z1", branch: "z9hG4bKz3", seq: 2, toTag: "t" }),
      request(p, "INFO", {
        callId: "z1",
        branch: "z9hG4bKz4",
        seq: 3,
        toTag: "t",
        body: "Signal=1",
        type: "application/dtmf-relay",
      }),
    ].map((t) => new TextEncoder().encode(t.replace(/\n/g, "\r\n")));
    const cases = fc.sample(
      fc.tuple(
        fc.nat(templates.length - 1),
        fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat(1200)),
      ),
      { numRuns: 1500, seed: 4733 },
    );
    let sent = 0;
    for (const [which, flips, cut] of cases) {
      const bytes = templates[which].slice(0, cut ?? undefined);
      for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
      if (bytes.length === 0) continue;
      p.socket.send(bytes, ua.port, "127.0.0.1");
      // Paced, so loopback's receive buffer does not drop what the test wants looked at.
      if (++sent % 50 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(ua.stats.errors, 0);
    assert.ok(ua.stats.received >= 1400, `received ${ua.stats.received}`);
  } finally {
    p.close();
    await ua.stop();
  }
});
