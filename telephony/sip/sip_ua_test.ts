import assert from "node:assert/strict";
import { headerValue } from "./sip_message.ts";
import { Peer, request, SDP, startUa, toTagOf } from "./sip_ua_fixtures.ts";

Deno.test("[sip ua] INVITE gets 100, 180 and a 200 with SDP, resent until the ACK; INFO, re-INVITE, BYE", async () => {
  const { ua, log } = await startUa();
  const p = await Peer.open();
  try {
    const invite = request(p, "INVITE", {
      callId: "c1",
      branch: "z9hG4bKi1",
      seq: 1,
      body: SDP(4000),
      type: "application/sdp",
    });
    p.send(invite, ua.port);
    await p.response(100);
    await p.response(180);
    const ok = await p.response(200);
    assert.match(new TextDecoder().decode(ok.body), /m=audio 31000 RTP\/AVP 0 101/);
    assert.equal(headerValue(ok, "content-type"), "application/sdp");
    assert.match(headerValue(ok, "via")!, new RegExp(`;rport=${p.port}\\b`));
    assert.match(headerValue(ok, "via")!, /;received=127\.0\.0\.1/);
    // A retransmitted INVITE is answered again, not taken for a second call.
    p.send(invite, ua.port);
    await p.response(200);
    // No ACK: the 200 comes again (T1 = 500 ms, then 1 s).
    await p.response(200, "INVITE");
    const tag = toTagOf(ok);
    p.send(request(p, "ACK", { callId: "c1", branch: "z9hG4bKa1", seq: 1, toTag: tag }), ua.port);
    await new Promise((r) => setTimeout(r, 1700));
    p.inbox = p.inbox.filter((m) => !(m.type === "response" && m.status === 200));
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(
      p.inbox.filter((m) => m.type === "response" && m.status === 200).length,
      0,
      "200 stops after ACK",
    );

    p.send(
      request(p, "INFO", {
        callId: "c1",
        branch: "z9hG4bKn1",
        seq: 2,
        toTag: tag,
        body: "Signal=7\nDuration=160\n",
        type: "application/dtmf-relay",
      }),
      ua.port,
    );
    await p.response(200, "INFO");
    p.send(
      request(p, "INVITE", {
        callId: "c1",
        branch: "z9hG4bKr1",
        seq: 3,
        toTag: tag,
        body: SDP(4002, "a=sendonly\n"),
        type: "application/sdp",
      }),
      ua.port,
    );
    const re = await p.response(200);
    assert.match(new TextDecoder().decode(re.body), /o=hotline12345 1 2 IN IP4/);
    assert.match(new TextDecoder().decode(re.body), /a=recvonly/);
    p.send(request(p, "ACK", { callId: "c1", branch: "z9hG4bKa2", seq: 3, toTag: tag }), ua.port);
    p.send(request(p, "BYE", { callId: "c1", branch: "z9hG4bKb1", seq: 4, toTag: tag }), ua.port);
    await p.response(200, "BYE");
    assert.deepEqual(log, [
      "accept 13800000000→12345 PCMU",
      "confirmed",
      "digit 7",
      "reoffer 4002 sendonly",
      "ended bye",
    ]);
    assert.equal(ua.stats.calls, 1);
    assert.equal(ua.stats.activeDialogs, 0);
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] CANCEL of a ringing call: 200 to the CANCEL, 487 to the INVITE until its ACK", async () => {
  const { ua, log } = await startUa({ answerDelayMs: 5000 });
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "c2",
        branch: "z9hG4bKi2",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    await p.response(180);
    p.send(request(p, "CANCEL", { callId: "c2", branch: "z9hG4bKi2", seq: 1 }), ua.port);
    await p.response(200, "CANCEL");
    await p.response(487);
    await p.response(487); // again: no ACK yet
    p.send(request(p, "ACK", { callId: "c2", branch: "z9hG4bKi2", seq: 1 }), ua.port);
    assert.deepEqual(log, ["accept 13800000000→12345 PCMU", "ended cancel"]);
    // A CANCEL for nothing is 481.
    p.send(request(p, "CANCEL", { callId: "c9", branch: "z9hG4bKnone", seq: 1 }), ua.port);
    await p.response(481, "CANCEL");
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] our hang-up sends a BYE, again until it is answered", async () => {
  const { ua } = await startUa();
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "c3",
        branch: "z9hG4bKi3",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    const ok = await p.response(200);
    p.send(
      request(p, "ACK", { callId: "c3", branch: "z9hG4bKa3", seq: 1, toTag: toTagOf(ok) }),
      ua.port,
    );
    ua.hangup("c3");
    const bye = await p.take((m) => m.type === "request" && m.method === "BYE");
    assert.equal(bye.type === "request" && bye.uri, `sip:13800000000@127.0.0.1:${p.port}`);
    assert.match(headerValue(bye, "from")!, new RegExp(`tag=${toTagOf(ok)}`));
    await p.take((m) => m.type === "request" && m.method === "BYE"); // resent
  } finally {
    p.close();
    await ua.stop();
  }
});
